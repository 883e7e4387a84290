// cortex-cli: everything Cortex does, headless: the engine commands (no Qt) and, in a full build, the
// library commands (ingest, search, collections, maintenance).

#include "commands.h"
#ifdef CORTEX_WITH_LIBRARY
#include "library_commands.h"

#include <QCoreApplication>
#endif

#include <cstring>
#include <iostream>
#include <map>
#include <memory>

namespace cortex::cli {

int fail(const std::string &message)
{
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

const char *kUsage = R"(usage: cortex-cli COMMAND [OPTIONS]

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

A model folder is an unmodified Hugging Face snapshot of Qwen/Qwen3-VL-Embedding-2B/8B or
Qwen/Qwen3-VL-Reranker-2B/8B (config.json, *.safetensors, tokenizer.json, preprocessor_config.json).
)";

} // namespace

int main(int argc, char **argv)
{
    using namespace cortex::cli;
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        std::cout << kUsage;
        return argc < 2 ? 2 : 0;
    }
    std::map<std::string, int (*)(const std::vector<std::string> &)> commands = {
        {"tokenize", runTokenize},          {"embed", runEmbed}, {"rerank", runRerank},
        {"inspect-model", runInspectModel}, {"bench", runBench},
    };
    const std::map<std::string, int (*)(const std::vector<std::string> &)> libraryCommands = {
#ifdef CORTEX_WITH_LIBRARY
        {"ingest", runIngest},           {"resume", runResume},
        {"rescan", runRescan},           {"jobs", runJobs},
        {"search", runSearch},           {"collections", runCollections},
        {"inspect-db", runInspectDb},    {"check", runCheck},
        {"maintenance", runMaintenance}, {"migrate", runMigrate},
        {"export", runExport},           {"import", runImport},
        {"models", runModels},
#endif
    };
    auto it = commands.find(argv[1]);
    const bool libraryCommand = libraryCommands.count(argv[1]) != 0;
    if (libraryCommand)
        it = commands.insert(*libraryCommands.find(argv[1])).first;
    if (it == commands.end())
        return usageError(std::string("unknown command '") + argv[1] + "'");
#ifdef CORTEX_WITH_LIBRARY
    // The library commands use Qt (settings, data folders, image plugins, PDF rendering); none of it
    // needs a display, so a QCoreApplication is enough.
    std::unique_ptr<QCoreApplication> app;
    if (libraryCommand) {
        QCoreApplication::setOrganizationName(QStringLiteral("Cortex"));
        QCoreApplication::setApplicationName(QStringLiteral("Cortex"));
        app = std::make_unique<QCoreApplication>(argc, argv);
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
