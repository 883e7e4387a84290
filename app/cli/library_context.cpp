#include "library_context.h"

#include "engine_arguments.h"

#include "application/remote_models.h"
#include "application/served_models.h"
#include "hub/model_advice.h"
#include "hub/model_role.h"
#include "ingest/ingestor.h"
#include "model/tokenizer/tokenizer.h"
#include "remote/remote_encoder.h"
#include "remote/remote_scorer.h"
#include "store/library_db.h"
#include "store/meta_keys.h"

#include <QDir>
#include <QSettings>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace cortex::cli {
namespace {

std::atomic_bool gInterrupted{false};

extern "C" void onInterrupt(int)
{
    gInterrupted = true;
}

constexpr const char *kEmbeddingModelKey = store::kEmbeddingModelDirKey;

std::optional<std::string> remembered(library::Library &library, const char *key)
{
    auto reader = library.openReader();
    if (!reader)
        return std::nullopt;
    auto value = (*reader)->meta(key);
    return value ? *value : std::nullopt;
}

// Records a model folder with the library, writing only when it changed (search runs this each time).
Status remember(library::Library &library, const char *key, const std::filesystem::path &folder)
{
    const std::string absolute = std::filesystem::absolute(folder).string();
    if (remembered(library, key) == absolute)
        return {};
    return library.write([&](store::LibraryDb &db) { return db.setMeta(key, absolute); });
}

std::string describeModel(const store::SpaceIdentity &id)
{
    return id.modelName + " (" + std::to_string(id.storedDim()) + " dimensions, " + id.dtype + ")";
}

// One library holds one model's vectors: a model whose identity matches no active space would start a
// second space and split the library (searches of one never see the other's items). Checked before
// the folder is remembered, so a refused model does not stay configured.
Status checkModelFitsLibrary(library::Library &library, const store::SpaceIdentity &model,
                             const std::string &folder)
{
    auto reader = library.openReader();
    if (!reader)
        return reader.error();
    auto other = ingest::libraryModelOtherThan(**reader, model);
    if (!other)
        return other.error();
    if (!*other)
        return {};
    auto stored = (*reader)->meta(kEmbeddingModelKey);
    const std::string remembered = stored ? stored->value_or("") : std::string();
    return makeError(library.directory().string() + " was made with " + describeModel(**other) +
                     ", but the model given (" + std::filesystem::absolute(folder).string() + ") is " +
                     describeModel(model) +
                     "; a library holds one model's vectors, so nothing was changed. To move the library to "
                     "this model, run `cortex-cli migrate --to-model " +
                     folder + "`" +
                     (remembered.empty()
                          ? std::string("; to use it as it is, give --model with its model's folder")
                          : "; to use it as it is, give --model " + remembered + " or no --model"));
}

} // namespace

std::vector<OptionSpec> libraryOptionSpecs()
{
    auto specs = engineOptionSpecs();
    for (auto &s : specs)
        if (s.name == "model")
            s.help = "Qwen3-VL-Embedding snapshot folder (default: the settings, or the library's last one)";
    specs.push_back({"library", true, false, "library folder (default: the platform's data location)"});
    specs.push_back({"reranker", true, false, "Qwen3-VL-Reranker snapshot folder"});
    specs.push_back(
        {"model-url", true, false,
         "a vLLM server serving the embedding model (http://host:8000) instead of --model; it must "
         "serve the library's model (docs/SERVING.md)"});
    specs.push_back(
        {"model-name", true, false, "the served embedding model's name (default: the only one served)"});
    specs.push_back({"model-token", true, false, "the server's API key (default: CORTEX_MODEL_TOKEN)"});
    specs.push_back(
        {"reranker-url", true, false, "a vLLM server serving the reranker instead of --reranker"});
    specs.push_back(
        {"reranker-name", true, false, "the served reranker's name (default: the only one served)"});
    specs.push_back(
        {"reranker-token", true, false, "the reranker server's API key (default: CORTEX_RERANKER_TOKEN)"});
    specs.push_back(
        {"tokenizer", true, false,
         "with --model-url: a folder with the model's tokenizer.json, for cutting text into chunks"});
    specs.push_back(
        {"dim", true, false, "Matryoshka dimension to store (default: QWEN3_VL_MRL_DIM or full)"});
    return specs;
}

const session::ModelChoice &LibraryContext::modelChoice()
{
    if (!choice_)
        choice_ = session::chooseModels(session::detectGpu());
    return *choice_;
}

const std::vector<hub::FoundModel> &LibraryContext::modelsOnDisk()
{
    if (!modelsOnDisk_)
        modelsOnDisk_ = hub::findModels(hub::defaultSearchRoots());
    return *modelsOnDisk_;
}

