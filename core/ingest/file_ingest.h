#pragma once
// One file into the library: look at it, skip it when unchanged, otherwise extract, chunk, embed and
// commit it in one transaction (with its job-file state, so a resumed job never redoes committed work).

#include "common/result.h"
#include "ingest/ingestor.h"

#include <optional>
#include <string>

namespace cortex::store {
class LibraryDb;
}

namespace cortex::ingest {

// Paused: the job was cancelled inside the file; what was embedded of it is saved (a checkpoint), the
// file stays pending, and a resume continues inside it.
enum class FileOutcome { Indexed, Skipped, Failed, Paused };

struct FileResult {
    FileOutcome outcome = FileOutcome::Failed;
    QString reason;           // why it failed or was skipped
    int64_t items = 0;        // items embedded
    QStringList warnings;     // what was left out of an indexed file ("truncated at 1000000 characters ...")
    int64_t resumedItems = 0; // items an earlier run of the job had embedded and saved inside the file
    int64_t deferredImages = 0; // images left for the job's second pass
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
    CancelPredicate cancelled; // checked inside the file (between items, chunks and embedding calls)
    // Told where the work is inside the file after every embedding call: the page last embedded (1-based;
    // 0 in a document without pages) and the parts done.
    std::function<void(int page, int64_t parts)> reportWithin;
    // Where the time spent embedding rendered PDF pages is added up (the cost per page shown beside the
    // page-image choice); may be null.
    PageImageTiming *pageImageTiming = nullptr;
    // A video: `done` of its `of` segments embedded, told once its plan is known (done: the segments an
    // earlier run saved) and after every segment; may be empty.
    std::function<void(int64_t done, int64_t of)> reportSegments;
};

// A regular file's size and modification time (what "unchanged" compares with the document record);
// nullopt for a missing file or anything that is not a regular file.
struct FileStat {
    int64_t size = 0;
    int64_t mtimeNs = 0;
};
std::optional<FileStat> statFile(const QString &path);

// Never returns an error for a problem with the file itself (that is a Failed outcome, recorded in
// the database); an error means the library could not be written.
Result<FileResult> ingestFile(const FileContext &context, const QString &path);

// A file that crashed the process must not crash it again on resume. Before a file is read, ingestFile
// marks it started in the job (durably) and arms a handler of the crash signals (SIGSEGV, SIGBUS,
// SIGILL, SIGFPE, SIGABRT) that writes the file's path into the job's crash record, a small file next
// to the database, before the process dies as it would have. A file found started on resume was being
// read when the process ended: when the crash record names it, it is recorded as failed and not read
// again; otherwise the process was killed from outside (SIGKILL, power loss) and the file is read again.
//
// Test-only hooks, read from the environment at the point where a file is about to be read:
// CORTEX_TEST_ABORT_ON=<file name> calls std::abort() (a crash), CORTEX_TEST_KILL_ON=<file name> raises
// SIGKILL (a kill from outside). Never set them outside the test suite.

// What the crash handler writes, prepared before the file is read: a signal handler may only call
// async-signal-safe functions (open, write, close), so nothing is formatted or allocated there.
struct CrashRecordSlot {
    std::string recordFile;
    std::string content; // the path of the file being read (or the page image being rendered)
};

// Armed while one file is read and embedded (or one page image rendered: `what` then names it, see
// page_image_pass.h): a crash meanwhile leaves the crash record naming it.
class CrashRecordGuard {
public:
    CrashRecordGuard(const library::Library &library, int64_t jobId, std::string what);
    ~CrashRecordGuard();
    CrashRecordGuard(const CrashRecordGuard &) = delete;
    CrashRecordGuard &operator=(const CrashRecordGuard &) = delete;

private:
    CrashRecordSlot slot_;
};

// The file that the crash record of job `jobId` names, if the job's process crashed while reading it.
std::optional<QString> crashedFileOfJob(const library::Library &library, int64_t jobId);
// Removes the job's crash record (once its file is recorded as failed).
void clearCrashRecord(const library::Library &library, int64_t jobId);
// Records `path` of the job as failed because the previous attempt crashed the process while reading it.
Result<FileResult> recordCrashedFile(const FileContext &context, const QString &path);

} // namespace cortex::ingest
