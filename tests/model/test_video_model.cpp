// The video path of the engine (issue 16), without a transformers reference yet: the video processor's
// resize and patch layout, the prompt's token layout, the vision tower with t > 1, M-RoPE positions of a
// video, and Embedder::embed of a clip on the tiny model. Expected values are worked out in the comments
// from the official code (transformers' Qwen3VLVideoProcessor / Qwen3VLProcessor / get_rope_index,
// qwen-vl-utils' fetch_video, torchvision's resize).

#include "model/image/image_processor.h"
#include "model/nn/rope.h"
#include "model/prompts.h"
#include "model/tokenizer/tokenizer.h"
#include "model/video/video_processor.h"
#include "support/tiny_model.h"

#include <ATen/ATen.h>
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>

using namespace cortex;

namespace {

model::Image solidFrame(int width, int height, uint8_t value)
{
    model::Image image;
    image.width = width;
    image.height = height;
    image.channels = 3;
    image.pixels.assign(static_cast<size_t>(width) * height * 3, value);
    return image;
}

// Pseudo-random frames (fixed seed) so that each frame and position differs.
model::Image noiseFrame(int width, int height, uint32_t seed)
{
    model::Image image = solidFrame(width, height, 0);
    uint32_t state = seed * 2654435761u + 1;
    for (auto &p : image.pixels) {
        state = state * 1664525u + 1013904223u;
        p = static_cast<uint8_t>(state >> 24);
    }
    return image;
}

model::VideoClip clipOf(std::vector<model::Image> frames, std::vector<double> seconds)
{
    model::VideoClip clip;
    clip.frames = std::move(frames);
    clip.frameSeconds = std::move(seconds);
    clip.name = "test.mp4";
    return clip;
}

// A processor with 2x2 patches, 2x2 merge, temporal patch 2, no rescale and per-channel means that
// make a pixel's value `byte + 1000 * channel` (exact in float): the output says where each value came
// from.
model::VideoProcessor layoutProcessor()
{
    model::PreprocessorConfig config;
    config.patchSize = 2;
    config.mergeSize = 2;
    config.temporalPatchSize = 2;
    config.rescaleFactor = 1.0;
    config.imageMean = {0.0f, -1000.0f, -2000.0f};
    config.imageStd = {1.0f, 1.0f, 1.0f};
    model::VideoSamplingOptions options;
    options.minFrameTokens = 1; // factor 4: min 16 pixels, so the 4x8 frames are not resized
    return model::VideoProcessor(config, options);
}

const model::Embedder &embedder()
{
    static const auto loaded = model::Embedder::load(test::tinyAModelDir(), test::tinyAOptions());
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().message));
    return **loaded;
}

double cosine(const std::vector<float> &a, const std::vector<float> &b)
{
    double dot = 0, na = 0, nb = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        dot += double(a[i]) * b[i];
        na += double(a[i]) * a[i];
        nb += double(b[i]) * b[i];
    }
    return dot / std::sqrt(na * nb);
}

} // namespace