namespace {

// A served model's endpoint: the settings' (application/served_models.h: the token variable before the
// stored token), overridden by --X-url, --X-name and --X-token.
remote::RemoteEndpoint endpointFrom(const Arguments &args, const std::string &role,
                                    const settings::Settings &settings, application::ModelKind kind)
{
    remote::RemoteEndpoint endpoint = application::servedEndpoint(settings, kind);
    if (const auto given = args.value(role + "-url"))
        endpoint.url = QString::fromStdString(*given);
    if (const auto given = args.value(role + "-name"))
        endpoint.model = QString::fromStdString(*given);
    if (const auto given = args.value(role + "-token"))
        endpoint.token = QString::fromStdString(*given);
    endpoint.cancelled = interruptRequested();
    return endpoint;
}

} // namespace

Status LibraryContext::connectEncoder(const Arguments &args)
{
    const remote::RemoteEndpoint endpoint =
        endpointFrom(args, "model", settings, application::ModelKind::Embedding);
    const auto dim = args.integer("dim", settings.mrlDim);
    if (!dim)
        return dim.error();
    // The library's model, proven by its fingerprint (or a new library, which takes the served model).
    auto connected = application::connectServedEncoder(library.get(), endpoint, int(*dim));
    if (!connected)
        return connected.error();
    encoder = std::move(connected).value();
    return {};
}

Status LibraryContext::requireTokenizer(const Arguments &args)
{
    if (tokenizer)
        return {};
    std::string dir = args.valueOr("tokenizer", "");
    if (dir.empty())
        dir = remembered(*library, kEmbeddingModelKey).value_or(settings.embeddingModelDir.toStdString());
    if (dir.empty())
        return makeError(
            "ingesting through a model server needs the model's tokenizer to cut text into chunks: "
            "give --tokenizer DIR, a folder with the model's tokenizer.json");
    auto loaded = application::servedModelTokenizer(nullptr, dir);
    if (!loaded)
        return wrapError(loaded.error(), "--tokenizer: ");
    tokenizer = std::move(loaded).value();
    return {};
}

Status LibraryContext::loadEncoder(const Arguments &args)
{
    if (args.has("model-url") && args.has("model"))
        return makeError("give either --model DIR (a model on this computer) or --model-url URL (a server), "
                         "not both");
    // A server given here, or in the settings unless this command names a folder.
    if (args.has("model-url") || (!args.has("model") && !settings.embeddingModelUrl.isEmpty()))
        return connectEncoder(args);
    std::string dir = args.valueOr("model", settings.embeddingModelDir.toStdString());
    if (dir.empty())
        dir = remembered(*library, kEmbeddingModelKey).value_or("");
    if (dir.empty()) {
        // First run: a model already in the Hugging Face cache is used; otherwise say what to download.
        const auto advice =
            hub::adviseModel(hub::ModelRole::Embedding, modelChoice().embeddingSize, modelsOnDisk());
        if (!advice.found)
            return makeError(advice.sentence.toStdString() +
                             " Download it with: cortex-cli models download " +
                             advice.download->repoId.toStdString() + ", or give --model DIR.");
        std::cerr << "cortex-cli: " << advice.sentence.toStdString() << '\n';
        dir = advice.found->path.toStdString();
    }
    auto options = engineOptionsFrom(args, "QWEN3_VL_EMBED_BATCH_SIZE");
    if (!options)
        return options.error();
    const auto dim = args.integer("dim", settings.mrlDim);
    if (!dim)
        return dim.error();
    auto loaded = embedding::QwenEncoder::load(dir, *options, int(*dim));
    if (!loaded)
        return loaded.error();
    tokenizer = (*loaded)->tokenizer();
    std::unique_ptr<embedding::Encoder> local = std::move(loaded).value();
    if (auto fits = checkModelFitsLibrary(*library, local->identity(), dir); !fits) {
        // A library embedded through a server of these weights: its recorded fingerprint decides.
        auto adopted = application::adoptServedSpace(*library, local);
        if (!adopted)
            return adopted.error();
        if (!*adopted)
            return fits;
    }
    encoder = std::move(local);
    // Recorded once, so that the library can later be used through a server of the same weights.
    if (auto recorded = application::recordModelFingerprint(*library, *encoder); !recorded)
        std::cerr << "cortex-cli: warning: the model's fingerprint was not recorded: "
                  << recorded.error().message << '\n';
    return remember(*library, kEmbeddingModelKey, dir);
}

Status LibraryContext::connectReranker(const Arguments &args)
{
    const remote::RemoteEndpoint endpoint =
        endpointFrom(args, "reranker", settings, application::ModelKind::Reranker);
    auto connected = remote::RemoteScorer::connect(endpoint);
    if (!connected)
        return connected.error(); // asked for on the command line: an error, not a note
    scorer = std::move(connected).value();
    reranker = {search::RerankerState::Ready, {}};
    return {};
}

