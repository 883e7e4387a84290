#pragma once
// Qwen3-VL (transformers' Qwen3VLModel): the vision tower feeding the text decoder. Produces the final
// hidden states that the embedding and reranking heads read.

#include "model/common/result.h"
#include "model/config/model_config.h"
#include "model/image/image_processor.h"
#include "model/nn/device.h"
#include "model/nn/text_model.h"
#include "model/nn/vision_model.h"

#include <ATen/core/Tensor.h>

#include <filesystem>
#include <memory>
#include <span>
#include <vector>

namespace cortex::model::nn {

// One sequence: token ids with each image's <|image_pad|> already repeated numImageTokens times,
// and the images in the order their pads appear; likewise the videos (patches of grid (t, h, w), their
// numImageTokens <|video_pad|> tokens spread over t runs, one per temporal group).
struct SequenceInput {
    std::vector<int32_t> ids;
    std::vector<const ProcessedImage *> images;
    std::vector<const ProcessedImage *> videos = {};
};

class Qwen3VLModel {
public:
    static Result<std::unique_ptr<Qwen3VLModel>> load(const std::filesystem::path &modelDir,
                                                      const ModelConfig &config, const ComputeTarget &target);

    // Final-norm hidden states [B, Lmax, H] of a right-padded batch.
    Result<at::Tensor> forward(std::span<const SequenceInput> batch) const;

    // The row of each sequence's last token, [B, H] in float32. Only that row goes through the last
    // layer's query, attention output and MLP and through the final norm.
    Result<at::Tensor> lastTokenStates(std::span<const SequenceInput> batch) const;

    const ModelConfig &config() const { return config_; }
    const ComputeTarget &target() const { return target_; }
    const VisionModel &vision() const { return *vision_; }
    // lm_head, or the input embedding when the embeddings are tied.
    const at::Tensor &outputEmbedding() const { return lmHead_.defined() ? lmHead_ : text_->embedTokens(); }

private:
    Qwen3VLModel(const ModelConfig &config, const ComputeTarget &target);
    // forward() when lastOnly is false; lastTokenStates() in the model dtype when it is true.
    Result<at::Tensor> run(std::span<const SequenceInput> batch, bool lastOnly) const;

    ModelConfig config_;
    ComputeTarget target_;
    std::unique_ptr<VisionModel> vision_;
    std::unique_ptr<TextModel> text_;
    at::Tensor lmHead_;
};

} // namespace cortex::model::nn
