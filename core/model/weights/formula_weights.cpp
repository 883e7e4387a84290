#include "model/weights/formula_weights.h"

#include <bit>
#include <cassert>
#include <cmath>

namespace cortex::model {

namespace {

constexpr uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ull;

uint64_t fnv1a64(std::string_view text)
{
    uint64_t hash = 0xcbf29ce484222325ull;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 0x100000001b3ull;
    }
    return hash;
}

uint64_t splitmix64(uint64_t z)
{
    z += kGoldenGamma;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

} // namespace

uint16_t floatToBfloat16(float value)
{
    const uint32_t bits = std::bit_cast<uint32_t>(value);
    if (std::isnan(value)) // rounding could carry a NaN's payload into the exponent and make it inf
        return static_cast<uint16_t>((bits >> 16) | 0x0040);
    const uint32_t roundingBias = 0x7FFF + ((bits >> 16) & 1);
    return static_cast<uint16_t>((bits + roundingBias) >> 16);
}

float bfloat16ToFloat(uint16_t bits)
{
    return std::bit_cast<float>(uint32_t(bits) << 16);
}

FormulaParams formulaParams(std::string_view name, const std::vector<int64_t> &shape, uint64_t seed)
{
    FormulaParams params;
    params.base = fnv1a64(name) ^ (seed * kGoldenGamma);
    int64_t numel = 1;
    for (const int64_t extent : shape)
        numel *= extent;
    if (name.ends_with(".bias")) {
        params.center = 0.0;
        params.scale = 0.02;
    } else if (shape.size() == 1 && name.find("norm") != std::string_view::npos) {
        params.center = 1.0;
        params.scale = 0.1;
    } else {
        const int64_t fanIn = shape.size() >= 2 && shape[0] != 0 ? numel / shape[0] : numel;
        params.center = 0.0;
        params.scale = fanIn > 0 ? 1.0 / std::sqrt(double(fanIn)) : 1.0;
    }
    return params;
}

void fillFormulaRangeBf16(const FormulaParams &params, uint64_t firstIndex, std::span<uint16_t> out)
{
    for (size_t k = 0; k < out.size(); ++k) {
        const uint64_t x = splitmix64(params.base + firstIndex + k);
        // 24 random bits scaled into [-1, 1): exact in double, as the reference computes it.
        const double u = double(x >> 40) / 16777216.0 * 2.0 - 1.0;
        const double scaled = params.scale * u;
        const double value = params.center + scaled;
        out[k] = floatToBfloat16(static_cast<float>(value));
    }
}

void fillFormulaTensorBf16(std::string_view name, const std::vector<int64_t> &shape, uint64_t seed,
                           std::span<uint16_t> out)
{
    [[maybe_unused]] int64_t numel = 1;
    for (const int64_t extent : shape)
        numel *= extent;
    assert(out.size() == static_cast<size_t>(numel));
    fillFormulaRangeBf16(formulaParams(name, shape, seed), 0, out);
}

} // namespace cortex::model
