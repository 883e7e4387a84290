#pragma once
// What the embedder and the reranker share: a snapshot folder loaded into its configuration,
// tokenizer, image processor and network, and the turning of inputs into model sequences.

#include "model/config/model_config.h"
#include "model/engine_options.h"
#include "model/image/image_processor.h"
#include "model/nn/qwen3vl_model.h"
#include "model/prompts.h"
#include "model/tokenizer/tokenizer.h"
#include "model/video/video_processor.h"

#include <filesystem>
#include <memory>
#include <optional>

namespace cortex::model {

// A sequence ready for the network, owning its processed images and video.
struct PreparedSequence {
    std::vector<int32_t> ids;
    std::vector<ProcessedImage> images;
    std::optional<ProcessedVideo> video = std::nullopt;
    nn::SequenceInput view() const;
};

class ModelBundle {
public:
    static Result<std::unique_ptr<ModelBundle>> load(const std::filesystem::path &modelDir,
                                                     const EngineOptions &options);

    const ModelConfig &config() const { return config_; }
    const Tokenizer &tokenizer() const { return *tokenizer_; }
    std::shared_ptr<const Tokenizer> sharedTokenizer() const { return tokenizer_; } // immutable: share freely
    const nn::Qwen3VLModel &model() const { return *model_; }
    const EngineOptions &options() const { return options_; }
    const std::filesystem::path &directory() const { return directory_; }

    // Resizes and patchifies the input's images (errors name the image).
    Result<std::vector<ProcessedImage>> processImages(const MultimodalInput &input) const;
    // Resizes and patchifies the input's video, if it has one (errors name the clip).
    Result<std::optional<ProcessedVideo>> processVideo(const MultimodalInput &input) const;
    const VideoProcessor &videoProcessor() const { return *videoProcessor_; }
    // Each image's <|image_pad|> count as processImages gives it, without the pixel work.
    Result<std::vector<int64_t>> imageTokenCounts(const MultimodalInput &input) const;

    // Runs the sequences in batches of options().batchSize, longest first to limit padding, and
    // returns each sequence's last-token state [N, H] (float32) in input order.
    Result<at::Tensor> lastTokenStates(const std::vector<PreparedSequence> &sequences) const;

private:
    std::filesystem::path directory_;
    EngineOptions options_;
    ModelConfig config_;
    std::shared_ptr<const Tokenizer> tokenizer_;
    std::unique_ptr<ImageProcessor> imageProcessor_;
    std::unique_ptr<VideoProcessor> videoProcessor_;
    std::unique_ptr<nn::Qwen3VLModel> model_;
};

} // namespace cortex::model
