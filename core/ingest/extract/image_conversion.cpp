#include "ingest/extract/image_conversion.h"

#include <cstring>

namespace cortex::ingest {

model::Image toModelImage(const QImage &image)
{
    model::Image out;
    if (image.isNull())
        return out;
    const bool alpha = image.hasAlphaChannel();
    const QImage converted = image.convertToFormat(alpha ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
    out.width = converted.width();
    out.height = converted.height();
    out.channels = alpha ? 4 : 3;
    const size_t rowBytes = size_t(out.width) * size_t(out.channels);
    out.pixels.resize(rowBytes * size_t(out.height));
    // QImage rows are padded to 4 bytes; the engine's are packed.
    for (int y = 0; y < out.height; ++y)
        std::memcpy(out.pixels.data() + rowBytes * size_t(y), converted.constScanLine(y), rowBytes);
    return out;
}

} // namespace cortex::ingest
