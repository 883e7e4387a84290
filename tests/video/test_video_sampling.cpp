// The official video sampling arithmetic (core/model/video/video_sampling.h) against values worked out
// BY HAND from the official code, never from this implementation's output. The code read:
//   [E] Qwen3-VL-Embedding src/models/qwen3_vl_embedding.py: FPS = 1, MAX_FRAMES = 64,
//       FRAME_MAX_PIXELS = 768*32*32, MAX_TOTAL_PIXELS = 10*FRAME_MAX_PIXELS; format_model_input gives a
//       video path {'fps': 1, 'max_frames': 64} (its video_kwargs with total_pixels are replaced);
//       _preprocess_inputs calls process_vision_info(image_patch_size=16) and the processor with
//       do_resize=False.
//   [U] qwen-vl-utils src/qwen_vl_utils/vision_process.py (QwenLM/Qwen3-VL): FRAME_FACTOR = 2,
//       FPS_MIN_FRAMES = 4, VIDEO_MIN_TOKEN_NUM = 128, VIDEO_MAX_TOKEN_NUM = 768, MODEL_SEQ_LEN = 128000;
//       smart_nframes; _read_video_torchcodec / _read_video_decord:
//       idx = torch.linspace(start_frame, end_frame, nframes).round().long(); fetch_video:
//       image_factor = 16*2 = 32, min_pixels = 128*32*32 = 131072, total_pixels default
//       128000*32*32*0.9 = 117964800.0, max_pixels = max(min(768*32*32, total_pixels / nframes * 2),
//       int(min_pixels * 1.05)) with int(131072 * 1.05) = int(137625.6) = 137625; smart_resize.
//   [P] transformers models/qwen3_vl/processing_qwen3_vl.py: _calculate_timestamps (indices padded
//       to the temporal patch size, idx / fps, (t[i] + t[i+1]) / 2 per group) and
//       video_placeholder += f"<{curr_time:.1f} seconds>" before each group's vision tokens, with
//       frame_seqlen = grid_h * grid_w // merge_size**2 <|video_pad|> tokens.
//   [V] transformers models/qwen3_vl/video_processing_qwen3_vl.py patchify: frames padded to a multiple
//       of temporal_patch_size, grid_t = T // 2, grid_h = H // 16, grid_w = W // 16.
// The tiny fixture (tests/data/qwen3vl/tiny-a/config.json) has patch_size 16, spatial_merge_size 2,
// temporal_patch_size 2: the same numbers as the released checkpoints, so the defaults apply.
// torch.linspace is float32: step = float32(last - first) / float32(n - 1), value = first + step*i
// for i < n/2, else last - step*(n - 1 - i); the values below keep at least 0.0078 from any .5 (the
// 4-hour case in the notes does not, see docs/VIDEO.md).

#include "model/video/video_sampling.h"

#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <vector>

using namespace cortex::model;

