#pragma once
// Small previews for the result list and the library view, stored with the item.

#include <QByteArray>
#include <QImage>

namespace cortex::ingest {

// PNG bytes, aspect kept, never upscaled; scaled with Qt::SmoothTransformation so that the longer side is
// at most maxSide. An empty array for a null image.
QByteArray thumbnailPng(const QImage &image, int maxSide = 256);

} // namespace cortex::ingest
