#pragma once
// One loaded model, many users: ingestion and searches share the embedding model (there is memory for
// one copy on the GPU), so its calls are serialised by a mutex, a queue in front of the model. The
// ingestion embeds a batch per call, so a search waits for one batch at most, never for a whole job.

#include "embedding/encoder.h"

#include <memory>
#include <mutex>

namespace cortex::session {

class SharedEncoder final : public embedding::Encoder {
public:
    explicit SharedEncoder(std::unique_ptr<embedding::Encoder> inner) : inner_(std::move(inner)) {}
    const store::SpaceIdentity &identity() const override { return inner_->identity(); }
    embedding::ComputeInfo compute() const override { return inner_->compute(); }
    Result<std::vector<std::vector<float>>>
    embedDocuments(std::span<const embedding::EncodeInput> inputs) override
    {
        std::lock_guard lock(mutex_);
        return inner_->embedDocuments(inputs);
    }
    Result<std::vector<std::vector<float>>>
    embedQueries(std::span<const embedding::EncodeInput> inputs) override
    {
        std::lock_guard lock(mutex_);
        return inner_->embedQueries(inputs);
    }
    // Reads the model's tokenizer or limits only (immutable): no turn in the queue.
    std::string fitQueryText(std::string &text) const override { return inner_->fitQueryText(text); }
    int64_t promptTokens(const embedding::EncodeInput &input, const std::string &instruction) const override
    {
        return inner_->promptTokens(input, instruction);
    }

private:
    std::unique_ptr<embedding::Encoder> inner_;
    std::mutex mutex_;
};

class SharedScorer final : public embedding::Scorer {
public:
    explicit SharedScorer(std::unique_ptr<embedding::Scorer> inner) : inner_(std::move(inner)) {}
    std::string name() const override { return inner_->name(); }
    Result<std::vector<double>> score(const embedding::EncodeInput &query,
                                      std::span<const embedding::EncodeInput> documents) override
    {
        std::lock_guard lock(mutex_);
        return inner_->score(query, documents);
    }

private:
    std::unique_ptr<embedding::Scorer> inner_;
    std::mutex mutex_;
};

} // namespace cortex::session
