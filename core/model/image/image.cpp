#include "model/image/image.h"

#include "model/image/jpeg_guard.h"

// stb_image is compiled here and nowhere else. Only the formats a document app meets are built in
// (HDR, PSD, PIC and PNM would only add attack surface; this stb 2.27 snapshot predates the
// PNM 16-bit overflow fix, and its JPEG gaps are covered by jpeg_guard). Files are read by us,
// not by stb's stdio, so that paths go through std::filesystem. USERMSG gives readable reasons
// ("Corrupt PNG"). stb's asserts would abort the app on hostile input in a debug build; its
// error returns are what we rely on.
#define STB_IMAGE_IMPLEMENTATION
#define STBI_NO_STDIO
#define STBI_FAILURE_USERMSG
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_BMP
#define STBI_ONLY_GIF
#define STBI_ONLY_TGA
#define STBI_ASSERT(x) ((void)0)
#include <stb/stb_image.h>

#include <algorithm>
#include <climits>
#include <fstream>
#include <memory>

namespace cortex::model {

namespace {

Error decodeError(const std::string &name, const std::string &reason)
{
    return makeError("Cannot decode image '" + name + "': " + reason + ".");
}

std::string stbReason()
{
    const char *reason = stbi_failure_reason();
    return reason ? reason : "unknown error";
}

// The size in a PNG's IHDR, read directly: for a huge RGB(A) PNG stb's own header check fails
// first and its reason is lost behind "not of any known type" once it has tried the other formats.
bool peekPngSize(std::span<const uint8_t> b, int64_t &width, int64_t &height)
{
    static constexpr uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (b.size() < 24 || !std::equal(kSignature, kSignature + 8, b.begin()) || b[12] != 'I' || b[13] != 'H' ||
        b[14] != 'D' || b[15] != 'R')
        return false;
    const auto be32 = [&](size_t i) {
        return (int64_t{b[i]} << 24) | (int64_t{b[i + 1]} << 16) | (int64_t{b[i + 2]} << 8) | b[i + 3];
    };
    width = be32(16);
    height = be32(20);
    return true;
}

// Empty unless a PNG chunk declares more data than the file holds. stb sizes its buffer for the
// compressed image by each IDAT chunk's declared length (doubling, up to 4 GiB) before it reads the
// chunk, so a 58-byte PNG claiming a 1.7 GB IDAT allocated 1.7 GB; a valid file never does this.
std::string findPngChunkHazard(std::span<const uint8_t> b)
{
    static constexpr uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    if (b.size() < 8 || !std::equal(kSignature, kSignature + 8, b.begin()))
        return {};
    size_t at = 8;
    while (b.size() - at >= 8) { // length and type; what stb finds missing beyond that it reports itself
        const uint64_t length = (uint64_t{b[at]} << 24) | (uint64_t{b[at + 1]} << 16) |
                                (uint64_t{b[at + 2]} << 8) | uint64_t{b[at + 3]};
        const std::string type(reinterpret_cast<const char *>(&b[at + 4]), 4);
        const uint64_t left = b.size() - at - 8;
        if (length > left)
            return "corrupt PNG: its chunk at byte " + std::to_string(at) + " declares " +
                   std::to_string(length) + " bytes of data, but only " + std::to_string(left) +
                   " bytes follow";
        if (type == "IEND")
            break;
        at += 8 + size_t(length) + std::min<size_t>(4, size_t(left - length)); // data and CRC
    }
    return {};
}

// width * height > maxPixels without overflow (IHDR sides go up to 2^32 - 1).
bool exceedsLimit(int64_t width, int64_t height, const DecodeLimits &limits)
{
    if (width <= 0 || height <= 0)
        return false; // no pixels: the decoder reports it
    return width > limits.maxPixels / height;
}

Error tooLarge(const std::string &name, int64_t width, int64_t height, const DecodeLimits &limits)
{
    return decodeError(name, "it is " + std::to_string(width) + "x" + std::to_string(height) +
                                 " pixels, more than the limit of " + std::to_string(limits.maxPixels) +
                                 " pixels");
}

struct StbFree {
    void operator()(stbi_uc *p) const { stbi_image_free(p); }
};

} // namespace

Result<Image> decodeImageBytes(std::span<const uint8_t> bytes, const std::string &name,
                               const DecodeLimits &limits)
{
    if (bytes.empty())
        return decodeError(name, "the data is empty");
    if (bytes.size() > static_cast<size_t>(INT_MAX))
        return decodeError(name, "the data is larger than 2 GiB");
    const int length = static_cast<int>(bytes.size());

    if (const std::string hazard = findJpegHazard(bytes); !hazard.empty())
        return decodeError(name, "corrupt JPEG: " + hazard);

    if (const std::string hazard = findPngChunkHazard(bytes); !hazard.empty())
        return decodeError(name, hazard);

    int64_t pngWidth = 0, pngHeight = 0;
    if (peekPngSize(bytes, pngWidth, pngHeight) && exceedsLimit(pngWidth, pngHeight, limits))
        return tooLarge(name, pngWidth, pngHeight, limits);

    // Header only: no pixel memory is allocated until the size is known to be acceptable.
    int width = 0, height = 0, channels = 0;
    if (!stbi_info_from_memory(bytes.data(), length, &width, &height, &channels))
        return decodeError(name, stbReason());
    if (width <= 0 || height <= 0)
        return decodeError(name, "the image has no pixels");
    if (exceedsLimit(width, height, limits))
        return tooLarge(name, width, height, limits);

    // Native channel count (a palette with transparency comes back as RGBA); expanded below.
    int w = 0, h = 0, n = 0;
    std::unique_ptr<stbi_uc, StbFree> data(stbi_load_from_memory(bytes.data(), length, &w, &h, &n, 0));
    if (!data)
        return decodeError(name, stbReason());
    if (w != width || h != height || n < 1 || n > 4)
        return decodeError(name, "the decoder returned an unexpected layout");

    Image image;
    image.width = w;
    image.height = h;
    image.channels = (n == 1 || n == 3) ? 3 : 4;
    const size_t count = static_cast<size_t>(w) * static_cast<size_t>(h);
    const stbi_uc *src = data.get();
    if (n == image.channels) {
        image.pixels.assign(src, src + count * n);
        return image;
    }
    image.pixels.resize(count * image.channels);
    uint8_t *dst = image.pixels.data();
    for (size_t i = 0; i < count; ++i, src += n, dst += image.channels) {
        dst[0] = dst[1] = dst[2] = src[0]; // grey replicated, as PIL's L -> RGB
        if (n == 2)
            dst[3] = src[1];
    }
    return image;
}

Result<Image> decodeImageFile(const std::filesystem::path &file, const DecodeLimits &limits)
{
    const std::string name = file.string();
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec)
        return makeError("Cannot read image '" + name + "': " + ec.message() + ".");
    if (size > static_cast<uintmax_t>(limits.maxFileBytes))
        return makeError("Cannot read image '" + name + "': the file is " + std::to_string(size) +
                         " bytes, more than the limit of " + std::to_string(limits.maxFileBytes) + ".");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return makeError("Cannot open image '" + name + "'.");
    std::vector<uint8_t> bytes(static_cast<size_t>(size));
    if (size > 0 && !in.read(reinterpret_cast<char *>(bytes.data()), static_cast<std::streamsize>(size)))
        return makeError("Cannot read image '" + name + "': the read failed.");
    return decodeImageBytes(bytes, name, limits);
}

Image compositeOnWhite(const Image &image)
{
    if (image.channels != 4)
        return image;
    Image out;
    out.width = image.width;
    out.height = image.height;
    out.channels = 3;
    const size_t count = static_cast<size_t>(image.width) * static_cast<size_t>(image.height);
    out.pixels.resize(count * 3);
    const uint8_t *src = image.pixels.data();
    uint8_t *dst = out.pixels.data();
    for (size_t i = 0; i < count; ++i, src += 4, dst += 3) {
        const unsigned a = src[3];
        for (int c = 0; c < 3; ++c) {
            // PIL's BLEND(mask, in1, in2) = DIV255(in1 * (255 - mask) + in2 * mask) with
            // DIV255(v) = ((v + 128) >> 8 + v + 128) >> 8, i.e. v / 255 rounded half up.
            const unsigned t = 255u * (255u - a) + src[c] * a + 128u;
            dst[c] = static_cast<uint8_t>(((t >> 8) + t) >> 8);
        }
    }
    return out;
}

} // namespace cortex::model
