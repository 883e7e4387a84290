// A video hit's moment as cortex-cli, the result cards and the preview write it (common/time_range.h).

#include "common/time_range.h"

#include <doctest/doctest.h>

#include <limits>
#include <vector>

using namespace cortex;

TEST_CASE("a time in seconds reads as minutes:seconds, or hours:minutes:seconds past an hour")
{
    const std::vector<std::pair<double, std::string>> cases{
        {0, "0:00"},
        {5, "0:05"},
        {59.99, "0:59"}, // rounded down: the second it falls in
        {60, "1:00"},
        {605, "10:05"},
        {3599, "59:59"},
        {3600, "1:00:00"},
        {3723.5, "1:02:03"},
        {36000, "10:00:00"},
        {-1, "0:00"}, // no time (other kinds)
        {std::numeric_limits<double>::quiet_NaN(), "0:00"},
        {std::numeric_limits<double>::infinity(), "0:00"},
    };
    for (const auto &[seconds, text] : cases) {
        CAPTURE(seconds);
        CHECK(clockTime(seconds) == text);
    }
}

TEST_CASE("a segment's range ends at the second its end falls before or on")
{
    CHECK(clockRange(60, 120) == "1:00-2:00");
    CHECK(clockRange(60, 119.96) == "1:00-2:00"); // the last frame's time, short of the window's end
    CHECK(clockRange(0, 7.2, " \u2013 ") == "0:00 \u2013 0:08");
    CHECK(clockRange(3540, 3600) == "59:00-1:00:00");
}
