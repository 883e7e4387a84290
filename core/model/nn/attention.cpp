#include "model/nn/attention.h"

#include "model/nn/onednn_primitive_cache.h"
#include "model/nn/split_products.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
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
    const auto b = q.size(0), h = q.size(1), lq = q.size(2), lk = k.size(2), d = q.size(3);
    const int64_t heads = b * h; // every (sequence, head) pair is independent
    if (heads == 0 || lq == 0)
        return at::empty({b, h, lq, v.size(3)}, q.options());
    // [B*H, L, D], contiguous once here (the models pass transposed views) so that no block's product
    // has to copy its operands again (oneDNN takes plain or transposed-contiguous matrices only).
    // A scale that is a power of two (head_dim 16, 64, 256: the vision tower's 64) multiplies the queries
    // exactly, so it is applied to them once instead of to every block of scores (a pass over L x L);
    // otherwise rounding would differ, and the scores are scaled.
    int exponent = 0;
    const bool scaleInQ = std::frexp(scale, &exponent) == 0.5;
    auto q3 = q.reshape({heads, lq, d}).contiguous();
    if (scaleInQ)
        q3 = q3.mul(scale); // a new tensor: q3 may be the caller's q
    // libtorch's softmax of bfloat16 computes in float32 and rounds once on writing (on the CPU the same
    // numbers as a float32 softmax rounded afterwards: embeddings byte-identical), without the float32
    // copy and the two passes that make and convert it. Other dtypes go through float32.
    const bool ownDtypeSoftmax = q.scalar_type() == at::kFloat || q.scalar_type() == at::kBFloat16;
    const auto k3 = k.reshape({heads, lk, d}).contiguous();
    const auto v3 = v.reshape({heads, lk, v.size(3)}).contiguous();
    auto output = at::empty({heads, lq, v.size(3)}, q.options());

    // Rows of one head first; a whole head's rows fit, then several heads.
    const int64_t budget = std::max<int64_t>(1, scoreBlockBytes / int64_t(sizeof(float)));
    const int64_t blockRows = std::clamp<int64_t>(budget / std::max<int64_t>(1, lk), 1, lq);
    // float32 products with a one-thread BLAS (split_products.h): the blocks themselves go to the
    // threads, each with its own score block, so there are at least as many blocks as threads; otherwise
    // each product uses every thread.
    const bool blocksOnThreads = splitsProductsOf(q);
    const int64_t headsPerThread =
        blocksOnThreads ? (heads + at::get_num_threads() - 1) / at::get_num_threads() : heads;
    const int64_t blockHeads =
        blockRows < lq ? 1 : std::clamp<int64_t>(budget / std::max<int64_t>(1, lk * lq), 1, headsPerThread);
    // Causal: within a block of rows start..start + rows - 1, the keys before `start` are all visible and
    // the last `rows` keys form the triangle to hide; that triangle is built once for every block.
    const auto triangle =
        causal ? at::ones({blockRows, blockRows}, q.options().dtype(at::kBool)).triu(1) : at::Tensor();
    const int64_t rowBlocks = (lq + blockRows - 1) / blockRows;
    const int64_t headBlocks = (heads + blockHeads - 1) / blockHeads;
    const auto attendBlock = [&](int64_t index) {
        const int64_t start = index / headBlocks * blockRows;
        const int64_t h0 = index % headBlocks * blockHeads;
        const int64_t rows = std::min(blockRows, lq - start);
        const int64_t hb = std::min(blockHeads, heads - h0);
        // Causal (lq == lk, as in the text model): query row start + i sees keys 0..start + i, so the
        // keys after the block's last row are left out instead of computed and masked.
        const int64_t keys = causal ? std::min(lk, start + rows) : lk;
        auto scores = at::bmm(q3.narrow(0, h0, hb).narrow(1, start, rows),
                              k3.narrow(0, h0, hb).narrow(1, 0, keys).transpose(1, 2));
        if (!scaleInQ)
            scores.mul_(scale);
        if (causal && keys > start + 1)
            scores.narrow(2, start, keys - start)
                .masked_fill_(triangle.narrow(0, 0, rows).narrow(1, 0, keys - start),
                              -std::numeric_limits<float>::infinity());
        auto probs = ownDtypeSoftmax ? at::softmax(scores, -1) : at::softmax(scores, -1, at::kFloat);
        scores = at::Tensor();
        if (probs.scalar_type() != q.scalar_type())
            probs = probs.to(q.scalar_type());
        // Rows of one head, or whole heads: the block's place in the output is contiguous, so the
        // product goes straight there.
        auto place = output.narrow(0, h0, hb).narrow(1, start, rows);
        at::bmm_out(place, probs, v3.narrow(0, h0, hb).narrow(1, 0, keys));
    };
    if (blocksOnThreads)
        forEachOnThreads(rowBlocks * headBlocks, attendBlock);
    else
        for (int64_t index = 0; index < rowBlocks * headBlocks; ++index)
            attendBlock(index);
    return output.view({b, h, lq, v.size(3)});
}

at::Tensor referenceAttention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, bool causal)
{
    auto scores = at::matmul(q, k.transpose(-2, -1)) / std::sqrt(double(q.size(-1)));
    if (causal)
        scores.masked_fill_(at::ones({q.size(-2), k.size(-2)}, q.options().dtype(at::kBool)).triu(1),
                            -std::numeric_limits<float>::infinity());
    return at::matmul(at::softmax(scores, -1, at::kFloat).to(q.scalar_type()), v);
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

at::Tensor scaledDotProductAttention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v,
                                     bool causal, c10::ScalarType computeDtype)
{
    if (computeDtype == c10::ScalarType::Undefined || computeDtype == q.scalar_type())
        return scaledDotProductAttention(q, k, v, causal);
    // int8's bfloat16 attention: oneDNN's cache is off for int8 (onednn_primitive_cache.h), so without
    // this scope every block's product would be created anew.
    const ScopedOneDnnPrimitiveCache keepTheBlocksProducts;
    return scaledDotProductAttention(q.to(computeDtype), k.to(computeDtype), v.to(computeDtype), causal)
        .to(q.scalar_type());
}

} // namespace cortex::model::nn