Status LibraryContext::loadReranker(const Arguments &args)
{
    if (args.has("reranker-url") && args.has("reranker"))
        return makeError("give either --reranker DIR or --reranker-url URL, not both");
    if (args.has("reranker-url"))
        return connectReranker(args);
    if (!settings.rerankerEnabled) {
        reranker = {search::RerankerState::Disabled,
                    "turned off by QWEN3_VL_RERANKER_ENABLED or the settings"};
        return {};
    }
    // --reranker applies to this command only (search --save keeps it in the settings); the settings'
    // folder is what the user saved. Nothing is remembered behind the user's back.
    const bool given = args.has("reranker");
    if (!given && !settings.rerankerModelUrl.isEmpty())
        return connectReranker(args);
    std::string dir = args.valueOr("reranker", settings.rerankerModelDir.toStdString());
    if (dir.empty()) {
        // A reranker found on disk is used only where the VRAM table recommends one (not on the CPU).
        if (const QString size = modelChoice().rerankerSize; !size.isEmpty())
            if (const auto advice = hub::adviseModel(hub::ModelRole::Reranker, size, modelsOnDisk());
                advice.found)
                dir = advice.found->path.toStdString();
    }
    if (dir.empty()) {
        reranker = {search::RerankerState::Disabled, "no reranker model is configured (--reranker DIR)"};
        return {};
    }
    // An embedding model would load and score without meaning: refused, from what the folder says it is
    // (hub/model_role.h). Given on the command line it is an error; from the settings, a note.
    QString unknown;
    if (const QString problem = hub::rerankerFolderProblem(QString::fromStdString(dir), &unknown);
        !problem.isEmpty()) {
        if (given)
            return makeError(problem.toStdString());
        reranker = {search::RerankerState::Failed, problem.toStdString()};
        return {};
    }
    if (!unknown.isEmpty())
        std::cerr << "cortex-cli: warning: " << unknown.toStdString() << '\n';
    auto options = engineOptionsFrom(args, "QWEN3_VL_RERANK_BATCH_SIZE");
    if (!options) {
        reranker = {search::RerankerState::Failed, options.error().message};
        return {};
    }
    auto loaded = embedding::QwenScorer::load(dir, *options);
    if (!loaded) {
        reranker = {search::RerankerState::Failed, loaded.error().message};
        return {};
    }
    scorer = std::move(loaded).value();
    reranker = {search::RerankerState::Ready, {}};
    return {};
}

std::string libraryDirectory(const Arguments &args, const settings::Settings &settings)
{
    std::string dir = args.valueOr("library", settings.libraryDir.toStdString());
    return dir.empty() ? settings::defaultLibraryDir().toStdString() : dir;
}

namespace {

settings::Settings loadSettings()
{
    QSettings stored;
    auto loaded = settings::load(stored);
    QStringList problems;
    settings::applyEnvironment(loaded, &problems);
    for (const auto &p : problems)
        std::cerr << "cortex-cli: warning: " << p.toStdString() << '\n';
    return loaded;
}

// A folder that holds no library, for a command that does not make one: said with the folder's name.
// A folder with a library's other files but no database is left to Library::open, whose refusal says
// how to restore it.
Status requireLibrary(const std::filesystem::path &dir)
{
    std::error_code ec;
    if (!std::filesystem::exists(dir, ec))
        return makeError(dir.string() +
                         ": there is no library here (the folder does not exist), and nothing was created; "
                         "ingest files to make a library, or give --library with an existing one's folder");
    if (!std::filesystem::exists(dir / "library.db", ec) && !std::filesystem::exists(dir / "indexes", ec))
        return makeError(dir.string() +
                         " holds no Cortex library (it has no library.db), and nothing was created there; "
                         "ingest files to make a library, or give --library with an existing one's folder");
    return {};
}

} // namespace

Result<LibraryContext> openLibrary(const Arguments &args, LibraryCreation creation)
{
    LibraryContext context;
    context.settings = loadSettings();
    context.json = args.has("json");
    const std::string dir = libraryDirectory(args, context.settings);
    if (creation == LibraryCreation::Refused)
        if (auto exists = requireLibrary(dir); !exists)
            return exists.error();
    auto library = library::Library::open(dir, progressPrinter());
    endProgressLine(); // an index rebuild's line
    if (!library)
        return library.error();
    context.library = std::move(library).value();
    for (const auto &w : context.library->warnings())
        std::cerr << "cortex-cli: warning: " << w << '\n';
    return context;
}

Result<ReadOnlyLibrary> openLibraryReadOnly(const Arguments &args)
{
    ReadOnlyLibrary out;
    out.settings = loadSettings();
    out.json = args.has("json");
    out.directory = std::filesystem::absolute(libraryDirectory(args, out.settings));
    if (auto exists = requireLibrary(out.directory); !exists)
        return exists.error();
    auto db = store::LibraryDb::open(out.directory / "library.db", store::OpenMode::ReadOnly);
    if (!db) {
        auto library = library::Library::open(out.directory, progressPrinter());
        endProgressLine(); // an index rebuild's line
        if (!library)
            return db.error();
        auto reader = (*library)->openReader();
        if (!reader)
            return reader.error();
        out.opened = std::move(library).value();
        db = std::move(reader);
    }
    out.db = std::move(db).value();
    return out;
}

CancelPredicate interruptRequested()
{
    return [] {
        return gInterrupted.load();
    };
}

void installInterruptHandler()
{
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

} // namespace cortex::cli
