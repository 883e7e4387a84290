#include "remote/image_data_url.h"

#include <QBuffer>
#include <QImage>

namespace cortex::remote {

QByteArray pngDataUrl(const model::Image &image)
{
    if (image.width <= 0 || image.height <= 0 || (image.channels != 3 && image.channels != 4) ||
        image.pixels.size() != size_t(image.width) * size_t(image.height) * size_t(image.channels))
        return {};
    // A view of the pixels (rows without padding); QImage copies nothing until it is saved.
    const QImage view(image.pixels.data(), image.width, image.height, qsizetype(image.width) * image.channels,
                      image.channels == 4 ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!view.save(&buffer, "PNG"))
        return {};
    return QByteArrayLiteral("data:image/png;base64,") + png.toBase64();
}

} // namespace cortex::remote
