#pragma once
// A sync of watched folders: their change sets (change_set.h) applied to the library. Moves first (the
// document takes the new path and keeps its embeddings), then deletions, each in one transaction; then
// the new and changed files of each folder as ONE resumable ingestion job (a burst of 10,000 changes is
// one job, not 10,000). A kill at any point leaves the library consistent: a commit is whole or absent,
// an interrupted job is resumed (Ingestor::resume) and the next sync's scan finds what is left.

#include "common/progress.h"
#include "common/result.h"
#include "ingest/change_set.h"
#include "ingest/ingestor.h"

#include <vector>

namespace cortex::library {
class Library;
}

namespace cortex::ingest {

struct SyncOptions {
    IngestOptions base;       // the settings' defaults and limits; each folder's own settings override
    double stableSeconds = 3; // see ChangeScanOptions
    int64_t nowNs = 0;
};

struct FolderSyncResult {
    int64_t folderId = 0;
    QString path;
    bool unavailable = false;
    QString unavailableReason;
    int64_t added = 0;
    int64_t modified = 0;
    int64_t moved = 0;
    int64_t deleted = 0;
    int64_t unchanged = 0;
    QStringList settling; // left for a later sync
    QStringList problems;
    std::optional<IngestSummary> job; // the one job of the new and changed files, if there were any
};

struct SyncSummary {
    std::vector<FolderSyncResult> folders;
    bool cancelled = false;
    int64_t jobs() const;
    int64_t settling() const;
};

// Syncs the folders that are not paused (all of them when `only` is empty, else those with these ids).
// Each folder's state in the library says what was found: unavailable with the reason, or idle with
// the time of the sync and its counts.
Result<SyncSummary> syncWatchedFolders(library::Library &library, Ingestor &ingestor,
                                       const SyncOptions &options, const std::vector<int64_t> &only = {},
                                       const ProgressCallback &progress = {},
                                       const CancelPredicate &cancelled = {});

// "3 new, 1 changed, 2 moved, 1 deleted, 1 still being written" (the non-zero parts; "no changes").
QString describeSync(const FolderSyncResult &result);

} // namespace cortex::ingest
