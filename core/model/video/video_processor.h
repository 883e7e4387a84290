#pragma once
// The official video preprocessing of Qwen3-VL-Embedding for a clip of sampled frames (video_clip.h):
//   qwen-vl-utils fetch_video: every frame resized to the size smart_resize gives for the clip's frame
//     count (video_sampling.h: videoFrameSize), by torchvision.transforms.functional.resize(BICUBIC,
//     antialias=True) on the uint8 frames: torchvision computes in float32 (torch's antialiased bicubic,
//     a = -0.5), clamps to [0, 255] and rounds back to uint8 (its _cast_squeeze_out), then fetch_video
//     calls .float();
//   transformers Qwen3VLVideoProcessor (do_resize=False, as the embedder calls it): the fused rescale and
//     normalise ((x - mean * 255) / (std * 255) in float32, _fuse_mean_std_and_rescale_factor), the frame
//     count padded to the temporal patch size with the last frame, and patchify's view/permute:
//     rows (t, bh, bw, mh, mw), each row (channel, temporal slot, py, px);
//   transformers Qwen3VLProcessor: the "<{t:.1f} seconds>" text of each temporal group, t the mean of the
//     times of the group's first and last frame.
// Where the official sizes would not fit the prompt, the per-frame maximum is lowered first
// (video_sampling.h: fitVideoTokenBudget, Cortex's own rule).

#include "model/common/result.h"
#include "model/config/model_config.h"
#include "model/image/image_processor.h"
#include "model/video/video_clip.h"
#include "model/video/video_sampling.h"

#include <string>
#include <vector>

namespace cortex::model {

struct ProcessedVideo {
    // pixelValues [rows, rowSize] in merge-window order, gridThw {t, h, w} (t temporal groups),
    // numImageTokens = every <|video_pad|> of the video (t * tokensPerGroup).
    ProcessedImage patches;
    int64_t tokensPerGroup = 0;
    std::vector<std::string> groupTexts; // "<0.5 seconds>", one per temporal group
};

// What the preprocessing decides before it touches a pixel: the size every frame is resized to, the
// vision grid, the <|video_pad|> count of each temporal group and the group's timestamp text. The prompt
// depends on these only, so a clip's tokens are counted from them (the API's usage).
struct VideoLayout {
    FrameSize frameSize;
    VideoGrid grid;
    int64_t tokensPerGroup = 0;
    std::vector<std::string> groupTexts; // "<0.5 seconds>", one per temporal group
};

class VideoProcessor {
public:
    explicit VideoProcessor(PreprocessorConfig config, VideoSamplingOptions options = {});

    // Errors name the clip: no frames, frames of different sizes or not RGB, a frame count that differs
    // from the number of times, a time that is not a number, more frames than one prompt holds.
    Result<ProcessedVideo> process(const VideoClip &clip) const;
    // process()'s layout, with the same checks and errors, without resizing or copying a pixel.
    Result<VideoLayout> layout(const VideoClip &clip) const;

    // The sampling options with the preprocessor's patch, merge and temporal sizes.
    const VideoSamplingOptions &options() const { return options_; }

private:
    PreprocessorConfig config_;
    VideoSamplingOptions options_;
};

// torchvision's resize of one uint8 RGB frame to height x width (BICUBIC, antialias=True): the values
// of the uint8 result as floats, planar [3][height][width]. The frame itself (as floats) when the size
// is unchanged.
std::vector<float> resizeFrameLikeTorchvision(const Image &frame, int64_t height, int64_t width);

} // namespace cortex::model
