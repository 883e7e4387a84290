#pragma once
// PIL-exact bicubic resize (Image.resize(size, Image.BICUBIC) on an 8-bit image), so that resized
// images give the same pixel_values as the Python reference.

#include "model/image/image.h"

namespace cortex::model {

// Separable, antialiased (the kernel widens by the downscale factor), cubic a = -0.5 with PIL's
// 22-bit fixed-point coefficients; each channel is filtered independently. Exact for RGB (and any
// non-premultiplied layout); PIL premultiplies RGBA first, this does not.
// A dimension that does not change is not filtered, as in PIL. A non-positive size or a pixel
// buffer that does not match the image gives an empty image.
Image resizeBicubic(const Image &image, int newWidth, int newHeight);

} // namespace cortex::model
