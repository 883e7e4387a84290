#pragma once
// Deterministic stand-ins for the engine in the API tests: an encoder whose vector is a hash of
// (instruction, text, pixels), which records every engine call, can be held at a gate (to fill a
// batcher's queue) and fails on a chosen text naming the input; a scorer whose relevance is a hash of
// the query and the document.

#include "embedding/encoder.h"

#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

namespace cortex::testing {

inline constexpr int kFakeDim = 8;
inline constexpr const char *kFakeDocumentInstruction = "Represent the user's input.";
inline constexpr const char *kBreakingText = "break the engine";

std::vector<float> fakeVector(const std::string &instruction, const embedding::EncodeInput &input);
// The text's bytes, the instruction's bytes and 100 per image.
int64_t fakePromptTokens(const std::string &instruction, const embedding::EncodeInput &input);
double fakeRelevance(const embedding::EncodeInput &query, const embedding::EncodeInput &document);

// Holds every caller until opened.
class Gate {
public:
    void close();
    void open();
    void pass();
    // Blocks until a caller waits at the gate (bounded: false after 30 s).
    bool waitForCaller();

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool closed_ = false;
    int waiting_ = 0;
};

class FakeEncoder final : public embedding::Encoder {
public:
    FakeEncoder();
    const store::SpaceIdentity &identity() const override { return identity_; }
    Result<std::vector<std::vector<float>>>
    embedDocuments(std::span<const embedding::EncodeInput> inputs) override;
    Result<std::vector<std::vector<float>>>
    embedQueries(std::span<const embedding::EncodeInput> inputs) override;
    Result<std::vector<std::vector<float>>>
    embedWithInstruction(std::span<const embedding::EncodeInput> inputs,
                         const std::string &instruction) override;
    // fakePromptTokens: a count the test can compute.
    int64_t promptTokens(const embedding::EncodeInput &input, const std::string &instruction) const override;

    // The number of inputs of each engine call, in order.
    std::vector<size_t> calls() const;
    Gate gate;

private:
    store::SpaceIdentity identity_;
    mutable std::mutex mutex_;
    std::vector<size_t> calls_;
};

class FakeScorer final : public embedding::Scorer {
public:
    std::string name() const override { return "fake-reranker"; }
    Result<std::vector<double>> score(const embedding::EncodeInput &query,
                                      std::span<const embedding::EncodeInput> documents) override;
};

} // namespace cortex::testing
