#pragma once
// Scaled dot-product attention: at::scaled_dot_product_attention where libtorch has it (2.x), else
// the exact eager formula softmax(QK^T / sqrt(d) + mask) V with the softmax in float32, as
// transformers' eager attention computes it.

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace cortex::model::nn {

// q: [B, H, Lq, D]; k, v: [B, H, Lk, D] (already repeated for GQA). `causal` masks keys after the
// query position (Lq == Lk).
at::Tensor scaledDotProductAttention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v,
                                     bool causal);

// The same with its products in `computeDtype`: q, k and v converted, the result converted back to q's
// dtype; c10::ScalarType::Undefined or q's own dtype: as given. int8 models pass bfloat16 on a CPU that
// computes it natively (their activations are float32; ComputeTarget::bfloat16Attention).
at::Tensor scaledDotProductAttention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v,
                                     bool causal, c10::ScalarType computeDtype);

// The scores of all queries against all keys take B * H * Lq * Lk floats (1.5 GiB per layer for one
// 1280x990 page image: 4,960 patches squared, 16 heads), so the eager path never materialises them: it
// takes one block of query rows of a few heads at a time, whose float32 scores stay under this many
// bytes, and writes each block's output into place. Each row's softmax is whole within its block (all
// the keys it sees are there), so the result is exact, not an approximation. 8 MB keeps every buffer
// below glibc's largest mmap threshold (32 MB), so the blocks reuse the same heap memory instead of
// mapping and faulting in fresh pages each time (64 MB blocks: system time about equal to user time in
// cortex-bench-attention), while keeping the number of blocks, each a few parallel regions, low (1 MB
// blocks were several times slower on a loaded 2-core machine). float32 products with a one-thread BLAS
// (split_products.h) take the blocks on libtorch's threads instead, one block per thread at a time: the
// working memory is then this many bytes per thread.
inline constexpr int64_t kAttentionScoreBlockBytes = int64_t{8} << 20;

// The exact eager path, also used by tests to check the SDPA path on the same inputs. The scores are
// computed in the input dtype and the softmax in float32 (transformers' eager attention).
at::Tensor eagerAttention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, bool causal,
                          int64_t scoreBlockBytes = kAttentionScoreBlockBytes);

// The plain formula softmax(QK^T / sqrt(d) + mask) V on whole tensors, for tests only.
at::Tensor referenceAttention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, bool causal);

// transformers' repeat_kv: [B, kvHeads, L, D] -> [B, kvHeads * repeats, L, D]; head h reads kv head h /
// repeats.
at::Tensor repeatKeyValue(const at::Tensor &x, int64_t repeats);

bool hasFusedAttention();

} // namespace cortex::model::nn
