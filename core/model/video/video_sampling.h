#pragma once
// The arithmetic of the official Qwen3-VL-Embedding video path, without decoding anything: how many
// frames a video gives, which ones, the size each frame is resized to, the vision grid, the timestamp
// text before each temporal group and the number of <|video_pad|> tokens. Mirrors, for a video given
// to the official embedder as a file path (Qwen3VLEmbedder.format_model_input: fps 1, max_frames 64):
//   qwen-vl-utils vision_process.py: smart_nframes, the torchcodec/decord readers' torch.linspace
//     indices, fetch_video's per-frame pixel budget and smart_resize;
//   transformers Qwen3VLVideoProcessor: patchify (the frame count padded to the temporal patch size,
//     grid (T/2, H/patch, W/patch));
//   transformers Qwen3VLProcessor: _calculate_timestamps and the "<%.1f seconds>" text per group.
// No Qt, no libtorch: the numbers are tested against values worked out by hand from that code
// (tests/video/test_video_sampling.cpp).

#include "model/common/result.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cortex::model {

struct VideoSamplingOptions {
    double fps = 1.0;             // the embedder's FPS (qwen-vl-utils' own default is 2.0)
    int64_t minFrames = 4;        // qwen-vl-utils FPS_MIN_FRAMES (the embedder passes no min_frames)
    int64_t maxFrames = 64;       // the embedder's MAX_FRAMES
    int64_t frameFactor = 2;      // qwen-vl-utils FRAME_FACTOR: the frame count is a multiple of it
    int64_t minFrameTokens = 128; // VIDEO_MIN_TOKEN_NUM: min pixels a frame = 128 * factor^2
    int64_t maxFrameTokens = 768; // VIDEO_MAX_TOKEN_NUM: max pixels a frame = 768 * factor^2 = 786,432
    // The pixel budget of all frames together. A video given as a file path gets qwen-vl-utils' default
    // MODEL_SEQ_LEN (128000) * factor^2 * 0.9 = 117,964,800, because format_model_input replaces its
    // video_kwargs (which held total_pixels) by {fps, max_frames} for a path; the embedder's
    // MAX_TOTAL_PIXELS (7,864,320) only reaches a video given as a list of frames.
    double totalPixels = 128000.0 * 32 * 32 * 0.9;
    int64_t patchSize = 16;        // vision_config.patch_size (the embedder passes image_patch_size=16)
    int64_t mergeSize = 2;         // spatial_merge_size (qwen-vl-utils SPATIAL_MERGE_SIZE)
    int64_t temporalPatchSize = 2; // vision_config.temporal_patch_size
};

// The embedder's MAX_TOTAL_PIXELS = 10 * 768 * 32 * 32: the total budget of a video given as frames.
inline constexpr double kEmbedderFrameListTotalPixels = 7'864'320.0;

// smart_nframes with `fps`: totalFrames / videoFps * fps, clamped to [minFrames, maxFrames] (each
// rounded to the frame factor) and to totalFrames, floored to a multiple of the frame factor. An
// error (naming `name`) where the official code raises: fewer than frameFactor frames result.
Result<int64_t> sampledFrameCount(int64_t totalFrames, double videoFps, const VideoSamplingOptions &options,
                                  const std::string &name);

// torch.linspace(first, last, count).round().long(): float32 as torch computes it on the CPU (the
// first half counted up from `first`, the second half down from `last`), rounded half to even.
std::vector<int64_t> sampledFrameIndices(int64_t first, int64_t last, int64_t count);

// idx / videoFps for each index: the time (seconds from the first frame) each sampled frame shows.
std::vector<double> frameTimes(const std::vector<int64_t> &indices, double videoFps);

struct FrameSize {
    int64_t height = 0;
    int64_t width = 0;
};

// The per-frame budget of fetch_video: max(min(maxFrameTokens * f^2, totalPixels / frameCount *
// frameFactor), int(minFrameTokens * f^2 * 1.05)), f = patchSize * mergeSize. A real number, as in
// Python.
double framePixelBudget(int64_t frameCount, const VideoSamplingOptions &options);

// qwen-vl-utils' smart_resize with real-valued limits (round half to even, then the max/min rules).
// Unlike the original, a side never falls below one factor (the original would give 0 there and fail
// later). Errors name `name`: a non-positive side, an aspect ratio above 200.
Result<FrameSize> smartResizeFrame(int64_t height, int64_t width, int64_t factor, double minPixels,
                                   double maxPixels, const std::string &name);

// The size every sampled frame of a height x width video is resized to when frameCount frames are
// sampled (fetch_video: factor patch*merge, min pixels minFrameTokens * factor^2, framePixelBudget).
Result<FrameSize> videoFrameSize(int64_t height, int64_t width, int64_t frameCount,
                                 const VideoSamplingOptions &options, const std::string &name);

