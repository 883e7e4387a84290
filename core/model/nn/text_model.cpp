#include "model/nn/text_model.h"

#include "model/nn/allocator_tuning.h"
#include "model/nn/attention.h"
#include "model/nn/int8_linear.h"
#include "model/nn/split_products.h"
#include "model/nn/weight_registry.h"

#include <ATen/ATen.h>

#include <initializer_list>
#include <vector>

namespace cortex::model::nn {

TextModel::TextModel(const TextConfig &config, const at::Device &device, c10::ScalarType attentionDtype)
    : config_(config), attentionDtype_(attentionDtype), layers_(static_cast<size_t>(config.numHiddenLayers)),
      rotary_(config, device)
{
    for (auto &layer : layers_) {
        layer.input_layernorm.eps = layer.post_attention_layernorm.eps = config.rmsNormEps;
        layer.self_attn.q_norm.eps = layer.self_attn.k_norm.eps = config.rmsNormEps;
    }
    norm_.eps = config.rmsNormEps;
}

void TextModel::registerWeights(WeightRegistry &r, const std::string &p, bool int8)
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
        r.onGroupLoaded(r.namesUnder(l), [&layer, int8] {
            fuseProjections(layer, int8);
            if (int8) {
                layer.self_attn.o_proj.quantizeToInt8();
                layer.mlp.down_proj.quantizeToInt8();
                // The freed int8 matrices the packing read (and bfloat16 copies, where the file is in
                // another dtype) sit between packed ones, where the next layer's do not all fit:
                // returned at once, or the heap grows over the load (by 0.67 GiB of 2B, 1.5 GiB when
                // every weight was copied out of the file first).
                releaseFreeMemory();
            }
        });
    }
    r.addRmsNorm(p + "norm", norm_);
}

void TextModel::fuseProjections(DecoderLayer &layer, bool int8)
{
    // int8 quantises the parts into the fused matrix: each output row is quantised on its own, so the
    // parts' rows stacked are the fused matrix's, and the fused bfloat16 copy is never made.
    const auto fuse = [int8](Linear &fused, std::initializer_list<Linear *> parts) {
        std::vector<at::Tensor> weights;
        for (const Linear *part : parts)
            weights.push_back(part->weight);
        if (int8)
            fused.int8 = Int8Weight::quantize(weights, at::Tensor());
        else
            fused.weight = at::cat(weights, 0);
        for (Linear *part : parts)
            *part = Linear{};
    };
    auto &a = layer.self_attn;
    fuse(a.qkvFused, {&a.q_proj, &a.k_proj, &a.v_proj});
    auto &m = layer.mlp;
    fuse(m.gateUpFused, {&m.gate_proj, &m.up_proj});
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
                                                   /*causal=*/true, attentionDtype_);
    auto h = hidden + attn.o_proj.forward(context.transpose(1, 2).reshape({b, len, heads * hd}));

    const auto &mlp = layer.mlp;
    const auto gateUp = mlp.gateUpFused.forward(layer.post_attention_layernorm.forward(h));
    const auto inter = config_.intermediateSize;
    return h + mlp.down_proj.forward(at::silu(gateUp.narrow(-1, 0, inter)) * gateUp.narrow(-1, inter, inter));
}

at::Tensor TextModel::runLayer(size_t index, const at::Tensor &hidden, const RotaryTables &rotary,
                               const at::Tensor &visualMask, const std::vector<at::Tensor> &deepstack) const
{
    auto out = layerForward(layers_[index], hidden, rotary);
    if (index < deepstack.size() && visualMask.defined()) {
        // hidden[mask] += feature, in the row-major order of the mask (transformers' _deepstack_process).
        const auto flat = out.view({-1, out.size(-1)});
        const auto rows = visualMask.reshape({-1}).nonzero().squeeze(1);
        flat.index_add_(0, rows, deepstack[index].to(out.scalar_type()));
    }
    return out;
}

at::Tensor TextModel::forward(at::Tensor hidden, const at::Tensor &positionIds, const at::Tensor &visualMask,
                              const std::vector<at::Tensor> &deepstack) const
{
    const auto rotary = rotary_.forward(positionIds, hidden.scalar_type());
    for (size_t i = 0; i < layers_.size(); ++i)
        hidden = runLayer(i, hidden, rotary, visualMask, deepstack);
    return norm_.forward(hidden);
}

