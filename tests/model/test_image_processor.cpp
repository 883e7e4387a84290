// Image decoding, PIL-exact bicubic resize and the Qwen2-VL image processor against the Python
// reference in tests/data/qwen3vl/tiny-a (make_reference.py), plus corrupt and hostile inputs.

#include "model/image/image.h"
#include "model/image/image_processor.h"
#include "model/image/resample.h"
#include "support/reference_data.h"

// Only to build small grey / grey+alpha / BMP / TGA / JPEG files in memory for the decoder tests.
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb/stb_image_write.h>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

using namespace cortex::model;
using cortex::test::compareVectors;
using cortex::test::readBinaryFile;
using cortex::test::reference;
using cortex::test::tinyADataDir;

namespace {

const char *const kImageNames[] = {"img_a", "img_b", "img_c", "img_d", "img_e"};

std::filesystem::path imagesDir()
{
    return tinyADataDir() / "images";
}

// The fixture's preprocessor_config.json, built by hand (its parser is tested elsewhere).
PreprocessorConfig fixtureConfig()
{
    PreprocessorConfig c;
    c.patchSize = 16;
    c.temporalPatchSize = 2;
    c.mergeSize = 2;
    c.minPixels = 4096;
    c.maxPixels = 65536;
    c.rescaleFactor = 0.00392156862745098;
    c.imageMean = {0.5f, 0.5f, 0.5f};
    c.imageStd = {0.5f, 0.5f, 0.5f};
    return c;
}

std::vector<uint8_t> fileBytes(const std::filesystem::path &file)
{
    const auto raw = readBinaryFile(file);
    return {raw.begin(), raw.end()};
}

void appendBytes(void *context, void *data, int size)
{
    auto *out = static_cast<std::vector<uint8_t> *>(context);
    const auto *p = static_cast<const uint8_t *>(data);
    out->insert(out->end(), p, p + size);
}

// A PNG with only an IHDR (claiming width x height) and an IEND; the CRCs are deliberately zero.
std::vector<uint8_t> pngHeaderOnly(uint32_t width, uint32_t height, uint8_t colorType)
{
    std::vector<uint8_t> b = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    for (uint32_t v : {width, height})
        for (int shift = 24; shift >= 0; shift -= 8)
            b.push_back(static_cast<uint8_t>(v >> shift));
    b.insert(b.end(), {8, colorType, 0, 0, 0});
    b.insert(b.end(), {0, 0, 0, 0}); // bogus IHDR CRC
    b.insert(b.end(), {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82});
    return b;
}

bool mentions(const std::string &message, const std::string &part)
{
    return message.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("decoded fixture PNGs equal the raw pixel bytes")
{
    for (const std::string name : kImageNames) {
        CAPTURE(name);
        const auto &meta = reference()["images"][name];
        const bool rgba = meta["mode"] == "RGBA";
        auto decoded = decodeImageFile(imagesDir() / (name + ".png"));
        REQUIRE_MESSAGE(decoded.ok(), (decoded.ok() ? "" : decoded.error().message));
        CHECK(decoded->width == meta["width"].get<int>());
        CHECK(decoded->height == meta["height"].get<int>());
        CHECK(decoded->channels == (rgba ? 4 : 3));
        const auto raw = fileBytes(imagesDir() / (name + (rgba ? ".rgba" : ".rgb")));
        CHECK(decoded->pixels == raw);
    }
}

TEST_CASE("the image processor reproduces the reference pixel_values")
{
    const ImageProcessor processor(fixtureConfig());
    for (const std::string name : kImageNames) {
        CAPTURE(name);
        const auto &meta = reference()["images"][name];
        auto image = decodeImageFile(imagesDir() / (name + ".png"));
        REQUIRE(image.ok());
        auto processed = processor.process(*image, name);
        REQUIRE_MESSAGE(processed.ok(), (processed.ok() ? "" : processed.error().message));

        CHECK(processed->resizedHeight == meta["resized_height"].get<int>());
        CHECK(processed->resizedWidth == meta["resized_width"].get<int>());
        const auto grid = meta["grid_thw"].get<std::vector<int64_t>>();
        CHECK(processed->gridThw[0] == grid[0]);
        CHECK(processed->gridThw[1] == grid[1]);
        CHECK(processed->gridThw[2] == grid[2]);
        CHECK(processed->numImageTokens == meta["image_tokens"].get<int64_t>());
        const auto shape = meta["pixel_values_shape"].get<std::vector<int64_t>>();
        CHECK(processed->rows == shape[0]);
        CHECK(processed->rowSize == shape[1]);

        const auto expected = cortex::test::readFloat32File(imagesDir() / (name + ".pixel_values.f32"));
        const auto diff = compareVectors(processed->pixelValues, expected);
        size_t mismatches = 0;
        for (size_t i = 0; i < expected.size() && i < processed->pixelValues.size(); ++i)
            mismatches += processed->pixelValues[i] != expected[i];
        MESSAGE(name << ": " << diff.describe() << " values differing: " << mismatches);

        const bool resized =
            meta["resized_height"] != meta["height"] || meta["resized_width"] != meta["width"];
        if (resized) {
            CHECK(diff.maxAbs <= 2.0 / 127.5);
            CHECK(diff.meanAbs <= 0.002);
        } else {
            CHECK(diff.maxAbs <= 1e-6);
        }
    }
}

TEST_CASE("smartResize follows the Python reference")
{
    struct Case {
        int64_t height, width, minPixels, maxPixels, expectHeight, expectWidth;
    };
    // Expected values computed with make_reference.py's smart_resize (factor 32).
    const Case cases[] = {
        {64, 64, 4096, 65536, 64, 64},           // already a multiple
        {96, 160, 4096, 65536, 96, 160},         //
        {75, 100, 4096, 65536, 64, 96},          // rounding down
        {300, 500, 4096, 65536, 192, 320},       // max_pixels path
        {48, 40, 4096, 65536, 96, 64},           // min_pixels path
        {48, 80, 4096, 65536, 64, 64},           // round(1.5) = 2, round(2.5) = 2 (half to even)
        {112, 112, 4096, 65536, 128, 128},       // round(3.5) = 4
        {144, 208, 4096, 65536, 128, 192},       // round(4.5) = 4, round(6.5) = 6
        {80, 80, 4096, 65536, 64, 64},           // round(2.5) = 2 lands exactly on min_pixels
        {16, 16, 4096, 65536, 64, 64},           // tiny: min_pixels
        {1, 1, 4096, 65536, 64, 64},             //
        {1, 200, 4096, 65536, 32, 192},          // aspect ratio exactly 200 is allowed
        {1080, 1920, 4096, 1843200, 992, 1792},  // the official limits
        {720, 1280, 4096, 1843200, 704, 1280},   //
        {3024, 4032, 4096, 1843200, 1152, 1536}, //
        {1200, 1600, 4096, 1843200, 1152, 1536}, //
        {4000, 4000, 4096, 1843200, 1344, 1344}, //
        {2000, 30, 4096, 1843200, 1984, 32},     //
        {10, 10, 4096, 1843200, 64, 64},         //
        {33, 33, 4096, 1843200, 64, 64},         //
        // The reference formula gives height 0 here; like transformers we keep one factor.
        {32, 6400, 4096, 65536, 32, 3616},
    };
    for (const Case &c : cases) {
        CAPTURE(c.height);
        CAPTURE(c.width);
        CAPTURE(c.maxPixels);
        auto r = smartResize(c.height, c.width, 32, c.minPixels, c.maxPixels, "case");
        REQUIRE(r.ok());
        CHECK(r->height == c.expectHeight);
        CHECK(r->width == c.expectWidth);
    }
}

TEST_CASE("smartResize refuses extreme aspect ratios and empty sides, naming the image")
{
    auto wide = smartResize(1, 30000, 32, 4096, 1843200, "panorama.png");
    REQUIRE_FALSE(wide.ok());
    CHECK(mentions(wide.error().message, "panorama.png"));
    CHECK(mentions(wide.error().message, "aspect ratio"));
    auto tall = smartResize(30000, 1, 32, 4096, 1843200, "tall.png");
    REQUIRE_FALSE(tall.ok());
    CHECK(mentions(tall.error().message, "tall.png"));
    auto empty = smartResize(0, 10, 32, 4096, 1843200, "empty.png");
    REQUIRE_FALSE(empty.ok());
    CHECK(mentions(empty.error().message, "empty.png"));
}

TEST_CASE("the processor refuses empty and malformed images, naming them")
{
    const ImageProcessor processor(fixtureConfig());
    Image empty;
    auto r1 = processor.process(empty, "nothing.png");
    REQUIRE_FALSE(r1.ok());
    CHECK(mentions(r1.error().message, "nothing.png"));

    Image zeroWidth{0, 10, 3, {}};
    auto r2 = processor.process(zeroWidth, "zero-width.png");
    REQUIRE_FALSE(r2.ok());
    CHECK(mentions(r2.error().message, "zero-width.png"));

    Image shortBuffer{4, 4, 3, std::vector<uint8_t>(10, 0)};
    auto r3 = processor.process(shortBuffer, "short.png");
    REQUIRE_FALSE(r3.ok());
    CHECK(mentions(r3.error().message, "short.png"));

    Image twoChannels{4, 4, 2, std::vector<uint8_t>(32, 0)};
    auto r4 = processor.process(twoChannels, "la.png");
    REQUIRE_FALSE(r4.ok());
    CHECK(mentions(r4.error().message, "la.png"));
}

TEST_CASE("corrupt and hostile encoded data give clear errors")
{
    SUBCASE("zero bytes")
    {
        auto r = decodeImageBytes({}, "empty.png");
        REQUIRE_FALSE(r.ok());
        CHECK(mentions(r.error().message, "empty.png"));
        MESSAGE(r.error().message);
    }
    SUBCASE("random garbage")
    {
        std::vector<uint8_t> garbage(4096);
        uint32_t state = 12345;
        for (auto &b : garbage) {
            state = state * 1664525u + 1013904223u;
            b = static_cast<uint8_t>(state >> 24);
        }
        auto r = decodeImageBytes(garbage, "garbage.bin");
        REQUIRE_FALSE(r.ok());
        CHECK(mentions(r.error().message, "garbage.bin"));
        MESSAGE(r.error().message);
    }
    SUBCASE("truncated PNG")
    {
        auto bytes = fileBytes(imagesDir() / "img_d.png");
        REQUIRE(bytes.size() > 100);
        bytes.resize(100);
        auto r = decodeImageBytes(bytes, "img_d.png");
        REQUIRE_FALSE(r.ok());
        CHECK(mentions(r.error().message, "img_d.png"));
        MESSAGE(r.error().message);
    }
    SUBCASE("a PNG chunk declaring more data than the file holds is refused before stb sizes a buffer by it")
    {
        // fuzz_image_decode: 58 bytes whose IDAT claimed 1,778,396,160 bytes made stb allocate that much.
        for (const uint32_t claimed : {0x6a002c00u, 0xffffffffu, 5u}) {
            auto bytes = pngHeaderOnly(4, 4, 2);
            bytes.resize(bytes.size() - 12); // the IDAT goes where the IEND was
            const uint8_t chunk[] = {uint8_t(claimed >> 24),
                                     uint8_t(claimed >> 16),
                                     uint8_t(claimed >> 8),
                                     uint8_t(claimed),
                                     'I',
                                     'D',
                                     'A',
                                     'T',
                                     0x78,
                                     0x9c,
                                     0x63,
                                     0x60};
            bytes.insert(bytes.end(), std::begin(chunk), std::end(chunk));
            auto r = decodeImageBytes(bytes, "liar.png");
            REQUIRE_FALSE(r.ok());
            CHECK(mentions(r.error().message, "liar.png"));
            CHECK(mentions(r.error().message,
                           "declares " + std::to_string(claimed) + " bytes of data, but only 4"));
            MESSAGE(r.error().message);
        }
        // The fixtures, whose chunks are all whole, still decode.
        for (const char *name : {"img_a.png", "img_d.png", "img_e.png"})
            CHECK(decodeImageBytes(fileBytes(imagesDir() / name), name).ok());
    }
    SUBCASE("a header claiming 20000x20000 is refused before decoding")
    {
        // Had the decoder run it would have complained about the missing IDAT; the zero CRC
        // shows that stb does not check CRCs (the small case below gets past the header).
        auto grey = decodeImageBytes(pngHeaderOnly(20000, 20000, 0), "huge.png");
        REQUIRE_FALSE(grey.ok());
        CHECK(mentions(grey.error().message, "huge.png"));
        CHECK(mentions(grey.error().message, "20000x20000"));
        CHECK(mentions(grey.error().message, "limit"));
        MESSAGE(grey.error().message);
        // RGB at that size would fail stb's own header check with a vaguer reason.
        auto rgb = decodeImageBytes(pngHeaderOnly(20000, 20000, 2), "huge-rgb.png");
        REQUIRE_FALSE(rgb.ok());
        CHECK(mentions(rgb.error().message, "huge-rgb.png"));
        CHECK(mentions(rgb.error().message, "limit"));
        // A small claimed size gets past the limit and fails in the decoder instead.
        auto small = decodeImageBytes(pngHeaderOnly(8, 8, 0), "small.png");
        REQUIRE_FALSE(small.ok());
        CHECK_FALSE(mentions(small.error().message, "limit"));
        MESSAGE(small.error().message);
    }
    SUBCASE("JPEGs that would overrun stb's Huffman tables")
    {
        const auto raw = fileBytes(imagesDir() / "img_c.rgb");
        std::vector<uint8_t> jpg;
        REQUIRE(stbi_write_jpg_to_func(appendBytes, &jpg, 100, 75, 3, raw.data(), 90));
        REQUIRE(decodeImageBytes(jpg, "ok.jpg").ok());
        const auto findMarker = [&](uint8_t marker) {
            for (size_t i = 2; i + 1 < jpg.size(); ++i)
                if (jpg[i] == 0xFF && jpg[i + 1] == marker)
                    return i;
            return size_t{0};
        };
        // DHT: 0xFFC4, length, then class/id and 16 code counts; 255 codes of length 16 push the
        // total past 256 (stb 2.27 would write past its arrays: nothings/stb#1289).
        const size_t dht = findMarker(0xC4);
        REQUIRE(dht > 0);
        auto tooManyCodes = jpg;
        tooManyCodes[dht + 4 + 16] = 255;
        auto r1 = decodeImageBytes(tooManyCodes, "dht.jpg");
        REQUIRE_FALSE(r1.ok());
        CHECK(mentions(r1.error().message, "dht.jpg"));
        CHECK(mentions(r1.error().message, "Huffman"));
        MESSAGE(r1.error().message);
        // SOS: 0xFFDA, length, component count, then (id, DC<<4 | AC) pairs; table 3 is undefined.
        const size_t sos = findMarker(0xDA);
        REQUIRE(sos > 0);
        auto undefinedTable = jpg;
        undefinedTable[sos + 6] = 0x33;
        auto r2 = decodeImageBytes(undefinedTable, "sos.jpg");
        REQUIRE_FALSE(r2.ok());
        CHECK(mentions(r2.error().message, "sos.jpg"));
        CHECK(mentions(r2.error().message, "never defines"));
        MESSAGE(r2.error().message);
    }
    SUBCASE("a valid image above a lowered limit")
    {
        DecodeLimits limits;
        limits.maxPixels = 1000;
        auto r = decodeImageFile(imagesDir() / "img_d.png", limits);
        REQUIRE_FALSE(r.ok());
        CHECK(mentions(r.error().message, "500x300"));
        // The same through stb's header parser (the PNG IHDR is read directly).
        const auto raw = fileBytes(imagesDir() / "img_c.rgb");
        std::vector<uint8_t> bmp;
        REQUIRE(stbi_write_bmp_to_func(appendBytes, &bmp, 100, 75, 3, raw.data()));
        auto b = decodeImageBytes(bmp, "img_c.bmp", limits);
        REQUIRE_FALSE(b.ok());
        CHECK(mentions(b.error().message, "100x75"));
        CHECK(mentions(b.error().message, "limit"));
    }
    SUBCASE("a missing file")
    {
        auto r = decodeImageFile(imagesDir() / "does-not-exist.png");
        REQUIRE_FALSE(r.ok());
        CHECK(mentions(r.error().message, "does-not-exist.png"));
    }
    SUBCASE("mutated files never crash")
    {
        // Deterministic bit flips and truncations of a PNG, JPEG, BMP and TGA; the decoder may
        // accept some (stb skips CRCs), but must not read or write out of bounds (this is what
        // the CORTEX_ASAN build checks).
        const auto raw = fileBytes(imagesDir() / "img_c.rgb");
        std::vector<uint8_t> jpg, bmp, tga;
        REQUIRE(stbi_write_jpg_to_func(appendBytes, &jpg, 100, 75, 3, raw.data(), 90));
        REQUIRE(stbi_write_bmp_to_func(appendBytes, &bmp, 100, 75, 3, raw.data()));
        REQUIRE(stbi_write_tga_to_func(appendBytes, &tga, 100, 75, 3, raw.data()));
        const std::pair<const char *, std::vector<uint8_t>> originals[] = {
            {"png", fileBytes(imagesDir() / "img_c.png")}, {"jpg", jpg}, {"bmp", bmp}, {"tga", tga}};
        uint32_t state = 99;
        for (const auto &[format, original] : originals) {
            int accepted = 0;
            for (int trial = 0; trial < 300; ++trial) {
                auto bytes = original;
                for (int flips = 0; flips < 4; ++flips) {
                    state = state * 1664525u + 1013904223u;
                    bytes[(state >> 8) % bytes.size()] ^= static_cast<uint8_t>(1u << (state & 7));
                }
                state = state * 1664525u + 1013904223u;
                if (trial % 3 == 0)
                    bytes.resize(1 + (state >> 8) % bytes.size());
                auto r = decodeImageBytes(bytes, "mutated");
                if (r.ok()) {
                    ++accepted;
                    CHECK(r->pixels.size() == size_t(r->width) * r->height * r->channels);
                } else {
                    CHECK(mentions(r.error().message, "mutated"));
                }
            }
            MESSAGE("mutated " << std::string(format) << " files accepted: " << accepted << " of 300");
        }
    }
}

TEST_CASE("grey and grey+alpha become RGB and RGBA; other formats decode")
{
    const uint8_t grey[6] = {0, 50, 100, 150, 200, 255};
    std::vector<uint8_t> png;
    REQUIRE(stbi_write_png_to_func(appendBytes, &png, 3, 2, 1, grey, 3));
    auto g = decodeImageBytes(png, "grey.png");
    REQUIRE(g.ok());
    CHECK(g->channels == 3);
    for (int i = 0; i < 6; ++i) {
        CHECK(g->pixels[i * 3 + 0] == grey[i]);
        CHECK(g->pixels[i * 3 + 1] == grey[i]);
        CHECK(g->pixels[i * 3 + 2] == grey[i]);
    }

    // stb skips chunk CRCs: a damaged IHDR CRC (bytes 29..32) still decodes, which is why the
    // hostile-header tests above need no valid CRC.
    auto badCrc = png;
    badCrc[29] ^= 0xFF;
    auto gBad = decodeImageBytes(badCrc, "bad-crc.png");
    REQUIRE(gBad.ok());
    CHECK(gBad->pixels == g->pixels);

    const uint8_t greyAlpha[8] = {10, 255, 20, 128, 30, 0, 40, 7};
    png.clear();
    REQUIRE(stbi_write_png_to_func(appendBytes, &png, 2, 2, 2, greyAlpha, 4));
    auto ga = decodeImageBytes(png, "grey-alpha.png");
    REQUIRE(ga.ok());
    CHECK(ga->channels == 4);
    for (int i = 0; i < 4; ++i) {
        CHECK(ga->pixels[i * 4 + 0] == greyAlpha[i * 2]);
        CHECK(ga->pixels[i * 4 + 2] == greyAlpha[i * 2]);
        CHECK(ga->pixels[i * 4 + 3] == greyAlpha[i * 2 + 1]);
    }

    const auto raw = fileBytes(imagesDir() / "img_c.rgb");
    std::vector<uint8_t> bmp, tga, jpg;
    REQUIRE(stbi_write_bmp_to_func(appendBytes, &bmp, 100, 75, 3, raw.data()));
    REQUIRE(stbi_write_tga_to_func(appendBytes, &tga, 100, 75, 3, raw.data()));
    REQUIRE(stbi_write_jpg_to_func(appendBytes, &jpg, 100, 75, 3, raw.data(), 95));
    for (auto *encoded : {&bmp, &tga}) {
        auto r = decodeImageBytes(*encoded, "lossless");
        REQUIRE(r.ok());
        CHECK(r->pixels == raw);
    }
    // A 1x1 GIF89a (two-colour palette, a graphic control extension): GIFs come back as RGBA.
    const uint8_t gif[] = {'G',  'I', 'F', '8', '9',  'a',  1, 0, 1, 0,    0x80, 0, 0,    0xFF, 0xFF,
                           0xFF, 0,   0,   0,   0x21, 0xF9, 4, 0, 0, 0,    0,    0, 0x2C, 0,    0,
                           0,    0,   1,   0,   1,    0,    0, 2, 2, 0x44, 0x01, 0, 0x3B};
    auto gi = decodeImageBytes(gif, "dot.gif");
    REQUIRE_MESSAGE(gi.ok(), (gi.ok() ? "" : gi.error().message));
    CHECK(gi->width == 1);
    CHECK(gi->height == 1);
    CHECK(gi->channels == 4);

    auto j = decodeImageBytes(jpg, "photo.jpg");
    REQUIRE(j.ok());
    CHECK(j->width == 100);
    CHECK(j->height == 75);
    CHECK(j->channels == 3);
}

TEST_CASE("compositeOnWhite rounds like PIL's paste with an alpha mask")
{
    Image rgba{256, 4, 4, {}};
    const uint8_t alphas[4] = {0, 96, 128, 255};
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 256; ++x)
            rgba.pixels.insert(rgba.pixels.end(),
                               {uint8_t(x), uint8_t(255 - x), uint8_t((x * 7) & 255), alphas[y]});
    const Image rgb = compositeOnWhite(rgba);
    REQUIRE(rgb.channels == 3);
    REQUIRE(rgb.pixels.size() == 256u * 4u * 3u);
    for (size_t i = 0; i < 256u * 4u; ++i) {
        const int a = rgba.pixels[i * 4 + 3];
        for (int c = 0; c < 3; ++c) {
            // (src * a + 255 * (255 - a)) / 255 rounded to nearest (255 is odd: never a tie).
            const int v = rgba.pixels[i * 4 + c];
            const long expected = std::lround((v * a + 255.0 * (255 - a)) / 255.0);
            REQUIRE(rgb.pixels[i * 3 + c] == expected);
        }
    }
}

TEST_CASE("resizeBicubic keeps flat images flat and skips unchanged sizes")
{
    Image flat{37, 23, 3, std::vector<uint8_t>(37 * 23 * 3, 0)};
    for (size_t i = 0; i < flat.pixels.size(); ++i)
        flat.pixels[i] = uint8_t(i % 3 == 0 ? 200 : i % 3 == 1 ? 17 : 255);
    for (auto [w, h] : {std::pair{64, 64}, std::pair{10, 7}, std::pair{37, 5}, std::pair{3, 23}}) {
        CAPTURE(w);
        CAPTURE(h);
        const Image out = resizeBicubic(flat, w, h);
        REQUIRE(out.width == w);
        REQUIRE(out.height == h);
        REQUIRE(out.pixels.size() == size_t(w) * h * 3);
        for (size_t i = 0; i < out.pixels.size(); ++i)
            REQUIRE(out.pixels[i] == flat.pixels[i % 3]);
    }
    const Image same = resizeBicubic(flat, 37, 23);
    CHECK(same.pixels == flat.pixels);
}
