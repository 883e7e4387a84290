#include "ingest/extract/image_extractor.h"

#include "ingest/extract/decoder_messages.h"
#include "ingest/extract/file_type.h"

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
// raised, to the largest decode buffer that Cortex allows (maxDecodeBytes); Cortex's own check of the
// buffer size comes first and says why.
void raiseQtAllocationLimit(int64_t maxBytes)
{
    static std::mutex mutex;
    const std::lock_guard lock(mutex);
    const int64_t neededMb = maxBytes / (1024 * 1024) + 1;
    const int current = QImageReader::allocationLimit();
    if (current != 0 && current < neededMb)
        QImageReader::setAllocationLimit(int(std::min<int64_t>(neededMb, std::numeric_limits<int>::max())));
}

// The bytes the decoder allocates for an image of this size and format (Qt counts at least 32 bits a
// pixel whatever the format); 0 when the header told neither.
int64_t decodeBufferBytes(QSize size, QImage::Format format)
{
    if (!size.isValid() || format == QImage::Format_Invalid)
        return 0;
    const int bits = std::max(32, int(QImage::toPixelFormat(format).bitsPerPixel()));
    return int64_t(size.width()) * size.height() * bits / 8;
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

int64_t maxDecodeBytes(const ExtractOptions &options)
{
    return options.maxImagePixels * kDecodeBytesPerAllowedPixel;
}

namespace {

QImage decodeWithQt(QIODevice &device, const ExtractOptions &options, QString *reason)
{
    raiseQtAllocationLimit(maxDecodeBytes(options));
    // The decoder is chosen by the content, from an allow-list, whatever the file is called: content
    // sniffing across every installed plugin would hand an SVG to Qt's SVG plugin, which needs a
    // QGuiApplication for its fonts and aborts a headless process.
    const QByteArray head = device.peek(kContentSniffBytes);
    const std::optional<QByteArray> format = imageFormatFromContent(head);
    if (!format) {
        *reason = head.isEmpty() ? QStringLiteral("the file is empty")
                                 : QStringLiteral("not a supported image format (it looks like %1)")
                                       .arg(describeContent(head));
        return {};
    }
    if (const QSize claimed = pngHeaderSize(device);
        claimed.isValid() && int64_t(claimed.width()) * claimed.height() > options.maxImagePixels) {
        *reason = pixelLimitReason(claimed, options.maxImagePixels);
        return {};
    }
    QImageReader reader(&device, *format);
    // Only the handler of that format: no fallback to another plugin when it cannot read the data.
    reader.setAutoDetectImageFormat(false);
    reader.setDecideFormatFromContent(false);
    reader.setAutoTransform(true);
    if (!reader.canRead()) {
        *reason = QStringLiteral("the %1 image is damaged or cannot be read")
                      .arg(QString::fromLatin1(format->toUpper()));
        return {};
    }
    // Read from the header: a file that claims a huge image is refused before anything is allocated.
    const QSize size = reader.size();
    if (size.isValid() && int64_t(size.width()) * size.height() > options.maxImagePixels) {
        *reason = pixelLimitReason(size, options.maxImagePixels);
        return {};
    }
    // The decoder's buffer: a 16-bit PNG or TIFF decodes to 8 bytes a pixel, twice what the pixel limit
    // allows at 8-bit RGBA, and every conversion after it holds another copy.
    if (const int64_t bytes = decodeBufferBytes(size, reader.imageFormat());
        bytes > maxDecodeBytes(options)) {
        *reason =
            QStringLiteral("the image is %1x%2 pixels at %3 bits a pixel; decoding it needs %4 MB, more "
                           "than the limit of %5 MB (%6 bytes a pixel for the pixel limit of %7)")
                .arg(size.width())
                .arg(size.height())
                .arg(QImage::toPixelFormat(reader.imageFormat()).bitsPerPixel())
                .arg(bytes >> 20)
                .arg(maxDecodeBytes(options) >> 20)
                .arg(kDecodeBytesPerAllowedPixel)
                .arg(options.maxImagePixels);
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
    // In place where Qt can (same or smaller depth), so that the decoded and the converted image are not
    // both held at full size.
    image.convertTo(image.hasAlphaChannel() ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
    return image;
}

} // namespace

QImage decodeImage(QIODevice &device, const ExtractOptions &options, QString *reason)
{
    // What the decoder says (libpng's, libjpeg's messages) belongs to this file's failure, not to stderr;
    // libpng writes its errors to descriptor 2 itself (decoder_messages.h). A decoder's warnings about an
    // image it did read (an odd colour profile) are dropped.
    const bool png = imageFormatFromContent(device.peek(kContentSniffBytes)) == QByteArray("png");
    DecoderMessages decoder(png ? DecoderMessages::CaptureStandardError : DecoderMessages::QtMessages);
    QImage image = decodeWithQt(device, options, reason);
    decoder.stop();
    if (image.isNull())
        *reason = decoder.appendTo(*reason);
    return image;
}

Result<QImage> loadImageFile(const QString &path, const ExtractOptions &options)
{
    QFile file(path);
    QString reason;
    if (!openRegularFile(file, &reason))
        return fileError(path, reason);
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
