#include "model/video/video_sampling.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cortex::model {
namespace {

Error samplingError(const std::string &name, const std::string &reason)
{
    return makeError(name + ": " + reason, ErrorKind::InvalidInput);
}

// Python's round(): half to even (the default rounding mode of std::nearbyint).
double pyRound(double x)
{
    return std::nearbyint(x);
}

// qwen-vl-utils' ceil_by_factor / floor_by_factor on integers (math.ceil / math.floor of a true
// division, which is exact for these magnitudes).
int64_t ceilByFactor(double number, int64_t factor)
{
    return static_cast<int64_t>(std::ceil(number / static_cast<double>(factor))) * factor;
}

int64_t floorByFactor(double number, int64_t factor)
{
    return static_cast<int64_t>(std::floor(number / static_cast<double>(factor))) * factor;
}

} // namespace

Result<int64_t> sampledFrameCount(int64_t totalFrames, double videoFps, const VideoSamplingOptions &options,
                                  const std::string &name)
{
    if (totalFrames <= 0)
        return samplingError(name, "the video has no frames");
    if (!std::isfinite(videoFps) || videoFps <= 0)
        return samplingError(name, "the video's frame rate is not a positive number");
    if (!std::isfinite(options.fps) || options.fps <= 0 || options.frameFactor <= 0)
        return samplingError(name, "the sampling rate is not a positive number");
    const auto factor = options.frameFactor;
    const auto minFrames = static_cast<double>(ceilByFactor(static_cast<double>(options.minFrames), factor));
    const auto maxFrames = static_cast<double>(floorByFactor(static_cast<double>(options.maxFrames), factor));
    // nframes = total_frames / video_fps * fps, in that order (a float in Python).
    double nframes = static_cast<double>(totalFrames) / videoFps * options.fps;
    nframes = std::min(std::min(std::max(nframes, minFrames), maxFrames), static_cast<double>(totalFrames));
    const int64_t count = floorByFactor(nframes, factor);
    if (count < factor || count > totalFrames)
        return samplingError(name, "a video of " + std::to_string(totalFrames) + " frames gives " +
                                       std::to_string(count) + " sampled frames, fewer than the " +
                                       std::to_string(factor) + " the model needs");
    return count;
}

std::vector<int64_t> sampledFrameIndices(int64_t first, int64_t last, int64_t count)
{
    std::vector<int64_t> indices;
    if (count <= 0)
        return indices;
    indices.reserve(static_cast<size_t>(count));
    const auto start = static_cast<float>(first);
    const auto end = static_cast<float>(last);
    if (count == 1) {
        indices.push_back(static_cast<int64_t>(std::nearbyint(start)));
        return indices;
    }
    // ATen's linspace_kernel (scalar path): step in float32, the first half from `start` up, the second
    // half from `end` down, so both ends are exact.
    const float step = (end - start) / static_cast<float>(count - 1);
    const int64_t halfway = count / 2;
    for (int64_t idx = 0; idx < count; ++idx) {
        const float value = idx < halfway ? start + step * static_cast<float>(idx)
                                          : end - step * static_cast<float>(count - idx - 1);
        indices.push_back(static_cast<int64_t>(std::nearbyint(value)));
    }
    return indices;
}

std::vector<double> frameTimes(const std::vector<int64_t> &indices, double videoFps)
{
    std::vector<double> times;
    times.reserve(indices.size());
    for (const auto index : indices)
        times.push_back(static_cast<double>(index) / videoFps);
    return times;
}

double framePixelBudget(int64_t frameCount, const VideoSamplingOptions &options)
{
    const auto factor = static_cast<double>(options.patchSize * options.mergeSize);
    const double minPixels = static_cast<double>(options.minFrameTokens) * factor * factor;
    const double maxPixels = static_cast<double>(options.maxFrameTokens) * factor * factor;
    // total_pixels / nframes * FRAME_FACTOR, then max(min(...), int(min_pixels * 1.05)).
    const double share =
        options.totalPixels / static_cast<double>(frameCount) * static_cast<double>(options.frameFactor);
    const double floorPixels = std::trunc(minPixels * 1.05);
    return std::max(std::min(maxPixels, share), floorPixels);
}

