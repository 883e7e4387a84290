#pragma once
// The request bodies Cortex sends to a vLLM server's OpenAI-compatible pooling API and the checks of its
// answers, as pure functions of bytes (no network), so that every shape is tested against the
// documented ones (tests/remote/vllm_fixtures.h cites where each comes from).
//
//   POST /v1/embeddings  {"model", "input": [prompt...], "encoding_format": "float", ...}   text, batched
//   POST /v1/embeddings  {"model", "messages": [system, user], "encoding_format": "float"}  images, one
//   POST /v1/rerank      {"model", "query", "documents": [...]}
//   POST /score          {"model", "text_1", "text_2": [...]}
//   GET  /v1/models      {"object": "list", "data": [{"id", "root", ...}]}
//
// Every answer is hostile: rows are matched by their `index` (vLLM may answer out of order), each
// index must be in range and appear once, every row must be there, vectors must have the expected
// length and finite values; a failure names the server and what was wrong.

#include "common/result.h"
#include "embedding/encoder.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <span>
#include <string>
#include <vector>

namespace cortex::remote {

// The embedding prompt of Qwen3-VL-Embedding as the local engine builds it (model/prompts.cpp,
// embeddingPrompt, with <|endoftext|> appended by model/embedder.cpp), rendered as text: the text-only
// inputs go as these strings so that the server tokenizes exactly what the local engine does.
std::string renderEmbeddingPrompt(const std::string &text, const std::string &instruction);

// A batch of text-only inputs in the completion form ("input" is a list of rendered prompts).
QByteArray textEmbeddingRequest(const QString &model, std::span<const embedding::EncodeInput> inputs,
                                const std::string &instruction);
// One input with images in the chat form vLLM documents for multimodal embedding models: the
// instruction is the system message, the user message holds the images (PNG data: URLs) then the text.
QByteArray chatEmbeddingRequest(const QString &model, const embedding::EncodeInput &input,
                                const std::string &instruction);

// `rows` vectors in index order, each of `dim` finite floats (dim 0: any length, the same for all).
// `server` names the server in messages ("the model server at http://gpu:8000").
Result<std::vector<std::vector<float>>> parseEmbeddingResponse(const QByteArray &body, size_t rows, int dim,
                                                               const QString &server);

// The reranker: documents as strings when all are text; otherwise in vLLM's multimodal score form
// ({"content": [part per document]}, a document with images as its first image).
QByteArray rerankRequest(const QString &model, const embedding::EncodeInput &query,
                         std::span<const embedding::EncodeInput> documents);
// One relevance per document in input order (results matched by index), each finite.
Result<std::vector<double>> parseRerankResponse(const QByteArray &body, size_t documents,
                                                const QString &server);

// The older score API (text pairs): text_1 the query, text_2 the documents.
QByteArray scoreRequest(const QString &model, const embedding::EncodeInput &query,
                        std::span<const embedding::EncodeInput> documents);
Result<std::vector<double>> parseScoreResponse(const QByteArray &body, size_t documents,
                                               const QString &server);

// The served model: its name and the "root" vLLM reports (the path or repository it loaded).
struct ServedModel {
    QString id;
    QString root;
};
Result<std::vector<ServedModel>> parseModelList(const QByteArray &body, const QString &server);

// The one the settings ask for (`wanted`; empty: the only one served), or the refusal that says what
// the server serves instead.
Result<ServedModel> chooseServedModel(const std::vector<ServedModel> &served, const QString &wanted,
                                      const QString &server);

// The revision of a served model when its root is a Hugging Face snapshot folder
// (".../snapshots/<commit>"), else empty.
QString revisionOf(const ServedModel &model);

// A readable reason from a non-2xx answer: vLLM's JSON error message, or a note that the answer was an
// HTML page or not JSON (a proxy, a wrong port), with the HTTP status.
QString describeErrorBody(int status, const QByteArray &body);

} // namespace cortex::remote
