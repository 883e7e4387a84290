#include "api/model_api.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QThread>

#include <map>

namespace cortex::api {
namespace {

using serve::HttpRequest;
using serve::HttpResponse;
using serve::Responder;

// The embedding of every job of the batch, one engine call per instruction.
Result<std::vector<std::vector<std::vector<float>>>> embedTogether(embedding::Encoder &encoder,
                                                                   const std::vector<EmbeddingJob> &batch)
{
    std::map<std::string, std::vector<std::pair<size_t, size_t>>> groups; // instruction -> (job, input)
    std::vector<std::vector<std::vector<float>>> out(batch.size());
    for (size_t j = 0; j < batch.size(); ++j) {
        out[j].resize(batch[j].inputs.size());
        for (size_t k = 0; k < batch[j].inputs.size(); ++k)
            groups[batch[j].inputs[k].instruction].emplace_back(j, k);
    }
    for (const auto &[instruction, members] : groups) {
        std::vector<embedding::EncodeInput> inputs;
        inputs.reserve(members.size());
        for (const auto &[j, k] : members)
            inputs.push_back(batch[j].inputs[k].input);
        auto vectors = encoder.embedWithInstruction(inputs, instruction);
        if (!vectors)
            return vectors.error();
        if (vectors->size() != members.size())
            return makeError("the engine answered " + std::to_string(vectors->size()) + " vectors for " +
                             std::to_string(members.size()) + " inputs");
        for (size_t m = 0; m < members.size(); ++m)
            out[members[m].first][members[m].second] = std::move((*vectors)[m]);
    }
    return out;
}

QJsonObject modelCard(const QString &id, const QString &root)
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("object"), QStringLiteral("model")},
                       {QStringLiteral("created"), QDateTime::currentSecsSinceEpoch()},
                       {QStringLiteral("owned_by"), QStringLiteral("cortex")},
                       {QStringLiteral("root"), root},
                       {QStringLiteral("parent"), QJsonValue::Null}};
}

HttpResponse jsonBody(int status, QByteArray body)
{
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

} // namespace

void runEmbeddingBatch(embedding::Encoder &encoder, std::vector<EmbeddingJob> &batch)
{
    auto together = embedTogether(encoder, batch);
    if (together) {
        for (size_t j = 0; j < batch.size(); ++j)
            batch[j].done(std::move((*together)[j]));
        return;
    }
    if (batch.size() == 1) {
        batch.front().done(together.error());
        return;
    }
    for (auto &job : batch) {
        std::vector<EmbeddingJob> alone;
        alone.push_back(std::move(job));
        auto vectors = embedTogether(encoder, alone);
        if (vectors)
            alone.front().done(std::move(vectors->front()));
        else
            alone.front().done(vectors.error());
    }
}

HttpResponse errorResponse(const Error &error)
{
    const QString message = QString::fromStdString(error.message);
    switch (error.kind) {
    case ErrorKind::InvalidInput:
        return HttpResponse::error(400, message, QStringLiteral("BadRequestError"));
    case ErrorKind::NotFound:
        return HttpResponse::error(404, message, QStringLiteral("NotFoundError"));
    case ErrorKind::OutOfMemory:
    case ErrorKind::Busy: {
        HttpResponse busy = HttpResponse::error(503, message, QStringLiteral("ServiceUnavailableError"));
        busy.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")});
        return busy;
    }
    default:
        return HttpResponse::error(500, message, QStringLiteral("InternalServerError"));
    }
}

HttpResponse queueFullResponse(const QString &what)
{
    HttpResponse busy =
        HttpResponse::error(503, QStringLiteral("the %1 queue is full; retry later").arg(what),
                            QStringLiteral("ServiceUnavailableError"));
    busy.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")});
    return busy;
}

ModelApi::ModelApi(ServedModels models, ModelApiOptions options)
    : models_(std::move(models)), options_(options)
{
    if (models_.encoder) {
        embedding::Encoder *encoder = models_.encoder;
        embeddingBatcher_ = std::make_unique<DynamicBatcher<EmbeddingJob>>(
            options_.embedding,
            [encoder](std::vector<EmbeddingJob> &batch) { runEmbeddingBatch(*encoder, batch); },
            [](const EmbeddingJob &job) { return job.inputs.size(); });
    }
    if (models_.scorer) {
        BatchOptions oneAtATime;
        oneAtATime.maxBatch = 1;
        oneAtATime.windowMs = 0;
        oneAtATime.maxQueue = options_.maxRerankQueue;
        rerankBatcher_ =
            std::make_unique<DynamicBatcher<RerankJob>>(oneAtATime, [this](std::vector<RerankJob> &batch) {
                for (auto &job : batch)
                    runRerankJob(job);
            });
    }
    // Parsing and image decoding are CPU work beside the model's; a few threads keep them off the
    // server's thread without competing with the engine for every core.
    parsers_.setMaxThreadCount(std::max(2, QThread::idealThreadCount() / 4));
}

ModelApi::~ModelApi()
{
    parsers_.waitForDone();
}