Result<FrameSize> smartResizeFrame(int64_t height, int64_t width, int64_t factor, double minPixels,
                                   double maxPixels, const std::string &name)
{
    if (height <= 0 || width <= 0)
        return samplingError(name, "the frame size " + std::to_string(width) + "x" + std::to_string(height) +
                                       " is not positive");
    if (factor <= 0 || !(maxPixels > 0) || !(minPixels >= 0))
        return samplingError(name, "the frame pixel limits are invalid");
    const double h = static_cast<double>(height);
    const double w = static_cast<double>(width);
    if (std::max(h, w) / std::min(h, w) > 200.0)
        return samplingError(name, "the frame's aspect ratio " + std::to_string(width) + "x" +
                                       std::to_string(height) + " is more extreme than 200:1");
    const double f = static_cast<double>(factor);
    int64_t hBar = std::max(factor, static_cast<int64_t>(pyRound(h / f)) * factor);
    int64_t wBar = std::max(factor, static_cast<int64_t>(pyRound(w / f)) * factor);
    const double area = static_cast<double>(hBar) * static_cast<double>(wBar);
    if (area > maxPixels) {
        const double beta = std::sqrt(h * w / maxPixels);
        hBar = std::max(factor, static_cast<int64_t>(std::floor(h / beta / f)) * factor);
        wBar = std::max(factor, static_cast<int64_t>(std::floor(w / beta / f)) * factor);
    } else if (area < minPixels) {
        const double beta = std::sqrt(minPixels / (h * w));
        hBar = static_cast<int64_t>(std::ceil(h * beta / f)) * factor;
        wBar = static_cast<int64_t>(std::ceil(w * beta / f)) * factor;
    }
    return FrameSize{hBar, wBar};
}

Result<FrameSize> videoFrameSize(int64_t height, int64_t width, int64_t frameCount,
                                 const VideoSamplingOptions &options, const std::string &name)
{
    if (frameCount <= 0)
        return samplingError(name, "no frames are sampled");
    const int64_t factor = options.patchSize * options.mergeSize;
    const double minPixels = static_cast<double>(options.minFrameTokens * factor * factor);
    return smartResizeFrame(height, width, factor, minPixels, framePixelBudget(frameCount, options), name);
}

VideoGrid videoGrid(int64_t frameCount, FrameSize size, const VideoSamplingOptions &options)
{
    const auto temporal = options.temporalPatchSize;
    // patchify repeats the last frame up to a multiple of the temporal patch size.
    const int64_t padded = (frameCount + temporal - 1) / temporal * temporal;
    return VideoGrid{padded / temporal, size.height / options.patchSize, size.width / options.patchSize};
}

int64_t videoTokensPerGroup(const VideoGrid &grid, const VideoSamplingOptions &options)
{
    return grid.h * grid.w / (options.mergeSize * options.mergeSize);
}

int64_t videoTokenCount(const VideoGrid &grid, const VideoSamplingOptions &options)
{
    return grid.t * videoTokensPerGroup(grid, options);
}

std::vector<double> groupTimestamps(const std::vector<int64_t> &indices, double videoFps,
                                    int64_t temporalPatchSize)
{
    std::vector<double> groups;
    if (indices.empty() || temporalPatchSize <= 0)
        return groups;
    std::vector<int64_t> padded = indices;
    while (padded.size() % static_cast<size_t>(temporalPatchSize) != 0)
        padded.push_back(indices.back());
    const auto times = frameTimes(padded, videoFps);
    const auto m = static_cast<size_t>(temporalPatchSize);
    for (size_t i = 0; i < times.size(); i += m)
        groups.push_back((times[i] + times[i + m - 1]) / 2);
    return groups;
}

std::string timestampText(double seconds)
{
    // printf's %.1f rounds the exact binary value half to even, as Python's format does.
    char buffer[64] = {};
    std::snprintf(buffer, sizeof buffer, "<%.1f seconds>", seconds);
    return buffer;
}

Result<VideoSamplingPlan> planVideoSampling(int64_t totalFrames, double videoFps, int64_t height,
                                            int64_t width, const VideoSamplingOptions &options,
                                            const std::string &name)
{
    auto count = sampledFrameCount(totalFrames, videoFps, options, name);
    if (!count)
        return count.error();
    VideoSamplingPlan plan;
    plan.frameCount = *count;
    plan.frameIndices = sampledFrameIndices(0, totalFrames - 1, plan.frameCount);
    plan.frameSeconds = frameTimes(plan.frameIndices, videoFps);
    auto size = videoFrameSize(height, width, plan.frameCount, options, name);
    if (!size)
        return size.error();
    plan.frameSize = *size;
    plan.grid = videoGrid(plan.frameCount, plan.frameSize, options);
    plan.groupSeconds = groupTimestamps(plan.frameIndices, videoFps, options.temporalPatchSize);
    for (const double seconds : plan.groupSeconds)
        plan.groupTexts.push_back(timestampText(seconds));
    plan.tokensPerGroup = videoTokensPerGroup(plan.grid, options);
    plan.videoTokens = videoTokenCount(plan.grid, options);
    return plan;
}