struct VideoGrid {
    int64_t t = 0; // temporal groups: frames padded to the temporal patch size, divided by it
    int64_t h = 0; // patches down
    int64_t w = 0; // patches across
};

// Qwen3VLVideoProcessor.patchify's grid for frameCount frames of `size`.
VideoGrid videoGrid(int64_t frameCount, FrameSize size, const VideoSamplingOptions &options);

// <|video_pad|> tokens in one temporal group (h * w / merge^2) and in the whole video.
int64_t videoTokensPerGroup(const VideoGrid &grid, const VideoSamplingOptions &options);
int64_t videoTokenCount(const VideoGrid &grid, const VideoSamplingOptions &options);

// Qwen3VLProcessor._calculate_timestamps: indices padded with the last one to a multiple of
// temporalPatchSize, idx / videoFps, then the mean of the first and last time of each group.
std::vector<double> groupTimestamps(const std::vector<int64_t> &indices, double videoFps,
                                    int64_t temporalPatchSize);

// f"<{seconds:.1f} seconds>": the text Qwen3VLProcessor puts before each group's <|vision_start|>.
std::string timestampText(double seconds);

// Everything about one video's sampling, in the order the official code computes it.
struct VideoSamplingPlan {
    int64_t frameCount = 0;
    std::vector<int64_t> frameIndices; // into the video's frames, 0-based
    std::vector<double> frameSeconds;  // frameIndices / videoFps: where the decoder takes each frame
    FrameSize frameSize;               // each frame resized to this
    VideoGrid grid;
    std::vector<double> groupSeconds;    // one per temporal group
    std::vector<std::string> groupTexts; // "<0.6 seconds>" ...
    int64_t tokensPerGroup = 0;
    int64_t videoTokens = 0;
};

// The whole plan for a video of totalFrames frames at videoFps whose frames are height x width (as
// displayed). Errors name `name`.
Result<VideoSamplingPlan> planVideoSampling(int64_t totalFrames, double videoFps, int64_t height,
                                            int64_t width, const VideoSamplingOptions &options,
                                            const std::string &name);

// A time range [startSeconds, endSeconds] of a video (qwen-vl-utils' video_start / video_end,
// calculate_video_frame_range): start frame ceil(start * fps), end frame floor(end * fps) clamped to
// the last frame, both times clamped to [0, totalFrames / fps]; an empty range is an error. The frame
// count and indices of the plan are then those of the range, and the timestamps stay absolute (the
// indices count from the file's first frame, as the official metadata's frames_indices do).
struct VideoFrameRange {
    int64_t first = 0;
    int64_t last = 0;
    int64_t count = 0; // last - first + 1
};
Result<VideoFrameRange> videoFrameRange(int64_t totalFrames, double videoFps, double startSeconds,
                                        double endSeconds, const std::string &name);

// Cortex's token budget for one video (not in the official code). The official embedder tokenizes with
// max_length 8192 and truncation=True: a video whose pads do not fit is cut in the middle of its pads, and
// transformers' processor then refuses the input (its image/video token check fails) - the official
// embedder has no answer for, e.g., 64 frames at 786,432 pixels (32 groups x 768 = 24,576 pads). Cortex
// keeps the official sizes whenever they fit and otherwise lowers the per-frame pixel maximum until the
// whole video part (pads, <|vision_start|>, <|vision_end|> and the timestamp text of every group) fits
// kMaxVideoPromptTokens, which leaves 1,024 of the 8,192 tokens for the instruction, the template and
// some text.
inline constexpr int64_t kMaxVideoPromptTokens = 7168;
// What each temporal group costs besides its pads, at most: <|vision_start|>, <|vision_end|> and the
// timestamp text ("<14399.5 seconds>" is 11 tokens with Qwen's one-digit numbers).
inline constexpr int64_t kVideoGroupOverheadTokens = 16;

// `options` with maxFrameTokens lowered (never raised) so that frameCount frames fit maxPromptTokens as
// above. An error naming `name` when even the smallest official frames (minFrameTokens * 1.05) do not.
Result<VideoSamplingOptions> fitVideoTokenBudget(int64_t frameCount, const VideoSamplingOptions &options,
                                                 int64_t maxPromptTokens, const std::string &name);

// The plan for the range [startSeconds, endSeconds] of a video (a segment), with the token budget
// applied: what ingestion decodes (frameSeconds) and what the video processor will make of it.
Result<VideoSamplingPlan> planVideoSegment(int64_t totalFrames, double videoFps, int64_t height,
                                           int64_t width, double startSeconds, double endSeconds,
                                           const VideoSamplingOptions &options, const std::string &name);

} // namespace cortex::model
