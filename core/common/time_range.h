#pragma once
// A moment of a video as people read it: "1:05", "1:02:03", and a segment's range "1:00-2:00". One
// spelling for cortex-cli, the result cards and the preview, so a time seen in one is found in another.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace cortex {

// Whole seconds, rounded down (a segment starting at 59.9 s starts in the 59th second); negative or
// not finite (no time) is "0:00"; minutes and seconds of an hour or more are two digits.
inline std::string clockTime(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        seconds = 0;
    // Bounded: a week is the decoder's longest video; beyond it the count is still exact in int64.
    const auto total = static_cast<long long>(std::floor(std::min(seconds, 1e12)));
    const long long hours = total / 3600;
    const long long minutes = total / 60 % 60;
    const long long secs = total % 60;
    char text[48] = {};
    if (hours > 0)
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", hours, minutes, secs);
    else
        std::snprintf(text, sizeof text, "%lld:%02lld", minutes, secs);
    return text;
}

// "1:00-2:00" (the separator: "-" in a terminal, an en dash with spaces in the window).
inline std::string clockRange(double startSeconds, double endSeconds, const std::string &separator = "-")
{
    return clockTime(startSeconds) + separator + clockTime(std::ceil(endSeconds));
}

} // namespace cortex
