#include "model/nn/int8_quantize.h"

#include <ATen/ATen.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace cortex::model::nn {
namespace {

// The value of a bfloat16 (16 bits) or float32 (32 bits) bit pattern.
template <typename Bits> float toFloat(Bits bits)
{
    if constexpr (sizeof(Bits) == 2)
        return std::bit_cast<float>(static_cast<uint32_t>(bits) << 16);
    else
        return std::bit_cast<float>(bits);
}

// Adding and subtracting 1.5 * 2^23 rounds a float of magnitude below 2^22 to an integer, ties to even
// (the default rounding mode), as std::nearbyint does; unlike nearbyint it vectorises without SSE4.1.
constexpr float kRoundingShift = 12582912.0f;

// The libtorch formula, element by element: the reference of the fast path, and what decides where
// the fast path does not apply (inf or NaN in a row, a scale too small to invert).
at::Tensor quantizeWithLibtorch(const at::Tensor &weight)
{
    const auto w = weight.to(at::kFloat).contiguous();
    auto scales = w.abs().amax(1).div(127.0).to(at::kDouble);
    scales = at::where(scales > 0, scales, at::ones_like(scales));
    return at::quantize_per_channel(w, scales, at::zeros({w.size(0)}, at::kLong), 0, at::kQInt8);
}

// The fast path over rows of bit patterns; false (nothing usable written) where a row holds inf or
// NaN or its scale has no finite inverse.
template <typename Bits>
bool quantizeRows(const Bits *source, int64_t rows, int64_t columns, int8_t *values, double *scales)
{
    using Signed = std::make_signed_t<Bits>;
    // A float's magnitude is its bits without the sign bit, and magnitudes order as those integers do
    // (inf and NaN above every finite value): the largest magnitude is an integer maximum, which
    // vectorises where a float maximum (NaN-aware) does not.
    constexpr Signed kMagnitude = std::numeric_limits<Signed>::max();
    constexpr Signed kInfinity = sizeof(Bits) == 2 ? Signed(0x7F80) : Signed(0x7F800000);
    for (int64_t r = 0; r < rows; ++r) {
        const Bits *row = source + r * columns;
        Signed largest = 0;
        for (int64_t c = 0; c < columns; ++c) {
            const auto magnitude = static_cast<Signed>(row[c] & kMagnitude);
            largest = magnitude > largest ? magnitude : largest;
        }
        if (largest >= kInfinity)
            return false;
        float scale = toFloat(static_cast<Bits>(largest)) / 127.0f; // in float, as libtorch divides
        if (scale == 0.0f)
            scale = 1.0f;
        const float inverse = 1.0f / scale;
        if (!std::isfinite(inverse))
            return false;
        scales[r] = scale;
        // |value| <= largest, so |value * inverse| <= 127 plus a few ulps and rounds into [-127, 127]:
        // libtorch's clamp to [-128, 127] never acts, and without it the loop vectorises.
        int8_t *out = values + r * columns;
        for (int64_t c = 0; c < columns; ++c) {
            const float rounded = (toFloat(row[c]) * inverse + kRoundingShift) - kRoundingShift;
            out[c] = static_cast<int8_t>(static_cast<int32_t>(rounded));
        }
    }
    return true;
}

} // namespace

at::Tensor quantizeRowsSymmetric(const at::Tensor &weight)
{
    TORCH_CHECK(weight.dim() == 2 && weight.device().is_cpu(),
                "quantizeRowsSymmetric: a CPU matrix [out, in]");
    const auto type = weight.scalar_type();
    if (type != at::kBFloat16 && type != at::kFloat)
        return quantizeWithLibtorch(weight);
    const auto w = weight.contiguous();
    const int64_t rows = w.size(0), columns = w.size(1);
    auto values = at::empty({rows, columns}, at::kChar);
    auto scales = at::empty({rows}, at::kDouble);
    const bool done = type == at::kBFloat16
                          ? quantizeRows(static_cast<const uint16_t *>(w.data_ptr()), rows, columns,
                                         values.data_ptr<int8_t>(), scales.data_ptr<double>())
                          : quantizeRows(static_cast<const uint32_t *>(w.data_ptr()), rows, columns,
                                         values.data_ptr<int8_t>(), scales.data_ptr<double>());
    if (!done)
        return quantizeWithLibtorch(weight);
    return at::_make_per_channel_quantized_tensor(values, scales, at::zeros({rows}, at::kLong), 0);
}

} // namespace cortex::model::nn