std::optional<HttpResponse> ModelApi::wrongModel(const QString &asked, const QString &served)
{
    if (asked.isEmpty() || asked == served)
        return std::nullopt;
    return HttpResponse::error(404, QStringLiteral("The model `%1` does not exist.").arg(asked.left(200)),
                               QStringLiteral("NotFoundError"));
}

void ModelApi::embeddings(const HttpRequest &request, Responder respond)
{
    if (!embeddingBatcher_) {
        respond(HttpResponse::error(404, QStringLiteral("this server serves no embedding model"),
                                    QStringLiteral("NotFoundError")));
        return;
    }
    const QByteArray body = request.body;
    parsers_.start([this, body, respond] { parseAndSubmitEmbeddings(body, respond); });
}

void ModelApi::parseAndSubmitEmbeddings(const QByteArray &body, const Responder &respond)
{
    auto parsed = parseEmbeddingRequest(body, models_.encoder->identity().instruction, options_.limits);
    if (!parsed) {
        respond(errorResponse(parsed.error()));
        return;
    }
    if (auto wrong = wrongModel(parsed->model, models_.encoderName)) {
        respond(*wrong);
        return;
    }
    const int width = models_.encoder->identity().storedDim();
    const int dimensions = parsed->dimensions;
    if (dimensions > width) {
        respond(HttpResponse::error(
            400, QStringLiteral("\"dimensions\" %1 is more than the model's %2").arg(dimensions).arg(width),
            QStringLiteral("BadRequestError")));
        return;
    }
    const QString model = models_.encoderName;
    // Counted here, on the parser's thread, with the tokenizer alone: the model's turn is not taken.
    int64_t promptTokens = 0;
    for (const auto &input : parsed->inputs)
        promptTokens += models_.encoder->promptTokens(input.input, input.instruction);
    EmbeddingJob job;
    job.inputs = std::move(parsed->inputs);
    job.done = [respond, model, dimensions, promptTokens](Result<std::vector<std::vector<float>>> vectors) {
        if (!vectors) {
            respond(errorResponse(vectors.error()));
            return;
        }
        for (auto &v : *vectors)
            keepMrlPrefix(v, dimensions);
        respond(jsonBody(200, embeddingResponse(model, *vectors, promptTokens)));
    };
    if (!embeddingBatcher_->submit(job))
        respond(queueFullResponse(QStringLiteral("embedding")));
}

void ModelApi::rerank(const HttpRequest &request, Responder respond)
{
    scores(request, /*scoreShape=*/false, std::move(respond));
}

void ModelApi::score(const HttpRequest &request, Responder respond)
{
    scores(request, /*scoreShape=*/true, std::move(respond));
}

// /v1/rerank and /score differ only in their request and answer shapes.
void ModelApi::scores(const HttpRequest &request, bool scoreShape, Responder respond)
{
    if (!rerankBatcher_) {
        respond(HttpResponse::error(
            404, QStringLiteral("this server serves no reranker (start it with --reranker)"),
            QStringLiteral("NotFoundError")));
        return;
    }
    const QByteArray body = request.body;
    parsers_.start([this, body, scoreShape, respond] { parseAndSubmitScores(body, scoreShape, respond); });
}

void ModelApi::parseAndSubmitScores(const QByteArray &body, bool scoreShape, const Responder &respond)
{
    auto parsed =
        scoreShape ? parseScoreRequest(body, options_.limits) : parseRerankRequest(body, options_.limits);
    if (!parsed) {
        respond(errorResponse(parsed.error()));
        return;
    }
    if (auto wrong = wrongModel(parsed->model, models_.scorerName)) {
        respond(*wrong);
        return;
    }
    RerankJob job{std::move(parsed).value(), scoreShape, respond};
    if (!rerankBatcher_->submit(job))
        respond(queueFullResponse(QStringLiteral("reranker")));
}

void ModelApi::runRerankJob(RerankJob &job)
{
    std::vector<std::vector<double>> scores;
    for (const auto &group : job.request.groups) {
        auto s = models_.scorer->score(group.query, group.documents);
        if (!s) {
            job.respond(errorResponse(s.error()));
            return;
        }
        if (s->size() != group.documents.size()) {
            job.respond(errorResponse(makeError("the reranker answered " + std::to_string(s->size()) +
                                                " scores for " + std::to_string(group.documents.size()) +
                                                " documents")));
            return;
        }
        scores.push_back(std::move(s).value());
    }
    job.respond(jsonBody(200, job.scoreShape ? scoreResponse(models_.scorerName, scores)
                                             : rerankResponse(models_.scorerName, job.request, scores)));
}

void ModelApi::models(const HttpRequest &, Responder respond)
{
    QJsonArray data;
    if (models_.encoder)
        data.append(modelCard(models_.encoderName, models_.encoderRoot));
    if (models_.scorer)
        data.append(modelCard(models_.scorerName, models_.scorerRoot));
    respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("object"), QStringLiteral("list")},
                                                {QStringLiteral("data"), data}}));
}

void ModelApi::health(const HttpRequest &, Responder respond)
{
    respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}}));
}

BatchStats ModelApi::embeddingStats() const
{
    return embeddingBatcher_ ? embeddingBatcher_->stats() : BatchStats{};
}

} // namespace cortex::api
