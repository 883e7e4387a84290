#include "ingest/extract/thumbnail.h"

#include <QBuffer>

namespace cortex::ingest {

QByteArray thumbnailPng(const QImage &image, int maxSide)
{
    if (image.isNull() || maxSide <= 0)
        return {};
    const QImage small = std::max(image.width(), image.height()) > maxSide
                             ? image.scaled(maxSide, maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                             : image;
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!small.save(&buffer, "PNG"))
        return {};
    return png;
}

} // namespace cortex::ingest