namespace {

struct SamplingCase {
    const char *name;
    int64_t totalFrames;
    double videoFps;
    int64_t height;
    int64_t width;
    double totalPixels;
    // expected
    int64_t frameCount;
    std::vector<int64_t> indices; // empty: not checked (too long to write out)
    FrameSize size;
    VideoGrid grid;
    std::vector<std::string> groupTexts; // empty: not checked
    int64_t tokensPerGroup;
    int64_t videoTokens;
};

const double kPathTotal = 117964800.0; // [U] fetch_video: MODEL_SEQ_LEN * 32 * 32 * 0.9

std::vector<SamplingCase> samplingCases()
{
    return {
        // 10 s at 30 fps, 64x48 (the decode tests' clip).
        // [U] smart_nframes: nframes = 300 / 30 * 1 = 10.0; max(10.0, ceil_by_factor(4, 2) = 4) = 10.0;
        //     min(10.0, floor_by_factor(64, 2) = 64) = 10.0; min(10.0, 300) = 10.0; floor(10.0 / 2) * 2 = 10.
        // [U] linspace(0, 299, 10): step = 299 / 9 = 33.2222; 0, 33.22, 66.44, 99.67, 132.89 | 166.11,
        //     199.33, 232.56, 265.78, 299 -> round: 0, 33, 66, 100, 133, 166, 199, 233, 266, 299
        //     (np.linspace(dtype=int) would floor 99.67 to 99: round it is).
        // [U] fetch_video: max_pixels = max(min(786432, 117964800 / 10 * 2 = 23592960), 137625) = 786432.
        //     smart_resize(48, 64, 32, 131072, 786432): h_bar = max(32, round(1.5) * 32) = 64 (round half
        //     to even: 2), w_bar = round(2.0) * 32 = 64; 64 * 64 = 4096 < 131072 -> beta =
        //     sqrt(131072 / 3072) = 6.531973; h = ceil(48 * 6.531973 / 32 = 9.798) * 32 = 320,
        //     w = ceil(64 * 6.531973 / 32 = 13.064) * 32 = 448.
        // [V] grid (10 / 2, 320 / 16, 448 / 16) = (5, 20, 28); [P] frame_seqlen = 20 * 28 / 4 = 140, x5 =
        // 700.
        // [P] timestamps: (0/30 + 33/30) / 2 = 0.55000000000000004 -> "0.6"; (66 + 100) / 60 = 2.7667 ->
        // "2.8";
        //     (133 + 166) / 60 = 4.9833 -> "5.0"; (199 + 233) / 60 = 7.2 -> "7.2"; (266 + 299) / 60 = 9.4167
        //     -> "9.4".
        {"10 s at 30 fps, 64x48",
         300,
         30.0,
         48,
         64,
         kPathTotal,
         10,
         {0, 33, 66, 100, 133, 166, 199, 233, 266, 299},
         {320, 448},
         {5, 20, 28},
         {"<0.6 seconds>", "<2.8 seconds>", "<5.0 seconds>", "<7.2 seconds>", "<9.4 seconds>"},
         140,
         700},

        // 32 s at 30 fps, 640x480: 960 frames.
        // [U] nframes = 960 / 30 * 1 = 32.0 -> 32. linspace(0, 959, 32): step = 959 / 31 = 30.935484;
        //     0, 30.94, 61.87, 92.81, 123.74, 154.68, ... -> 0, 31, 62, 93, 124, 155, ...
        // [P] (0 + 31) / 60 = 0.5167 -> "0.5"; (62 + 93) / 60 = 2.5833 -> "2.6"; (124 + 155) / 60 = 4.65 in
        //     doubles 124/30 + 155/30 = 9.3000000000000007 -> 4.6500000000000004 -> "4.7". These agree with a
        //     published run of transformers' processor on a 32 s, 30 fps clip: <0.5> <2.6> <4.7> <6.7> <8.8>
        //     <10.8> ... <29.4> <31.4>.
        // [U] max_pixels = max(min(786432, 117964800 / 32 * 2 = 7372800), 137625) = 786432; smart_resize(480,
        //     640): h_bar = round(15.0) * 32 = 480, w_bar = round(20.0) * 32 = 640, 307200 within
        //     [131072, 786432]: unchanged.
        // [V] grid (16, 30, 40); [P] 30 * 40 / 4 = 300 a group, x16 = 4800.
        {"32 s at 30 fps, 640x480",
         960,
         30.0,
         480,
         640,
         kPathTotal,
         32,
         {},
         {480, 640},
         {16, 30, 40},
         {"<0.5 seconds>", "<2.6 seconds>", "<4.7 seconds>", "<6.7 seconds>", "<8.8 seconds>",
          "<10.8 seconds>", "<12.9 seconds>", "<14.9 seconds>", "<17.0 seconds>", "<19.1 seconds>",
          "<21.1 seconds>", "<23.2 seconds>", "<25.2 seconds>", "<27.3 seconds>", "<29.4 seconds>",
          "<31.4 seconds>"},
         300,
         4800},

        // 2 minutes at 30 fps, 1920x1080: 3600 frames.
        // [U] nframes = 3600 / 30 * 1 = 120.0; min(120.0, 64) = 64 -> 64. linspace(0, 3599, 64): step =
        //     3599 / 63 = 57.126984; 0, 57.13, 114.25, 171.38, 228.51, 285.63 ... -> 0, 57, 114, 171, 229,
        //     286,
        //     ...; the last from the top: 3599 - 57.126984 * k -> ..., 3542, 3599.
        // [P] (0/30 + 57/30) / 2: 57/30 = 1.8999999999999999 in binary, / 2 = 0.94999999999999996 -> "0.9"
        //     (Python formats the exact binary value; rounding 0.95 "by hand" would give 1.0);
        //     (114 + 171) / 60 = 4.75 -> "4.8"; last group (3542 + 3599) / 60 = 119.0167 -> "119.0".
        // [U] max_pixels = max(min(786432, 117964800 / 64 * 2 = 3686400), 137625) = 786432.
        //     smart_resize(1080, 1920): h_bar = round(33.75) * 32 = 1088, w_bar = round(60.0) * 32 = 1920;
        //     1088 * 1920 = 2088960 > 786432 -> beta = sqrt(2073600 / 786432) = 1.623798;
        //     h = floor(1080 / 1.623798 / 32 = 20.78) * 32 = 640, w = floor(1920 / 1.623798 / 32 = 36.95) *
        //     32 = 1152.
        // [V] grid (32, 40, 72); [P] 40 * 72 / 4 = 720 a group, x32 = 23040.
        {"2 min at 30 fps, 1920x1080",
         3600,
         30.0,
         1080,
         1920,
         kPathTotal,
         64,
         {},
         {640, 1152},
         {32, 40, 72},
         {},
         720,
         23040},

        // The same video standing (a phone video after its rotation: 1080 wide, 1920 high): the same
        // arithmetic with the sides swapped: 1152 high, 640 wide; grid (32, 72, 40).
        {"2 min at 30 fps, 1080x1920 portrait",
         3600,
         30.0,
         1920,
         1080,
         kPathTotal,
         64,
         {},
         {1152, 640},
         {32, 72, 40},
         {},
         720,
         23040},

        // 1 s at 30 fps, 64x48: 30 frames.
        // [U] nframes = 30 / 30 * 1 = 1.0; max(1.0, 4) = 4; min(4, 64) = 4; min(4, 30) = 4; -> 4.
        //     linspace(0, 29, 4): step = 9.666667; 0, 9.67 | 19.33 (29 - 9.67), 29 -> 0, 10, 19, 29.
        // [P] (0 + 10) / 60 = 0.1667 -> "0.2"; (19 + 29) / 60 = 0.8 -> "0.8".
        // [U] max_pixels = max(min(786432, 117964800 / 4 * 2), 137625) = 786432; 48x64 -> 320x448 as above.
        // [V] grid (2, 20, 28); 140 a group, 280 in all.
        {"1 s at 30 fps",
         30,
         30.0,
         48,
         64,
         kPathTotal,
         4,
         {0, 10, 19, 29},
         {320, 448},
         {2, 20, 28},
         {"<0.2 seconds>", "<0.8 seconds>"},
         140,
         280},

        // 3 frames (0.1 s at 30 fps).
        // [U] nframes = 3 / 30 = 0.1; max(0.1, 4) = 4; min(4, 64) = 4; min(4, 3) = 3; floor(3 / 2) * 2 = 2.
        //     linspace(0, 2, 2) = 0, 2. [P] (0 + 2) / 60 = 0.0333 -> "0.0". [V] grid (1, 20, 28): 140 tokens.
        {"3 frames",
         3,
         30.0,
         48,
         64,
         kPathTotal,
         2,
         {0, 2},
         {320, 448},
         {1, 20, 28},
         {"<0.0 seconds>"},
         140,
         140},

        // NTSC: 300 frames at 30000/1001 fps (10.01 s).
        // [U] nframes = 300 / 29.97003 * 1 = 10.01; floor(10.01 / 2) * 2 = 10; the indices as in the first
        // case.
        // [P] (0 + 33 / 29.97003) / 2 = 0.55055 -> "0.6"; (66 + 100) / 2 / 29.97003 = 2.7694 -> "2.8";
        //     (133 + 166) / 2 / 29.97003 = 4.9883 -> "5.0"; (199 + 233) / 2 / 29.97003 = 7.2072 -> "7.2";
        //     (266 + 299) / 2 / 29.97003 = 9.4261 -> "9.4".
        {"10.01 s at 29.97 fps",
         300,
         30000.0 / 1001.0,
         48,
         64,
         kPathTotal,
         10,
         {0, 33, 66, 100, 133, 166, 199, 233, 266, 299},
         {320, 448},
         {5, 20, 28},
         {"<0.6 seconds>", "<2.8 seconds>", "<5.0 seconds>", "<7.2 seconds>", "<9.4 seconds>"},
         140,
         700},

        // 7.5 s at 2 fps: 15 frames.
        // [U] nframes = 15 / 2 * 1 = 7.5; max(7.5, 4) = 7.5; min(7.5, 64) = 7.5; min(7.5, 15) = 7.5;
        //     floor(7.5 / 2 = 3.75) * 2 = 6. linspace(0, 14, 6): step = 2.8; 0, 2.8, 5.6 | 8.4, 11.2, 14 ->
        //     0, 3, 6, 8, 11, 14.
        // [P] (0 + 3) / 4 = 0.75 -> "0.8" (0.75 is exact: printf and Python round it half to even: 0.8);
        //     (6 + 8) / 4 = 3.5 -> "3.5"; (11 + 14) / 4 = 6.25 -> "6.2" (exact, half to even).
        {"7.5 s at 2 fps",
         15,
         2.0,
         48,
         64,
         kPathTotal,
         6,
         {0, 3, 6, 8, 11, 14},
         {320, 448},
         {3, 20, 28},
         {"<0.8 seconds>", "<3.5 seconds>", "<6.2 seconds>"},
         140,
         420},

        // A video given to the embedder as a list of frames gets MAX_TOTAL_PIXELS = 7864320 ([E]).
        // 64 frames of 1920x1080: [U] max_pixels = max(min(786432, 7864320 / 64 * 2 = 245760.0), 137625) =
        //     245760.0; beta = sqrt(2073600 / 245760) = 2.904738; h = floor(1080 / 2.904738 / 32 = 11.62) *
        //     32
        //     = 352, w = floor(1920 / 2.904738 / 32 = 20.66) * 32 = 640. [V] grid (32, 22, 40): 220 a group.
        {"frame list budget, 64 frames",
         3600,
         30.0,
         1080,
         1920,
         kEmbedderFrameListTotalPixels,
         64,
         {},
         {352, 640},
         {32, 22, 40},
         {},
         220,
         7040},

        // 22 s of a 30 fps video (660 frames, [U] nframes = 660 / 30 * 1 = 22.0 -> 22) of 1920x1080 with the
        // frame-list budget: [U] max_pixels = 7864320 / 22 * 2 = 714938.18 (a real number: the comparison
        //     and beta use it as it is); beta = sqrt(2073600 / 714938.18) = 1.703053; h = floor(1080 /
        //     1.703053 / 32 = 19.82) * 32 = 608, w = floor(1920 / 1.703053 / 32 = 35.23) * 32 = 1120.
        //     [V] grid (11, 38, 70): 38 * 70 / 4 = 665 a group, 7315 in all.
        {"frame list budget, 22 frames",
         660,
         30.0,
         1080,
         1920,
         kEmbedderFrameListTotalPixels,
         22,
         {},
         {608, 1120},
         {11, 38, 70},
         {},
         665,
         7315},
    };
}

} // namespace