TEST_CASE("the video processor lays patches out as Qwen3VLVideoProcessor.patchify")
{
    // Three 4x8 frames (rows x columns); the byte at (frame f, row y, column x) is f*64 + y*8 + x, the
    // same in every channel (the means add 1000 * channel).
    std::vector<model::Image> frames;
    for (int f = 0; f < 3; ++f) {
        model::Image frame = solidFrame(8, 4, 0);
        for (int y = 0; y < 4; ++y)
            for (int x = 0; x < 8; ++x)
                for (int c = 0; c < 3; ++c)
                    frame.pixels[static_cast<size_t>((y * 8 + x) * 3 + c)] =
                        static_cast<uint8_t>(f * 64 + y * 8 + x);
        frames.push_back(frame);
    }
    const auto processed = layoutProcessor().process(clipOf(frames, {0.0, 1.0, 2.0}));
    REQUIRE_MESSAGE(processed.ok(), (processed.ok() ? std::string() : processed.error().message));
    const auto &p = processed->patches;
    // 3 frames padded with the last to 4: grid_t 2; 4/2 x 8/2 patches; a group is 2x4/4 = 2 tokens.
    CHECK(p.gridThw == std::array<int64_t, 3>{2, 2, 4});
    CHECK(p.rows == 16);
    CHECK(p.rowSize == 3 * 2 * 2 * 2);
    CHECK(processed->tokensPerGroup == 2);
    CHECK(p.numImageTokens == 4);

    // The expected rows, built with patchify's own view and permute:
    //   videos [B=1, F=4 (frame 2 repeated), C=3, H=4, W=8]
    //   .view(1, grid_t=2, T=2, C=3, gh/M=1, M=2, P=2, gw/M=2, M=2, P=2)
    //   .permute(0, 1, 4, 7, 5, 8, 3, 2, 6, 9).reshape(1, 2*2*4, 3*2*2*2)
    // i.e. rows (t, bh, bw, mh, mw), each row (channel, temporal slot, py, px).
    std::vector<float> video;
    for (int f = 0; f < 4; ++f)
        for (int c = 0; c < 3; ++c)
            for (int y = 0; y < 4; ++y)
                for (int x = 0; x < 8; ++x)
                    video.push_back(float(std::min(f, 2) * 64 + y * 8 + x + 1000 * c));
    const auto expected = at::from_blob(video.data(), {1, 4, 3, 4, 8}, at::kFloat)
                              .view({1, 2, 2, 3, 1, 2, 2, 2, 2, 2})
                              .permute({0, 1, 4, 7, 5, 8, 3, 2, 6, 9})
                              .reshape({16, 24})
                              .contiguous();
    const float *e = expected.data_ptr<float>();
    int mismatches = 0;
    for (size_t i = 0; i < p.pixelValues.size(); ++i)
        mismatches += p.pixelValues[i] != e[i];
    CHECK(mismatches == 0);
    // One value by hand: row 5 is group 0, bh 0, bw 1, mh 0, mw 1: the patch at rows 0-1, columns 6-7;
    // column 15 is channel 1, slot 1 (frame 1), py 1, px 1: frame 1, y 1, x 7 -> 64 + 8 + 7 + 1000.
    CHECK(p.pixelValues[5 * 24 + 15] == 1079.0f);
    // Timestamps: frames at 0, 1, 2 s padded with the last (2 s): groups (0+1)/2 and (2+2)/2.
    CHECK(processed->groupTexts == std::vector<std::string>{"<0.5 seconds>", "<2.0 seconds>"});
}

