#pragma once
// The rotation a video asks for on display (a phone held upright records landscape frames and a
// display matrix, or an older `rotate` tag, saying "turn them 90 degrees clockwise"), and the turn of a
// decoded RGB frame. Only quarter turns are honoured; any other angle, and mirroring, are ignored.

#include "model/image/image.h"

#include <cstdint>
#include <optional>
#include <string>

namespace cortex::video {

// Clockwise degrees (0, 90, 180 or 270) from a display matrix (nine int32 in FFmpeg's layout) when
// there is one, else from the `rotate` tag's text; 0 when neither says a quarter turn.
int clockwiseRotation(const int32_t *displayMatrix, const std::optional<std::string> &rotateTag);

// `image` turned clockwise by `degrees` (0, 90, 180, 270; anything else returns it unchanged).
model::Image rotateClockwise(const model::Image &image, int degrees);

} // namespace cortex::video
