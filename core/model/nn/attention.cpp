#include "model/nn/attention.h"

#include <ATen/ATen.h>
#include <torch/version.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

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

at::Tensor eagerAttention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, bool causal,
                          int64_t scoreBlockBytes)
{
    const double scale = 1.0 / std::sqrt(double(q.size(-1)));
    const auto lq = q.size(-2), lk = k.size(-2);
    const int64_t rowsOfScores =
        std::max<int64_t>(1, q.numel() / std::max<int64_t>(1, q.size(-1)) / std::max<int64_t>(1, lq));
    const int64_t blockRows = std::clamp<int64_t>(scoreBlockBytes / int64_t(sizeof(float)) /
                                                      std::max<int64_t>(1, rowsOfScores * lk),
                                                  1, std::max<int64_t>(1, lq));
    const auto keysT = k.transpose(-2, -1);
    std::vector<at::Tensor> outputs;
    for (int64_t start = 0; start < lq; start += blockRows) {
        const int64_t rows = std::min(blockRows, lq - start);
        // Causal (lq == lk, as in the text model): query row start + i sees keys 0..start + i, so the
        // keys after the block's last row are left out instead of computed and masked (half the work).
        const int64_t keys = causal ? std::min(lk, start + rows) : lk;
        auto scores = at::matmul(q.narrow(-2, start, rows), keysT.narrow(-1, 0, keys)) * scale;
        if (causal) {
            const auto future = at::ones({rows, keys}, q.options().dtype(at::kBool)).triu(1 + start);
            scores.masked_fill_(future, -std::numeric_limits<float>::infinity());
        }
        const auto probs = at::softmax(scores, -1, at::kFloat).to(q.scalar_type());
        scores = at::Tensor();
        outputs.push_back(at::matmul(probs, v.narrow(-2, 0, keys)));
    }
    return outputs.size() == 1 ? outputs.front() : at::cat(outputs, -2);
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