TEST_CASE("the resize is torchvision's antialiased bicubic on uint8, rounded and clamped")
{
    // A 2x1 row [0, 255] to 4x1. torch's aa kernel (_upsample_bicubic2d_aa, a = -0.5): output i has its
    // centre at (i + 0.5) * 2/4 in input pixels; taps j in [max(int(centre - 2 + 0.5), 0),
    // min(int(centre + 2 + 0.5), 2)), weight w(j - centre + 0.5) normalised by their sum, where
    // w(x) = 1.5|x|^3 - 2.5|x|^2 + 1 for |x| < 1 and -0.5(|x|^3 - 5|x|^2 + 8|x| - 4) for 1 <= |x| < 2.
    //   i=0: centre 0.25: w(0.25) = 0.8671875 (byte 0), w(1.25) = -0.0703125 (byte 255):
    //        255 * -0.0703125 / 0.796875 = -22.5 -> clamped to 0
    //   i=1: centre 0.75: w(-0.25) = 0.8671875, w(0.75) = 0.2265625: 255 * 0.2265625 / 1.09375 = 52.82 -> 53
    //   i=2: mirror of i=1: 255 * 0.8671875 / 1.09375 = 202.18 -> 202
    //   i=3: mirror of i=0: 277.5 -> clamped to 255
    model::Image row = solidFrame(2, 1, 0);
    for (int c = 0; c < 3; ++c)
        row.pixels[static_cast<size_t>(3 + c)] = 255;
    const auto out = model::resizeFrameLikeTorchvision(row, 1, 4);
    REQUIRE(out.size() == 12);
    for (int c = 0; c < 3; ++c) {
        CAPTURE(c);
        CHECK(out[size_t(c * 4 + 0)] == 0.0f);
        CHECK(out[size_t(c * 4 + 1)] == 53.0f);
        CHECK(out[size_t(c * 4 + 2)] == 202.0f);
        CHECK(out[size_t(c * 4 + 3)] == 255.0f);
    }

    // A constant frame stays constant at any size.
    const auto constant = model::resizeFrameLikeTorchvision(solidFrame(100, 60, 77), 32, 64);
    CHECK(std::all_of(constant.begin(), constant.end(), [](float v) { return v == 77.0f; }));

    // A one-pixel checkerboard halved: inside (away from the border, where taps are cut) every output
    // pixel weighs each 0 and each 255 of a symmetric pair alike: 127.5 up to float rounding, so 127 or
    // 128 after rounding.
    model::Image board = solidFrame(32, 32, 0);
    for (int y = 0; y < 32; ++y)
        for (int x = 0; x < 32; ++x)
            if ((x + y) % 2)
                for (int c = 0; c < 3; ++c)
                    board.pixels[static_cast<size_t>((y * 32 + x) * 3 + c)] = 255;
    const auto half = model::resizeFrameLikeTorchvision(board, 16, 16);
    for (int y = 2; y < 14; ++y)
        for (int x = 2; x < 14; ++x) {
            const float v = half[static_cast<size_t>(y * 16 + x)];
            CHECK((v == 127.0f || v == 128.0f));
        }
}

TEST_CASE("the video processor refuses broken clips and names them")
{
    const auto processor = layoutProcessor();
    const auto frame = solidFrame(8, 4, 1);
    const auto fails = [&](const model::VideoClip &clip, const std::string &reason) {
        const auto r = processor.process(clip);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find("test.mp4") != std::string::npos);
        CHECK_MESSAGE(r.error().message.find(reason) != std::string::npos, r.error().message);
    };
    fails(clipOf({}, {}), "no frames");
    fails(clipOf({frame, frame}, {0.0}), "2 frames but 1 frame times");
    fails(clipOf({frame, solidFrame(4, 8, 1)}, {0.0, 1.0}), "frame 2 is 4x8");
    fails(clipOf({frame, frame}, {0.0, std::nan("")}), "not a number");
    model::Image rgba = frame;
    rgba.channels = 4;
    fails(clipOf({rgba}, {0.0}), "channels");
}

TEST_CASE("two identical frames give the image processor's rows for that frame")
{
    // An image is its frame repeated over the temporal patch (Qwen2VLImageProcessor tiles it), so a clip
    // of the same frame twice, at a size neither processor changes (352 x 384: multiples of 32, within
    // the video's 131,072..786,432 and the image's 4,096..1,843,200 pixels), patchifies to the same rows.
    // Not bit-equal: the image processor computes (byte * float(1/255) - mean) / std (numpy's order),
    // the video processor (byte - mean*255) / (std*255) (transformers' fused rescale and normalise); they
    // differ by an ulp at most.
    model::PreprocessorConfig config;
    const model::Image frame = noiseFrame(384, 352, 5);
    const auto video = model::VideoProcessor(config).process(clipOf({frame, frame}, {0.0, 0.5}));
    REQUIRE_MESSAGE(video.ok(), (video.ok() ? std::string() : video.error().message));
    const auto image = model::ImageProcessor(config).process(frame, "frame");
    REQUIRE(image.ok());
    CHECK(video->patches.gridThw == image->gridThw);
    REQUIRE(video->patches.pixelValues.size() == image->pixelValues.size());
    float worst = 0;
    for (size_t i = 0; i < image->pixelValues.size(); ++i)
        worst = std::max(worst, std::abs(video->patches.pixelValues[i] - image->pixelValues[i]));
    MESSAGE("max |video - image| = " << worst);
    CHECK(worst <= 2.5e-7f);
    CHECK(video->groupTexts == std::vector<std::string>{"<0.2 seconds>"}); // (0 + 0.5) / 2 = 0.25 -> "0.2"
}

