#include "video/frame_rotation.h"

extern "C" {
#include <libavutil/display.h>
}

#include <cmath>
#include <cstdlib>

namespace cortex::video {
namespace {

// The nearest quarter turn to `degrees` (any sign), or 0 when it is more than one degree from one.
int quarterTurn(double degrees)
{
    if (!std::isfinite(degrees))
        return 0;
    double normalised = std::fmod(degrees, 360.0);
    if (normalised < 0)
        normalised += 360.0;
    const double quarters = std::round(normalised / 90.0);
    if (std::abs(normalised - quarters * 90.0) > 1.0)
        return 0;
    return static_cast<int>(quarters) % 4 * 90;
}

} // namespace

int clockwiseRotation(const int32_t *displayMatrix, const std::optional<std::string> &rotateTag)
{
    if (displayMatrix) {
        // av_display_rotation_get gives the counter-clockwise angle of the matrix; the ffmpeg tool turns
        // the picture by its negation clockwise (fftools' get_rotation), and so do we.
        return quarterTurn(-av_display_rotation_get(displayMatrix));
    }
    if (rotateTag) {
        char *end = nullptr;
        const double degrees = std::strtod(rotateTag->c_str(), &end);
        if (end != rotateTag->c_str())
            return quarterTurn(degrees);
    }
    return 0;
}

model::Image rotateClockwise(const model::Image &image, int degrees)
{
    if (degrees != 90 && degrees != 180 && degrees != 270)
        return image;
    const int w = image.width;
    const int h = image.height;
    const int c = image.channels;
    model::Image out;
    out.channels = c;
    out.width = degrees == 180 ? w : h;
    out.height = degrees == 180 ? h : w;
    out.pixels.resize(image.pixels.size());
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            // The source pixel that lands on (x, y).
            int sx = 0;
            int sy = 0;
            if (degrees == 90) { // the top-left corner goes to the top right
                sx = y;
                sy = h - 1 - x;
            } else if (degrees == 180) {
                sx = w - 1 - x;
                sy = h - 1 - y;
            } else { // 270: the top-left corner goes to the bottom left
                sx = w - 1 - y;
                sy = x;
            }
            const auto *from = &image.pixels[(static_cast<size_t>(sy) * w + sx) * c];
            auto *to = &out.pixels[(static_cast<size_t>(y) * out.width + x) * c];
            for (int k = 0; k < c; ++k)
                to[k] = from[k];
        }
    }
    return out;
}

} // namespace cortex::video
