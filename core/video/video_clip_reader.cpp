#include "video/video_clip_reader.h"

#include "common/time_range.h"
#include "video/video_decoder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace cortex::video {

namespace {

Error rangeError(const std::string &name, const std::string &reason)
{
    return makeError((name.empty() ? std::string("the video") : name) + ": " + reason,
                     ErrorKind::InvalidInput);
}

std::string secondsText(double seconds)
{
    char text[32] = {};
    std::snprintf(text, sizeof text, "%.2f", seconds);
    return text;
}

} // namespace

Result<VideoFrameRange> videoFrameRange(int64_t totalFrames, double fps, double startSeconds,
                                        double endSeconds, const std::string &name)
{
    if (!std::isfinite(fps) || fps <= 0)
        return rangeError(name, "the video's frame rate is not a positive number");
    if (totalFrames <= 0)
        return rangeError(name, "the video has no frames");
    if (!std::isfinite(startSeconds) || !std::isfinite(endSeconds))
        return rangeError(name, "the time range is not a pair of numbers");
    // As qwen-vl-utils: clamp to [0, total_frames / fps], ceil the start frame, floor the end frame.
    const double maxDuration = double(totalFrames) / fps;
    const double start = std::max(0.0, std::min(startSeconds, maxDuration));
    const double end = std::max(0.0, std::min(endSeconds, maxDuration));
    VideoFrameRange range;
    range.first = int64_t(std::ceil(start * fps));
    range.last = std::min(int64_t(std::floor(end * fps)), totalFrames - 1);
    if (range.first >= range.last)
        return rangeError(name, "the time range " + secondsText(startSeconds) + " to " +
                                    secondsText(endSeconds) +
                                    " seconds holds fewer than two frames (the video has " +
                                    std::to_string(totalFrames) + " frames at " + secondsText(fps) + " fps)");
    return range;
}

Result<RangeSampling> sampleVideoRange(int64_t totalFrames, double fps, double startSeconds,
                                       double endSeconds, const model::VideoSamplingOptions &options,
                                       const std::string &name)
{
    auto range = videoFrameRange(totalFrames, fps, startSeconds, endSeconds, name);
    if (!range)
        return range.error();
    auto count = model::sampledFrameCount(range->count(), fps, options, name);
    if (!count)
        return count.error();
    RangeSampling sampling;
    sampling.range = *range;
    sampling.frameIndices = model::sampledFrameIndices(range->first, range->last, *count);
    sampling.frameSeconds = model::frameTimes(sampling.frameIndices, fps);
    return sampling;
}

Result<std::vector<VideoSegment>> planVideoSegments(const VideoInfo &info, double windowSeconds,
                                                    const model::VideoSamplingOptions &options,
                                                    const std::string &name)
{
    if (!std::isfinite(windowSeconds) || windowSeconds <= 0)
        return rangeError(name, "the segment length " + secondsText(windowSeconds) +
                                    " is not a positive number of seconds");
    if (!std::isfinite(info.averageFps) || info.averageFps <= 0)
        return rangeError(name, "the video's frame rate is not a positive number");
    if (info.frameCount < options.frameFactor || info.frameCount < 2)
        return rangeError(name, "the video has " + std::to_string(info.frameCount) +
                                    " frames, fewer than the two a video needs to be embedded");
    const double duration = double(info.frameCount) / info.averageFps;
    std::vector<VideoSegment> segments;
    for (int64_t k = 0;; ++k) {
        const double start = double(k) * windowSeconds;
        if (start >= duration)
            break;
        const double end = std::min(double(k + 1) * windowSeconds, duration);
        const bool last = end >= duration;
        auto sampled = sampleVideoRange(info.frameCount, info.averageFps, start, end, options, name);
        if (!sampled) {
            // A remainder too short to stand alone goes with the segment before it; anywhere else the
            // window itself is too short for this video.
            if (last && !segments.empty()) {
                segments.back().endSeconds = duration;
                break;
            }
            return sampled.error();
        }
        segments.push_back({int(k), start, end});
        if (last)
            break;
    }
    return segments;
}

std::string segmentName(const std::string &fileName, double startSeconds, double endSeconds)
{
    return fileName + ", " + clockRange(startSeconds, endSeconds);
}

std::string segmentInputName(const std::string &filePath, const std::string &segmentName)
{
    return filePath + " (" + segmentName + ")";
}

Result<model::VideoClip> readVideoClip(VideoDecoder &decoder, double startSeconds, double endSeconds,
                                       const model::VideoSamplingOptions &options, const std::string &name)
{
    const VideoInfo &info = decoder.info();
    auto sampling =
        sampleVideoRange(info.frameCount, info.averageFps, startSeconds, endSeconds, options, name);
    if (!sampling)
        return sampling.error();
    model::VideoClip clip;
    clip.name = name;
    clip.frameSeconds = sampling->frameSeconds;
    clip.frames.reserve(clip.frameSeconds.size());
    // framesAt answers in the order asked (the times are increasing); one segment's frames at most.
    auto frames = decoder.framesAt(clip.frameSeconds);
    if (!frames)
        return frames.error();
    for (DecodedFrame &frame : *frames)
        clip.frames.push_back(std::move(frame.image));
    return clip;
}

Result<model::VideoClip> readSegmentClip(VideoDecoder &decoder, double startSeconds, double endSeconds)
{
    const std::string fileName = std::filesystem::path(decoder.path()).filename().string();
    return readVideoClip(decoder, startSeconds, endSeconds, model::VideoSamplingOptions{},
                         segmentName(fileName, startSeconds, endSeconds));
}

} // namespace cortex::video
