#include "model/nn/int8_quantize.h"

#include "model/nn/split_products.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <atomic>
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

// Rows per thread below which quantising is left to one thread (a few microseconds of work).
constexpr int64_t kRowsPerPart = 64;

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
    return quantizeRowsSymmetric(std::vector<at::Tensor>{weight});
}

at::Tensor quantizeRowsSymmetric(const std::vector<at::Tensor> &rowBlocks)
{
    TORCH_CHECK(!rowBlocks.empty(), "quantizeRowsSymmetric: no rows");
    const auto type = rowBlocks.front().scalar_type();
    const int64_t columns = rowBlocks.front().dim() == 2 ? rowBlocks.front().size(1) : -1;
    int64_t rows = 0;
    for (const auto &block : rowBlocks) {
        TORCH_CHECK(block.dim() == 2 && block.device().is_cpu() && block.size(1) == columns &&
                        block.scalar_type() == type,
                    "quantizeRowsSymmetric: CPU matrices [out, in] of one dtype and width");
        rows += block.size(0);
    }
    const auto whole = [&rowBlocks] {
        return rowBlocks.size() == 1 ? rowBlocks.front() : at::cat(rowBlocks);
    };
    if (type != at::kBFloat16 && type != at::kFloat)
        return quantizeWithLibtorch(whole());
    auto values = at::empty({rows, columns}, at::kChar);
    auto scales = at::empty({rows}, at::kDouble);
    // Each block's rows go to their place in the stacked result (rows are quantised independently),
    // the rows of each block split over libtorch's threads.
    std::atomic<bool> done = true;
    int64_t first = 0;
    for (const auto &block : rowBlocks) {
        const auto w = block.contiguous();
        const int64_t blockRows = w.size(0);
        const int64_t parts = std::clamp<int64_t>(blockRows / kRowsPerPart, 1, at::get_num_threads());
        forEachOnThreads(parts, [&](int64_t part) {
            const int64_t begin = blockRows * part / parts, end = blockRows * (part + 1) / parts;
            int8_t *out = values.data_ptr<int8_t>() + (first + begin) * columns;
            double *outScales = scales.data_ptr<double>() + first + begin;
            const bool ok = type == at::kBFloat16
                                ? quantizeRows(static_cast<const uint16_t *>(w.data_ptr()) + begin * columns,
                                               end - begin, columns, out, outScales)
                                : quantizeRows(static_cast<const uint32_t *>(w.data_ptr()) + begin * columns,
                                               end - begin, columns, out, outScales);
            if (!ok)
                done = false;
        });
        first += blockRows;
    }
    if (!done)
        return quantizeWithLibtorch(whole());
    return at::_make_per_channel_quantized_tensor(values, scales, at::zeros({rows}, at::kLong), 0);
}

} // namespace cortex::model::nn
