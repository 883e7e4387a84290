#pragma once
// Ingestion: files and folders -> documents, items and vectors in a library, as a resumable job.
//
// A job is recorded in the database with its list of files before any work starts; each file is then
// committed in one transaction together with its job-file state, so a process killed at any point
// resumes exactly where it stopped (resume()) and never loses or duplicates a committed item. A file
// that fails is recorded with its reason and the job goes on. A job stopped by its cancel predicate is
// recorded as Paused: like a killed one, it is listed by unfinishedJobs() and can be resumed.
//
// Incremental: an unchanged file (size and mtime, content still present) is skipped; a changed one
// has its items replaced in one transaction; identical content (same SHA-256) is stored once and
// shared; rescan() also removes the documents whose files are gone.

#include "common/progress.h"
#include "common/result.h"
#include "ingest/chunker.h"
#include "ingest/extract/extracted_document.h"
#include "ingest/file_scanner.h"
#include "store/records.h"
#include "store/watched_folder.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace cortex::model {
class Tokenizer;
}
namespace cortex::embedding {
class Encoder;
}
namespace cortex::library {
class Library;
}
namespace cortex::store {
class LibraryDb;
} // namespace cortex::store

namespace cortex::ingest {

struct IngestOptions {
    QString collection; // empty: the documents join no collection
    ScanOptions scan;
    ChunkOptions chunk;
    ExtractOptions extract;
    int embedBatch = 8; // inputs per embedding call
    // Text chunks embedded from one document; the rest is left out with the warning "truncated at N
    // text chunks". Some 270,000 tokens at the default chunk size (448 new tokens a chunk): a little more
    // than the character limit (ExtractOptions::maxTextChars) leaves of prose, so it bites on text of
    // one-letter words and the like, whose tokens would cost minutes a megabyte to embed.
    // cortex-cli ingest --max-chunks sets it.
    int64_t maxChunksPerDocument = kDefaultMaxChunksPerDocument;
    static constexpr int64_t kDefaultMaxChunksPerDocument = 600;
    double indexSaveIntervalSeconds = 30;
    // How often the progress inside a long file is saved (a checkpoint), so that a pause or a kill
    // costs at most this much embedding work: the file then resumes after its last checkpoint.
    // cortex-cli ingest --checkpoint-interval sets it.
    double checkpointSeconds = 30;
    // Two passes: the first embeds the text of every file and standalone images, so that the library
    // answers queries soon; the second renders and embeds PDF pages and the images inside documents,
    // least text first (ingest/page_image_pass.h). Both are steps of one job, resumable after a kill.
    // False embeds everything file by file.
    bool twoPasses = true;
    // A video is embedded as consecutive segments of this many seconds (the last one shorter), so that a
    // hit points to a moment (ingest/video_ingest.h). Settings "ingest/videoSegmentSeconds";
    // cortex-cli ingest --video-segment sets it.
    double videoSegmentSeconds = kDefaultVideoSegmentSeconds;
    static constexpr double kDefaultVideoSegmentSeconds = 60;
    static constexpr double kMinVideoSegmentSeconds = 1;
    static constexpr double kMaxVideoSegmentSeconds = 3600;
};

// The segment length a setting asks for, within the range a job accepts (a hand-edited setting out of
// range gives the nearest allowed length).
inline double videoSegmentSecondsOf(double setting)
{
    if (!(setting >= IngestOptions::kMinVideoSegmentSeconds))
        return setting > 0 ? IngestOptions::kMinVideoSegmentSeconds
                           : IngestOptions::kDefaultVideoSegmentSeconds;
    return setting > IngestOptions::kMaxVideoSegmentSeconds ? IngestOptions::kMaxVideoSegmentSeconds
                                                            : setting;
}

// Rendered PDF pages embedded and the seconds their embedding calls took (pages are embedded in calls
// of their own, so the time is theirs alone).
struct PageImageTiming {
    int longSide = 0; // the pages' size (ExtractOptions::pdfRenderLongSide)
    int64_t pages = 0;
    double seconds = 0;
};

struct FileFailure {
    QString path;
    QString reason;
};

struct IngestSummary {
    int64_t jobId = 0;
    QStringList paths;  // what the job was given (files and folders)
    QString collection; // the collection its documents join
    int64_t files = 0;
    int64_t indexed = 0;
    int64_t skipped = 0; // unchanged, or identical to content already stored
    int64_t failed = 0;
    int64_t removed = 0; // documents whose files were gone (rescan)
    // Files given by name whose type Cortex does not ingest, each "PATH: unsupported type (SVG)"; they
    // are not part of the job.
    QStringList unsupported;
    int64_t unsupportedInFolders = 0; // files of unsupported types met while scanning folders
    int64_t items = 0;                // items embedded
    PageImageTiming pageImages;       // at IngestOptions::extract.pdfRenderLongSide
    // The second pass: images embedded, images that could not be (in `failures`), images still left when
    // it stopped (cancelled, or yielding to other work: pageImagesYielded).
    int64_t pageImagesDone = 0;
    int64_t pageImagesFailed = 0;
    int64_t pageImagesLeft = 0;
    bool pageImagesYielded = false;
    double seconds = 0;
    bool cancelled = false;
    std::vector<FileFailure> failures;
    std::vector<FileFailure> warnings; // indexed files with something left out (reason: the warning)
    // Files an earlier run of the job had stopped inside: each continued with the items it had saved.
    struct ContinuedFile {
        QString path;
        int64_t savedItems = 0;
    };
    std::vector<ContinuedFile> continuedInside;
    QStringList scanProblems;
};

// The stage of the progress reported by a job's second pass (the first reports "scanning", "ingesting").
inline constexpr const char *kPageImagesStage = "page images";

// Adds what a later run of the same job (or another job, as a rescan runs one per folder) did to
// `total`: counts, times, failures and warnings; of the same job, the state (cancelled, images left) is
// the later run's.
void addToSummary(IngestSummary &total, const IngestSummary &part);

// The identity of the library's active space when it is another model's than `model`; nullopt when the
// library has this model's space or none yet.
Result<std::optional<store::SpaceIdentity>> libraryModelOtherThan(store::LibraryDb &db,
                                                                  const store::SpaceIdentity &model);

// One library holds one model's vectors (docs/ARCHITECTURE.md): an error naming both models and the
// way to migrate when the library has an active space of another model; success when it has this
// model's space or none yet. Checked by every ingestion, so neither the window nor the command line can
// start a second space and split the library.
Status modelFitsLibrary(store::LibraryDb &db, const store::SpaceIdentity &model,
                        const std::string &libraryName);

class Ingestor {
public:
    Ingestor(library::Library &library, embedding::Encoder &encoder,
             std::shared_ptr<const model::Tokenizer> tokenizer);
    ~Ingestor();

