#pragma once
// Images: standalone files and the images embedded in office documents, decoded by Qt's image plugins
// (PNG, JPEG, WebP, GIF's first frame, BMP, TIFF) behind a pixel limit that is checked before decoding.

#include "ingest/extract/extract_support.h"

#include <QIODevice>

namespace cortex::ingest::detail {

// The decoder's working memory for one image is bounded by what the pixel limit allows at 8-bit RGBA:
// an image whose decode buffer (from its header: size and bit depth) would need more than
// maxImagePixels * kDecodeBytesPerAllowedPixel bytes is refused with that reason (a 16-bit PNG or TIFF
// needs 8 bytes a pixel). With the default limit of 100 megapixels that is 400 MB.
inline constexpr int64_t kDecodeBytesPerAllowedPixel = 4;

// The largest decode buffer that `options` allow, in bytes.
int64_t maxDecodeBytes(const ExtractOptions &options);

// Decodes one image: only PNG, JPEG, GIF, BMP, WebP and TIFF, recognised by their leading bytes (never
// by the file name, never by asking every Qt plugin: SVG and others are refused with "not a supported
// image format (it looks like SVG)"); the size in the header is checked against options.maxImagePixels before
// any pixels are allocated, EXIF orientation is applied, and the result is RGB888, or RGBA8888 (straight
// alpha) when the image has alpha. Scaled down to options.maxImageLongSide when that is set. On failure
// returns a null image and sets `reason` to what went wrong ("the image is 20000x20000 pixels, ...").
QImage decodeImage(QIODevice &device, const ExtractOptions &options, QString *reason);

// The converted form that every extracted image has (see decodeImage).
QImage toExtractedFormat(const QImage &image);

// A standalone image file: one Image item named after the file.
Status extractImageFile(const QString &path, const ExtractOptions &options, ItemSink &sink);

// The image of a standalone image file, with the errors of extractImageFile.
Result<QImage> loadImageFile(const QString &path, const ExtractOptions &options);

} // namespace cortex::ingest::detail
