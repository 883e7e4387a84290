#pragma once
// What every library command of cortex-cli shares: the global options (--library, --model,
// --reranker, the engine options), the settings they override, the opened library and, on demand,
// the models. The embedding model's folder is remembered in the library, so `search` finds the model
// that `ingest` used without being told again (a library holds one model's vectors); a --reranker
// applies to the command it is given to, unless `search --save` keeps it in the settings.

#include "arguments.h"
#include "progress_output.h"

#include "embedding/qwen_models.h"
#include "hub/hub_cache.h"
#include "library/library.h"
#include "model/tokenizer/tokenizer.h"
#include "search/searcher.h"
#include "session/model_choice.h"
#include "settings/settings.h"

#include <memory>
#include <optional>
#include <vector>

namespace cortex::cli {

std::vector<OptionSpec> libraryOptionSpecs();

struct LibraryContext {
    settings::Settings settings;
    std::unique_ptr<library::Library> library;
    // The local Qwen3-VL models, or models served by a vLLM server (--model-url, --reranker-url).
    std::unique_ptr<embedding::Encoder> encoder;
    std::shared_ptr<const model::Tokenizer>
        tokenizer; // for chunking; null for a served model without --tokenizer
    std::unique_ptr<embedding::Scorer> scorer;
    search::RerankerStatus reranker;
    bool json = false;

    // Loads the embedding model (--model, the settings, or the one the library remembers), or connects
    // to the server of --model-url, which must serve the library's model (its fingerprint agrees).
    Status loadEncoder(const Arguments &args);
    // What ingestion needs besides the encoder: the tokenizer that cuts text into chunks (a served
    // model's comes from --tokenizer DIR or the library's local model folder).
    Status requireTokenizer(const Arguments &args);
    // Loads the reranker when enabled and configured; a failure is recorded in `reranker`, not fatal,
    // except a --reranker folder that is not a reranker (hub/model_role.h), which is an error.
    Status loadReranker(const Arguments &args);

private:
    Status connectEncoder(const Arguments &args);
    Status connectReranker(const Arguments &args);
    // What the first run needs when no folder is given: the VRAM table's choice and the models on disk,
    // looked up once for both models.
    const session::ModelChoice &modelChoice();
    const std::vector<hub::FoundModel> &modelsOnDisk();
    std::optional<session::ModelChoice> choice_;
    std::optional<std::vector<hub::FoundModel>> modelsOnDisk_;
};

// The library folder the options name: --library, the settings, or the platform's data location.
std::string libraryDirectory(const Arguments &args, const settings::Settings &settings);

// Whether a command may make a new library: only the ones that add documents (ingest, import) may. Any
// other command refuses a folder that holds no library, naming it, and creates nothing there (a
// mistyped --library must not leave an empty library behind).
enum class LibraryCreation { Allowed, Refused };

// Opens (or, where allowed, creates) the library for reading and writing, which one process at a time
// may do (library_lock.h); reports index rebuild progress on stderr, and the library's warnings
// (damaged rows it left out) as "cortex-cli: warning: ..." lines.
Result<LibraryContext> openLibrary(const Arguments &args,
                                   LibraryCreation creation = LibraryCreation::Refused);

// What a command that only reads the database needs (jobs, inspect-db, collections list|documents,
// maintenance failures): a read-only connection to it, opened without the library's lock, so that it
// works while another process (an ingestion) writes: SQLite's write-ahead log lets readers see every
// committed change without blocking the writer. No index is loaded. A database that cannot be read
// read-only (an older schema, to be upgraded first) is opened for writing when no other process has it.
struct ReadOnlyLibrary {
    settings::Settings settings;
    std::filesystem::path directory;
    std::unique_ptr<library::Library> opened; // only when it had to be opened for writing
    std::unique_ptr<store::LibraryDb> db;
    bool json = false;
};
Result<ReadOnlyLibrary> openLibraryReadOnly(const Arguments &args);

// Set by SIGINT/SIGTERM: long commands stop at the next file and leave resumable state.
CancelPredicate interruptRequested();
void installInterruptHandler();

} // namespace cortex::cli
