#pragma once
// The model routes of `cortex-cli serve`: the same OpenAI-compatible pooling API that vLLM serves
// (remote/vllm_protocol.h is Cortex's client of it), answered by Cortex's own engine, so that a GPU
// machine in a small team needs no Python stack.
//   POST /v1/embeddings   through the dynamic batcher (dynamic_batcher.h): one engine call per batch
//   POST /v1/rerank, POST /score   the reranker, one request at a time, with a bounded queue
//   GET  /v1/models       the served models (OpenAI's list shape; RemoteEncoder's findServedModel)
//   GET  /health          200 while the server runs
// A handler runs on the HTTP server's thread: it hands the body to a worker pool at once, which parses
// it, decodes images and submits to a batcher; the batcher's thread runs the model and answers.

#include "api/dynamic_batcher.h"
#include "api/embedding_request.h"
#include "api/rerank_request.h"
#include "serve/http_types.h"

#include <QString>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace cortex::api {

// The models a server answers with (not owned; they outlive the ModelApi). Either may be missing: its
// routes then answer 404 naming what this server does not serve.
struct ServedModels {
    embedding::Encoder *encoder = nullptr;
    QString encoderName; // the id in /v1/models and the "model" requests must name (or leave out)
    QString encoderRoot; // the folder it was loaded from (vLLM's "root")
    embedding::Scorer *scorer = nullptr;
    QString scorerName;
    QString scorerRoot;
};

struct ModelApiOptions {
    BatchOptions embedding;  // --max-batch, --batch-window-ms, --max-queue, --no-batching
    int maxRerankQueue = 64; // reranker requests waiting
    InputLimits limits;
};

// What one embeddings request becomes in the batcher: its inputs and who gets the answer.
struct EmbeddingJob {
    std::vector<InstructedInput> inputs;
    std::function<void(Result<std::vector<std::vector<float>>>)> done;
};

// The batcher's work: the inputs of every job grouped by instruction, one engine call per group, each
// job answered with its own rows. When the batched call fails, each job runs alone, so an input that
// breaks the engine fails its own request, not its neighbours'.
void runEmbeddingBatch(embedding::Encoder &encoder, std::vector<EmbeddingJob> &batch);

// An error as the HTTP answer: invalid input 400, not found 404, out of memory or busy 503, else 500.
serve::HttpResponse errorResponse(const Error &error);

// The 503 of a full queue, with Retry-After.
serve::HttpResponse queueFullResponse(const QString &what);

class ModelApi {
public:
    ModelApi(ServedModels models, ModelApiOptions options);
    ~ModelApi();
    ModelApi(const ModelApi &) = delete;
    ModelApi &operator=(const ModelApi &) = delete;

    void embeddings(const serve::HttpRequest &request, serve::Responder respond);
    void rerank(const serve::HttpRequest &request, serve::Responder respond);
    void score(const serve::HttpRequest &request, serve::Responder respond);
    void models(const serve::HttpRequest &request, serve::Responder respond);
    void health(const serve::HttpRequest &request, serve::Responder respond);

    BatchStats embeddingStats() const;

private:
    struct RerankJob {
        RerankRequest request;
        bool scoreShape = false; // /score's answer instead of /v1/rerank's
        serve::Responder respond;
    };
    void parseAndSubmitEmbeddings(const QByteArray &body, const serve::Responder &respond);
    void scores(const serve::HttpRequest &request, bool scoreShape, serve::Responder respond);
    void parseAndSubmitScores(const QByteArray &body, bool scoreShape, const serve::Responder &respond);
    void runRerankJob(RerankJob &job);
    // The 404 of a request that names another model than the served one (vLLM's wording).
    static std::optional<serve::HttpResponse> wrongModel(const QString &asked, const QString &served);

    const ServedModels models_;
    const ModelApiOptions options_;
    std::unique_ptr<DynamicBatcher<EmbeddingJob>> embeddingBatcher_;
    std::unique_ptr<DynamicBatcher<RerankJob>> rerankBatcher_;
    // Last: destroyed first, so that no parse still submits to a batcher being destroyed.
    QThreadPool parsers_;
};

} // namespace cortex::api
