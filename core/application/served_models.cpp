#include "application/served_models.h"

#include "application/remote_models.h"
#include "library/library.h"
#include "model/tokenizer/tokenizer.h"
#include "remote/remote_call.h"
#include "remote/remote_scorer.h"
#include "store/library_db.h"
#include "store/meta_keys.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <filesystem>

namespace cortex::application {

bool isServed(const settings::Settings &settings, ModelKind kind)
{
    const QString &url =
        kind == ModelKind::Embedding ? settings.embeddingModelUrl : settings.rerankerModelUrl;
    return !url.trimmed().isEmpty();
}

remote::RemoteEndpoint servedEndpoint(const settings::Settings &settings, ModelKind kind)
{
    const bool embedding = kind == ModelKind::Embedding;
    remote::RemoteEndpoint endpoint;
    endpoint.url = (embedding ? settings.embeddingModelUrl : settings.rerankerModelUrl).trimmed();
    endpoint.model = (embedding ? settings.embeddingModelName : settings.rerankerModelName).trimmed();
    // The environment goes first, so that a token need not be stored at all.
    const QString fromEnvironment =
        qEnvironmentVariable(embedding ? "CORTEX_MODEL_TOKEN" : "CORTEX_RERANKER_TOKEN");
    endpoint.token = !fromEnvironment.isEmpty()
                         ? fromEnvironment
                         : (embedding ? settings.embeddingModelToken : settings.rerankerModelToken);
    endpoint.batchSize = std::max(1, embedding ? settings.embedBatchSize : settings.rerankBatchSize);
    return endpoint;
}

Result<std::unique_ptr<remote::RemoteEncoder>>
connectServedEncoder(library::Library *library, const remote::RemoteEndpoint &endpoint, int mrlDim)
{
    auto connected = remote::RemoteEncoder::connect(endpoint, mrlDim);
    if (!connected)
        return connected.error();
    if (library)
        if (auto joined = joinLibrary(*library, **connected); !joined)
            return joined.error();
    return connected;
}

Result<std::shared_ptr<const model::Tokenizer>> servedModelTokenizer(library::Library *library,
                                                                     const std::string &folder)
{
    std::string dir = folder;
    if (dir.empty() && library)
        if (auto reader = library->openReader(); reader)
            if (auto stored = (*reader)->meta(store::kEmbeddingModelDirKey); stored && *stored)
                dir = **stored;
    if (dir.empty())
        return makeError("ingesting through a model server needs the model's tokenizer to cut text into "
                         "chunks: give a folder with the model's tokenizer.json",
                         ErrorKind::InvalidInput);
    auto loaded = model::Tokenizer::loadFromFile(std::filesystem::path(dir) / "tokenizer.json");
    if (!loaded)
        return loaded.error();
    return std::move(loaded).value();
}

QFuture<Status> useServedEmbeddingModel(session::LibrarySession &session, const settings::Settings &settings)
{
    const remote::RemoteEndpoint endpoint = servedEndpoint(settings, ModelKind::Embedding);
    const std::string tokenizerFolder = settings.embeddingModelDir.trimmed().toStdString();
    const int mrlDim = settings.mrlDim;
    return session.loadEmbeddingModelWith(
        [endpoint, tokenizerFolder, mrlDim](library::Library *library) -> Result<session::ModelHost::Made> {
            auto encoder = connectServedEncoder(library, endpoint, mrlDim);
            if (!encoder)
                return encoder.error();
            session::ModelHost::Made made;
            made.server = remote::baseUrl(endpoint.url);
            made.servedModel = (*encoder)->endpoint().model;
            made.encoder = std::move(encoder).value();
            // Search needs no tokenizer; without one, ingestion says what it needs.
            if (auto tokenizer = servedModelTokenizer(library, tokenizerFolder); tokenizer)
                made.tokenizer = std::move(tokenizer).value();
            return made;
        });
}

void useServedReranker(session::LibrarySession &session, const settings::Settings &settings)
{
    const remote::RemoteEndpoint endpoint = servedEndpoint(settings, ModelKind::Reranker);
    session.loadServedReranker(remote::baseUrl(endpoint.url),
                               [endpoint]() -> Result<std::unique_ptr<embedding::Scorer>> {
                                   auto scorer = remote::RemoteScorer::connect(endpoint);
                                   if (!scorer)
                                       return scorer.error();
                                   return std::unique_ptr<embedding::Scorer>(std::move(scorer).value());
                               });
}

QFuture<Status> recordLibraryFingerprint(session::LibrarySession &session)
{
    const auto encoder = session.encoder();
    if (!encoder || !session.isLibraryOpen() || !session.embeddingModelServer().isEmpty())
        return QtFuture::makeReadyFuture(Status{});
    return session.run(
        [encoder](library::Library &library) { return recordModelFingerprint(library, *encoder); });
}

QFuture<Result<QString>> testModelServer(const QString &url, const QString &name, const QString &token,
                                         std::function<bool()> cancelled, int timeoutMs)
{
    remote::RemoteEndpoint endpoint;
    endpoint.url = url.trimmed();
    endpoint.model = name.trimmed();
    endpoint.token = token;
    endpoint.timeoutMs = timeoutMs;
    endpoint.maxAttempts = 1; // a test says what the server answers now, without waiting for it
    endpoint.cancelled = std::move(cancelled);
    return QtConcurrent::run([endpoint]() -> Result<QString> {
        if (endpoint.url.isEmpty())
            return makeError("no server URL is given", ErrorKind::InvalidInput);
        auto served = remote::findServedModel(endpoint);
        if (!served)
            return served.error();
        return served->id;
    });
}

} // namespace cortex::application
