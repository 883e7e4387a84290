#pragma once
// A toy embedding model that the fake server and a fake local encoder both compute: a vector drawn
// from a hash of (instruction, text, image pixels). The fake server recovers those three from the
// request it receives, so a remote vector equals the local one exactly when the request carried the
// instruction, the text and the pixels the local engine would have read.

#include "embedding/encoder.h"
#include "remote/fake_vllm.h"

#include <QByteArray>

#include <cstdint>
#include <string>
#include <vector>

namespace cortex::testing {

inline constexpr int kToyDim = 8;
inline constexpr const char *kToyModel = "Qwen/Qwen3-VL-Embedding-2B";

// RGB bytes of an image, row by row without padding.
QByteArray rgbBytes(const model::Image &image);

std::vector<float> toyEmbedding(const std::string &instruction, const std::string &text,
                                const std::vector<QByteArray> &imagesRgb, uint32_t seed, int dim = kToyDim);

// The server side: /v1/models (the fixture) and /v1/embeddings in both forms, rows answered in reverse
// order (each with its index). `seed` picks the toy model's weights.
struct ToyServer {
    uint32_t seed = 1;
    int dim = kToyDim;
    FakeVllm::Reply operator()(const FakeVllm::Request &request) const;
};

// The local side: the same toy model behind the Encoder interface, with the identity a local folder
// would give it.
class ToyLocalEncoder final : public embedding::Encoder {
public:
    explicit ToyLocalEncoder(uint32_t seed, int dim = kToyDim);
    const store::SpaceIdentity &identity() const override { return identity_; }
    Result<std::vector<std::vector<float>>>
    embedDocuments(std::span<const embedding::EncodeInput> inputs) override;
    Result<std::vector<std::vector<float>>>
    embedQueries(std::span<const embedding::EncodeInput> inputs) override;

private:
    uint32_t seed_;
    int dim_;
    store::SpaceIdentity identity_;
};

} // namespace cortex::testing
