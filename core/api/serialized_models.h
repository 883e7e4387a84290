#pragma once
// One model shared by two workers of the server (the embeddings batcher and the searches): each call
// holds the model alone, since an engine instance is not made to run two forwards at once.

#include "embedding/encoder.h"

#include <mutex>

namespace cortex::api {

class SerializedEncoder final : public embedding::Encoder {
public:
    explicit SerializedEncoder(embedding::Encoder &inner) : inner_(inner) {}
    embedding::ComputeInfo compute() const override { return inner_.compute(); }
    const store::SpaceIdentity &identity() const override { return inner_.identity(); }
    Result<std::vector<std::vector<float>>>
    embedDocuments(std::span<const embedding::EncodeInput> inputs) override
    {
        std::lock_guard lock(mutex_);
        return inner_.embedDocuments(inputs);
    }
    Result<std::vector<std::vector<float>>>
    embedQueries(std::span<const embedding::EncodeInput> inputs) override
    {
        std::lock_guard lock(mutex_);
        return inner_.embedQueries(inputs);
    }
    Result<std::vector<std::vector<float>>>
    embedWithInstruction(std::span<const embedding::EncodeInput> inputs,
                         const std::string &instruction) override
    {
        std::lock_guard lock(mutex_);
        return inner_.embedWithInstruction(inputs, instruction);
    }
    std::string fitQueryText(std::string &text) const override { return inner_.fitQueryText(text); }
    // The tokenizer only (immutable): no turn on the model.
    int64_t promptTokens(const embedding::EncodeInput &input, const std::string &instruction) const override
    {
        return inner_.promptTokens(input, instruction);
    }

private:
    embedding::Encoder &inner_;
    std::mutex mutex_;
};

class SerializedScorer final : public embedding::Scorer {
public:
    explicit SerializedScorer(embedding::Scorer &inner) : inner_(inner) {}
    std::string name() const override { return inner_.name(); }
    Result<std::vector<double>> score(const embedding::EncodeInput &query,
                                      std::span<const embedding::EncodeInput> documents) override
    {
        std::lock_guard lock(mutex_);
        return inner_.score(query, documents);
    }

private:
    embedding::Scorer &inner_;
    std::mutex mutex_;
};

} // namespace cortex::api
