#pragma once
// Rotary position embeddings of both towers: the interleaved M-RoPE of the text decoder with the 3-D
// position ids of transformers' get_rope_index, and the 2-D rotary of the vision tower.

#include "model/config/model_config.h"

#include <ATen/core/Tensor.h>

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace cortex::model::nn {

using GridThw = std::array<int64_t, 3>;

// Positions (T, H, W) per token of one unpadded sequence, laid out [3][L]. Text tokens share one
// value on all three axes, counting up; the <|image_pad|> run of image k (grid gridThw[k]) gets
// T = b, H = b + row, W = b + col over its merged grid, b being the position the next text token
// would have had; text after an image continues at max(all positions so far) + 1.
std::vector<int64_t> mropePositionIds(std::span<const int32_t> ids, std::span<const GridThw> grids,
                                      int64_t imageTokenId, int64_t spatialMergeSize);

// The same with videos (get_rope_index): a video of grid (t, h, w) is split into t grids (1, h, w),
// because the timestamp text between its groups separates them (transformers repeat_interleaves
// video_grid_thw over t and sets t = 1); each group's <|video_pad|> run is placed like an image's, and
// the text between the groups counts on. Image runs take imageGrids in order, video runs the groups of
// videoGrids in order.
std::vector<int64_t> mropePositionIds(std::span<const int32_t> ids, std::span<const GridThw> imageGrids,
                                      std::span<const GridThw> videoGrids, int64_t imageTokenId,
                                      int64_t videoTokenId, int64_t spatialMergeSize);

// cos and sin [B, L, headDim] in `dtype` for positions [3, B, L] (int64, on the target device).
struct RotaryTables {
    at::Tensor cos;
    at::Tensor sin;
};
class TextRotaryEmbedding {
public:
    TextRotaryEmbedding() = default;
    TextRotaryEmbedding(const TextConfig &config, const at::Device &device);
    RotaryTables forward(const at::Tensor &positionIds, at::ScalarType dtype) const;

private:
    at::Tensor invFreq_;    // [headDim / 2] float32
    at::Tensor axisOfSlot_; // [headDim / 2] int64: 0 = T, 1 = H, 2 = W
};

// q, k: [B, heads, L, D]; cos, sin: [B, L, D]. Computed in the tensors' dtype like transformers.
void applyTextRotary(at::Tensor &q, at::Tensor &k, const RotaryTables &tables);
// The same rotation of one tensor x: [B, heads, L, D].
at::Tensor rotateText(const at::Tensor &x, const RotaryTables &tables);

// The vision tower's rotary angles [N, headDim/2] for patches in merge-window order, where
// N = sum of t*h*w over the images.
at::Tensor visionRotaryAngles(std::span<const GridThw> grids, int64_t headDim, int64_t spatialMergeSize,
                              const at::Device &device);

} // namespace cortex::model::nn