TEST_CASE("the official sampling of a video, case by case")
{
    for (const auto &c : samplingCases()) {
        CAPTURE(c.name);
        VideoSamplingOptions options;
        options.totalPixels = c.totalPixels;
        const auto plan = planVideoSampling(c.totalFrames, c.videoFps, c.height, c.width, options, c.name);
        REQUIRE_MESSAGE(plan.ok(), (plan.ok() ? std::string() : plan.error().message));
        CHECK(plan->frameCount == c.frameCount);
        CHECK(plan->frameIndices.size() == static_cast<size_t>(c.frameCount));
        if (!c.indices.empty())
            CHECK(plan->frameIndices == c.indices);
        CHECK(plan->frameIndices.front() == 0);
        CHECK(plan->frameIndices.back() == c.totalFrames - 1);
        CHECK(plan->frameSize.height == c.size.height);
        CHECK(plan->frameSize.width == c.size.width);
        CHECK(plan->grid.t == c.grid.t);
        CHECK(plan->grid.h == c.grid.h);
        CHECK(plan->grid.w == c.grid.w);
        CHECK(plan->groupTexts.size() == static_cast<size_t>(c.grid.t));
        if (!c.groupTexts.empty())
            CHECK(plan->groupTexts == c.groupTexts);
        CHECK(plan->tokensPerGroup == c.tokensPerGroup);
        CHECK(plan->videoTokens == c.videoTokens);
    }
}