TEST_CASE("a video prompt has per group its timestamp text, vision start, the pads and vision end")
{
    // Qwen3VLProcessor replaces the template's <|vision_start|><|video_pad|><|vision_end|> with, per
    // group g: f"<{t_g:.1f} seconds>" + <|vision_start|> + <|video_pad|> * (h*w/4) + <|vision_end|>; the
    // video comes first in the user turn, then images, then the text.
    auto tokenizer = model::Tokenizer::loadFromFile(test::tinyAModelDir() / "tokenizer.json");
    REQUIRE(tokenizer.ok());
    const model::Tokenizer &tok = **tokenizer;
    const std::vector<std::string> texts{"<0.5 seconds>", "<2.5 seconds>"};
    const model::VideoPromptPart video{texts, 3};
    const std::vector<int64_t> images{1};
    const auto prompt = model::embeddingPrompt({"hello", images, &video}, std::nullopt);
    CHECK(
        prompt.render() ==
        "<|im_start|>system\nRepresent the user's input.<|im_end|>\n<|im_start|>user\n<0.5 seconds>"
        "<|vision_start|><|video_pad|><|vision_end|><2.5 seconds><|vision_start|><|video_pad|><|vision_end|>"
        "<|vision_start|><|image_pad|><|vision_end|>hello<|im_end|>\n<|im_start|>assistant\n");
    const auto ids = prompt.encode(tok);
    REQUIRE(ids.ok());
    const auto id = [&](const char *token) {
        return *tok.tokenToId(token);
    };
    CHECK(id("<|video_pad|>") == 151656);
    const auto ordinary = [&](const std::string &s) {
        return tok.encodeOrdinary(s);
    };
    std::vector<int32_t> expected{id("<|im_start|>")};
    const auto append = [&](const std::vector<int32_t> &part) {
        expected.insert(expected.end(), part.begin(), part.end());
    };
    append(ordinary("system\nRepresent the user's input."));
    expected.push_back(id("<|im_end|>"));
    append(ordinary("\n"));
    expected.push_back(id("<|im_start|>"));
    append(ordinary("user\n<0.5 seconds>")); // one text run: the timestamp joins the text before it
    for (int g = 0; g < 2; ++g) {
        if (g == 1)
            append(ordinary("<2.5 seconds>"));
        expected.push_back(id("<|vision_start|>"));
        expected.insert(expected.end(), 3, id("<|video_pad|>"));
        expected.push_back(id("<|vision_end|>"));
    }
    expected.push_back(id("<|vision_start|>"));
    expected.push_back(id("<|image_pad|>"));
    expected.push_back(id("<|vision_end|>"));
    append(ordinary("hello"));
    expected.push_back(id("<|im_end|>"));
    append(ordinary("\n"));
    expected.push_back(id("<|im_start|>"));
    append(ordinary("assistant\n"));
    CHECK(*ids == expected);
    // Digits are single tokens in Qwen's pretokenizer: "<2.5 seconds>" is '<', '2', '.', '5', ' seconds',
    // '>'.
    MESSAGE("tokens of <2.5 seconds>: " << ordinary("<2.5 seconds>").size());
    CHECK(int64_t(ordinary("<14399.5 seconds>").size()) + 2 <= model::kVideoGroupOverheadTokens);
}

