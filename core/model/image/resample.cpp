#include "model/image/resample.h"

// A transcription of Pillow's src/libImaging/Resample.c (ImagingResampleInner with the BICUBIC
// filter and the 8bpc passes). Every floating-point expression keeps Pillow's operand order and
// types, because the fixed-point coefficients are rounded from them and one ulp can flip a pixel.
// The target is built with -ffp-contract=off for the same reason.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace cortex::model {

namespace {

// 8 bits for the result, two for overflow of negative lobes and sums above 1, in an int.
constexpr int kPrecisionBits = 32 - 8 - 2;

constexpr double kBicubicSupport = 2.0;

double bicubicFilter(double x)
{
    constexpr double a = -0.5;
    if (x < 0.0)
        x = -x;
    if (x < 1.0)
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    if (x < 2.0)
        return (((x - 5) * x + 8) * x - 4) * a;
    return 0.0;
}

// Per output position: the first input index, the tap count, and ksize fixed-point weights.
struct Coefficients {
    int ksize = 0;
    std::vector<int> bounds; // {xmin, count} per output
    std::vector<int32_t> kk; // outSize * ksize
};

// precompute_coeffs + normalize_coeffs_8bpc for the box (0, inSize).
Coefficients precomputeCoeffs(int inSize, int outSize)
{
    const float in0 = 0.0f;
    const float in1 = static_cast<float>(inSize);
    double scale = static_cast<double>(in1 - in0) / outSize;
    double filterscale = scale;
    if (filterscale < 1.0)
        filterscale = 1.0;
    const double support = kBicubicSupport * filterscale;

    Coefficients c;
    c.ksize = static_cast<int>(std::ceil(support)) * 2 + 1;
    c.bounds.resize(static_cast<size_t>(outSize) * 2);
    c.kk.assign(static_cast<size_t>(outSize) * c.ksize, 0);
    std::vector<double> k(c.ksize);
    for (int xx = 0; xx < outSize; ++xx) {
        const double center = in0 + (xx + 0.5) * scale;
        double ww = 0.0;
        const double ss = 1.0 / filterscale;
        int xmin = static_cast<int>(center - support + 0.5); // truncation, as Pillow's cast
        if (xmin < 0)
            xmin = 0;
        int xmax = static_cast<int>(center + support + 0.5);
        if (xmax > inSize)
            xmax = inSize;
        xmax -= xmin;
        for (int x = 0; x < xmax; ++x) {
            const double w = bicubicFilter((x + xmin - center + 0.5) * ss);
            k[x] = w;
            ww += w;
        }
        for (int x = 0; x < xmax; ++x) {
            if (ww != 0.0)
                k[x] /= ww;
        }
        int32_t *out = &c.kk[static_cast<size_t>(xx) * c.ksize];
        for (int x = 0; x < xmax; ++x) {
            if (k[x] < 0)
                out[x] = static_cast<int32_t>(-0.5 + k[x] * (1 << kPrecisionBits));
            else
                out[x] = static_cast<int32_t>(0.5 + k[x] * (1 << kPrecisionBits));
        }
        c.bounds[xx * 2 + 0] = xmin;
        c.bounds[xx * 2 + 1] = xmax;
    }
    return c;
}

// Pillow's clip8 lookup table covers (ss >> 22) in [-640, 639]: below 0 -> 0, above 255 -> 255.
inline uint8_t clip8(int32_t ss)
{
    return static_cast<uint8_t>(std::clamp(ss >> kPrecisionBits, 0, 255));
}

// Horizontal pass over input rows [rowOffset, rowOffset + out.height).
void resampleHorizontal(Image &out, const Image &in, int rowOffset, const Coefficients &c)
{
    const int ch = in.channels;
    for (int yy = 0; yy < out.height; ++yy) {
        const uint8_t *src = &in.pixels[static_cast<size_t>(yy + rowOffset) * in.width * ch];
        uint8_t *dst = &out.pixels[static_cast<size_t>(yy) * out.width * ch];
        for (int xx = 0; xx < out.width; ++xx) {
            const int xmin = c.bounds[xx * 2 + 0];
            const int xmax = c.bounds[xx * 2 + 1];
            const int32_t *k = &c.kk[static_cast<size_t>(xx) * c.ksize];
            for (int b = 0; b < ch; ++b) {
                int32_t ss = 1 << (kPrecisionBits - 1);
                for (int x = 0; x < xmax; ++x)
                    ss += src[(x + xmin) * ch + b] * k[x];
                dst[xx * ch + b] = clip8(ss);
            }
        }
    }
}

void resampleVertical(Image &out, const Image &in, const Coefficients &c)
{
    const int ch = in.channels;
    const size_t stride = static_cast<size_t>(in.width) * ch;
    for (int yy = 0; yy < out.height; ++yy) {
        const int ymin = c.bounds[yy * 2 + 0];
        const int ymax = c.bounds[yy * 2 + 1];
        const int32_t *k = &c.kk[static_cast<size_t>(yy) * c.ksize];
        uint8_t *dst = &out.pixels[static_cast<size_t>(yy) * stride];
        for (size_t i = 0; i < stride; ++i) {
            int32_t ss = 1 << (kPrecisionBits - 1);
            for (int y = 0; y < ymax; ++y)
                ss += in.pixels[(y + ymin) * stride + i] * k[y];
            dst[i] = clip8(ss);
        }
    }
}

Image blank(int width, int height, int channels)
{
    Image im;
    im.width = width;
    im.height = height;
    im.channels = channels;
    im.pixels.resize(static_cast<size_t>(width) * height * channels);
    return im;
}

} // namespace

Image resizeBicubic(const Image &image, int newWidth, int newHeight)
{
    if (newWidth <= 0 || newHeight <= 0 || image.width <= 0 || image.height <= 0 || image.channels <= 0 ||
        image.pixels.size() != static_cast<size_t>(image.width) * image.height * image.channels)
        return {};
    const bool needHorizontal = newWidth != image.width;
    const bool needVertical = newHeight != image.height;
    if (!needHorizontal && !needVertical)
        return image;

    Coefficients vert = precomputeCoeffs(image.height, newHeight);
    // Only the input rows that the vertical pass reads go through the horizontal pass.
    const int yboxFirst = vert.bounds[0];
    const int yboxLast = vert.bounds[newHeight * 2 - 2] + vert.bounds[newHeight * 2 - 1];

    Image temp;
    const Image *source = &image;
    if (needHorizontal) {
        const Coefficients horiz = precomputeCoeffs(image.width, newWidth);
        for (int i = 0; i < newHeight; ++i)
            vert.bounds[i * 2] -= yboxFirst;
        temp = blank(newWidth, yboxLast - yboxFirst, image.channels);
        resampleHorizontal(temp, image, yboxFirst, horiz);
        if (!needVertical)
            return temp; // all rows were used, so temp is the whole image
        source = &temp;
    }
    Image out = blank(source->width, newHeight, image.channels);
    resampleVertical(out, *source, vert);
    return out;
}

} // namespace cortex::model
