// cortex-cli: everything Cortex does, headless: the engine commands (no Qt) and, in a full build, the
// library commands (ingest, search, collections, maintenance).

#include "arguments.h"
#include "commands.h"
#include "progress_output.h"
#ifdef CORTEX_WITH_LIBRARY
#include "library_commands.h"

#include "search/query_language.h"

#include "settings/settings.h"

#include <QGuiApplication>
#endif

#include <cstring>
#include <iostream>
#include <map>
#include <memory>

namespace cortex::cli {

int fail(const std::string &message)
{
    endProgressLine();
    std::cerr << "cortex-cli: error: " << message << '\n';
    return 1;
}

int usageError(const std::string &message)
{
    std::cerr << "cortex-cli: " << message << "\n(run cortex-cli --help for the commands)\n";
    return 2;
}

} // namespace cortex::cli

namespace {

const char *kUsage =
    R"(usage: cortex-cli COMMAND [OPTIONS]    (cortex-cli COMMAND --help: its options; --version)

Commands:
  tokenize       --model DIR --text TEXT [--json]
  embed          --model DIR [--text TEXT] [--image PATH]... [--instruction TEXT] [--dim N]
                 [--device auto|cpu|cuda] [--dtype auto|float32|bfloat16] [--json]
  rerank         --model DIR [--query-text TEXT] [--query-image PATH]... [--doc-text TEXT]
                 [--doc-image PATH]... [--instruction TEXT] [--device ...] [--dtype ...] [--json]
  inspect-model  --model DIR [--json]
  bench          --model DIR [--device ...] [--dtype ...] (see cortex-cli bench --help)

Library commands (global options: --library DIR, --model DIR, --reranker DIR, --json):
  ingest         PATH... [--collection NAME] [--include GLOB]... [--exclude GLOB]...
                 [--chunk-tokens N] [--overlap N]
  resume         [--job N]        finish jobs that were interrupted or killed
  rescan                          re-ingest changed files, drop deleted ones, add new ones
  watch          [run] | add PATH | list | pause PATH | resume PATH | edit PATH | remove PATH
                                  watched folders: kept in sync while `cortex-cli watch` runs
  jobs                            the ingestion jobs and their state
  search         [--text T] [--image PATH|-]... [--collection C]... [--type KIND]...
                 [--doc-type T]... [--after DATE] [--before DATE] [--top-k K]
                 [--candidates N] [--no-rerank]
  collections    list | create | rename | delete | merge | add | remove | tag | documents
  inspect-db                      embedding spaces and their compatibility with the model
  check          [--repair]       database integrity, index agreement, damaged rows, stray files
  maintenance    vacuum | backup FILE | restore FILE | rebuild-index | failures
  migrate        --to-model DIR   re-embed the library with another model
  export         --collection NAME --out FILE
  import         FILE [--collection NAME] [--re-embed]

Models (the Hugging Face cache is shared with Python tools; HF_ENDPOINT, HF_TOKEN, HF_HUB_CACHE apply):
  models list    [--in DIR]... [--all] [--json]   Qwen3-VL models on this computer, complete or not
  models download REPO [--revision REV] [--to DIR] [--json]
                 e.g. Qwen/Qwen3-VL-Embedding-2B; resumes an interrupted download, verifies hashes

Serving (the OpenAI-compatible API that vLLM serves, from Cortex's own engine):
  serve          --model DIR | --library DIR [--reranker DIR] [--listen HOST:PORT] [--token-file F] [--no-auth]
                 [--max-batch N] [--batch-window-ms MS] [--max-queue N] [--no-batching] [--max-body-mb N]

A model folder is an unmodified Hugging Face snapshot of Qwen/Qwen3-VL-Embedding-2B/8B or
Qwen/Qwen3-VL-Reranker-2B/8B (config.json, *.safetensors, tokenizer.json, preprocessor_config.json).
)";

// What `cortex-cli COMMAND --help` says above the command's options (the options themselves come from
// the command's own option table, so they cannot drift from what it accepts).
const std::map<std::string, cortex::cli::CommandHelp> &commandHelps()
{
    using cortex::cli::CommandHelp;
    static const std::map<std::string, CommandHelp> helps = [] {
        std::map<std::string, CommandHelp> h;
        const auto add = [&](const std::string &name, const std::string &synopsis,
                             const std::string &summary) {
            h[name] = CommandHelp{name, synopsis, summary};
        };
        add("tokenize", "--model DIR --text TEXT [--json]", "Prints the token ids of a text.");
        add("embed", "--model DIR [--text TEXT] [--image PATH]... [OPTIONS]",
            "Embeds one input (text, images or both) and prints the normalised vector.");
        add("rerank", "--model DIR [--query-text T] [--query-image P]... [--doc-text T] [--doc-image P]...",
            "Scores how well a document answers a query with a Qwen3-VL-Reranker model.");
        add("inspect-model", "--model DIR [--json]",
            "Architecture, parameter count, sizes, dtype and the memory a model folder needs.");
        add("bench", "--model DIR [OPTIONS]",
            "Measures load time, text tokens/s, query latency, images/s, one page image and peak memory, "
            "each with its effective GFLOP/s against the matrix-multiply peak measured on the same threads "
            "and the CPU time (user, system) it took.");
        add("ingest", "PATH... [OPTIONS]", "Adds files and folders to the library (resumable: see resume).");
        add("resume", "[--job N]", "Finishes ingestion jobs that were interrupted or killed.");
        add("rescan", "", "Re-ingests changed files, drops deleted ones and adds new ones.");
        add("watch",
            "[run] | add PATH | list | pause PATH | resume PATH | edit PATH |\n"
            "                   remove PATH --keep-documents|--drop-documents",
            "Watched folders: the folders the library keeps in sync by itself. `watch` (or `watch run`)\n"
            "catches up with what changed while nothing watched, then follows changes until SIGTERM.");
        add("jobs", "", "Lists the ingestion jobs and their state.");
        std::string searchSummary =
            "Searches the library with a text, an image (- reads it from standard input) or both.";
#ifdef CORTEX_WITH_LIBRARY
        searchSummary += "\n\nThe text is read in the query language:\n";
        const std::string language = cortex::search::queryLanguageHelp();
        for (std::string_view help = language; !help.empty();) {
            const size_t end = help.find('\n');
            searchSummary += "  " + std::string(help.substr(0, end)) + "\n";
            help = end == std::string_view::npos ? std::string_view() : help.substr(end + 1);
        }
#endif
        add("search", "[--text T] [--image PATH|-]... [OPTIONS]", searchSummary);
        add("collections",
            "list | create NAME | rename OLD NEW | delete NAME | merge FROM INTO | add NAME PATH... |\n"
            "                   remove NAME PATH... | tag NAME TAG... | documents NAME",
            "Manages the library's collections.");
        add("inspect-db", "", "The embedding spaces in the library and their compatibility with the model.");
        add("check", "", "Checks the database's integrity, the index's agreement with it and stray files.");
        add("maintenance", "vacuum | backup FILE | rebuild-index | failures | duplicates [--threshold X]",
            "Compacts the database, writes a backup, rebuilds the vector index, lists failed files or "
            "groups\n"
            "near-duplicate items (by embedding similarity, through the vector index).");
        add("migrate", "--to-model DIR", "Re-embeds the whole library with another model.");
        add("export", "--collection NAME --out FILE", "Writes a collection and its vectors to an archive.");
        add("import", "FILE [--collection NAME] [--re-embed]",
            "Adds a collection archive to the library (re-embedded when it was made with another model).");
        add("models",
            "list [--in DIR]... [--all] [--json] | download REPO [--revision REV] [--to DIR] [--json]",
            "Lists the Qwen3-VL models on this computer, or downloads one from the Hugging Face Hub\n"
            "(`cortex-cli models list --help` and `models download --help` list their options).");
        add("serve", "--model DIR | --library DIR [--reranker DIR] [--listen HOST:PORT] [OPTIONS]",
            "Serves the model over HTTP with the OpenAI-compatible API vLLM serves (/v1/embeddings,\n"
            "/v1/rerank, /score, /v1/models): requests that arrive together run as one batch. With "
            "--library\n"
            "also /v1/search, /v1/items/ID/thumbnail and /v1/ingestion. Listens on 127.0.0.1:8000 unless\n"
            "told otherwise; requires the bearer token of --token-file (docs/SERVING.md).");
        return h;
    }();
    return helps;
}

#ifdef CORTEX_WITH_LIBRARY
QtMessageHandler previousHandler = nullptr;

// While the QGuiApplication is made: Qt looks for a Wayland socket in the runtime folder even on the
// offscreen platform and warns when XDG_RUNTIME_DIR is not set (a container, cron), which says nothing
// about the command. Every other message goes where it went.
void dropRuntimeDirWarning(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg && message.startsWith(QStringLiteral("QStandardPaths: XDG_RUNTIME_DIR not set")))
        return;
    if (previousHandler)
        previousHandler(type, context, message);
}

