// inspect-db, check, vacuum/backup/rebuild-index/failures, migrate, export, import.

#include "commands.h"
#include "engine_arguments.h"
#include "json_output.h"
#include "library_commands.h"
#include "library_context.h"

#include "application/collections.h"
#include "application/maintenance.h"
#include "embedding/model_identity.h"
#include "ingest/ingestor.h"
#include "store/library_db.h"
#include "store/meta_keys.h"

#include <QSettings>

#include <charconv>
#include <filesystem>
#include <iostream>

namespace cortex::cli {
namespace {

nlohmann::json identityJson(const store::SpaceIdentity &id)
{
    return {{"model", id.modelName},         {"model_hash", id.modelHash},   {"output_dim", id.outputDim},
            {"mrl_dim", id.mrlDim},          {"stored_dim", id.storedDim()}, {"dtype", id.dtype},
            {"instruction", id.instruction}, {"normalized", id.normalized}};
}

} // namespace

// The database embedding inspector: per space, who made it, its size, and whether it fits the
// configured model (compared by recorded identity: name and hash, never by dimension).
int runInspectDb(const std::vector<std::string> &argv)
{
    auto args = Arguments::parse(argv, libraryOptionSpecs());
    if (!args)
        return usageError(args.error().message);
    // Read-only: it works while another process ingests.
    auto context = openLibraryReadOnly(*args);
    if (!context)
        return fail(context.error().message);
    store::LibraryDb *reader = context->db.get();
    auto spaces = reader->spaces();
    if (!spaces)
        return fail(spaces.error().message);

    // The configured model's identity, from its files only (no weights are loaded).
    std::string configured = args->valueOr("model", context->settings.embeddingModelDir.toStdString());
    if (configured.empty())
        if (auto stored = reader->meta(store::kEmbeddingModelDirKey); stored)
            configured = stored->value_or("");
    std::optional<embedding::ModelIdentity> current;
    std::string currentProblem;
    if (!configured.empty()) {
        if (auto id = embedding::identifyModel(configured); id)
            current = *id;
        else
            currentProblem = id.error().message;
    } else {
        currentProblem = "no embedding model is configured";
    }

    nlohmann::json list = nlohmann::json::array();
    for (const auto &s : *spaces) {
        std::string compatibility = "unknown";
        if (current)
            compatibility =
                s.identity.isOfModel(current->name, current->hash) ? "compatible" : "incompatible";
        list.push_back({{"id", s.id},
                        {"identity", identityJson(s.identity)},
                        {"state", std::string(store::toString(s.state))},
                        {"encoding", std::string(store::toString(s.encoding))},
                        {"vectors", s.vectorCount},
                        {"generation", s.generation},
                        {"compatibility", compatibility}});
        if (!context->json)
            std::cout << "space " << s.id << ": " << s.identity.modelName << ", " << s.identity.storedDim()
                      << " dimensions (" << s.identity.dtype << ", stored as " << store::toString(s.encoding)
                      << "), " << s.vectorCount << " vectors, " << store::toString(s.state) << ", "
                      << compatibility << " with the configured model\n";
    }
    nlohmann::json model = nlohmann::json::object();
    if (current)
        model = {{"folder", configured}, {"model", current->name}, {"model_hash", current->hash}};
    else
        model = {{"problem", currentProblem}};
    auto items = reader->itemCount();
    auto documents = reader->documents();
    if (context->json) {
        printJson({{"library", context->directory.string()},
                   {"schema_version", reader->schemaVersion()},
                   {"documents", documents ? documents->size() : 0},
                   {"items", items ? *items : 0},
                   {"configured_model", model},
                   {"spaces", list}});
    } else {
        std::cout << "library " << context->directory.string() << ", " << (documents ? documents->size() : 0)
                  << " documents, " << (items ? *items : 0) << " items\n";
        if (!current)
            std::cout << "configured model: " << currentProblem << '\n';
    }
    return 0;
}

int runCheck(const std::vector<std::string> &argv)
{
    auto specs = libraryOptionSpecs();
    specs.push_back({"repair", false, false,
                     "drop damaged vectors and thumbnails (and spaces whose dimension cannot be real) and "
                     "ingest their documents again"});
    auto args = Arguments::parse(argv, specs);
    if (!args)
        return usageError(args.error().message);
    auto context = openLibrary(*args);
    if (!context)
        return fail(context.error().message);
    auto report = application::checkLibrary(*context->library);
    if (!report)
        return fail(report.error().message);
    nlohmann::json indexes = nlohmann::json::array();
    for (const auto &i : report->indexes)
        indexes.push_back({{"space", i.spaceId},
                           {"database_vectors", i.databaseVectors},
                           {"damaged_vectors", i.damagedVectors},
                           {"index_vectors", i.indexVectors},
                           {"consistent", i.consistent()}});
    nlohmann::json damaged = nlohmann::json::array();
    for (const auto &d : report->damaged)
        damaged.push_back({{"item", d.itemId},
                           {"what", d.spaceId ? "vector" : "thumbnail"},
                           {"space", d.spaceId},
                           {"reason", d.reason}});
    const std::string library = context->library->databaseFile().string();
    if (!context->json) {
        for (const auto &p : report->databaseProblems)
            std::cout << "database: " << p << '\n';
        for (const auto &i : report->indexes)
            std::cout << "space " << i.spaceId << ": " << i.databaseVectors << " vectors in the database"
                      << (i.damagedVectors ? " (" + std::to_string(i.damagedVectors) + " damaged)"
                                           : std::string())
                      << ", " << i.indexVectors << " in the index" << (i.consistent() ? "" : "  MISMATCH")
                      << '\n';
        for (const auto &d : report->damaged)
            std::cout << "damaged: " << library << ": item " << d.itemId << ": "
                      << (d.spaceId ? "the vector in space " + std::to_string(d.spaceId)
                                    : std::string("thumbnail"))
                      << ": " << d.reason << '\n';
        for (const auto &path : report->damagedDocuments)
            std::cout << "to ingest again: " << path << '\n';
        for (const auto &f : report->orphanFiles)
            std::cout << "stray file: " << f << '\n';
        std::cout << (report->healthy() ? "the library is healthy\n" : "problems found\n");
        if (!report->damaged.empty() && !args->has("repair"))
            std::cout
                << "run `cortex-cli check --repair` to drop the damaged rows and ingest their documents "
                   "again\n";
    }
    nlohmann::json out = {{"healthy", report->healthy()},
                          {"database_problems", report->databaseProblems},
                          {"indexes", indexes},
                          {"damaged", damaged},
                          {"damaged_documents", report->damagedDocuments},
                          {"orphan_files", report->orphanFiles}};
    if (!args->has("repair")) {
        if (context->json)
            printJson(out);
        return report->healthy() ? 0 : 1;
    }

    // Repair: drop what cannot be trusted (the documents are marked failed), then embed the documents
    // whose files are still here again; the others stay listed as failed with the reason.
    auto repaired = context->library->repair();
    if (!repaired)
        return fail(repaired.error().message);
    nlohmann::json reingested = nlohmann::json::array();
    QStringList paths;
    for (const auto &path : repaired->documents)
        if (std::error_code ec; std::filesystem::is_regular_file(path, ec))
            paths << QString::fromStdString(path);
    int code = 0;
    if (!paths.isEmpty()) {
        Status loaded = context->loadEncoder(*args);
        if (loaded)
            loaded = context->requireTokenizer(*args);
        if (!loaded) {
            std::cerr << "cortex-cli: " << loaded.error().message << "; ingest these documents again with "
                      << "`cortex-cli ingest PATH...`\n";
            code = 1;
        } else {
            ingest::IngestOptions options;
            options.chunk.chunkTokens = context->settings.chunkTokens;
            options.chunk.overlapTokens = context->settings.chunkOverlap;
            options.embedBatch = context->settings.embedBatchSize;
            options.videoSegmentSeconds =
                ingest::videoSegmentSecondsOf(context->settings.videoSegmentSeconds);
            ingest::Ingestor ingestor(*context->library, *context->encoder, context->tokenizer);
            auto summary = ingestor.ingest(paths, options, progressPrinter(), interruptRequested());
            endProgressLine();
            if (!summary)
                return fail(summary.error().message);
            for (const auto &p : paths)
                reingested.push_back(p.toStdString());
            if (summary->failed > 0)
                code = 1;
        }
    }
    out["repair"] = {{"removed_items", repaired->removedItems},
                     {"deleted_spaces", repaired->deletedSpaces},
                     {"documents", repaired->documents},
                     {"ingested_again", reingested}};
    if (context->json) {
        printJson(out);
    } else {
        for (const auto id : repaired->deletedSpaces)
            std::cout << "repair: deleted space " << id << '\n';
        std::cout << "repair: dropped " << repaired->removedItems << " items of "
                  << repaired->documents.size() << " documents, ingested " << reingested.size()
                  << " of them again";
        if (reingested.size() < repaired->documents.size())
            std::cout << "; the others are listed by `cortex-cli maintenance failures`";
        std::cout << '\n';
    }
    return code;
}

// Puts a backup (maintenance backup FILE) in place of the library's database. Runs before the library
// is opened: a library whose database is lost cannot be opened.
int runRestore(const Arguments &args, const std::string &backup)
{
    QSettings stored;
    auto settings = settings::load(stored);
    settings::applyEnvironment(settings, nullptr);
    const std::string dir = libraryDirectory(args, settings);
    if (auto restored = library::Library::restore(dir, backup); !restored)
        return fail(restored.error().message);
    auto context = openLibrary(args); // rebuilds the index files from the restored database
    if (!context)
        return fail(context.error().message);
    if (context->json)
        printJson({{"action", "restore"}, {"file", backup}, {"library", dir}});
    else
        std::cout << "restored " << dir << " from " << backup << "\n";
    return 0;
}

// vacuum | backup FILE | restore FILE | rebuild-index | failures | duplicates [--threshold X]
int runMaintenance(const std::vector<std::string> &argv)
{
    auto specs = libraryOptionSpecs();
    specs.push_back(
        {"threshold", true, false,
         "duplicates: the cosine similarity from which two items are near-duplicates (default 0.97)"});
    auto args = Arguments::parse(argv, specs, true);
    if (!args)
        return usageError(args.error().message);
    const auto &pos = args->positional();
    if (pos.empty())
        return usageError("maintenance needs an action: vacuum, backup FILE, restore FILE, rebuild-index, "
                          "failures, duplicates");
    if (pos[0] == "restore") {
        if (pos.size() != 2)
            return usageError("maintenance restore needs the backup FILE");
        return runRestore(*args, pos[1]);
    }
    if (pos[0] == "failures") {
        // Read-only: it works while another process ingests.
        auto context = openLibraryReadOnly(*args);
        if (!context)
            return fail(context.error().message);
        auto failed = context->db->failedDocuments();
        if (!failed)
            return fail(failed.error().message);
        nlohmann::json list = nlohmann::json::array();
        for (const auto &d : *failed) {
            list.push_back({{"path", d.path}, {"reason", d.error}, {"updated", d.updatedAt}});
            if (!context->json)
                std::cout << d.error << '\n';
        }
        if (context->json)
            printJson({{"action", "failures"}, {"failures", list}});
        return 0;
    }
    auto context = openLibrary(*args);
    if (!context)
        return fail(context.error().message);
    auto &library = *context->library;
    const std::string action = pos[0];
    Status status;
    nlohmann::json out = {{"action", action}};
    if (action == "vacuum") {
        status = application::vacuumLibrary(library);
    } else if (action == "backup" && pos.size() == 2) {
        status = application::backUpLibrary(library, pos[1]);
        out["file"] = pos[1];
    } else if (action == "duplicates") {
        double threshold = 0.97;
        if (const auto text = args->value("threshold")) {
            const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), threshold);
            if (ec != std::errc() || end != text->data() + text->size() || !(threshold > 0 && threshold <= 1))
                return usageError("--threshold expects a similarity above 0 and at most 1, got '" + *text +
                                  "'");
        }
        auto groups =
            application::nearDuplicateReport(library, threshold, progressPrinter(), interruptRequested());
        endProgressLine();
        if (!groups)
            return fail(groups.error().message);
        nlohmann::json list = nlohmann::json::array();
        int number = 0;
        for (const auto &g : *groups) {
            nlohmann::json items = nlohmann::json::array();
            if (!context->json)
                std::cout << ++number << ". similarity " << g.highestSimilarity << '\n';
            for (const auto &v : g.items) {
                items.push_back({{"item", v.item.id},
                                 {"path", v.documentPath},
                                 {"page", v.item.page},
                                 {"kind", std::string(toString(v.item.kind))}});
                if (!context->json)
                    std::cout << "   " << v.documentPath
                              << (v.item.page >= 0 ? " (page " + std::to_string(v.item.page + 1) + ")" : "")
                              << '\n';
            }
            list.push_back({{"similarity", g.highestSimilarity}, {"items", items}});
        }
        if (context->json)
            printJson({{"action", action}, {"threshold", threshold}, {"groups", list}});
        else if (groups->empty())
            std::cout << "no near-duplicates at similarity " << threshold << '\n';
        return 0;
    } else if (action == "rebuild-index") {
        auto rebuilt = application::rebuildIndexes(library, progressPrinter(), interruptRequested());
        endProgressLine();
        if (!rebuilt)
            return fail(rebuilt.error().message);
    } else {
        return usageError("maintenance: unknown action '" + action +
                          "' (vacuum, backup FILE, restore FILE, rebuild-index, failures, duplicates)");
    }
    if (!status)
        return fail(status.error().message);
    if (context->json)
        printJson(out);
    else
        std::cout << "done\n";
    return 0;
}

