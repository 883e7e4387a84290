#pragma once
// Qwen3-VL-Embedding: one vector per text, image, video or mixed input, in one space for all of them.
// The official recipe: the instruction prompt, <|endoftext|> appended, the last token's final hidden
// state, L2-normalised; a Matryoshka prefix of it (re-normalised) for a smaller index.

#include "model/engine_options.h"
#include "model/model_bundle.h"
#include "model/prompts.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace cortex::model {

class Embedder {
public:
    static Result<std::unique_ptr<Embedder>> load(const std::filesystem::path &modelDir,
                                                  const EngineOptions &options = {});

    // Embeds the inputs (batched, padded; the same result as one at a time). `dimension` 0 keeps the
    // full width; otherwise the first `dimension` values, re-normalised (MRL).
    Result<std::vector<std::vector<float>>> embed(std::span<const MultimodalInput> inputs,
                                                  std::optional<std::string_view> instruction = std::nullopt,
                                                  int64_t dimension = 0) const;

    // The token ids the network sees for one input (image and video pads expanded, the video's
    // timestamp texts, <|endoftext|> appended).
    Result<std::vector<int32_t>> inputIds(const MultimodalInput &input,
                                          std::optional<std::string_view> instruction = std::nullopt) const;

    // inputIds(input, instruction).size() without the images' and the video's pixel work (their sizes,
    // and the video's frame times, decide their tokens): what a served request is counted as (the API's
    // usage).
    Result<int64_t> promptTokens(const MultimodalInput &input,
                                 std::optional<std::string_view> instruction = std::nullopt) const;

    // An input's text cut so that its whole prompt (instruction, template, `imageTokens` tokens of its images
    // and video,
    // <|endoftext|>) fits kMaxInputTokens, as the official embedder's max_length does (but keeping the
    // prompt's end, which the pooled last token needs, instead of cutting it off). embed() applies it to
    // every input; callers use it to tell the user ("the query was truncated to N tokens").
    FittedText fitText(std::string_view text, std::optional<std::string_view> instruction = std::nullopt,
                       int64_t imageTokens = 0) const;

    int64_t dimension() const { return bundle_->config().text.hiddenSize; }
    const ModelBundle &bundle() const { return *bundle_; }

private:
    Result<PreparedSequence> prepare(const MultimodalInput &input,
                                     std::optional<std::string_view> instruction) const;
    // The ids of the prompt with the images' pad counts and the video (may be null): the fitted text,
    // <|endoftext|> appended.
    Result<std::vector<int32_t>> promptIds(std::string_view text,
                                           const std::vector<int64_t> &imageTokenCounts,
                                           const VideoPromptPart *video,
                                           std::optional<std::string_view> instruction) const;

    std::unique_ptr<ModelBundle> bundle_;
};

} // namespace cortex::model
