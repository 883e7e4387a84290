#pragma once
// The reranker's two routes as vLLM serves them (and Cortex's RemoteScorer sends them):
//   POST /v1/rerank  {"model", "query": text | {"content": [part]}, "documents": [text, ...] |
//                     {"content": [part per document]}, "top_n"?}
//      -> {"id", "model", "usage", "results": [{"index", "document", "relevance_score"}]}, best first
//   POST /score      {"model", "text_1": text | [text], "text_2": text | [text, ...]}
//      -> {"id", "object": "list", "created", "model", "data": [{"index", "object": "score", "score"}]}
// text_1 of one text scores it against every text_2; lists of equal length score pair by pair.

#include "api/json_inputs.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace cortex::api {

// One query against its documents (the Scorer's call). /score with pairs makes one per pair.
struct ScoreGroup {
    embedding::EncodeInput query;
    std::vector<embedding::EncodeInput> documents;
};

struct RerankRequest {
    QString model;
    std::vector<ScoreGroup> groups; // /v1/rerank: exactly one
    int topN = 0;                   // 0: every document
};

Result<RerankRequest> parseRerankRequest(const QByteArray &body, const InputLimits &limits);
Result<RerankRequest> parseScoreRequest(const QByteArray &body, const InputLimits &limits);

// `scores` per group, in the documents' order.
QByteArray rerankResponse(const QString &model, const RerankRequest &request,
                          const std::vector<std::vector<double>> &scores);
QByteArray scoreResponse(const QString &model, const std::vector<std::vector<double>> &scores);

} // namespace cortex::api