TEST_CASE("M-RoPE positions of a video: each group placed like an image, the text between counting on")
{
    // ids: a b VS V V VE c VS V V VE d, video grid (2, 2, 4), merge 2: two groups of 1 x 2 tokens.
    // get_rope_index splits the grid into (1, 2, 4) twice. Group 0: text before it a b VS = 0 1 2, base 3:
    // T = 3, H = 3, W = 3 4. Then VE c VS = 5 6 7 (max so far 4, + 1), group 1 base 8: (8,8,8) (8,8,9);
    // VE d = 10 11.
    constexpr int32_t V = 151656, VS = 151652, VE = 151653, a = 1, b = 2, c = 3, d = 4;
    const std::vector<int32_t> ids{a, b, VS, V, V, VE, c, VS, V, V, VE, d};
    const std::vector<model::nn::GridThw> videos{{2, 2, 4}};
    const auto positions = model::nn::mropePositionIds(ids, {}, videos, 151655, V, 2);
    const std::vector<int64_t> t{0, 1, 2, 3, 3, 5, 6, 7, 8, 8, 10, 11};
    const std::vector<int64_t> h{0, 1, 2, 3, 3, 5, 6, 7, 8, 8, 10, 11};
    const std::vector<int64_t> w{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
    CHECK(std::vector<int64_t>(positions.begin(), positions.begin() + 12) == t);
    CHECK(std::vector<int64_t>(positions.begin() + 12, positions.begin() + 24) == h);
    CHECK(std::vector<int64_t>(positions.begin() + 24, positions.end()) == w);
}

TEST_CASE("the vision tower runs each frame group of a video on its own")
{
    // cu_seqlens = repeat_interleave(h*w, t): attention within a frame group only, positions and
    // rotary repeated over t. So group g of a (2, h, w) video gives what its rows alone give as (1, h, w).
    const auto &vision = embedder().bundle().model().vision();
    const int64_t h = 4, w = 4, rowSize = 3 * 2 * 16 * 16;
    const auto rows = at::randn({2 * h * w, rowSize}, at::TensorOptions().dtype(at::kFloat));
    const model::nn::GridThw both{2, h, w}, one{1, h, w};
    const auto whole = vision.forward(rows, std::span(&both, 1));
    for (int64_t g = 0; g < 2; ++g) {
        const auto alone = vision.forward(rows.narrow(0, g * h * w, h * w).contiguous(), std::span(&one, 1));
        const auto part = whole.merged.narrow(0, g * h * w / 4, h * w / 4).to(at::kFloat).cpu();
        const double diff = (part - alone.merged.to(at::kFloat).cpu()).abs().max().item<double>();
        MESSAGE("group " << g << ": max |whole - alone| = " << diff);
        CHECK(diff <= (test::testsApproximate() ? 5e-2 : 1e-4));
        for (size_t k = 0; k < whole.deepstack.size(); ++k) {
            const auto dp = whole.deepstack[k].narrow(0, g * h * w / 4, h * w / 4).to(at::kFloat).cpu();
            CHECK((dp - alone.deepstack[k].to(at::kFloat).cpu()).abs().max().item<double>() <=
                  (test::testsApproximate() ? 5e-2 : 1e-4));
        }
    }
}

TEST_CASE("Embedder::embed of a video clip on the tiny model")
{
    const std::vector<model::Image> frames{noiseFrame(64, 48, 1), noiseFrame(64, 48, 2),
                                           noiseFrame(64, 48, 3), noiseFrame(64, 48, 4)};
    model::MultimodalInput clip;
    clip.video = clipOf(frames, {0.0, 1.0, 2.0, 3.0});
    model::MultimodalInput clipWithText = clip;
    clipWithText.text = "a chart";
    model::MultimodalInput firstFrame;
    firstFrame.images.push_back(frames[0]);
    model::MultimodalInput text;
    text.text = "revenue chart";
    model::MultimodalInput otherClip;
    otherClip.video = clipOf({frames[3], frames[2]}, {10.0, 10.5});

    // 64x48 frames grow to the minimum 131,072 pixels: 448x320 (smart_resize: beta = sqrt(131072/3072),
    // ceil(64 * beta / 32) * 32 = 448, ceil(48 * beta / 32) * 32 = 320): 14 * 10 = 140 pads per group.
    const auto ids = embedder().inputIds(clip);
    REQUIRE_MESSAGE(ids.ok(), (ids.ok() ? std::string() : ids.error().message));
    CHECK(std::count(ids->begin(), ids->end(), 151656) == 280);

    const std::vector<model::MultimodalInput> inputs{clip, text, firstFrame, clipWithText, otherClip};
    const auto batched = embedder().embed(inputs);
    REQUIRE_MESSAGE(batched.ok(), (batched.ok() ? std::string() : batched.error().message));
    for (const auto &v : *batched) {
        CHECK(std::all_of(v.begin(), v.end(), [](float x) { return std::isfinite(x); }));
        double norm = 0;
        for (float x : v)
            norm += double(x) * x;
        CHECK(std::abs(std::sqrt(norm) - 1.0) < 1e-4);
    }
    MESSAGE("cosine(video, its first frame as an image) = " << cosine((*batched)[0], (*batched)[2]));
    CHECK(cosine((*batched)[0], (*batched)[2]) < 0.9999);
    CHECK(cosine((*batched)[0], (*batched)[3]) < 0.9999);
    CHECK(cosine((*batched)[0], (*batched)[4]) < 0.9999);
    double lowest = 1.0;
    for (size_t i = 0; i < inputs.size(); ++i) {
        const auto single = embedder().embed(std::span(&inputs[i], 1));
        REQUIRE(single.ok());
        lowest = std::min(lowest, cosine((*batched)[i], (*single)[0]));
    }
    MESSAGE("batch vs one at a time: lowest cosine " << lowest);
    CHECK(lowest >= (test::testsApproximate() ? 0.99 : 0.99999));
}

// The layout is what process() decides before the pixel work, and the usage count rests on it: the same
// grid, pads and timestamp texts, and the same refusals.
TEST_CASE("the video layout is the processed video's, without the pixels")
{
    const auto processor = layoutProcessor();
    const auto frame = noiseFrame(8, 4, 7);
    for (const auto &clip : {clipOf({frame}, {0.0}), clipOf({frame, frame, frame}, {0.0, 1.0, 2.0}),
                             clipOf({frame, frame, frame, frame}, {4.0, 4.5, 5.0, 5.5})}) {
        CAPTURE(clip.frames.size());
        const auto layout = processor.layout(clip);
        const auto processed = processor.process(clip);
        REQUIRE(layout.ok());
        REQUIRE(processed.ok());
        CHECK(processed->patches.gridThw ==
              std::array<int64_t, 3>{layout->grid.t, layout->grid.h, layout->grid.w});
        CHECK(processed->patches.resizedHeight == layout->frameSize.height);
        CHECK(processed->patches.resizedWidth == layout->frameSize.width);
        CHECK(processed->tokensPerGroup == layout->tokensPerGroup);
        CHECK(processed->groupTexts == layout->groupTexts);
    }
    const auto sameRefusal = [&](const model::VideoClip &clip) {
        const auto layout = processor.layout(clip);
        const auto processed = processor.process(clip);
        REQUIRE_FALSE(layout.ok());
        REQUIRE_FALSE(processed.ok());
        CHECK(layout.error().message == processed.error().message);
    };
    sameRefusal(clipOf({}, {}));
    sameRefusal(clipOf({frame, frame}, {0.0}));
    sameRefusal(clipOf({frame, solidFrame(4, 8, 1)}, {0.0, 1.0}));
    sameRefusal(clipOf({frame, frame}, {0.0, std::nan("")}));
}

// What a served request is counted as (Embedder::promptTokens, from the layout) is the number of ids the
// engine runs for it (Embedder::inputIds, from the processed pixels): a clip alone, with text, with an
// image, at other times, with an instruction.
TEST_CASE("a video's counted prompt tokens equal the ids the engine runs")
{
    const std::vector<model::Image> frames{noiseFrame(64, 48, 1), noiseFrame(64, 48, 2),
                                           noiseFrame(64, 48, 3)};
    model::MultimodalInput clip;
    clip.video = clipOf(frames, {0.0, 1.0, 2.0});
    model::MultimodalInput withText = clip;
    withText.text = "the quarterly revenue chart";
    model::MultimodalInput withImage = withText;
    withImage.images.push_back(noiseFrame(40, 30, 9));
    model::MultimodalInput later;
    later.video = clipOf({frames[2], frames[1]}, {3599.5, 3600.0});
    for (const auto &input : {clip, withText, withImage, later})
        for (const auto &instruction :
             {std::optional<std::string_view>{}, std::optional<std::string_view>{"Find the chart."}}) {
            CAPTURE(input.text);
            CAPTURE(input.images.size());
            const auto ids = embedder().inputIds(input, instruction);
            const auto counted = embedder().promptTokens(input, instruction);
            REQUIRE_MESSAGE(ids.ok(), (ids.ok() ? std::string() : ids.error().message));
            REQUIRE_MESSAGE(counted.ok(), (counted.ok() ? std::string() : counted.error().message));
            CHECK(*counted == int64_t(ids->size()));
        }
    // A clip the engine refuses is refused by the count too.
    model::MultimodalInput broken;
    broken.video = clipOf(frames, {0.0});
    CHECK_FALSE(embedder().promptTokens(broken).ok());
}

TEST_CASE("a segment plan keeps absolute timestamps and fits the video token budget")
{
    // qwen-vl-utils calculate_video_frame_range: [60 s, 120 s] of a 30 fps, 1 hour video: frames
    // ceil(60 * 30) = 1800 to floor(120 * 30) = 3600, 1801 frames; 1 fps gives 60.03 -> 60 frames.
    model::VideoSamplingOptions options;
    const auto plan = model::planVideoSegment(108000, 30.0, 1080, 1920, 60.0, 120.0, options, "talk.mp4");
    REQUIRE_MESSAGE(plan.ok(), (plan.ok() ? std::string() : plan.error().message));
    CHECK(plan->frameCount == 60);
    CHECK(plan->frameIndices.front() == 1800);
    CHECK(plan->frameIndices.back() == 3600);
    CHECK(plan->frameSeconds.front() == 60.0);
    // The official 786,432 pixels a frame (720 pads a group, 30 groups = 21,600) do not fit: the budget
    // lowers the frame maximum to (7168 - 30 * 16) / 30 = 222 pads.
    CHECK(plan->grid.t == 30);
    CHECK(plan->tokensPerGroup <= 222);
    CHECK(plan->videoTokens + plan->grid.t * model::kVideoGroupOverheadTokens <=
          model::kMaxVideoPromptTokens);
    MESSAGE("1080p segment of 60 s: " << plan->frameSize.width << "x" << plan->frameSize.height << ", "
                                      << plan->tokensPerGroup << " pads a group, " << plan->videoTokens
                                      << " in all");
    // A short clip keeps the official size.
    const auto shortClip = model::planVideoSegment(300, 30.0, 1080, 1920, 0.0, 10.0, options, "short.mp4");
    REQUIRE(shortClip.ok());
    const auto official = model::planVideoSampling(300, 30.0, 1080, 1920, options, "short.mp4");
    REQUIRE(official.ok());
    CHECK(shortClip->frameSize.width == official->frameSize.width);
    CHECK(shortClip->frameSize.height == official->frameSize.height);
    CHECK(shortClip->groupTexts == official->groupTexts);
    // An empty range is an error naming the file.
    const auto empty = model::planVideoSegment(300, 30.0, 1080, 1920, 5.0, 5.0, options, "short.mp4");
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().message.find("short.mp4") != std::string::npos);
}