    // Scans the paths, records a job with the files found and runs it.
    Result<IngestSummary> ingest(const QStringList &paths, const IngestOptions &options,
                                 const ProgressCallback &progress = {},
                                 const CancelPredicate &cancelled = {});
    // Records one job with exactly these files (found by a sync: no scan, nothing remembered) and runs
    // it; `shownPaths` are what the job says it ingests (the watched folder).
    Result<IngestSummary> ingestFiles(const QStringList &files, const QStringList &shownPaths,
                                      const IngestOptions &options, const ProgressCallback &progress = {},
                                      const CancelPredicate &cancelled = {});
    // Runs the pending files of an unfinished job (killed, paused or cancelled) with its recorded options
    // (and, when given, another checkpoint interval: IngestOptions::checkpointSeconds).
    Result<IngestSummary> resume(int64_t jobId, const ProgressCallback &progress = {},
                                 const CancelPredicate &cancelled = {},
                                 std::optional<double> checkpointSeconds = std::nullopt);
    // Removes documents whose files are gone, then re-ingests changed files and new files under the
    // watched folders that are not paused (each with its own collection, patterns and chunk size).
    Result<IngestSummary> rescan(const IngestOptions &options, const ProgressCallback &progress = {},
                                 const CancelPredicate &cancelled = {});

    // The second pass stops between two batches when this says so (other work is waiting): the job
    // then stays unfinished with IngestSummary::pageImagesYielded set, to be resumed after that work.
    void setPageImageYield(CancelPredicate yield) { yield_ = std::move(yield); }

private:
    struct Run;
    Result<IngestSummary> runJob(int64_t jobId, const IngestOptions &options,
                                 const ProgressCallback &progress, const CancelPredicate &cancelled);

    library::Library &library_;
    embedding::Encoder &encoder_;
    std::shared_ptr<const model::Tokenizer> tokenizer_;
    CancelPredicate yield_;
};

// What a watched folder remembers of the options it was ingested with, and the options of a sync of it:
// `base` (the settings' defaults, the limits) with the folder's collection, patterns and chunk size.
store::WatchedFolderSettings watchedSettingsOf(const IngestOptions &options);
IngestOptions optionsForWatchedFolder(const store::WatchedFolder &folder, IngestOptions base);

// The options as recorded with a job (JSON), and back; the recorded parameters also hold the paths the
// job was given, so that a resumed job shows what it ingests.
QString optionsToJson(const IngestOptions &options, const QStringList &paths = {});
IngestOptions optionsFromJson(const QString &json);
QStringList pathsFromJson(const QString &json);

} // namespace cortex::ingest
