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

// The scores of all queries against all keys take B * H * Lq * Lk floats (1 GiB for one 8192-token input
// with 4 heads, several times that at the peak): the eager path takes queries in blocks of rows whose
// scores stay near this many bytes. Each row's softmax is whole within its block, so the result is the
// same as all at once.
inline constexpr int64_t kAttentionScoreBlockBytes = int64_t{64} << 20;

// The exact eager path, also used by tests to check the SDPA path on the same inputs.
at::Tensor eagerAttention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, bool causal,
                          int64_t scoreBlockBytes = kAttentionScoreBlockBytes);

// transformers' repeat_kv: [B, kvHeads, L, D] -> [B, kvHeads * repeats, L, D]; head h reads kv head h /
// repeats.
at::Tensor repeatKeyValue(const at::Tensor &x, int64_t repeats);

bool hasFusedAttention();

} // namespace cortex::model::nn