int runMigrate(const std::vector<std::string> &argv)
{
    auto specs = libraryOptionSpecs();
    specs.push_back({"to-model", true, false, "the embedding model folder to move the library to"});
    auto args = Arguments::parse(argv, specs);
    if (!args)
        return usageError(args.error().message);
    if (!args->has("to-model"))
        return usageError("migrate needs --to-model DIR\n" + usageOf(specs));
    installInterruptHandler();
    auto context = openLibrary(*args);
    if (!context)
        return fail(context.error().message);
    auto options = engineOptionsFrom(*args, "QWEN3_VL_EMBED_BATCH_SIZE");
    if (!options)
        return fail(options.error().message);
    const auto dim = args->integer("dim", context->settings.mrlDim);
    if (!dim)
        return fail(dim.error().message);
    auto encoder = embedding::QwenEncoder::load(*args->value("to-model"), *options, int(*dim));
    if (!encoder)
        return fail(encoder.error().message);
    auto summary = application::migrateLibrary(*context->library, **encoder, context->settings.embedBatchSize,
                                               std::filesystem::path(*args->value("to-model")),
                                               progressPrinter(), interruptRequested());
    endProgressLine();
    if (!summary)
        return fail(summary.error().message);
    if (context->json)
        printJson({{"space", summary->newSpaceId},
                   {"embedded", summary->embedded},
                   {"failed", summary->failed},
                   {"cancelled", summary->cancelled},
                   {"switched", summary->switched}});
    else
        std::cout << summary->embedded << " items embedded, " << summary->failed << " failed; "
                  << (summary->switched ? "the library now uses the new model\n"
                                        : "interrupted: run migrate again to continue\n");
    return summary->cancelled ? 130 : 0;
}