TEST_CASE("the 2 minute video's indices and timestamps at both ends")
{
    // See the "2 min" case above: linspace(0, 3599, 64) in float32.
    const auto indices = sampledFrameIndices(0, 3599, 64);
    REQUIRE(indices.size() == 64);
    CHECK(std::vector<int64_t>(indices.begin(), indices.begin() + 6) ==
          std::vector<int64_t>{0, 57, 114, 171, 229, 286});
    CHECK(std::vector<int64_t>(indices.end() - 2, indices.end()) == std::vector<int64_t>{3542, 3599});
    const auto groups = groupTimestamps(indices, 30.0, 2);
    REQUIRE(groups.size() == 32);
    CHECK(timestampText(groups[0]) == "<0.9 seconds>");
    CHECK(timestampText(groups[1]) == "<4.8 seconds>");
    CHECK(timestampText(groups[31]) == "<119.0 seconds>");
    // idx / fps, the seconds the decoder is asked for: 57 / 30 = 1.9.
    const auto seconds = frameTimes(indices, 30.0);
    CHECK(seconds[1] == doctest::Approx(1.9).epsilon(1e-12));
}

TEST_CASE("timestamps of an odd number of frames: the last index repeats")
{
    // [P] _calculate_timestamps pads [0, 10, 20] with its last index: [0, 10, 20, 20] at 10 fps:
    // (0 + 1) / 2 = 0.5 -> "0.5"; (2 + 2) / 2 = 2.0 -> "2.0". [V] patchify pads 3 frames to 4: grid t 2.
    const auto groups = groupTimestamps({0, 10, 20}, 10.0, 2);
    REQUIRE(groups.size() == 2);
    CHECK(timestampText(groups[0]) == "<0.5 seconds>");
    CHECK(timestampText(groups[1]) == "<2.0 seconds>");
    CHECK(videoGrid(3, FrameSize{64, 64}, VideoSamplingOptions{}).t == 2);
}

