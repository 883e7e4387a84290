#include "model/nn/text_model.h"

#include "model/nn/attention.h"
#include "model/nn/weight_registry.h"

#include <ATen/ATen.h>

namespace cortex::model::nn {

TextModel::TextModel(const TextConfig &config, const at::Device &device)
    : config_(config), layers_(static_cast<size_t>(config.numHiddenLayers)), rotary_(config, device)
{
    for (auto &layer : layers_) {
        layer.input_layernorm.eps = layer.post_attention_layernorm.eps = config.rmsNormEps;
        layer.self_attn.q_norm.eps = layer.self_attn.k_norm.eps = config.rmsNormEps;
    }
    norm_.eps = config.rmsNormEps;
}

void TextModel::registerWeights(WeightRegistry &r, const std::string &p)
{
    r.add(p + "embed_tokens.weight", embedTokens_);
    for (size_t i = 0; i < layers_.size(); ++i) {
        const auto l = p + "layers." + std::to_string(i) + ".";
        auto &layer = layers_[i];
        r.addLinear(l + "self_attn.q_proj", layer.self_attn.q_proj, /*bias=*/false);
        r.addLinear(l + "self_attn.k_proj", layer.self_attn.k_proj, false);
        r.addLinear(l + "self_attn.v_proj", layer.self_attn.v_proj, false);
        r.addLinear(l + "self_attn.o_proj", layer.self_attn.o_proj, false);
        r.addRmsNorm(l + "self_attn.q_norm", layer.self_attn.q_norm);
        r.addRmsNorm(l + "self_attn.k_norm", layer.self_attn.k_norm);
        r.addLinear(l + "mlp.gate_proj", layer.mlp.gate_proj, false);
        r.addLinear(l + "mlp.up_proj", layer.mlp.up_proj, false);
        r.addLinear(l + "mlp.down_proj", layer.mlp.down_proj, false);
        r.addRmsNorm(l + "input_layernorm", layer.input_layernorm);
        r.addRmsNorm(l + "post_attention_layernorm", layer.post_attention_layernorm);
    }
    r.addRmsNorm(p + "norm", norm_);
    r.onLoaded([this] {
        for (auto &layer : layers_) {
            auto &a = layer.self_attn;
            a.qkvFused.weight = at::cat({a.q_proj.weight, a.k_proj.weight, a.v_proj.weight}, 0);
            a.q_proj = a.k_proj = a.v_proj = Linear{};
            auto &m = layer.mlp;
            m.gateUpFused.weight = at::cat({m.gate_proj.weight, m.up_proj.weight}, 0);
            m.gate_proj = m.up_proj = Linear{};
        }
    });
}

at::Tensor TextModel::embed(const at::Tensor &ids) const
{
    return embedTokens_.index_select(0, ids.reshape({-1})).view({ids.size(0), ids.size(1), -1});
}

at::Tensor TextModel::layerForward(const DecoderLayer &layer, const at::Tensor &hidden,
                                   const RotaryTables &rotary) const
{
    const int64_t b = hidden.size(0), len = hidden.size(1);
    const int64_t heads = config_.numAttentionHeads, kvHeads = config_.numKeyValueHeads, hd = config_.headDim;

    const auto &attn = layer.self_attn;
    const auto qkv = attn.qkvFused.forward(layer.input_layernorm.forward(hidden));
    auto q = attn.q_norm.forward(qkv.narrow(-1, 0, heads * hd).view({b, len, heads, hd})).transpose(1, 2);
    auto k = attn.k_norm.forward(qkv.narrow(-1, heads * hd, kvHeads * hd).view({b, len, kvHeads, hd}))
                 .transpose(1, 2);
    auto v = qkv.narrow(-1, (heads + kvHeads) * hd, kvHeads * hd).view({b, len, kvHeads, hd}).transpose(1, 2);
    applyTextRotary(q, k, rotary);
    const auto repeats = heads / kvHeads;
    // Right padding: a real token never sees a later pad, so the causal mask alone is exact.
    const auto context = scaledDotProductAttention(q, repeatKeyValue(k, repeats), repeatKeyValue(v, repeats),
                                                   /*causal=*/true);
    auto h = hidden + attn.o_proj.forward(context.transpose(1, 2).reshape({b, len, heads * hd}));

    const auto &mlp = layer.mlp;
    const auto gateUp = mlp.gateUpFused.forward(layer.post_attention_layernorm.forward(h));
    const auto inter = config_.intermediateSize;
    return h + mlp.down_proj.forward(at::silu(gateUp.narrow(-1, 0, inter)) * gateUp.narrow(-1, inter, inter));
}

at::Tensor TextModel::forward(at::Tensor hidden, const at::Tensor &positionIds, const at::Tensor &visualMask,
                              const std::vector<at::Tensor> &deepstack) const
{
    const auto rotary = rotary_.forward(positionIds, hidden.scalar_type());
    for (size_t i = 0; i < layers_.size(); ++i) {
        hidden = layerForward(layers_[i], hidden, rotary);
        if (i < deepstack.size() && visualMask.defined()) {
            // hidden[mask] += feature, in the row-major order of the mask (transformers' _deepstack_process).
            const auto flat = hidden.view({-1, hidden.size(-1)});
            const auto rows = visualMask.reshape({-1}).nonzero().squeeze(1);
            flat.index_add_(0, rows, deepstack[i].to(hidden.scalar_type()));
        }
    }
    return norm_.forward(hidden);
}

} // namespace cortex::model::nn
