#include "model/weights/tensor_spec.h"

namespace cortex::model {

namespace {

// Appends in the order modules are registered in transformers' modeling_qwen3_vl.py, which is the
// order named_parameters() yields.
class SpecList {
public:
    void add(std::string name, std::vector<int64_t> shape)
    {
        specs.push_back({std::move(name), std::move(shape)});
    }
    void linear(const std::string &prefix, int64_t out, int64_t in, bool bias)
    {
        add(prefix + ".weight", {out, in});
        if (bias)
            add(prefix + ".bias", {out});
    }
    void layerNorm(const std::string &prefix, int64_t dim)
    {
        add(prefix + ".weight", {dim});
        add(prefix + ".bias", {dim});
    }

    std::vector<TensorSpec> specs;
};

void addVision(SpecList &list, const VisionConfig &v)
{
    const int64_t d = v.hiddenSize;
    const std::string root = "model.visual";
    list.add(root + ".patch_embed.proj.weight",
             {d, v.inChannels, v.temporalPatchSize, v.patchSize, v.patchSize});
    list.add(root + ".patch_embed.proj.bias", {d});
    list.add(root + ".pos_embed.weight", {v.numPositionEmbeddings, d});
    for (int64_t i = 0; i < v.depth; ++i) {
        const std::string block = root + ".blocks." + std::to_string(i);
        list.layerNorm(block + ".norm1", d);
        list.layerNorm(block + ".norm2", d);
        list.linear(block + ".attn.qkv", 3 * d, d, true);
        list.linear(block + ".attn.proj", d, d, true);
        list.linear(block + ".mlp.linear_fc1", v.intermediateSize, d, true);
        list.linear(block + ".mlp.linear_fc2", d, v.intermediateSize, true);
    }
    // The merger concatenates a spatial_merge_size^2 window of patches; the final merger normalises
    // each patch before the concatenation (over D), the DeepStack mergers after it (over the window).
    const int64_t merged = d * v.spatialMergeSize * v.spatialMergeSize;
    const auto merger = [&](const std::string &prefix, int64_t normDim) {
        list.layerNorm(prefix + ".norm", normDim);
        list.linear(prefix + ".linear_fc1", merged, merged, true);
        list.linear(prefix + ".linear_fc2", v.outHiddenSize, merged, true);
    };
    merger(root + ".merger", d);
    for (size_t k = 0; k < v.deepstackVisualIndexes.size(); ++k)
        merger(root + ".deepstack_merger_list." + std::to_string(k), merged);
}

void addText(SpecList &list, const TextConfig &t)
{
    const int64_t h = t.hiddenSize;
    const int64_t hd = t.headDim;
    const std::string root = "model.language_model";
    list.add(root + ".embed_tokens.weight", {t.vocabSize, h});
    for (int64_t j = 0; j < t.numHiddenLayers; ++j) {
        const std::string layer = root + ".layers." + std::to_string(j);
        list.linear(layer + ".self_attn.q_proj", t.numAttentionHeads * hd, h, false);
        list.linear(layer + ".self_attn.k_proj", t.numKeyValueHeads * hd, h, false);
        list.linear(layer + ".self_attn.v_proj", t.numKeyValueHeads * hd, h, false);
        list.linear(layer + ".self_attn.o_proj", h, t.numAttentionHeads * hd, false);
        list.add(layer + ".self_attn.q_norm.weight", {hd});
        list.add(layer + ".self_attn.k_norm.weight", {hd});
        list.linear(layer + ".mlp.gate_proj", t.intermediateSize, h, false);
        list.linear(layer + ".mlp.up_proj", t.intermediateSize, h, false);
        list.linear(layer + ".mlp.down_proj", h, t.intermediateSize, false);
        list.add(layer + ".input_layernorm.weight", {h});
        list.add(layer + ".post_attention_layernorm.weight", {h});
    }
    list.add(root + ".norm.weight", {h});
}

} // namespace

std::vector<TensorSpec> qwen3vlTensorSpecs(const ModelConfig &config)
{
    SpecList list;
    addVision(list, config.vision);
    addText(list, config.text);
    if (!config.text.tieWordEmbeddings)
        list.add("lm_head.weight", {config.text.vocabSize, config.text.hiddenSize});
    return std::move(list.specs);
}

int64_t elementCount(const std::vector<int64_t> &shape)
{
    int64_t count = 1;
    for (const int64_t extent : shape)
        count *= extent;
    return count;
}

std::string shapeToString(const std::vector<int64_t> &shape)
{
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i) {
        if (i > 0)
            text += ", ";
        text += std::to_string(shape[i]);
    }
    return text + "]";
}

} // namespace cortex::model
