#pragma once
// An image as the data: URL that vLLM's image_url content parts accept (PNG, base64): lossless, so the
// server decodes the same pixels the local engine would read.

#include "model/image/image.h"

#include <QByteArray>

namespace cortex::remote {

// "data:image/png;base64,..."; empty when the image has no pixels or an unknown channel count.
QByteArray pngDataUrl(const model::Image &image);

} // namespace cortex::remote
