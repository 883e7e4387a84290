#pragma once
// The fixture's formula weights (tests/data/qwen3vl/README.md, "Formula weights"): every tensor is a
// pure function of its checkpoint name, shape and a seed, so a test checkpoint can be regenerated
// anywhere instead of being shipped, and proven exact by the SHA-256 manifest.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace cortex::model {

// float32 -> bfloat16, round to nearest even; NaN stays NaN (quiet, sign kept), overflow gives inf.
uint16_t floatToBfloat16(float value);
float bfloat16ToFloat(uint16_t bits);

// What the formula derives from the name, shape and seed before looking at any index.
struct FormulaParams {
    uint64_t base = 0;
    double center = 0.0;
    double scale = 1.0;
};
FormulaParams formulaParams(std::string_view name, const std::vector<int64_t> &shape, uint64_t seed);

// Elements [firstIndex, firstIndex + out.size()) of the flat row-major tensor, as bfloat16 bits;
// lets a caller split one large tensor across threads.
void fillFormulaRangeBf16(const FormulaParams &params, uint64_t firstIndex, std::span<uint16_t> out);

// The whole tensor; out.size() must equal the shape's element count.
void fillFormulaTensorBf16(std::string_view name, const std::vector<int64_t> &shape, uint64_t seed,
                           std::span<uint16_t> out);

} // namespace cortex::model
