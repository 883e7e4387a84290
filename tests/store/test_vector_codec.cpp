// The vector BLOB codec: IEEE half conversion (round to nearest even, subnormals, signed zero,
// infinities), the little-endian byte layout, and length checks.

#include "store/vector_codec.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace cortex::store;

namespace {

uint32_t bitsOf(float f)
{
    uint32_t b;
    std::memcpy(&b, &f, 4);
    return b;
}

} // namespace

TEST_CASE("floatToHalf rounds known values to nearest, ties to even")
{
    CHECK(floatToHalf(1.0f) == 0x3C00);
    CHECK(floatToHalf(-2.0f) == 0xC000);
    CHECK(floatToHalf(0.5f) == 0x3800);
    CHECK(floatToHalf(0.1f) == 0x2E66);
    CHECK(halfToFloat(floatToHalf(0.1f)) == 0.0999755859375f);
    CHECK(floatToHalf(65504.0f) == 0x7BFF); // the largest finite half
    CHECK(floatToHalf(65519.0f) == 0x7BFF); // below the midpoint to 65536
    CHECK(floatToHalf(65520.0f) == 0x7C00); // the midpoint: ties to even, which is infinity
    CHECK(floatToHalf(1e6f) == 0x7C00);
    CHECK(floatToHalf(-1e6f) == 0xFC00);

    // 1 + 2^-10 is exact; 1 + 2^-11 is a tie between 0x3C00 and 0x3C01 (goes to the even 0x3C00);
    // 1 + 3*2^-11 is a tie between 0x3C01 and 0x3C02 (goes to the even 0x3C02).
    CHECK(floatToHalf(1.0f + 0x1p-10f) == 0x3C01);
    CHECK(floatToHalf(1.0f + 0x1p-11f) == 0x3C00);
    CHECK(floatToHalf(1.0f + 3 * 0x1p-11f) == 0x3C02);
    CHECK(floatToHalf(1.0f + 0x1p-11f + 0x1p-20f) == 0x3C01); // just above the tie
}

TEST_CASE("floatToHalf keeps subnormals, signed zero, infinities and NaN")
{
    CHECK(floatToHalf(0.0f) == 0x0000);
    CHECK(floatToHalf(-0.0f) == 0x8000);
    CHECK(bitsOf(halfToFloat(0x8000)) == 0x80000000u); // negative zero comes back negative

    CHECK(floatToHalf(0x1p-14f) == 0x0400);        // the smallest normal
    CHECK(floatToHalf(0x1p-24f) == 0x0001);        // the smallest subnormal
    CHECK(floatToHalf(1023 * 0x1p-24f) == 0x03FF); // the largest subnormal
    CHECK(floatToHalf(-3 * 0x1p-24f) == 0x8003);
    CHECK(floatToHalf(0x1p-25f) == 0x0000);        // half the smallest subnormal: a tie, to even (zero)
    CHECK(floatToHalf(3 * 0x1p-26f) == 0x0001);    // 0.75 of it rounds up
    CHECK(floatToHalf(3 * 0x1p-25f) == 0x0002);    // 1.5: a tie between 1 and 2, to even
    CHECK(floatToHalf(0x1p-26f) == 0x0000);        // below half: zero
    CHECK(floatToHalf(-0x1p-30f) == 0x8000);       // negative underflow keeps its sign
    CHECK(floatToHalf(0x1p-140f) == 0x0000);       // a float subnormal
    CHECK(floatToHalf(2047 * 0x1p-25f) == 0x0400); // rounds up out of the subnormals into the normals
    CHECK(halfToFloat(0x0001) == 0x1p-24f);
    CHECK(halfToFloat(0x03FF) == 1023 * 0x1p-24f);

    CHECK(floatToHalf(std::numeric_limits<float>::infinity()) == 0x7C00);
    CHECK(floatToHalf(-std::numeric_limits<float>::infinity()) == 0xFC00);
    CHECK(std::isinf(halfToFloat(0x7C00)));
    const uint16_t nan = floatToHalf(std::numeric_limits<float>::quiet_NaN());
    CHECK((nan & 0x7C00) == 0x7C00);
    CHECK((nan & 0x03FF) != 0);
    CHECK(std::isnan(halfToFloat(nan)));
}

TEST_CASE("every half survives halfToFloat then floatToHalf")
{
    int mismatches = 0;
    for (uint32_t h = 0; h <= 0xFFFF; ++h) {
        const float f = halfToFloat(uint16_t(h));
        if (std::isnan(f))
            continue;
        if (floatToHalf(f) != h)
            ++mismatches;
    }
    CHECK(mismatches == 0);
}

TEST_CASE("floatToHalf picks the nearest half for random floats")
{
    // Brute force over the two neighbours: the chosen half is never farther than the other one.
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> dist(-70000.0f, 70000.0f);
    std::uniform_int_distribution<int> exponent(-30, 4);
    int worse = 0;
    for (int i = 0; i < 20000; ++i) {
        const float f = i % 2 ? dist(rng) : std::ldexp(dist(rng) / 70000.0f, exponent(rng));
        const uint16_t h = floatToHalf(f);
        const float back = halfToFloat(h);
        if (std::isinf(back))
            continue;
        const float up = halfToFloat(uint16_t(h + 1));
        const float down = halfToFloat(uint16_t(h - 1));
        const float err = std::fabs(back - f);
        if ((!std::isinf(up) && std::fabs(up - f) < err) || ((h & 0x7FFF) != 0 && std::fabs(down - f) < err))
            ++worse;
    }
    CHECK(worse == 0);
}

TEST_CASE("encodeVector writes little-endian values")
{
    const std::vector<float> values{1.0f, -2.0f};
    const auto f32 = encodeVector(values, VectorEncoding::Float32);
    CHECK(f32 == std::vector<uint8_t>{0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0});
    const auto f16 = encodeVector(values, VectorEncoding::Float16);
    CHECK(f16 == std::vector<uint8_t>{0x00, 0x3C, 0x00, 0xC0});
    CHECK(encodeVector({}, VectorEncoding::Float16).empty());
}

TEST_CASE("decodeVector round trips and checks the length")
{
    std::vector<float> values{0.25f, -0.5f, 0.1f, 3.0e-5f, 0.0f};
    const auto f32 = encodeVector(values, VectorEncoding::Float32);
    auto back32 = decodeVector(f32, VectorEncoding::Float32, values.size());
    REQUIRE(back32.ok());
    CHECK(*back32 == values);

    const auto f16 = encodeVector(values, VectorEncoding::Float16);
    CHECK(f16.size() == values.size() * 2);
    auto back16 = decodeVector(f16, VectorEncoding::Float16, values.size());
    REQUIRE(back16.ok());
    for (size_t i = 0; i < values.size(); ++i)
        CHECK(std::fabs((*back16)[i] - values[i]) <= std::fabs(values[i]) * 0x1p-11f + 0x1p-25f);

    auto shortBlob = decodeVector(f32, VectorEncoding::Float32, values.size() + 1);
    REQUIRE_FALSE(shortBlob.ok());
    CHECK(shortBlob.error().message.find("6 values must be 24 bytes, but it is 20 bytes") !=
          std::string::npos);

    std::vector<uint8_t> odd(f16.begin(), f16.end() - 1);
    auto oddBlob = decodeVector(odd, VectorEncoding::Float16, values.size());
    REQUIRE_FALSE(oddBlob.ok());
    CHECK(oddBlob.error().message.find("9 bytes") != std::string::npos);

    std::vector<float> out(3);
    CHECK_FALSE(decodeVectorInto(f16, VectorEncoding::Float16, out).ok());
}
