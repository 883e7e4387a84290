// The int8 weight quantisation's fast path (model/nn/int8_quantize.h) against libtorch's own
// quantize_per_channel with the same scales, bit for bit, over data that reaches every branch: both
// storage dtypes, tails of odd length, rows of zeros, exact ties, and the rows that must fall back to
// libtorch (inf, NaN, a scale too small to invert).

#include "model/nn/int8_quantize.h"

#include <ATen/ATen.h>
#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <vector>

using namespace cortex::model::nn;

namespace {

// The formula as libtorch computes it, element by element (what Int8Weight used before the fast path).
at::Tensor libtorchReference(const at::Tensor &weight)
{
    const auto w = weight.to(at::kFloat).contiguous();
    auto scales = w.abs().amax(1).div(127.0).to(at::kDouble);
    scales = at::where(scales > 0, scales, at::ones_like(scales));
    return at::quantize_per_channel(w, scales, at::zeros({w.size(0)}, at::kLong), 0, at::kQInt8);
}

struct Case {
    std::string name;
    at::Tensor weight;
};

std::vector<Case> cases()
{
    at::manual_seed(11);
    const float inf = std::numeric_limits<float>::infinity();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    // Row 0: largest 127 (scale exactly 1), so every .5 is a tie: -2.5 -> -2, -1.5 -> -2, 0.5 -> 0,
    // 1.5 -> 2, 2.5 -> 2, 126.5 -> 126. Row 1: the largest magnitude negative.
    const auto ties = at::tensor({127.0f, -2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, 126.5f, -126.5f, 3.5f,
                                  -127.0f, 0.0f, 64.5f, -64.5f, 1.0f, 2.0f, 3.0f})
                          .view({1, 17});
    auto negative = at::randn({1, 17});
    negative[0][5] = -40.0f;
    auto withZeros = at::randn({6, 37});
    withZeros[2].zero_();
    withZeros[4].fill_(-0.0f);
    auto withInf = at::randn({4, 33});
    withInf[1][7] = inf;
    auto withNan = at::randn({4, 33});
    withNan[2][0] = nan;
    auto tiny = at::randn({3, 19});
    tiny[1] = tiny[1] * 1e-38f; // subnormal / 127 rounds to a scale whose inverse overflows
    return {
        {"float32, random", at::randn({64, 300}) * 0.05},
        {"bfloat16, random", (at::randn({64, 301}) * 0.05).to(at::kBFloat16)},
        {"float32, one column", at::randn({9, 1})},
        {"float32, exact ties", at::cat({ties, negative}, 0)},
        {"bfloat16, exact ties", at::cat({ties, negative}, 0).to(at::kBFloat16)},
        {"float32, rows of zeros and negative zeros", withZeros},
        {"bfloat16, rows of zeros", withZeros.to(at::kBFloat16)},
        {"float32, inf in a row", withInf},
        {"bfloat16, inf in a row", withInf.to(at::kBFloat16)},
        {"float32, NaN in a row", withNan},
        {"float32, a scale too small to invert", tiny},
        {"float16 (libtorch's path)", at::randn({8, 24}).to(at::kHalf)},
        {"float32, not contiguous", at::randn({40, 24}).t()},
        // Enough rows to be split over the threads (int8_quantize.cpp), the inf in the last part.
        {"float32, rows on several threads", at::randn({300, 70})},
        {"bfloat16, rows on several threads, inf in the last",
         [&] {
             auto w = at::randn({300, 70});
             w[290][3] = -inf;
             return w.to(at::kBFloat16);
         }()},
    };
}

} // namespace

TEST_CASE("int8 quantisation equals libtorch's quantize_per_channel bit for bit")
{
    for (const auto &c : cases()) {
        CAPTURE(c.name);
        const auto actual = quantizeRowsSymmetric(c.weight);
        const auto expected = libtorchReference(c.weight);
        REQUIRE(actual.is_quantized());
        CHECK((actual.scalar_type() == at::kQInt8));
        CHECK((actual.qscheme() == at::kPerChannelAffine));
        CHECK(actual.q_per_channel_axis() == 0);
        REQUIRE(actual.sizes() == expected.sizes());
        CHECK(at::equal(actual.q_per_channel_scales(), expected.q_per_channel_scales()));
        CHECK(at::equal(actual.q_per_channel_zero_points(), expected.q_per_channel_zero_points()));
        const auto differing = actual.int_repr().ne(expected.int_repr()).sum().item<int64_t>();
        MESSAGE(c.name << ": " << differing << " of " << actual.numel() << " values differ");
        CHECK(differing == 0);
    }
}

TEST_CASE("exact ties round to even, and the largest magnitude maps to 127")
{
    const auto ties = at::tensor({127.0f, -2.5f, -1.5f, 0.5f, 1.5f, 2.5f, 126.5f}).view({1, 7});
    const auto q = quantizeRowsSymmetric(ties);
    CHECK(q.q_per_channel_scales()[0].item<double>() == 1.0);
    const auto values = q.int_repr().to(at::kInt);
    CHECK(at::equal(values, at::tensor({127, -2, -2, 0, 2, 2, 126}, at::kInt).view({1, 7})));
}

TEST_CASE("stacked parts quantise as their concatenation would")
{
    // Fused projections are quantised from their parts (text_model.cpp): the same values and scales
    // as the concatenated matrix, whichever part holds the rows that fall back to libtorch.
    at::manual_seed(12);
    auto withInf = at::randn({5, 48});
    withInf[3][1] = std::numeric_limits<float>::infinity();
    const std::vector<std::pair<std::string, std::vector<at::Tensor>>> stacks = {
        {"bfloat16, q k v of different heights",
         {at::randn({256, 48}).to(at::kBFloat16), at::randn({64, 48}).to(at::kBFloat16),
          at::randn({64, 48}).to(at::kBFloat16)}},
        {"float32, one part", {at::randn({130, 48})}},
        {"float32, inf in the middle part", {at::randn({7, 48}), withInf, at::randn({200, 48})}},
    };
    for (const auto &[name, parts] : stacks) {
        CAPTURE(name);
        const auto actual = quantizeRowsSymmetric(parts);
        const auto expected = libtorchReference(at::cat(parts, 0));
        REQUIRE(actual.sizes() == expected.sizes());
        CHECK(at::equal(actual.q_per_channel_scales(), expected.q_per_channel_scales()));
        CHECK(at::equal(actual.int_repr(), expected.int_repr()));
    }
    CHECK_THROWS(quantizeRowsSymmetric(std::vector<at::Tensor>{at::randn({4, 8}), at::randn({4, 9})}));
    CHECK_THROWS(quantizeRowsSymmetric(std::vector<at::Tensor>{}));
}
