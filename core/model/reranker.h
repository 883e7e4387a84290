#pragma once
// Qwen3-VL-Reranker: how well a document (text and/or images) answers a query (text and/or images).
// The official recipe: the judge prompt, and score = sigmoid(logit) with
// logit = (W[yes] - W[no]) . h_last, W being lm_head (or the tied input embedding), in float32.
// (Full-vocabulary logits in bf16 followed by a subtraction lose both precision and time.)

#include "model/engine_options.h"
#include "model/model_bundle.h"
#include "model/prompts.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace cortex::model {

// The query's share of a reranker input: its text is cut to this many tokens, the document's text to
// what is left of kMaxInputTokens (a long pasted query still leaves the document room to be judged).
inline constexpr int64_t kMaxRerankQueryTokens = kMaxInputTokens / 2;

struct RerankScore {
    double logit = 0;
    double score = 0; // sigmoid(logit), in (0, 1)
};

class Reranker {
public:
    static Result<std::unique_ptr<Reranker>> load(const std::filesystem::path &modelDir,
                                                  const EngineOptions &options = {});

    // Scores every document against the query (batched).
    Result<std::vector<RerankScore>> score(const MultimodalInput &query,
                                           std::span<const MultimodalInput> documents,
                                           std::optional<std::string_view> instruction = std::nullopt) const;

    Result<std::vector<int32_t>> inputIds(const MultimodalInput &query, const MultimodalInput &document,
                                          std::optional<std::string_view> instruction = std::nullopt) const;

    // The query's and the document's texts as score() cuts them: the query to kMaxRerankQueryTokens,
    // the document to the rest of kMaxInputTokens after the prompt and the images' tokens.
    std::pair<FittedText, FittedText> fitTexts(std::string_view query, std::string_view document,
                                               std::optional<std::string_view> instruction = std::nullopt,
                                               int64_t imageTokens = 0) const;

    const ModelBundle &bundle() const { return *bundle_; }

private:
    std::unique_ptr<ModelBundle> bundle_;
    at::Tensor scoreDirection_; // W[yes] - W[no], float32 on the model's device
};

} // namespace cortex::model
