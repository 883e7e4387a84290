#pragma once
// The Qwen3-VL implementations of Encoder and Scorer: the engine's Embedder and Reranker loaded from
// unmodified Hugging Face snapshot folders.

#include "embedding/encoder.h"
#include "model/engine_options.h"

#include <filesystem>
#include <memory>

namespace cortex::model {
class Embedder;
class Reranker;
class Tokenizer;
} // namespace cortex::model

namespace cortex::embedding {

class QwenEncoder final : public Encoder {
public:
    // mrlDim 0 keeps the model's full width; otherwise it must be in [32, hidden size].
    static Result<std::unique_ptr<QwenEncoder>> load(const std::filesystem::path &modelDir,
                                                     const model::EngineOptions &options, int mrlDim = 0);
    ~QwenEncoder() override;

    const store::SpaceIdentity &identity() const override { return identity_; }
    ComputeInfo compute() const override;
    // The model's tokenizer (immutable), for token-aware chunking.
    std::shared_ptr<const model::Tokenizer> tokenizer() const;
    Result<std::vector<std::vector<float>>> embedDocuments(std::span<const EncodeInput> inputs) override;
    Result<std::vector<std::vector<float>>> embedQueries(std::span<const EncodeInput> inputs) override;
    std::string fitQueryText(std::string &text) const override;
    // Counted without the images' pixel work; 0 for an input the engine would refuse.
    int64_t promptTokens(const EncodeInput &input, const std::string &instruction) const override;
    // Any instruction (normalised as the engine does), at the space's width.
    Result<std::vector<std::vector<float>>> embedWithInstruction(std::span<const EncodeInput> inputs,
                                                                 const std::string &instruction) override;

private:
    QwenEncoder() = default;

    std::unique_ptr<model::Embedder> embedder_;
    store::SpaceIdentity identity_;
};

class QwenScorer final : public Scorer {
public:
    static Result<std::unique_ptr<QwenScorer>> load(const std::filesystem::path &modelDir,
                                                    const model::EngineOptions &options);
    ~QwenScorer() override;

    std::string name() const override { return name_; }
    Result<std::vector<double>> score(const EncodeInput &query,
                                      std::span<const EncodeInput> documents) override;

private:
    QwenScorer() = default;
    std::unique_ptr<model::Reranker> reranker_;
    std::string name_;
};

} // namespace cortex::embedding
