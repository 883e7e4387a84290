#pragma once
// The Qwen3-VL vision tower (transformers' Qwen3VLVisionModel): patch embedding, interpolated learned
// positions, 2-D rotary, pre-norm blocks with attention confined to each image, the 2x2 patch merger
// and the DeepStack mergers.

#include "model/config/model_config.h"
#include "model/nn/layers.h"
#include "model/nn/rope.h"

#include <ATen/core/Tensor.h>

#include <span>
#include <vector>

namespace cortex::model::nn {

class WeightRegistry;

struct VisionAttention {
    Linear qkv;
    Linear proj;
};

struct VisionMlp {
    Linear linear_fc1;
    Linear linear_fc2;
};

struct VisionBlock {
    LayerNorm norm1;
    LayerNorm norm2;
    VisionAttention attn;
    VisionMlp mlp;
};

// Maps each group of 4 merge-window rows to one text-hidden vector. The DeepStack mergers normalise
// after the 2x2 shuffle (over 4D), the final merger before it (over D).
struct PatchMerger {
    LayerNorm norm;
    Linear linear_fc1;
    Linear linear_fc2;
    bool postShuffleNorm = false;
    at::Tensor forward(const at::Tensor &x) const;
};

struct VisionOutput {
    at::Tensor merged;                 // [sum(t*h*w)/4, outHidden]
    std::vector<at::Tensor> deepstack; // one per deepstack_visual_indexes entry, same shape
};

class VisionModel {
public:
    // `attentionDtype`: the dtype of the attention's products (scaledDotProductAttention);
    // c10::ScalarType::Undefined: the activations' own.
    explicit VisionModel(const VisionConfig &config,
                         c10::ScalarType attentionDtype = c10::ScalarType::Undefined);
    // With `int8`, each block's linear layers are quantised as soon as the block is loaded, the rest
    // (patch embedding, mergers) once everything is.
    void registerWeights(WeightRegistry &registry, const std::string &prefix, bool int8);

    // pixelValues: [N, C*T*P*P] rows in merge-window order for the images of `grids`, in order.
    VisionOutput forward(const at::Tensor &pixelValues, std::span<const GridThw> grids) const;

    // Exposed for tests that localise a mismatch.
    at::Tensor positionEmbeddings(std::span<const GridThw> grids) const;

private:
    static void quantizeBlock(VisionBlock &block);
    // The linear layers outside the blocks (patch embedding, mergers) in int8.
    void quantizeOutsideBlocks();
    at::Tensor attention(const VisionBlock &block, const at::Tensor &x, const at::Tensor &cos,
                         const at::Tensor &sin, std::span<const int64_t> imageLengths) const;

    VisionConfig config_;
    c10::ScalarType attentionDtype_ = c10::ScalarType::Undefined;
    int64_t headDim_ = 0;
    int64_t gridPerSide_ = 0;
    Linear patchEmbed_; // Conv3d with stride == kernel is a Linear over each flattened patch row
    at::Tensor posEmbed_;
    std::vector<VisionBlock> blocks_;
    PatchMerger merger_;
    std::vector<PatchMerger> deepstackMergers_;
};

} // namespace cortex::model::nn
