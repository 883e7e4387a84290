// Image decoding as Cortex calls it (core/model/image/image.cpp: decodeImageBytes, stb_image behind
// a header check and a pixel limit) on any bytes. A decoded image must hold exactly its pixels.
#include "model/image/image.h"

#include <cstdlib>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cortex::model::DecodeLimits limits;
    limits.maxPixels = int64_t{1} << 22; // the hostile suite's --max-pixels order, not the 100 M default
    auto image = cortex::model::decodeImageBytes(std::span(data, size), "fuzz.img", limits);
    if (!image)
        return 0;
    if (image->width <= 0 || image->height <= 0 || int64_t(image->width) * image->height > limits.maxPixels ||
        (image->channels != 3 && image->channels != 4) ||
        image->pixels.size() != size_t(image->width) * size_t(image->height) * size_t(image->channels))
        std::abort();
    (void)cortex::model::compositeOnWhite(*image);
    return 0;
}