int runExport(const std::vector<std::string> &argv)
{
    auto specs = libraryOptionSpecs();
    specs.push_back({"collection", true, false, "the collection to export"});
    specs.push_back({"out", true, false, "the file to write (.cortex)"});
    auto args = Arguments::parse(argv, specs);
    if (!args)
        return usageError(args.error().message);
    if (!args->has("collection") || !args->has("out"))
        return usageError("export needs --collection NAME and --out FILE\n" + usageOf(specs));
    auto context = openLibrary(*args);
    if (!context)
        return fail(context.error().message);
    auto summary = application::exportCollection(
        *context->library, application::CollectionRef::byName(*args->value("collection")),
        *args->value("out"));
    if (!summary)
        return fail(summary.error().message);
    if (context->json)
        printJson({{"collection", summary->collection},
                   {"documents", summary->documents},
                   {"items", summary->items}});
    else
        std::cout << "exported " << summary->documents << " documents, " << summary->items << " items\n";
    return 0;
}

int runImport(const std::vector<std::string> &argv)
{
    auto specs = libraryOptionSpecs();
    specs.push_back({"collection", true, false, "import under this collection name"});
    specs.push_back(
        {"re-embed", false, false, "embed the items again when the file was made with another model"});
    auto args = Arguments::parse(argv, specs, true);
    if (!args)
        return usageError(args.error().message);
    if (args->positional().size() != 1)
        return usageError("import needs exactly one FILE\n" + usageOf(specs));
    auto context = openLibrary(*args, LibraryCreation::Allowed);
    if (!context)
        return fail(context.error().message);
    if (args->has("re-embed"))
        if (auto s = context->loadEncoder(*args); !s)
            return fail(s.error().message);
    installInterruptHandler();
    const std::string file = args->positional()[0];
    auto outcome = application::importCollection(*context->library, file, args->value("collection"),
                                                 args->has("re-embed") ? context->encoder.get() : nullptr,
                                                 progressPrinter(), interruptRequested());
    endProgressLine();
    if (!outcome)
        return fail(outcome.error().message);
    if (!outcome->summary)
        return fail(application::refusalMessage(*outcome, file));
    const auto &summary = outcome->summary;
    if (context->json)
        printJson({{"collection", summary->collection},
                   {"documents", summary->documents},
                   {"items", summary->items},
                   {"skipped_documents", summary->skippedDocuments},
                   {"reembedded", summary->reembedded}});
    else
        std::cout << "imported " << summary->documents << " documents, " << summary->items << " items into '"
                  << summary->collection << "'\n";
    return 0;
}

} // namespace cortex::cli
