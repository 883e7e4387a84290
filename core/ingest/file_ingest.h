#pragma once
// One file into the library: look at it, skip it when unchanged, otherwise extract, chunk, embed and
// commit it in one transaction (with its job-file state, so a resumed job never redoes committed work).

#include "common/result.h"
#include "ingest/ingestor.h"

#include <optional>

namespace cortex::store {
class LibraryDb;
}

namespace cortex::ingest {

enum class FileOutcome { Indexed, Skipped, Failed };

struct FileResult {
    FileOutcome outcome = FileOutcome::Failed;
    QString reason;       // why it failed or was skipped
    int64_t items = 0;    // items embedded
    QStringList warnings; // what was left out of an indexed file ("truncated at 1000000 characters ...")
};

struct FileContext {
    library::Library &library;
    store::LibraryDb &reader; // the job's read-only connection (one per job, not per file)
    embedding::Encoder &encoder;
    const model::Tokenizer &tokenizer;
    const IngestOptions &options;
    int64_t spaceId = 0;
    std::optional<int64_t> collectionId;
    int64_t jobId = 0;
};

// Never returns an error for a problem with the file itself (that is a Failed outcome, recorded in
// the database); an error means the library could not be written.
Result<FileResult> ingestFile(const FileContext &context, const QString &path);

} // namespace cortex::ingest
