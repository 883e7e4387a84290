#pragma once
// "Nothing is re-embedded without need": a change that would embed a whole watched folder again (its
// chunk size or overlap) is applied only once the user confirmed it, and the question says what would be
// embedded again and how long that would take; the Maintenance tab says the same of a migration to the
// loaded model beside its button. How long is measured, never invented: the speed of this
// library's own recent ingestion jobs (files indexed over the time each job took); without one, the
// estimate says it is unknown. Written once for the window's dialog and `cortex-cli watch edit`.

#include "application/watched_folders.h"
#include "common/result.h"
#include "store/records.h"

#include <QFuture>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cortex::store {
class LibraryDb;
}
namespace cortex::session {
class LibrarySession;
}

namespace cortex::application {

struct ReembedEstimate {
    int64_t documents = 0; // documents whose items would be embedded again
    int64_t items = 0;     // the items they hold now
    // How long it would take, in seconds; nullopt: no finished ingestion of this library measured it.
    std::optional<double> seconds;
    // What the speed was measured from: the files indexed by the recent finished jobs, and their time.
    int64_t measuredFiles = 0;
    int64_t measuredSeconds = 0;
    int measuredJobs = 0;
};

// At most this many of the newest finished jobs measure the speed: the model and the computer of now.
inline constexpr int kMeasuredJobs = 20;

// The estimate for `documents` documents (holding `items` items) at the speed of the newest finished
// ingestion jobs among `jobs` (newest first, as LibraryDb::jobs answers): their indexed files over their
// seconds. Jobs that indexed nothing or took no measurable time (under a second) are left out.
ReembedEstimate estimateReembedding(int64_t documents, int64_t items,
                                    const std::vector<store::JobInfo> &jobs);

// Whether the edit changes how the folder's files are chunked (its chunk size or overlap).
bool editChangesChunking(const store::WatchedFolder &folder, const WatchedFolderEdit &edit);

// What the edit of the folder would embed again: nullopt when nothing (the chunking stays, or none of
// its documents is embedded).
Result<std::optional<ReembedEstimate>>
reembeddingForEdit(store::LibraryDb &reader, const WatchedFolderRef &folder, const WatchedFolderEdit &edit);

// What a migration to another model embeds again: every document with content, every item.
Result<ReembedEstimate> libraryReembedding(store::LibraryDb &reader);

// "about 40 seconds", "about 3 minutes", "about 2.5 hours"; English, for cortex-cli (the window words it
// in its own language from the numbers).
std::string describeDuration(double seconds);
// "12 documents (340 items) would be embedded again, which takes about 3 minutes (measured: 120 files in
// 90 s by this library's last 2 ingestions)", or "...; how long is unknown: no ingestion of this library
// has been timed yet".
std::string describeReembedding(const ReembedEstimate &estimate);

// --- The same on the session's library worker (the window) ---
QFuture<Result<ReembedEstimate>> libraryReembedding(session::LibrarySession &session);
QFuture<Result<std::optional<ReembedEstimate>>> reembeddingForEdit(session::LibrarySession &session,
                                                                   const WatchedFolderRef &folder,
                                                                   const WatchedFolderEdit &edit);

} // namespace cortex::application
