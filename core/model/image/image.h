#pragma once
// Image decoding without Qt or torch: stb_image behind a pixel limit, and the RGBA-on-white
// composite that the reference preprocessing applies (PIL `paste(img, mask=alpha)` onto white).

#include "model/common/result.h"

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace cortex::model {

// Interleaved 8-bit pixels, row-major, no padding; channels is 3 (RGB) or 4 (RGBA).
struct Image {
    int width = 0;
    int height = 0;
    int channels = 0;
    std::vector<uint8_t> pixels;
};

struct DecodeLimits {
    // Checked against the header before anything is decoded, so a tiny file that claims a huge
    // image never allocates the pixel buffer.
    int64_t maxPixels = 100'000'000;
    // Whole-file limit for decodeImageFile (stb_image takes an int length anyway).
    int64_t maxFileBytes = int64_t{1} << 30;
};

// PNG, JPEG, BMP, GIF (first frame) and TGA. Grey becomes RGB and grey+alpha becomes RGBA;
// 16-bit samples keep their high byte (as PIL does). Errors name the file.
Result<Image> decodeImageFile(const std::filesystem::path &file, const DecodeLimits &limits = {});

// The same for encoded bytes in memory; `name` identifies the image in error messages.
Result<Image> decodeImageBytes(std::span<const uint8_t> bytes, const std::string &name,
                               const DecodeLimits &limits = {});

// RGBA -> RGB blended onto white with PIL's integer rounding; an RGB image is returned unchanged.
Image compositeOnWhite(const Image &image);

} // namespace cortex::model