TEST_CASE("the per-frame pixel budget")
{
    VideoSamplingOptions options;
    // [U] max(min(786432, 117964800 / n * 2), 137625) = 786432 for every n <= 300.
    CHECK(framePixelBudget(64, options) == 786432.0);
    options.totalPixels = kEmbedderFrameListTotalPixels;
    // 7864320 / 20 * 2 = 786432 exactly; / 64 * 2 = 245760; / 128 * 2 = 122880 < 137625 -> 137625.
    CHECK(framePixelBudget(20, options) == 786432.0);
    CHECK(framePixelBudget(64, options) == 245760.0);
    CHECK(framePixelBudget(128, options) == 137625.0);
}

TEST_CASE("what the official code refuses is an error that names the video")
{
    VideoSamplingOptions options;
    // [U] smart_nframes of 1 frame: min(4, 1) = 1, floor(1 / 2) * 2 = 0 < FRAME_FACTOR: ValueError.
    const auto one = sampledFrameCount(1, 30.0, options, "one.mp4");
    REQUIRE_FALSE(one.ok());
    CHECK(one.error().message.find("one.mp4") != std::string::npos);
    CHECK_FALSE(sampledFrameCount(0, 30.0, options, "empty.mp4").ok());
    CHECK_FALSE(sampledFrameCount(30, 0.0, options, "nofps.mp4").ok());
    CHECK_FALSE(sampledFrameCount(30, std::numeric_limits<double>::quiet_NaN(), options, "nan.mp4").ok());
    // [U] smart_resize: max / min side > 200 raises (2010 / 10 = 201).
    const auto thin = videoFrameSize(10, 2010, 4, options, "thin.mkv");
    REQUIRE_FALSE(thin.ok());
    CHECK(thin.error().message.find("thin.mkv") != std::string::npos);
    CHECK_FALSE(videoFrameSize(0, 64, 4, options, "zero.mkv").ok());
}
