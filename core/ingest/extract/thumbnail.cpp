#include "ingest/extract/thumbnail.h"

#include <QBuffer>

namespace cortex::ingest {

QByteArray thumbnailPng(const QImage &image, int maxSide)
{
    if (image.isNull() || maxSide <= 0)
        return {};
    // A huge image is first reduced by sampling (no full-size copy: smooth scaling converts the whole
    // source to premultiplied ARGB first, 400 MB more for a 100-megapixel image), then smoothed from
    // an image a few times the thumbnail's size, which looks the same.
    const int kPreSampleFactor = 4;
    QImage source = image;
    if (std::max(image.width(), image.height()) > maxSide * kPreSampleFactor * 2)
        source = image.scaled(maxSide * kPreSampleFactor, maxSide * kPreSampleFactor, Qt::KeepAspectRatio,
                              Qt::FastTransformation);
    const QImage small = std::max(source.width(), source.height()) > maxSide
                             ? source.scaled(maxSide, maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                             : source;
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (!small.save(&buffer, "PNG"))
        return {};
    return png;
}

} // namespace cortex::ingest
