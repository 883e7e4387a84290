#pragma once
// The bridge from Qt's images to the engine's (core/model/image, which has no Qt).

#include "model/image/image.h"

#include <QImage>

namespace cortex::ingest {

// RGB888 (3 channels) for an image without alpha, RGBA8888 with straight (not premultiplied) alpha
// (4 channels) otherwise, rows packed without padding, as the engine's ImageProcessor expects. A null
// image gives an empty model::Image.
model::Image toModelImage(const QImage &image);

} // namespace cortex::ingest
