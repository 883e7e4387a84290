#include "model/nn/rope.h"

#include "model/nn/layers.h"

#include <ATen/ATen.h>

#include <algorithm>

namespace cortex::model::nn {

std::vector<int64_t> mropePositionIds(std::span<const int32_t> ids, std::span<const GridThw> grids,
                                      int64_t imageTokenId, int64_t spatialMergeSize)
{
    return mropePositionIds(ids, grids, {}, imageTokenId, /*videoTokenId=*/-1, spatialMergeSize);
}

std::vector<int64_t> mropePositionIds(std::span<const int32_t> ids, std::span<const GridThw> imageGrids,
                                      std::span<const GridThw> videoGrids, int64_t imageTokenId,
                                      int64_t videoTokenId, int64_t spatialMergeSize)
{
    // The video grids split into their temporal groups, each one frame group of t = 1.
    std::vector<GridThw> groups;
    for (const auto &[t, h, w] : videoGrids)
        for (int64_t g = 0; g < t; ++g)
            groups.push_back({1, h, w});
    const auto length = static_cast<int64_t>(ids.size());
    std::vector<int64_t> positions(3 * static_cast<size_t>(length));
    int64_t next = 0; // position the next text token gets
    size_t image = 0, group = 0;
    int64_t i = 0;
    while (i < length) {
        const bool isImage = ids[i] == imageTokenId && image < imageGrids.size();
        const bool isVideo = !isImage && ids[i] == videoTokenId && group < groups.size();
        if (!isImage && !isVideo) {
            for (int axis = 0; axis < 3; ++axis)
                positions[axis * length + i] = next;
            ++next;
            ++i;
            continue;
        }
        const auto &[t, h, w] = isImage ? imageGrids[image++] : groups[group++];
        const int64_t gridH = h / spatialMergeSize, gridW = w / spatialMergeSize;
        const int64_t count = t * gridH * gridW;
        int64_t largest = next - 1;
        for (int64_t j = 0; j < count && i + j < length; ++j) {
            // Images and video groups have t == 1 here (the temporal id stays `next`).
            const int64_t frame = j / (gridH * gridW), row = (j / gridW) % gridH, col = j % gridW;
            const int64_t p[3] = {next + frame, next + row, next + col};
            for (int axis = 0; axis < 3; ++axis) {
                positions[axis * length + i + j] = p[axis];
                largest = std::max(largest, p[axis]);
            }
        }
        i += count;
        next = largest + 1;
    }
    return positions;
}

TextRotaryEmbedding::TextRotaryEmbedding(const TextConfig &config, const at::Device &device)
{
    const int64_t half = config.headDim / 2;
    // inv_freq = 1 / theta^(arange(0, dim, 2) / dim), computed in float32 as transformers does.
    const auto exponents = at::arange(0, config.headDim, 2, at::kLong).to(at::kFloat) / float(config.headDim);
    invFreq_ = (1.0 / at::pow(at::scalar_tensor(config.ropeTheta, at::kFloat), exponents)).to(device);

    std::vector<int64_t> axis(static_cast<size_t>(half), 0);
    for (int64_t i = 0; i < half; ++i) {
        if (config.mropeInterleaved) {
            if (i % 3 == 1 && i < 3 * config.mropeSection[1])
                axis[i] = 1;
            else if (i % 3 == 2 && i < 3 * config.mropeSection[2])
                axis[i] = 2;
        } else {
            // Contiguous sections: the first section[0] slots use T, the next section[1] H, then W.
            axis[i] = i < config.mropeSection[0]
                          ? 0
                          : (i < config.mropeSection[0] + config.mropeSection[1] ? 1 : 2);
        }
    }
    axisOfSlot_ = at::tensor(axis, at::kLong).to(device);
}

RotaryTables TextRotaryEmbedding::forward(const at::Tensor &positionIds, at::ScalarType dtype) const
{
    // freqs[a, b, l, i] = position[a, b, l] * inv_freq[i], then slot i takes axis axisOfSlot_[i].
    const auto freqs = positionIds.to(at::kFloat).unsqueeze(-1) * invFreq_; // [3, B, L, half]
    const auto index =
        axisOfSlot_.view({1, 1, 1, -1}).expand({1, freqs.size(1), freqs.size(2), freqs.size(3)});
    const auto chosen = freqs.gather(0, index).squeeze(0); // [B, L, half]
    const auto emb = at::cat({chosen, chosen}, -1);
    return {emb.cos().to(dtype), emb.sin().to(dtype)};
}

void applyTextRotary(at::Tensor &q, at::Tensor &k, const RotaryTables &tables)
{
    q = rotateText(q, tables);
    k = rotateText(k, tables);
}

at::Tensor rotateText(const at::Tensor &x, const RotaryTables &tables)
{
    return x * tables.cos.unsqueeze(1) + rotateHalf(x) * tables.sin.unsqueeze(1);
}

at::Tensor visionRotaryAngles(std::span<const GridThw> grids, int64_t headDim, int64_t spatialMergeSize,
                              const at::Device &device)
{
    // Qwen3VLVisionRotaryEmbedding(dim = headDim / 2, theta = 10000): inv_freq over dim/2 slots.
    const int64_t dim = headDim / 2;
    const auto invFreq = 1.0 / at::pow(at::scalar_tensor(10000.0, at::kFloat),
                                       at::arange(0, dim, 2, at::kLong).to(at::kFloat) / float(dim));
    std::vector<int64_t> rows, cols;
    for (const auto &[t, h, w] : grids) {
        for (int64_t f = 0; f < t; ++f)
            for (int64_t br = 0; br < h / spatialMergeSize; ++br)
                for (int64_t bc = 0; bc < w / spatialMergeSize; ++bc)
                    for (int64_t ir = 0; ir < spatialMergeSize; ++ir)
                        for (int64_t ic = 0; ic < spatialMergeSize; ++ic) {
                            rows.push_back(br * spatialMergeSize + ir);
                            cols.push_back(bc * spatialMergeSize + ic);
                        }
    }
    const auto r = at::tensor(rows, at::kLong).to(at::kFloat).unsqueeze(1);
    const auto c = at::tensor(cols, at::kLong).to(at::kFloat).unsqueeze(1);
    return at::cat({r * invFreq, c * invFreq}, 1).to(device); // [N, dim]
}

} // namespace cortex::model::nn
