#include "store/vector_codec.h"

#include <bit>
#include <cstring>
#include <string>

namespace cortex::store {

namespace {

// Rounds `value` >> `shift` to nearest, ties to even (shift >= 1).
uint32_t shiftRoundEven(uint32_t value, int shift)
{
    const uint32_t kept = value >> shift;
    const uint32_t rest = value & ((1u << shift) - 1);
    const uint32_t half = 1u << (shift - 1);
    return kept + ((rest > half || (rest == half && (kept & 1u))) ? 1u : 0u);
}

} // namespace

uint16_t floatToHalf(float value)
{
    const uint32_t bits = std::bit_cast<uint32_t>(value);
    const auto sign = uint16_t((bits >> 16) & 0x8000u);
    const uint32_t exponent = (bits >> 23) & 0xFFu;
    const uint32_t mantissa = bits & 0x7FFFFFu;

    if (exponent == 0xFFu) // infinity, or NaN kept quiet (the top mantissa bit set)
        return uint16_t(sign | 0x7C00u | (mantissa ? 0x200u | (mantissa >> 13) : 0u));

    const int halfExponent = int(exponent) - 127 + 15;
    if (halfExponent >= 31)
        return uint16_t(sign | 0x7C00u); // too large: infinity
    if (halfExponent >= 1) {
        // Normal: drop 13 mantissa bits. A carry out of the mantissa correctly bumps the exponent,
        // and out of the largest exponent gives infinity (65520 and above round to inf).
        const uint32_t combined = (uint32_t(halfExponent) << 23) | mantissa;
        return uint16_t(sign | shiftRoundEven(combined, 13));
    }
    // Subnormal half: value = m * 2^-24 with m = significand * 2^(e - 14) where e = halfExponent, so
    // the 24-bit significand (implicit bit included) is shifted right by 14 - e. Beyond 24 bits it is
    // below half of the smallest subnormal and rounds to (signed) zero; a float subnormal lands here.
    const int shift = 14 - halfExponent;
    if (shift > 24)
        return sign;
    return uint16_t(sign | shiftRoundEven(mantissa | 0x800000u, shift));
}

float halfToFloat(uint16_t half)
{
    const uint32_t sign = uint32_t(half & 0x8000u) << 16;
    const uint32_t exponent = (half >> 10) & 0x1Fu;
    const uint32_t mantissa = half & 0x3FFu;
    if (exponent == 0) {
        const float magnitude = float(mantissa) * 0x1p-24f; // zero or subnormal, exact in float
        return sign ? -magnitude : magnitude;
    }
    if (exponent == 31)
        return std::bit_cast<float>(sign | 0x7F800000u | (mantissa << 13));
    return std::bit_cast<float>(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
}

size_t bytesPerValue(VectorEncoding encoding)
{
    return encoding == VectorEncoding::Float16 ? 2 : 4;
}

std::vector<uint8_t> encodeVector(std::span<const float> values, VectorEncoding encoding)
{
    std::vector<uint8_t> blob(values.size() * bytesPerValue(encoding));
    uint8_t *out = blob.data();
    if (encoding == VectorEncoding::Float16) {
        for (const float v : values) {
            const uint16_t h = floatToHalf(v);
            *out++ = uint8_t(h & 0xFFu);
            *out++ = uint8_t(h >> 8);
        }
    } else if constexpr (std::endian::native == std::endian::little) {
        if (!values.empty())
            std::memcpy(out, values.data(), blob.size());
    } else {
        for (const float v : values) {
            const uint32_t bits = std::bit_cast<uint32_t>(v);
            for (int i = 0; i < 4; ++i)
                *out++ = uint8_t(bits >> (8 * i));
        }
    }
    return blob;
}

Status decodeVectorInto(std::span<const uint8_t> blob, VectorEncoding encoding, std::span<float> out)
{
    const size_t width = bytesPerValue(encoding);
    if (blob.size() != out.size() * width) {
        return makeError("a " + std::string(toString(encoding)) + " vector of " + std::to_string(out.size()) +
                         " values must be " + std::to_string(out.size() * width) + " bytes, but it is " +
                         std::to_string(blob.size()) + " bytes" +
                         (blob.size() % width == 0 ? " (" + std::to_string(blob.size() / width) + " values)"
                                                   : std::string()));
    }
    const uint8_t *in = blob.data();
    if (encoding == VectorEncoding::Float16) {
        for (float &v : out) {
            v = halfToFloat(uint16_t(in[0] | (in[1] << 8)));
            in += 2;
        }
    } else if constexpr (std::endian::native == std::endian::little) {
        if (!out.empty())
            std::memcpy(out.data(), in, blob.size());
    } else {
        for (float &v : out) {
            v = std::bit_cast<float>(uint32_t(in[0]) | uint32_t(in[1]) << 8 | uint32_t(in[2]) << 16 |
                                     uint32_t(in[3]) << 24);
            in += 4;
        }
    }
    return {};
}

Result<std::vector<float>> decodeVector(std::span<const uint8_t> blob, VectorEncoding encoding, size_t dim)
{
    std::vector<float> values(dim);
    if (auto decoded = decodeVectorInto(blob, encoding, values); !decoded)
        return decoded.error();
    return values;
}

} // namespace cortex::store
