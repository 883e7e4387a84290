#include "ingest/extract/image_extractor.h"

#include <QFile>
#include <QFileInfo>
#include <QImageReader>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <mutex>

namespace cortex::ingest::detail {

namespace {

// Qt's own decompression guard (QImageReader::allocationLimit, 128 MB by default) would refuse images
// that Cortex's pixel limit allows, with a vaguer message. It is process-wide, so it is only ever
// raised, to the largest buffer that maxImagePixels allows (8 bytes a pixel covers 16-bit RGBA).
void raiseQtAllocationLimit(int64_t maxPixels)
{
    static std::mutex mutex;
    const std::lock_guard lock(mutex);
    const int64_t neededMb = maxPixels * 8 / (1024 * 1024) + 1;
    const int current = QImageReader::allocationLimit();
    if (current != 0 && current < neededMb)
        QImageReader::setAllocationLimit(int(std::min<int64_t>(neededMb, std::numeric_limits<int>::max())));
}

QString pixelLimitReason(QSize size, int64_t maxPixels)
{
    return QStringLiteral("the image is %1x%2 pixels, more than the limit of %3")
        .arg(size.width())
        .arg(size.height())
        .arg(maxPixels);
}

// The size a PNG's IHDR claims, read directly: Qt's PNG reader reports no size for a file whose header
// is not followed by image data, and such a file must still be refused for its claim.
QSize pngHeaderSize(QIODevice &device)
{
    const QByteArray head = device.peek(24);
    if (head.size() < 24 || !head.startsWith("\x89PNG\r\n\x1a\n") || head.mid(12, 4) != "IHDR")
        return {};
    const auto be32 = [&](int at) {
        return (uint32_t(uint8_t(head[at])) << 24) | (uint32_t(uint8_t(head[at + 1])) << 16) |
               (uint32_t(uint8_t(head[at + 2])) << 8) | uint32_t(uint8_t(head[at + 3]));
    };
    const uint32_t width = be32(16);
    const uint32_t height = be32(20);
    // PNG limits each side to 2^31 - 1.
    if (width == 0 || height == 0 || width > 0x7fffffffu || height > 0x7fffffffu)
        return {};
    return QSize(int(width), int(height));
}

} // namespace

QImage toExtractedFormat(const QImage &image)
{
    return image.convertToFormat(image.hasAlphaChannel() ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
}

QImage decodeImage(QIODevice &device, const ExtractOptions &options, QString *reason)
{
    raiseQtAllocationLimit(options.maxImagePixels);
    if (const QSize claimed = pngHeaderSize(device);
        claimed.isValid() && int64_t(claimed.width()) * claimed.height() > options.maxImagePixels) {
        *reason = pixelLimitReason(claimed, options.maxImagePixels);
        return {};
    }
    QImageReader reader(&device);
    reader.setDecideFormatFromContent(true);
    reader.setAutoTransform(true);
    if (!reader.canRead()) {
        *reason = QStringLiteral("not a supported image format, or the image is damaged");
        return {};
    }
    // Read from the header: a file that claims a huge image is refused before anything is allocated.
    const QSize size = reader.size();
    if (size.isValid() && int64_t(size.width()) * size.height() > options.maxImagePixels) {
        *reason = pixelLimitReason(size, options.maxImagePixels);
        return {};
    }
    // Scaling in the reader lets the JPEG decoder skip detail instead of decoding every pixel first.
    if (options.maxImageLongSide > 0 && size.isValid() &&
        std::max(size.width(), size.height()) > options.maxImageLongSide)
        reader.setScaledSize(
            size.scaled(options.maxImageLongSide, options.maxImageLongSide, Qt::KeepAspectRatio));
    QImage image;
    if (!reader.read(&image) || image.isNull()) {
        *reason = QStringLiteral("the image cannot be decoded (%1)").arg(reader.errorString());
        return {};
    }
    if (int64_t(image.width()) * image.height() > options.maxImagePixels) {
        *reason = pixelLimitReason(image.size(), options.maxImagePixels);
        return {};
    }
    if (options.maxImageLongSide > 0 && std::max(image.width(), image.height()) > options.maxImageLongSide)
        image = image.scaled(options.maxImageLongSide, options.maxImageLongSide, Qt::KeepAspectRatio,
                             Qt::SmoothTransformation);
    return toExtractedFormat(image);
}

Result<QImage> loadImageFile(const QString &path, const ExtractOptions &options)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fileError(path, QStringLiteral("the file cannot be read (%1)").arg(file.errorString()));
    QString reason;
    QImage image = decodeImage(file, options, &reason);
    if (image.isNull())
        return fileError(path, reason);
    return image;
}

Status extractImageFile(const QString &path, const ExtractOptions &options, ItemSink &sink)
{
    auto image = loadImageFile(path, options);
    if (!image)
        return image.error();
    ExtractedItem item;
    item.kind = ItemKind::Image;
    item.image = std::move(image.value());
    item.imageName = QFileInfo(path).fileName();
    sink.add(std::move(item));
    return Status::success();
}

} // namespace cortex::ingest::detail