std::unique_ptr<QGuiApplication> makeOffscreenApplication(int &argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    previousHandler = qInstallMessageHandler(dropRuntimeDirWarning);
    auto app = std::make_unique<QGuiApplication>(argc, argv);
    qInstallMessageHandler(previousHandler);
    return app;
}
#endif

bool isHelpRequest(const char *arg)
{
    return !std::strcmp(arg, "--help") || !std::strcmp(arg, "-h");
}

} // namespace

int main(int argc, char **argv)
{
    using namespace cortex::cli;
    if (argc < 2 || isHelpRequest(argv[1])) {
        std::cout << kUsage;
        return argc < 2 ? 2 : 0;
    }
    if (!std::strcmp(argv[1], "--version")) {
        std::cout << "cortex-cli " << CORTEX_VERSION << '\n';
        return 0;
    }
    if (const auto help = commandHelps().find(argv[1]); help != commandHelps().end()) {
        setCurrentCommandHelp(help->second);
        // A command whose first argument is an action (models list|download) has no options of its own.
        if (argc > 2 && isHelpRequest(argv[2]) && argv[1] == std::string("models")) {
            std::cout << commandHelpText(help->second, {});
            return 0;
        }
    }
    std::map<std::string, int (*)(const std::vector<std::string> &)> commands = {
        {"tokenize", runTokenize},          {"embed", runEmbed}, {"rerank", runRerank},
        {"inspect-model", runInspectModel}, {"bench", runBench},
    };
    const std::map<std::string, int (*)(const std::vector<std::string> &)> libraryCommands = {
#ifdef CORTEX_WITH_LIBRARY
        {"ingest", runIngest},
        {"resume", runResume},
        {"rescan", runRescan},
        {"jobs", runJobs},
        {"watch", runWatch},
        {"search", runSearch},
        {"collections", runCollections},
        {"inspect-db", runInspectDb},
        {"check", runCheck},
        {"maintenance", runMaintenance},
        {"migrate", runMigrate},
        {"export", runExport},
        {"import", runImport},
        {"models", runModels},
        {"serve", runServe},
#endif
    };
    auto it = commands.find(argv[1]);
    const bool libraryCommand = libraryCommands.count(argv[1]) != 0;
    if (libraryCommand)
        it = commands.insert(*libraryCommands.find(argv[1])).first;
    if (it == commands.end())
        return usageError(std::string("unknown command '") + argv[1] + "'");
#ifdef CORTEX_WITH_LIBRARY
    // The library commands use Qt (settings, data folders, image plugins, PDF rendering). Drawing an
    // SVG's text needs Qt's font database, which aborts a process without a QGuiApplication; the CLI never
    // shows a window, so it is a QGuiApplication on the "offscreen" platform, whatever the environment
    // says (no display is needed, and an xcb or wayland platform without one would abort).
    std::unique_ptr<QGuiApplication> app;
    if (libraryCommand) {
        QCoreApplication::setOrganizationName(QStringLiteral("Cortex"));
        QCoreApplication::setApplicationName(QStringLiteral("Cortex"));
        app = makeOffscreenApplication(argc, argv);
        for (const QString &note : cortex::settings::migrateLegacyDataDir())
            std::cerr << "cortex-cli: " << note.toStdString() << '\n';
    }
#endif
    const std::vector<std::string> args(argv + 2, argv + argc);
    try {
        return it->second(args);
    } catch (const std::exception &e) {
        // The engine reports errors as values; this only catches what escaped a library (bad_alloc, ...).
        return fail(e.what());
    }
}
