// `cortex-cli serve`: Cortex's own engine behind the OpenAI-compatible pooling API that vLLM serves
// (embeddings, rerank, score, models), so that a GPU machine in a small team needs no Python stack and
// Cortex's own client (--model-url) uses it like a vLLM server. Requests that arrive together are
// batched (core/api/dynamic_batcher.h). It listens on 127.0.0.1 unless told otherwise and requires the
// bearer token of --token-file; --no-auth is refused on any address but a loopback one.

#include "arguments.h"
#include "commands.h"
#include "engine_arguments.h"
#include "library_commands.h"
#include "library_context.h"

#include "api/model_api.h"
#include "api/model_routes.h"
#include "api/search_api.h"
#include "api/serialized_models.h"
#include "embedding/model_identity.h"
#include "embedding/qwen_models.h"
#include "serve/api_token.h"
#include "serve/http_server.h"
#include "serve/listen_address.h"

#include <QCoreApplication>
#include <QDir>
#include <QHostAddress>
#include <QTimer>

#include <iostream>
#include <optional>

namespace cortex::cli {
namespace {

constexpr quint16 kDefaultPort = 8000; // vLLM's default: a client pointed at either finds the same URL

std::vector<OptionSpec> serveSpecs()
{
    // The library commands' options (--library, --model, --reranker, the engine's); with --library the
    // library's model is served and searched, as `cortex-cli search` loads it.
    auto specs = libraryOptionSpecs();
    specs.push_back({"listen", true, false,
                     "HOST:PORT to listen on (default 127.0.0.1:8000; port 0: any free port, printed)"});
    specs.push_back({"token-file", true, false,
                     "the bearer token's file, made on first start (default: " +
                         serve::defaultApiTokenPath().toStdString() + ")"});
    specs.push_back({"no-auth", false, false, "require no token (only on a loopback address)"});
    specs.push_back({"max-batch", true, false, "embedding inputs per engine call (default 16)"});
    specs.push_back(
        {"batch-window-ms", true, false, "how long a request waits for others to batch with (default 5)"});
    specs.push_back(
        {"max-queue", true, false, "requests waiting per model; more are answered 503 (default 256)"});
    specs.push_back({"no-batching", false, false, "one request per engine call (for comparison)"});
    specs.push_back({"max-body-mb", true, false, "the largest request body in MB (default 32)"});
    return specs;
}

Result<int> positiveOption(const Arguments &args, const std::string &name, long long fallback, long long max)
{
    const auto value = args.integer(name, fallback);
    if (!value)
        return value.error();
    if (*value < 1 || *value > max)
        return makeError("--" + name + " must be from 1 to " + std::to_string(max), ErrorKind::InvalidInput);
    return int(*value);
}

QString folderName(const std::string &dir)
{
    return QDir(QString::fromStdString(dir)).absolutePath();
}

} // namespace

int runServe(const std::vector<std::string> &argv)
{
    const auto specs = serveSpecs();
    auto args = Arguments::parse(argv, specs);
    if (!args)
        return usageError(args.error().message);
    const bool withLibrary = args->has("library");
    if (!withLibrary && !args->has("model"))
        return usageError(
            "serve needs --model DIR (a Qwen3-VL-Embedding folder) or --library DIR (its model)\n" +
            usageOf(specs));
    auto listen = serve::parseListenAddress(
        QString::fromStdString(args->valueOr("listen", "127.0.0.1:" + std::to_string(kDefaultPort))),
        kDefaultPort);
    if (!listen)
        return usageError("--listen " + listen.error().message);
    const bool noAuth = args->has("no-auth");
    if (noAuth && !listen->host.isLoopback())
        return usageError("--no-auth is refused on " + listen->host.toString().toStdString() +
                          ": anyone who reaches that address could use the server; without --no-auth it "
                          "requires the token of --token-file");
    const bool noBatching = args->has("no-batching");
    api::ModelApiOptions apiOptions;
    for (const auto &[name, fallback, max, target] :
         {std::tuple{"max-batch", 16LL, 4096LL, &apiOptions.embedding.maxBatch},
          std::tuple{"batch-window-ms", 5LL, 10'000LL, &apiOptions.embedding.windowMs},
          std::tuple{"max-queue", 256LL, 1'000'000LL, &apiOptions.embedding.maxQueue},
          std::tuple{"max-body-mb", 32LL, 4096LL, static_cast<int *>(nullptr)}}) {
        auto value = positiveOption(*args, name, fallback, max);
        if (!value)
            return usageError(value.error().message);
        if (target)
            *target = *value;
    }
    auto maxBodyMb = positiveOption(*args, "max-body-mb", 32, 4096);
    if (noBatching) {
        apiOptions.embedding.maxBatch = 1;
        apiOptions.embedding.windowMs = 0;
    }
    apiOptions.maxRerankQueue = apiOptions.embedding.maxQueue;

    QByteArray token;
    QString tokenFile;
    if (!noAuth) {
        tokenFile =
            QString::fromStdString(args->valueOr("token-file", serve::defaultApiTokenPath().toStdString()));
        auto loaded = serve::loadOrCreateApiToken(tokenFile);
        if (!loaded)
            return fail(loaded.error().message);
        token = *loaded;
    }

    // The models: the library's (as `cortex-cli search` loads them), or the folders given, at full width (a
    // client asks for a Matryoshka prefix with "dimensions", as vLLM's do).
    std::optional<LibraryContext> context;
    std::unique_ptr<embedding::Encoder> ownEncoder;
    std::unique_ptr<embedding::Scorer> ownScorer;
    embedding::Encoder *encoder = nullptr;
    embedding::Scorer *scorer = nullptr;
    QString encoderRoot = args->has("model") ? folderName(*args->value("model")) : QString();
    if (withLibrary) {
        auto opened = openLibrary(*args);
        if (!opened)
            return fail(opened.error().message);
        context = std::move(opened).value();
        if (auto loaded = context->loadEncoder(*args); !loaded)
            return fail(loaded.error().message);
        if (auto loaded = context->loadReranker(*args); !loaded)
            return fail(loaded.error().message);
        if (!context->reranker.message.empty())
            std::cerr << "cortex-cli: note: " << context->reranker.message << '\n';
        encoder = context->encoder.get();
        scorer = context->scorer.get();
        if (encoderRoot.isEmpty())
            encoderRoot = QString::fromStdString(context->library->directory().string());
    } else {
        auto options = engineOptionsFrom(*args, "QWEN3_VL_EMBED_BATCH_SIZE");
        if (!options)
            return fail(options.error().message);
        auto loaded = embedding::QwenEncoder::load(*args->value("model"), *options, 0);
        if (!loaded)
            return fail(loaded.error().message);
        ownEncoder = std::move(loaded).value();
        encoder = ownEncoder.get();
        if (const auto rerankerDir = args->value("reranker")) {
            auto rerankOptions = engineOptionsFrom(*args, "QWEN3_VL_RERANK_BATCH_SIZE");
            if (!rerankOptions)
                return fail(rerankOptions.error().message);
            auto reranker = embedding::QwenScorer::load(*rerankerDir, *rerankOptions);
            if (!reranker)
                return fail(reranker.error().message);
            ownScorer = std::move(reranker).value();
            scorer = ownScorer.get();
        }
    }
    // The embeddings' batcher and the searches run on two workers; each model call holds its model alone.
    api::SerializedEncoder sharedEncoder(*encoder);
    std::optional<api::SerializedScorer> sharedScorer;
    if (scorer)
        sharedScorer.emplace(*scorer);

    api::ServedModels models;
    models.encoder = &sharedEncoder;
    models.encoderName = QString::fromStdString(encoder->identity().modelName);
    models.encoderRoot = encoderRoot;
    if (sharedScorer) {
        models.scorer = &*sharedScorer;
        models.scorerName = QString::fromStdString(scorer->name());
        models.scorerRoot = args->has("reranker") ? folderName(*args->value("reranker")) : models.scorerName;
    }

    serve::HttpLimits limits;
    limits.maxBodyBytes = qint64(*maxBodyMb) * 1024 * 1024;
    // The API before the server that routes to it, so that the server (closed first) never calls into a
    // destroyed API; the models outlive both.
    auto api = std::make_unique<api::ModelApi>(models, apiOptions);
    std::unique_ptr<api::OwnLibraryAccess> libraryAccess;
    std::unique_ptr<api::SearchApi> searchApi;
    if (context) {
        api::LibraryTools tools;
        tools.library = context->library.get();
        tools.encoder = &sharedEncoder;
        tools.scorer = sharedScorer ? &*sharedScorer : nullptr;
        tools.reranker = context->reranker;
        libraryAccess = std::make_unique<api::OwnLibraryAccess>(tools, apiOptions.embedding.maxQueue);
        searchApi = std::make_unique<api::SearchApi>(
            *libraryAccess,
            api::SearchDefaults{context->settings.rerankerTopK, context->settings.rerankerCandidates},
            apiOptions.limits);
    }
    serve::HttpServer server(limits);
    server.setBearerToken(token);
    api::addModelRoutes(server, *api);
    // The library's routes; without --library they answer 404 saying so.
    const auto libraryRoute =
        [&searchApi](void (api::SearchApi::*method)(const serve::HttpRequest &, serve::Responder)) {
            return [&searchApi, method](const serve::HttpRequest &request, serve::Responder respond) {
                if (!searchApi) {
                    respond(serve::HttpResponse::error(
                        404, QStringLiteral("this server serves no library (start it with --library DIR)"),
                        QStringLiteral("NotFoundError")));
                    return;
                }
                ((*searchApi).*method)(request, std::move(respond));
            };
        };
    server.route("POST", "/v1/search", libraryRoute(&api::SearchApi::search));
    server.route("GET", "/v1/items/", libraryRoute(&api::SearchApi::thumbnail), true);
    server.route("GET", "/v1/ingestion", libraryRoute(&api::SearchApi::ingestion));
    if (auto listening = server.listen(listen->host, listen->port); !listening)
        return fail(listening.error().message);

    const QString host = server.address().protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("[%1]").arg(server.address().toString())
                             : server.address().toString();
    // One line on stdout that scripts (and the tests) read the bound port from.
    std::cout << "listening on http://" << host.toStdString() << ':' << server.port() << std::endl;
    std::cerr << "cortex-cli: serving " << models.encoderName.toStdString()
              << (scorer ? " and " + models.scorerName.toStdString() : std::string()) << " ("
              << (noBatching ? std::string("batching off")
                             : "batches of up to " + std::to_string(apiOptions.embedding.maxBatch) +
                                   " inputs, " + std::to_string(apiOptions.embedding.windowMs) + " ms window")
              << ")"
              << (context ? " and the library " + context->library->directory().string() : std::string())
              << "; SIGTERM or Ctrl-C stops\n";
    if (noAuth)
        std::cerr << "cortex-cli: no token required (--no-auth, loopback only)\n";
    else
        std::cerr << "cortex-cli: requests must send \"Authorization: Bearer <token>\" with the token in "
                  << tokenFile.toStdString() << '\n';

    installInterruptHandler();
    const auto interrupted = interruptRequested();
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &poll, [&interrupted] {
        if (interrupted())
            QCoreApplication::quit();
    });
    poll.start(100);
    QCoreApplication::exec();
    server.close();
    searchApi.reset();
    libraryAccess.reset(); // answers what was queued
    api.reset();           // answers what was queued (to nobody: the connections are closed), then stops
    std::cerr << "cortex-cli: stopped serving\n";
    return 0;
}

} // namespace cortex::cli
