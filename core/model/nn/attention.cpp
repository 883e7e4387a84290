#include "model/nn/attention.h"

#include <ATen/ATen.h>
#include <torch/version.h>

#include <cmath>
#include <limits>

// at::scaled_dot_product_attention appeared in libtorch 2.0; Debian 12 ships 1.13.
#if TORCH_VERSION_MAJOR >= 2
#define CORTEX_HAS_SDPA 1
#else
#define CORTEX_HAS_SDPA 0
#endif

namespace cortex::model::nn {

bool hasFusedAttention()
{
    return CORTEX_HAS_SDPA != 0;
}

at::Tensor repeatKeyValue(const at::Tensor &x, int64_t repeats)
{
    if (repeats == 1)
        return x;
    const auto b = x.size(0), kv = x.size(1), l = x.size(2), d = x.size(3);
    return x.unsqueeze(2).expand({b, kv, repeats, l, d}).reshape({b, kv * repeats, l, d});
}

at::Tensor eagerAttention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, bool causal)
{
    const double scale = 1.0 / std::sqrt(double(q.size(-1)));
    auto scores = at::matmul(q, k.transpose(-2, -1)) * scale;
    if (causal) {
        const auto lq = q.size(-2), lk = k.size(-2);
        const auto future = at::ones({lq, lk}, q.options().dtype(at::kBool)).triu(1);
        scores = scores.masked_fill(future, -std::numeric_limits<float>::infinity());
    }
    const auto probs = at::softmax(scores, -1, at::kFloat).to(q.scalar_type());
    return at::matmul(probs, v);
}

at::Tensor scaledDotProductAttention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v,
                                     bool causal)
{
#if CORTEX_HAS_SDPA
    return at::scaled_dot_product_attention(q, k, v, /*attn_mask=*/{}, /*dropout_p=*/0.0, causal);
#else
    return eagerAttention(q, k, v, causal);
#endif
}

} // namespace cortex::model::nn