Result<VideoFrameRange> videoFrameRange(int64_t totalFrames, double videoFps, double startSeconds,
                                        double endSeconds, const std::string &name)
{
    if (!std::isfinite(videoFps) || videoFps <= 0)
        return samplingError(name, "the video's frame rate is not a positive number");
    if (totalFrames <= 0)
        return samplingError(name, "the video has no frames");
    if (!std::isfinite(startSeconds) || !std::isfinite(endSeconds))
        return samplingError(name, "the segment's start or end is not a number");
    const double maxDuration = static_cast<double>(totalFrames) / videoFps;
    const double start = std::max(0.0, std::min(startSeconds, maxDuration));
    const double end = std::max(0.0, std::min(endSeconds, maxDuration));
    VideoFrameRange range;
    range.first = static_cast<int64_t>(std::ceil(start * videoFps));
    range.last = std::min(static_cast<int64_t>(std::floor(end * videoFps)), totalFrames - 1);
    if (range.first >= range.last)
        return samplingError(name, "the segment " + std::to_string(startSeconds) + " s to " +
                                       std::to_string(endSeconds) + " s holds fewer than two frames");
    range.count = range.last - range.first + 1;
    return range;
}

Result<VideoSamplingOptions> fitVideoTokenBudget(int64_t frameCount, const VideoSamplingOptions &options,
                                                 int64_t maxPromptTokens, const std::string &name)
{
    if (frameCount <= 0 || options.temporalPatchSize <= 0)
        return samplingError(name, "no frames are sampled");
    const int64_t groups = (frameCount + options.temporalPatchSize - 1) / options.temporalPatchSize;
    // The pads of one group are the frame's pixels / (patch * merge)^2, so maxFrameTokens is also the
    // most pads a group can have.
    const int64_t perGroup = (maxPromptTokens - groups * kVideoGroupOverheadTokens) / groups;
    const auto smallest = static_cast<int64_t>(std::ceil(static_cast<double>(options.minFrameTokens) * 1.05));
    if (perGroup < smallest)
        return samplingError(name, std::to_string(frameCount) + " frames do not fit the " +
                                       std::to_string(maxPromptTokens) + " tokens a video may take");
    VideoSamplingOptions fitted = options;
    fitted.maxFrameTokens = std::min(options.maxFrameTokens, perGroup);
    return fitted;
}

Result<VideoSamplingPlan> planVideoSegment(int64_t totalFrames, double videoFps, int64_t height,
                                           int64_t width, double startSeconds, double endSeconds,
                                           const VideoSamplingOptions &options, const std::string &name)
{
    auto range = videoFrameRange(totalFrames, videoFps, startSeconds, endSeconds, name);
    if (!range)
        return range.error();
    auto count = sampledFrameCount(range->count, videoFps, options, name);
    if (!count)
        return count.error();
    auto fitted = fitVideoTokenBudget(*count, options, kMaxVideoPromptTokens, name);
    if (!fitted)
        return fitted.error();
    VideoSamplingPlan plan;
    plan.frameCount = *count;
    plan.frameIndices = sampledFrameIndices(range->first, range->last, plan.frameCount);
    plan.frameSeconds = frameTimes(plan.frameIndices, videoFps);
    auto size = videoFrameSize(height, width, plan.frameCount, *fitted, name);
    if (!size)
        return size.error();
    plan.frameSize = *size;
    plan.grid = videoGrid(plan.frameCount, plan.frameSize, *fitted);
    plan.groupSeconds = groupTimestamps(plan.frameIndices, videoFps, fitted->temporalPatchSize);
    for (const double seconds : plan.groupSeconds)
        plan.groupTexts.push_back(timestampText(seconds));
    plan.tokensPerGroup = videoTokensPerGroup(plan.grid, *fitted);
    plan.videoTokens = videoTokenCount(plan.grid, *fitted);
    return plan;
}

} // namespace cortex::model