at::Tensor TextModel::layerForwardRows(const DecoderLayer &layer, const at::Tensor &hidden,
                                       const RotaryTables &rotary,
                                       const std::vector<int64_t> &lastPositions) const
{
    const int64_t b = hidden.size(0), len = hidden.size(1), width = hidden.size(2);
    const int64_t heads = config_.numAttentionHeads, kvHeads = config_.numKeyValueHeads, hd = config_.headDim;
    std::vector<int64_t> flatRows(lastPositions.size());
    for (size_t i = 0; i < flatRows.size(); ++i)
        flatRows[i] = int64_t(i) * len + lastPositions[i];
    const auto rows = at::tensor(flatRows, at::kLong).to(hidden.device());
    const auto pick = [&rows](const at::Tensor &t) { // [B, L, ...] -> [B, 1, ...] at the pooled rows
        auto sizes = t.sizes().vec();
        const auto flat = t.reshape({sizes[0] * sizes[1], -1}).index_select(0, rows);
        sizes[1] = 1;
        return flat.view(sizes);
    };

    const auto &attn = layer.self_attn;
    const auto normed = layer.input_layernorm.forward(hidden);
    // Keys and values of every position (the pooled query attends to all of them); the query of the
    // pooled rows only.
    at::Tensor kv, qRows;
    if (attn.qkvFused.int8) {
        // Packed int8 weights cannot be cut into rows: every position is projected, and the pooled
        // rows' queries are kept.
        const auto qkv = attn.qkvFused.forward(normed);
        kv = qkv.narrow(-1, heads * hd, 2 * kvHeads * hd);
        qRows = pick(qkv.narrow(-1, 0, heads * hd));
    } else {
        const auto &w = attn.qkvFused.weight; // rows: q, then k, then v
        kv = linearProduct(normed, w.narrow(0, heads * hd, 2 * kvHeads * hd), {});
        qRows = linearProduct(pick(normed), w.narrow(0, 0, heads * hd), {});
    }
    auto k = attn.k_norm.forward(kv.narrow(-1, 0, kvHeads * hd).view({b, len, kvHeads, hd})).transpose(1, 2);
    const auto v = kv.narrow(-1, kvHeads * hd, kvHeads * hd).view({b, len, kvHeads, hd}).transpose(1, 2);
    auto q = attn.q_norm.forward(qRows.view({b, 1, heads, hd})).transpose(1, 2);
    k = rotateText(k, rotary);
    q = rotateText(q, RotaryTables{pick(rotary.cos), pick(rotary.sin)});
    const auto repeats = heads / kvHeads;
    const auto keys = repeatKeyValue(k, repeats), values = repeatKeyValue(v, repeats);
    // The pooled position p sees keys 0..p (right padding: the pads come after it).
    std::vector<at::Tensor> contexts;
    for (int64_t i = 0; i < b; ++i) {
        const int64_t seen = lastPositions[size_t(i)] + 1;
        contexts.push_back(scaledDotProductAttention(q.narrow(0, i, 1),
                                                     keys.narrow(0, i, 1).narrow(2, 0, seen),
                                                     values.narrow(0, i, 1).narrow(2, 0, seen),
                                                     /*causal=*/false, attentionDtype_));
    }
    const auto context =
        (b == 1 ? contexts[0] : at::cat(contexts, 0)).transpose(1, 2).reshape({b, heads * hd});
    auto h = pick(hidden).view({b, width}) + attn.o_proj.forward(context);

    const auto &mlp = layer.mlp;
    const auto gateUp = mlp.gateUpFused.forward(layer.post_attention_layernorm.forward(h));
    const auto inter = config_.intermediateSize;
    return h + mlp.down_proj.forward(at::silu(gateUp.narrow(-1, 0, inter)) * gateUp.narrow(-1, inter, inter));
}

at::Tensor TextModel::forwardLastTokens(at::Tensor hidden, const at::Tensor &positionIds,
                                        const at::Tensor &visualMask,
                                        const std::vector<at::Tensor> &deepstack,
                                        const std::vector<int64_t> &lastPositions) const
{
    const auto rotary = rotary_.forward(positionIds, hidden.scalar_type());
    const size_t count = layers_.size();
    // DeepStack features after the last layer (a model with as many of them as layers) would need
    // every row: then the whole way.
    const bool lastRowsOnly = count > 0 && deepstack.size() < count;
    for (size_t i = 0; i + (lastRowsOnly ? 1 : 0) < count; ++i)
        hidden = runLayer(i, hidden, rotary, visualMask, deepstack);
    if (lastRowsOnly)
        return norm_.forward(layerForwardRows(layers_[count - 1], hidden, rotary, lastPositions));
    const int64_t len = hidden.size(1);
    std::vector<int64_t> flatRows(lastPositions.size());
    for (size_t i = 0; i < flatRows.size(); ++i)
        flatRows[i] = int64_t(i) * len + lastPositions[i];
    const auto rows = at::tensor(flatRows, at::kLong).to(hidden.device());
    return norm_.forward(hidden.reshape({-1, hidden.size(-1)}).index_select(0, rows));
}

} // namespace cortex::model::nn
