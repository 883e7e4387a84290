#pragma once
// Qwen3-VL-Reranker: how well a document (text and/or images) answers a query (text and/or images).
// The official recipe: the judge prompt, and score = sigmoid(logit) with
// logit = (W[yes] - W[no]) . h_last, W being lm_head (or the tied input embedding), in float32.
// (Full-vocabulary logits in bf16 followed by a subtraction lose both precision and time.)

#include "model/engine_options.h"
#include "model/model_bundle.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace cortex::model {

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

    const ModelBundle &bundle() const { return *bundle_; }

private:
    std::unique_ptr<ModelBundle> bundle_;
    at::Tensor scoreDirection_; // W[yes] - W[no], float32 on the model's device
};

} // namespace cortex::model
