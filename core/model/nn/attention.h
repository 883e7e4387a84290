#pragma once
// Scaled dot-product attention: at::scaled_dot_product_attention where libtorch has it (2.x), else
// the exact eager formula softmax(QK^T / sqrt(d) + mask) V with the softmax in float32, as
// transformers' eager attention computes it.

#include <ATen/core/Tensor.h>

namespace cortex::model::nn {

// q: [B, H, Lq, D]; k, v: [B, H, Lk, D] (already repeated for GQA). `causal` masks keys after the
// query position (Lq == Lk).
at::Tensor scaledDotProductAttention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v,
                                     bool causal);

// The exact eager path, also used by tests to check the SDPA path on the same inputs.
at::Tensor eagerAttention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, bool causal);

// transformers' repeat_kv: [B, kvHeads, L, D] -> [B, kvHeads * repeats, L, D]; head h reads kv head h /
// repeats.
at::Tensor repeatKeyValue(const at::Tensor &x, int64_t repeats);

bool hasFusedAttention();

} // namespace cortex::model::nn
