// The blockwise eager attention (libtorch without a fused kernel) against the plain formula
// softmax(QK^T / sqrt(d) + mask) V on whole tensors: equal within 1e-5 in float32 for every block size,
// causal and not, sizes that no block divides, and the strided layouts the models pass in.

#include "model/nn/attention.h"
#include "model/nn/split_products.h"
#include "support/split_products_on.h"

#include <ATen/ATen.h>
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

using namespace cortex::model::nn;

namespace {

float maxAbsDiff(const at::Tensor &a, const at::Tensor &b)
{
    return (a.to(at::kFloat) - b.to(at::kFloat)).abs().max().item<float>();
}

} // namespace

TEST_CASE("blockwise attention equals the plain formula in float32")
{
    at::manual_seed(7);
    struct Shape {
        int64_t b, h, lq, lk, d;
        bool causal;
    };
    const std::vector<Shape> shapes = {
        {2, 3, 37, 37, 8, true},   // the text decoder: right-padded batch, causal
        {2, 3, 37, 37, 8, false},  //
        {1, 4, 53, 53, 16, false}, // one image: every patch sees every patch
        {1, 2, 1, 29, 8, false},   // one pooled query against its keys
        {3, 1, 101, 101, 4, true}, // odd sizes that no block size divides
        {1, 5, 17, 61, 8, false},  // fewer queries than keys
    };
    for (const auto &s : shapes) {
        CAPTURE(s.b);
        CAPTURE(s.h);
        CAPTURE(s.lq);
        CAPTURE(s.lk);
        CAPTURE(s.causal);
        const auto q = at::randn({s.b, s.h, s.lq, s.d}), k = at::randn({s.b, s.h, s.lk, s.d}),
                   v = at::randn({s.b, s.h, s.lk, s.d});
        const auto qBefore = q.clone();
        const auto expected = referenceAttention(q, k, v, s.causal);
        // One row at a time, a few rows, rows of one head, several whole heads, everything at once.
        for (const int64_t blockBytes :
             {int64_t{1}, int64_t{4 * s.lk * 3}, int64_t{4 * s.lk * s.lq}, int64_t{4 * s.lk * s.lq * 2 + 4},
              kAttentionScoreBlockBytes, int64_t{1} << 40}) {
            CAPTURE(blockBytes);
            const auto blocked = eagerAttention(q, k, v, s.causal, blockBytes);
            REQUIRE(blocked.sizes() == expected.sizes());
            CHECK(maxAbsDiff(blocked, expected) <= 1e-5f);
        }
        CHECK(maxAbsDiff(scaledDotProductAttention(q, k, v, s.causal), expected) <= 1e-5f);
        CHECK(at::equal(q, qBefore)); // scaling the queries works on a copy
    }
}

TEST_CASE("blockwise attention reads strided inputs as the models pass them")
{
    // The vision tower passes [1, H, N, D] views of [N, H, D] rows; the text decoder [B, H, L, D] views
    // of [B, L, H, D].
    at::manual_seed(11);
    // head_dim 8: the scores are scaled; 16: the queries are (by 1/4), and the caller's q stays as it was.
    for (const int64_t d : {8, 16}) {
        CAPTURE(d);
        const int64_t n = 45, h = 3;
        const auto rows = at::randn({3, n, h, d});
        const auto before = rows.clone();
        const auto q = rows[0].transpose(0, 1).unsqueeze(0), k = rows[1].transpose(0, 1).unsqueeze(0),
                   v = rows[2].transpose(0, 1).unsqueeze(0);
        REQUIRE_FALSE(q.is_contiguous());
        for (const bool causal : {false, true}) {
            const auto expected = referenceAttention(q.contiguous(), k.contiguous(), v.contiguous(), causal);
            for (const int64_t blockBytes : {int64_t{1}, int64_t{4 * n * 7}, kAttentionScoreBlockBytes})
                CHECK(maxAbsDiff(eagerAttention(q, k, v, causal, blockBytes), expected) <= 1e-5f);
        }
        CHECK(at::equal(rows, before));
    }
}

TEST_CASE("blockwise attention in bfloat16 stays near the float32 formula")
{
    at::manual_seed(3);
    // head_dim 32: the scores are scaled; 64 (the vision tower's): the queries are, by 1/8 exactly.
    for (const int64_t d : {32, 64}) {
        const auto q = at::randn({1, 4, 77, d}), k = at::randn({1, 4, 77, d}), v = at::randn({1, 4, 77, d});
        for (const bool causal : {false, true}) {
            const auto expected = referenceAttention(q, k, v, causal);
            const auto bf16 = eagerAttention(q.to(at::kBFloat16), k.to(at::kBFloat16), v.to(at::kBFloat16),
                                             causal, int64_t{4 * 77 * 5});
            CHECK((bf16.scalar_type() == at::kBFloat16));
            const auto diff = maxAbsDiff(bf16, expected);
            MESSAGE("head_dim " << d << std::string(causal ? ", causal" : "")
                                << ": bf16 vs float32 formula: " << diff);
            CHECK(diff <= 0.05f);
        }
    }
}

TEST_CASE("attention in another dtype converts its inputs and returns the caller's")
{
    // int8 models (float32 activations) on a CPU with native bfloat16 attend in bfloat16.
    at::manual_seed(5);
    const auto q = at::randn({1, 4, 57, 64}), k = at::randn({1, 4, 57, 64}), v = at::randn({1, 4, 57, 64});
    for (const bool causal : {false, true}) {
        const auto out = scaledDotProductAttention(q, k, v, causal, at::kBFloat16);
        CHECK((out.scalar_type() == at::kFloat));
        const auto inBf16 =
            scaledDotProductAttention(q.to(at::kBFloat16), k.to(at::kBFloat16), v.to(at::kBFloat16), causal);
        CHECK(at::equal(out, inBf16.to(at::kFloat)));
        CHECK(maxAbsDiff(out, referenceAttention(q, k, v, causal)) <= 0.05f);
        // Undefined or the inputs' own dtype: exactly the plain call.
        CHECK(at::equal(scaledDotProductAttention(q, k, v, causal, c10::ScalarType::Undefined),
                        scaledDotProductAttention(q, k, v, causal)));
        CHECK(at::equal(scaledDotProductAttention(q, k, v, causal, at::kFloat),
                        scaledDotProductAttention(q, k, v, causal)));
    }
}

TEST_CASE("blocks on libtorch's threads (float32 with a one-thread BLAS) equal the plain formula")
{
    // split_products.h: the blocks go to the threads, at least one per thread, each with its own scores.
    const cortex::test::SplitProductsOnTwoThreads split;
    at::manual_seed(13);
    for (const bool causal : {false, true}) {
        CAPTURE(causal);
        const auto q = at::randn({2, 3, 41, 8}), k = at::randn({2, 3, 41, 8}), v = at::randn({2, 3, 41, 8});
        REQUIRE(splitsProductsOf(q));
        const auto expected = referenceAttention(q, k, v, causal);
        // Rows of one head, whole heads (capped so that both threads get some), everything at once.
        for (const int64_t blockBytes : {int64_t{4 * 41 * 5}, int64_t{4 * 41 * 41 * 2}, int64_t{1} << 40}) {
            CAPTURE(blockBytes);
            CHECK(maxAbsDiff(eagerAttention(q, k, v, causal, blockBytes), expected) <= 1e-5f);
        }
    }
}
