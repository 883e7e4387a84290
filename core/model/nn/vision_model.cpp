#include "model/nn/vision_model.h"

#include "model/nn/allocator_tuning.h"
#include "model/nn/attention.h"
#include "model/nn/weight_registry.h"

#include <ATen/ATen.h>

#include <cmath>

namespace cortex::model::nn {

at::Tensor PatchMerger::forward(const at::Tensor &x) const
{
    const int64_t merged = linear_fc1.inFeatures();
    const auto normed =
        postShuffleNorm ? norm.forward(x.reshape({-1, merged})) : norm.forward(x).reshape({-1, merged});
    return linear_fc2.forward(at::gelu(linear_fc1.forward(normed)));
}

VisionModel::VisionModel(const VisionConfig &config, c10::ScalarType attentionDtype)
    : config_(config), attentionDtype_(attentionDtype), headDim_(config.hiddenSize / config.numHeads),
      gridPerSide_(static_cast<int64_t>(std::lround(std::sqrt(double(config.numPositionEmbeddings))))),
      blocks_(static_cast<size_t>(config.depth)), deepstackMergers_(config.deepstackVisualIndexes.size())
{
    merger_.postShuffleNorm = false;
    for (auto &m : deepstackMergers_)
        m.postShuffleNorm = true;
}

void VisionModel::registerWeights(WeightRegistry &r, const std::string &p, bool int8)
{
    // The Conv3d kernel [D, C, T, P, P] is viewed as [D, C*T*P*P] after loading.
    r.add(p + "patch_embed.proj.weight", patchEmbed_.weight);
    r.add(p + "patch_embed.proj.bias", patchEmbed_.bias);
    r.add(p + "pos_embed.weight", posEmbed_);
    for (size_t i = 0; i < blocks_.size(); ++i) {
        const auto b = p + "blocks." + std::to_string(i) + ".";
        auto &blk = blocks_[i];
        r.addLayerNorm(b + "norm1", blk.norm1);
        r.addLayerNorm(b + "norm2", blk.norm2);
        r.addLinear(b + "attn.qkv", blk.attn.qkv);
        r.addLinear(b + "attn.proj", blk.attn.proj);
        r.addLinear(b + "mlp.linear_fc1", blk.mlp.linear_fc1);
        r.addLinear(b + "mlp.linear_fc2", blk.mlp.linear_fc2);
        if (int8)
            r.onGroupLoaded(r.namesUnder(b), [&blk] {
                quantizeBlock(blk);
                releaseFreeMemory(); // as the text model's layers do
            });
    }
    const auto addMerger = [&r](const std::string &m, PatchMerger &merger) {
        r.addLayerNorm(m + "norm", merger.norm);
        r.addLinear(m + "linear_fc1", merger.linear_fc1);
        r.addLinear(m + "linear_fc2", merger.linear_fc2);
    };
    addMerger(p + "merger.", merger_);
    for (size_t k = 0; k < deepstackMergers_.size(); ++k)
        addMerger(p + "deepstack_merger_list." + std::to_string(k) + ".", deepstackMergers_[k]);
    r.onLoaded([this] { patchEmbed_.weight = patchEmbed_.weight.reshape({patchEmbed_.weight.size(0), -1}); });
    // The blocks are quantised as they load; the rest once everything is in (after the reshape above),
    // still from the loaded form (weight_loader.h).
    if (int8)
        r.onLoaded([this] { quantizeOutsideBlocks(); });
}

void VisionModel::quantizeBlock(VisionBlock &block)
{
    for (Linear *l : {&block.attn.qkv, &block.attn.proj, &block.mlp.linear_fc1, &block.mlp.linear_fc2})
        l->quantizeToInt8();
}

void VisionModel::quantizeOutsideBlocks()
{
    patchEmbed_.quantizeToInt8();
    const auto quantizeMerger = [](PatchMerger &m) {
        m.linear_fc1.quantizeToInt8();
        m.linear_fc2.quantizeToInt8();
    };
    quantizeMerger(merger_);
    for (auto &m : deepstackMergers_)
        quantizeMerger(m);
}

at::Tensor VisionModel::positionEmbeddings(std::span<const GridThw> grids) const
{
    // Bilinear interpolation of the learned gridPerSide x gridPerSide table to each image's patch grid
    // (transformers' fast_pos_embed_interpolate), then repeated over t and reordered by merge window.
    const auto cpuFloat = at::TensorOptions().dtype(at::kFloat);
    const int64_t side = gridPerSide_;
    const int64_t m = config_.spatialMergeSize;
    std::vector<at::Tensor> perImage;
    for (const auto &[t, h, w] : grids) {
        const auto hIdx = at::linspace(0, double(side - 1), h, cpuFloat);
        const auto wIdx = at::linspace(0, double(side - 1), w, cpuFloat);
        const auto hFloor = hIdx.to(at::kInt), wFloor = wIdx.to(at::kInt);
        const auto hCeil = (hFloor + 1).clamp_max(side - 1), wCeil = (wFloor + 1).clamp_max(side - 1);
        const auto dh = (hIdx - hFloor).unsqueeze(1), dw = (wIdx - wFloor).unsqueeze(0);
        const auto baseFloor = (hFloor * side).unsqueeze(1), baseCeil = (hCeil * side).unsqueeze(1);
        const auto wf = wFloor.unsqueeze(0), wc = wCeil.unsqueeze(0);
        const at::Tensor indices[4] = {(baseFloor + wf).flatten(), (baseFloor + wc).flatten(),
                                       (baseCeil + wf).flatten(), (baseCeil + wc).flatten()};
        const at::Tensor weights[4] = {((1 - dh) * (1 - dw)).flatten(), ((1 - dh) * dw).flatten(),
                                       (dh * (1 - dw)).flatten(), (dh * dw).flatten()};
        at::Tensor sum;
        for (int c = 0; c < 4; ++c) {
            const auto rows = posEmbed_.index_select(0, indices[c].to(at::kLong).to(posEmbed_.device()));
            const auto term = rows * weights[c].to(posEmbed_.options()).unsqueeze(1);
            sum = sum.defined() ? sum + term : term;
        }
        perImage.push_back(sum.repeat({t, 1})
                               .view({t, h / m, m, w / m, m, -1})
                               .permute({0, 1, 3, 2, 4, 5})
                               .reshape({t * h * w, -1}));
    }
    return at::cat(perImage, 0);
}

at::Tensor VisionModel::attention(const VisionBlock &block, const at::Tensor &x, const at::Tensor &cos,
                                  const at::Tensor &sin, std::span<const int64_t> imageLengths) const
{
    const int64_t n = x.size(0), heads = config_.numHeads;
    const auto qkv = block.attn.qkv.forward(x).reshape({n, 3, heads, headDim_}).permute({1, 0, 2, 3});
    // Rotary in float32 (apply_rotary_pos_emb_vision), cast back to the model dtype.
    const auto dtype = x.scalar_type();
    const auto c = cos.unsqueeze(1), s = sin.unsqueeze(1);
    const auto q32 = qkv[0].to(at::kFloat), k32 = qkv[1].to(at::kFloat);
    const auto q = (q32 * c + rotateHalf(q32) * s).to(dtype);
    const auto k = (k32 * c + rotateHalf(k32) * s).to(dtype);
    const auto v = qkv[2];

    // Attention never crosses an image boundary: each image is its own sequence.
    std::vector<at::Tensor> outputs;
    int64_t start = 0;
    for (const int64_t len : imageLengths) {
        const auto slice = [&](const at::Tensor &t) {
            return t.narrow(0, start, len).transpose(0, 1).unsqueeze(0);
        };
        outputs.push_back(
            scaledDotProductAttention(slice(q), slice(k), slice(v), /*causal=*/false, attentionDtype_)
                .squeeze(0)
                .transpose(0, 1)
                .reshape({len, -1}));
        start += len;
    }
    return block.attn.proj.forward(outputs.size() == 1 ? outputs[0] : at::cat(outputs, 0));
}

VisionOutput VisionModel::forward(const at::Tensor &pixelValues, std::span<const GridThw> grids) const
{
    const auto dtype = posEmbed_.scalar_type();
    auto hidden = patchEmbed_.forward(pixelValues.to(posEmbed_.device(), dtype));
    hidden = hidden + positionEmbeddings(grids);

    const auto angles = visionRotaryAngles(grids, headDim_, config_.spatialMergeSize, hidden.device());
    const auto emb = at::cat({angles, angles}, -1);
    const auto cos = emb.cos(), sin = emb.sin();

    // Each temporal slice of each image attends only to itself (cu_seqlens in transformers).
    std::vector<int64_t> lengths;
    for (const auto &[t, h, w] : grids)
        for (int64_t f = 0; f < t; ++f)
            lengths.push_back(h * w);

    VisionOutput out;
    for (size_t i = 0; i < blocks_.size(); ++i) {
        const auto &blk = blocks_[i];
        hidden = hidden + attention(blk, blk.norm1.forward(hidden), cos, sin, lengths);
        hidden = hidden + blk.mlp.linear_fc2.forward(
                              at::gelu(blk.mlp.linear_fc1.forward(blk.norm2.forward(hidden)), "tanh"));
        for (size_t k = 0; k < config_.deepstackVisualIndexes.size(); ++k)
            if (config_.deepstackVisualIndexes[k] == static_cast<int64_t>(i))
                out.deepstack.push_back(deepstackMergers_[k].forward(hidden));
    }
    out.merged = merger_.forward(hidden);
    return out;
}

} // namespace cortex::model::nn
