#pragma once
// The Qwen3 text decoder of Qwen3-VL (transformers' Qwen3VLTextModel): GQA attention with q/k RMSNorm
// before the interleaved M-RoPE, SwiGLU MLP, and the DeepStack visual features added at the image
// positions after the first decoder layers.

#include "model/config/model_config.h"
#include "model/nn/layers.h"
#include "model/nn/rope.h"

#include <ATen/core/Tensor.h>

#include <vector>

namespace cortex::model::nn {

class WeightRegistry;

struct TextAttention {
    Linear q_proj, k_proj, v_proj, o_proj;
    RmsNorm q_norm, k_norm;
    Linear qkvFused; // q_proj, k_proj and v_proj stacked after loading: one matrix product instead of three
};

struct TextMlp {
    Linear gate_proj, up_proj, down_proj;
    Linear gateUpFused; // gate_proj and up_proj stacked after loading
};

struct DecoderLayer {
    RmsNorm input_layernorm;
    TextAttention self_attn;
    TextMlp mlp;
    RmsNorm post_attention_layernorm;
};

class TextModel {
public:
    // `attentionDtype`: the dtype of the attention's products (scaledDotProductAttention);
    // c10::ScalarType::Undefined: the activations' own.
    TextModel(const TextConfig &config, const at::Device &device,
              c10::ScalarType attentionDtype = c10::ScalarType::Undefined);
    // Each decoder layer's projections are fused as soon as the layer is loaded, and with `int8` also
    // quantised then (the load's peak stays one layer above the int8 model's size).
    void registerWeights(WeightRegistry &registry, const std::string &prefix, bool int8);

    const at::Tensor &embedTokens() const { return embedTokens_; }
    at::Tensor embed(const at::Tensor &ids) const; // [B, L] int64 -> [B, L, H]

    // inputsEmbeds [B, L, H] (right-padded), positionIds [3, B, L]; visualMask [B, L] bool marks the
    // image tokens that receive deepstack[k] after layer k. Returns the final-norm hidden states.
    at::Tensor forward(at::Tensor inputsEmbeds, const at::Tensor &positionIds, const at::Tensor &visualMask,
                       const std::vector<at::Tensor> &deepstack) const;

    // The final-norm hidden state of one position per sequence, [B, H]: lastPositions[b] is the pooled
    // position of sequence b. The last layer computes keys and values for every position but its query,
    // attention output, MLP and the final norm only for the pooled rows; the same numbers as forward()
    // at those rows.
    at::Tensor forwardLastTokens(at::Tensor inputsEmbeds, const at::Tensor &positionIds,
                                 const at::Tensor &visualMask, const std::vector<at::Tensor> &deepstack,
                                 const std::vector<int64_t> &lastPositions) const;

private:
    // q/k/v and gate/up stacked into qkvFused and gateUpFused; with `int8` quantised as they are stacked.
    static void fuseProjections(DecoderLayer &layer, bool int8);
    at::Tensor layerForward(const DecoderLayer &layer, const at::Tensor &hidden,
                            const RotaryTables &rotary) const;
    // Layer `index` and, for the first layers, its DeepStack features.
    at::Tensor runLayer(size_t index, const at::Tensor &hidden, const RotaryTables &rotary,
                        const at::Tensor &visualMask, const std::vector<at::Tensor> &deepstack) const;
    // `layer` at the pooled position of each sequence of hidden [B, L, H] only: [B, H].
    at::Tensor layerForwardRows(const DecoderLayer &layer, const at::Tensor &hidden,
                                const RotaryTables &rotary, const std::vector<int64_t> &lastPositions) const;

    TextConfig config_;
    c10::ScalarType attentionDtype_ = c10::ScalarType::Undefined;
    at::Tensor embedTokens_;
    std::vector<DecoderLayer> layers_;
    RmsNorm norm_;
    TextRotaryEmbedding rotary_;
};

} // namespace cortex::model::nn
