#include "model/video/video_processor.h"

#include <ATen/ATen.h>

#include <cmath>
#include <utility>

namespace cortex::model {
namespace {

Error clipError(const VideoClip &clip, const std::string &reason)
{
    const std::string name = clip.name.empty() ? std::string("video clip") : clip.name;
    return makeError("Cannot preprocess video '" + name + "': " + reason + ".", ErrorKind::InvalidInput);
}

} // namespace

std::vector<float> resizeFrameLikeTorchvision(const Image &frame, int64_t height, int64_t width)
{
    constexpr int C = 3;
    const auto input =
        at::from_blob(const_cast<uint8_t *>(frame.pixels.data()), {frame.height, frame.width, C}, at::kByte)
            .permute({2, 0, 1})
            .to(at::kFloat)
            .unsqueeze(0)
            .contiguous();
    at::Tensor out = input;
    if (height != frame.height || width != frame.width) {
        // F.interpolate(size=..., mode="bicubic", align_corners=False, antialias=True) passes no scale
        // factors: the kernel derives them from the sizes.
        out = at::_upsample_bicubic2d_aa(input, at::IntArrayRef{height, width}, /*align_corners=*/false,
                                         c10::nullopt, c10::nullopt);
        // torchvision: clamp for bicubic on uint8, then torch.round (half to even) and back to uint8.
        out = out.clamp(0, 255).round().contiguous();
    }
    const float *data = out.data_ptr<float>();
    return std::vector<float>(data, data + C * height * width);
}

VideoProcessor::VideoProcessor(PreprocessorConfig config, VideoSamplingOptions options)
    : config_(std::move(config)), options_(options)
{
    options_.patchSize = config_.patchSize;
    options_.mergeSize = config_.mergeSize;
    options_.temporalPatchSize = config_.temporalPatchSize;
}

Result<VideoLayout> VideoProcessor::layout(const VideoClip &clip) const
{
    const int64_t P = config_.patchSize, M = config_.mergeSize, T = config_.temporalPatchSize;
    if (P <= 0 || M <= 0 || T <= 0)
        return clipError(clip, "the preprocessor configuration has a non-positive patch, merge or temporal "
                               "patch size");
    for (float s : config_.imageStd)
        if (s == 0.0f)
            return clipError(clip, "the preprocessor configuration has a zero image_std");
    if (clip.frames.empty())
        return clipError(clip, "it has no frames");
    if (clip.frameSeconds.size() != clip.frames.size())
        return clipError(clip, "it has " + std::to_string(clip.frames.size()) + " frames but " +
                                   std::to_string(clip.frameSeconds.size()) + " frame times");
    for (const double seconds : clip.frameSeconds)
        if (!std::isfinite(seconds))
            return clipError(clip, "a frame time is not a number");
    const Image &first = clip.frames.front();
    for (size_t i = 0; i < clip.frames.size(); ++i) {
        const Image &f = clip.frames[i];
        if (f.channels != 3)
            return clipError(clip, "frame " + std::to_string(i + 1) + " has " + std::to_string(f.channels) +
                                       " channels, not 3 (RGB)");
        if (f.width != first.width || f.height != first.height)
            return clipError(clip, "frame " + std::to_string(i + 1) + " is " + std::to_string(f.width) + "x" +
                                       std::to_string(f.height) + " pixels, the first " +
                                       std::to_string(first.width) + "x" + std::to_string(first.height));
        if (f.width <= 0 || f.height <= 0 ||
            f.pixels.size() != static_cast<size_t>(f.width) * static_cast<size_t>(f.height) * 3)
            return clipError(clip, "frame " + std::to_string(i + 1) +
                                       " is empty or its pixel buffer does "
                                       "not match its size");
    }

    const std::string name = clip.name.empty() ? std::string("video clip") : clip.name;
    const auto frameCount = static_cast<int64_t>(clip.frames.size());
    auto fitted = fitVideoTokenBudget(frameCount, options_, kMaxVideoPromptTokens, name);
    if (!fitted)
        return fitted.error();
    auto size = videoFrameSize(first.height, first.width, frameCount, *fitted, name);
    if (!size)
        return size.error();
    const int64_t rh = size->height, rw = size->width;
    const VideoGrid grid = videoGrid(frameCount, *size, *fitted);
    const int64_t tokensPerGroup = videoTokensPerGroup(grid, *fitted);
    if (grid.t * (tokensPerGroup + kVideoGroupOverheadTokens) > kMaxVideoPromptTokens)
        return clipError(clip, "its frames of " + std::to_string(rw) + "x" + std::to_string(rh) +
                                   " pixels take more than the " + std::to_string(kMaxVideoPromptTokens) +
                                   " tokens a video may take");

    VideoLayout layout{*size, grid, tokensPerGroup, {}};
    // _calculate_timestamps on the frames' times (index / fps): padded with the last, then the mean of
    // each group's first and last.
    for (int64_t g = 0; g < grid.t; ++g) {
        const auto at = [&](int64_t f) {
            return clip.frameSeconds[static_cast<size_t>(std::min(f, frameCount - 1))];
        };
        layout.groupTexts.push_back(timestampText((at(g * T) + at(g * T + T - 1)) / 2));
    }
    return layout;
}

Result<ProcessedVideo> VideoProcessor::process(const VideoClip &clip) const
{
    auto layout = this->layout(clip);
    if (!layout)
        return layout.error();
    const int64_t P = config_.patchSize, M = config_.mergeSize, T = config_.temporalPatchSize;
    const auto frameCount = static_cast<int64_t>(clip.frames.size());
    const int64_t rh = layout->frameSize.height, rw = layout->frameSize.width;
    const VideoGrid &grid = layout->grid;

    // The fused rescale and normalise of transformers' fast processors: mean and std are float32
    // tensors multiplied by 1 / rescale_factor (255.0), then (x - mean') / std' in float32.
    constexpr int C = 3;
    const auto inverseRescale = static_cast<float>(1.0 / config_.rescaleFactor);
    float mean[C], stdev[C];
    for (int c = 0; c < C; ++c) {
        mean[c] = config_.imageMean[c] * inverseRescale;
        stdev[c] = config_.imageStd[c] * inverseRescale;
    }

    ProcessedVideo out;
    ProcessedImage &patches = out.patches;
    const int64_t gh = grid.h, gw = grid.w;
    patches.rows = grid.t * gh * gw;
    patches.rowSize = C * T * P * P;
    patches.gridThw = {grid.t, gh, gw};
    patches.numImageTokens = grid.t * layout->tokensPerGroup;
    patches.resizedHeight = static_cast<int>(rh);
    patches.resizedWidth = static_cast<int>(rw);
    patches.pixelValues.resize(static_cast<size_t>(patches.rows * patches.rowSize));
    out.tokensPerGroup = layout->tokensPerGroup;

    // Frame f goes to temporal group f / T, slot f % T; the slots after the last frame repeat it
    // (patchify's padding). One frame's floats at a time besides the output.
    const int64_t paddedFrames = grid.t * T;
    std::vector<float> plane;
    for (int64_t slotFrame = 0; slotFrame < paddedFrames; ++slotFrame) {
        const int64_t source = std::min(slotFrame, frameCount - 1);
        if (slotFrame <= frameCount - 1 || plane.empty()) {
            plane = resizeFrameLikeTorchvision(clip.frames[static_cast<size_t>(source)], rh, rw);
            for (int c = 0; c < C; ++c) {
                float *p = plane.data() + c * rh * rw;
                for (int64_t k = 0; k < rh * rw; ++k)
                    p[k] = (p[k] - mean[c]) / stdev[c];
            }
        }
        const int64_t group = slotFrame / T, slot = slotFrame % T;
        // Row (group, bh, bw, mh, mw); within the row offset ((c * T + slot) * P + py) * P + px.
        for (int64_t bh = 0; bh < gh / M; ++bh)
            for (int64_t bw = 0; bw < gw / M; ++bw)
                for (int64_t mh = 0; mh < M; ++mh)
                    for (int64_t mw = 0; mw < M; ++mw) {
                        const int64_t row = ((group * (gh / M) + bh) * (gw / M) + bw) * M * M + mh * M + mw;
                        const int64_t y0 = (bh * M + mh) * P, x0 = (bw * M + mw) * P;
                        float *dst = patches.pixelValues.data() + row * patches.rowSize;
                        for (int c = 0; c < C; ++c)
                            for (int64_t py = 0; py < P; ++py) {
                                const float *src = plane.data() + (c * rh + y0 + py) * rw + x0;
                                float *d = dst + ((c * T + slot) * P + py) * P;
                                std::copy(src, src + P, d);
                            }
                    }
    }

    out.groupTexts = std::move(layout->groupTexts);
    return out;
}

} // namespace cortex::model
