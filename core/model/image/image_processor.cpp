#include "model/image/image_processor.h"

#include "model/image/resample.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

namespace cortex::model {

namespace {

// Python's round() on a float: nearest integer, ties to even (round(2.5) == 2).
double pyRound(double x)
{
    const double lower = std::floor(x);
    const double diff = x - lower;
    if (diff > 0.5)
        return lower + 1.0;
    if (diff < 0.5)
        return lower;
    return std::fmod(lower, 2.0) == 0.0 ? lower : lower + 1.0;
}

Error imageError(const std::string &name, const std::string &reason)
{
    return makeError("Cannot preprocess image '" + name + "': " + reason + ".");
}

// Sides beyond this would overflow the area products below; no decodable image gets near it.
constexpr int64_t kMaxSide = int64_t{1} << 31;

} // namespace

Result<ResizedSize> smartResize(int64_t height, int64_t width, int64_t factor, int64_t minPixels,
                                int64_t maxPixels, const std::string &name)
{
    if (height <= 0 || width <= 0)
        return imageError(name, "it is " + std::to_string(width) + "x" + std::to_string(height) +
                                    " pixels; both sides must be positive");
    if (height > kMaxSide || width > kMaxSide)
        return imageError(name, "it is too large");
    if (factor <= 0 || maxPixels <= 0 || minPixels < 0)
        return imageError(name, "the preprocessor limits are invalid (factor " + std::to_string(factor) +
                                    ", min_pixels " + std::to_string(minPixels) + ", max_pixels " +
                                    std::to_string(maxPixels) + ")");
    // The same double arithmetic as the Python reference: int / int is a correctly rounded double.
    const auto h = static_cast<double>(height);
    const auto w = static_cast<double>(width);
    const auto f = static_cast<double>(factor);
    if (std::max(h, w) / std::min(h, w) > 200.0)
        return imageError(name, "its aspect ratio " + std::to_string(width) + "x" + std::to_string(height) +
                                    " is more extreme than 200:1");

    int64_t hBar = std::max(factor, static_cast<int64_t>(pyRound(h / f)) * factor);
    int64_t wBar = std::max(factor, static_cast<int64_t>(pyRound(w / f)) * factor);
    if (hBar * wBar > maxPixels) {
        const double beta = std::sqrt(static_cast<double>(height * width) / static_cast<double>(maxPixels));
        // Not below one factor (transformers and qwen-vl-utils clamp the same way); only reached
        // for shapes where the unclamped formula would give an empty side.
        hBar = std::max(factor, static_cast<int64_t>(std::floor(h / beta / f)) * factor);
        wBar = std::max(factor, static_cast<int64_t>(std::floor(w / beta / f)) * factor);
    } else if (hBar * wBar < minPixels) {
        const double beta = std::sqrt(static_cast<double>(minPixels) / static_cast<double>(height * width));
        hBar = static_cast<int64_t>(std::ceil(h * beta / f)) * factor;
        wBar = static_cast<int64_t>(std::ceil(w * beta / f)) * factor;
    }
    return ResizedSize{hBar, wBar};
}

ImageProcessor::ImageProcessor(PreprocessorConfig config) : config_(std::move(config)) {}

Result<ResizedSize> ImageProcessor::resizedSize(const Image &image, const std::string &name) const
{
    const int64_t P = config_.patchSize;
    const int64_t M = config_.mergeSize;
    const int64_t T = config_.temporalPatchSize;
    if (P <= 0 || M <= 0 || T <= 0)
        return imageError(name, "the preprocessor configuration has a non-positive patch, merge or "
                                "temporal patch size");
    for (float s : config_.imageStd)
        if (s == 0.0f)
            return imageError(name, "the preprocessor configuration has a zero image_std");
    if (image.width <= 0 || image.height <= 0 || image.pixels.empty())
        return imageError(name, "it is empty (" + std::to_string(image.width) + "x" +
                                    std::to_string(image.height) + " pixels)");
    if (image.channels != 3 && image.channels != 4)
        return imageError(name, "it has " + std::to_string(image.channels) + " channels, not 3 or 4");
    if (image.pixels.size() !=
        static_cast<size_t>(image.width) * static_cast<size_t>(image.height) * image.channels)
        return imageError(name, "its pixel buffer does not match its size");

    auto size = smartResize(image.height, image.width, P * M, config_.minPixels, config_.maxPixels, name);
    if (!size)
        return size.error();
    if (size->height > INT32_MAX || size->width > INT32_MAX || size->height * size->width > int64_t{1} << 31)
        return imageError(name, "the resized size " + std::to_string(size->width) + "x" +
                                    std::to_string(size->height) + " is too large");
    return size;
}

Result<int64_t> ImageProcessor::tokenCount(const Image &image, const std::string &name) const
{
    auto size = resizedSize(image, name);
    if (!size)
        return size.error();
    const int64_t P = config_.patchSize;
    const int64_t M = config_.mergeSize;
    return (size->height / P) * (size->width / P) / (M * M);
}

Result<ProcessedImage> ImageProcessor::process(const Image &image, const std::string &name) const
{
    const int64_t P = config_.patchSize;
    const int64_t M = config_.mergeSize;
    const int64_t T = config_.temporalPatchSize;
    auto size = resizedSize(image, name);
    if (!size)
        return size.error();
    const int64_t rh = size->height;
    const int64_t rw = size->width;

    // RGBA is composited first and resized as RGB, as the reference's load_rgb does.
    Image rgbStorage;
    const Image *rgb = &image;
    if (image.channels == 4) {
        rgbStorage = compositeOnWhite(image);
        rgb = &rgbStorage;
    }
    Image resized;
    if (rh != image.height || rw != image.width) {
        resized = resizeBicubic(*rgb, static_cast<int>(rw), static_cast<int>(rh));
        rgb = &resized;
    }

    // numpy float32: (float(byte) * float32(rescale) - mean) / std. The value depends on the byte
    // and channel only, so a table keeps the exact operation order at no per-pixel cost.
    constexpr int C = 3;
    const auto rescale = static_cast<float>(config_.rescaleFactor);
    float table[C][256];
    for (int c = 0; c < C; ++c)
        for (int v = 0; v < 256; ++v)
            table[c][v] = (static_cast<float>(v) * rescale - config_.imageMean[c]) / config_.imageStd[c];

    const int64_t gh = rh / P;
    const int64_t gw = rw / P;
    ProcessedImage out;
    out.rows = gh * gw;
    out.rowSize = C * T * P * P;
    out.gridThw = {1, gh, gw};
    out.numImageTokens = out.rows / (M * M);
    out.resizedHeight = static_cast<int>(rh);
    out.resizedWidth = static_cast<int>(rw);
    out.pixelValues.resize(static_cast<size_t>(out.rows * out.rowSize));

    // Row order (bh, bw, mh, mw) over merge windows; within a row (c, t, ph, pw). Every temporal
    // slot holds the same frame.
    const uint8_t *px = rgb->pixels.data();
    float *dst = out.pixelValues.data();
    for (int64_t bh = 0; bh < gh / M; ++bh)
        for (int64_t bw = 0; bw < gw / M; ++bw)
            for (int64_t mh = 0; mh < M; ++mh)
                for (int64_t mw = 0; mw < M; ++mw) {
                    const int64_t y0 = (bh * M + mh) * P;
                    const int64_t x0 = (bw * M + mw) * P;
                    for (int c = 0; c < C; ++c)
                        for (int64_t t = 0; t < T; ++t)
                            for (int64_t ph = 0; ph < P; ++ph) {
                                const uint8_t *row = px + ((y0 + ph) * rw + x0) * C + c;
                                for (int64_t pw = 0; pw < P; ++pw)
                                    *dst++ = table[c][row[pw * C]];
                            }
                }
    return out;
}

} // namespace cortex::model
