#pragma once
// A Scorer whose reranker runs on a vLLM server: POST /v1/rerank (Jina/Cohere-style, what vLLM serves
// for cross-encoders and Qwen3-VL-Reranker), or the older POST /score for servers without it.

#include "embedding/encoder.h"
#include "remote/remote_endpoint.h"

#include <memory>

namespace cortex::remote {

enum class ScoreApi { Rerank, Score };

class RemoteScorer final : public embedding::Scorer {
public:
    // Checks that the server serves the reranker named (GET /v1/models).
    static Result<std::unique_ptr<RemoteScorer>> connect(const RemoteEndpoint &endpoint,
                                                         ScoreApi api = ScoreApi::Rerank);

    std::string name() const override { return endpoint_.model.toStdString(); }
    // Documents in requests of at most endpoint.batchSize; relevance per document in input order. The
    // reranker's relevance is a probability already (vLLM applies the sigmoid), checked to be in [0, 1].
    Result<std::vector<double>> score(const embedding::EncodeInput &query,
                                      std::span<const embedding::EncodeInput> documents) override;

private:
    RemoteScorer() = default;
    RemoteEndpoint endpoint_;
    ScoreApi api_ = ScoreApi::Rerank;
};

} // namespace cortex::remote
