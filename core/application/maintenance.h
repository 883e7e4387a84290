#pragma once
// Maintenance: what the Maintenance tab and `cortex-cli check/maintenance/migrate` do to a whole
// library, written once: the overview of its spaces and failed documents, the integrity check, the
// index rebuild, vacuum, backup, and the migration to another embedding model.

#include "common/progress.h"
#include "common/result.h"
#include "library/check_report.h"
#include "search/near_duplicates.h"
#include "service/migration.h"
#include "store/records.h"

#include <QFuture>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cortex::library {
class Library;
}
namespace cortex::store {
class LibraryDb;
}
namespace cortex::embedding {
class Encoder;
}
namespace cortex::session {
class LibrarySession;
}

namespace cortex::application {

using MigrationSummary = service::MigrationSummary;
using CheckReport = library::CheckReport;

// The library's embedding spaces and the documents that failed, for the Maintenance tab.
struct LibraryOverview {
    std::vector<store::SpaceInfo> spaces;
    std::vector<store::DocumentRecord> failed;
};

// --- On an open library (cortex-cli, tests) ---
Result<LibraryOverview> libraryOverview(library::Library &library);
Result<std::vector<store::SpaceInfo>> librarySpaces(library::Library &library);
Result<CheckReport> checkLibrary(library::Library &library);
// Rebuilds the index of every space that is not retired; answers how many. A cancel stops between
// spaces (the library rebuilds what is missing when it opens).
Result<int> rebuildIndexes(library::Library &library, const ProgressCallback &progress = {},
                           const CancelPredicate &cancelled = {});
// Near-duplicate items of different documents (search/near_duplicates.h), closest groups first.
Result<std::vector<search::NearDuplicateGroup>> nearDuplicateReport(library::Library &library,
                                                                    double threshold,
                                                                    const ProgressCallback &progress = {},
                                                                    const CancelPredicate &cancelled = {});
Status vacuumLibrary(library::Library &library);
Status backUpLibrary(library::Library &library, const std::filesystem::path &file);
// Embeds every item again with `encoder` into a new space and switches to it when done; a cancel keeps
// what is embedded (migrating again continues). Once switched, `modelDirectory` (when given) is
// remembered with the library, so that opening it later finds its model.
Result<MigrationSummary> migrateLibrary(library::Library &library, embedding::Encoder &encoder, int batchSize,
                                        const std::optional<std::filesystem::path> &modelDirectory,
                                        const ProgressCallback &progress = {},
                                        const CancelPredicate &cancelled = {});

// --- The same on the session's workers (the window) ---
QFuture<Result<LibraryOverview>> libraryOverview(session::LibrarySession &session);
QFuture<Result<std::vector<store::SpaceInfo>>> librarySpaces(session::LibrarySession &session);
QFuture<Result<CheckReport>> checkLibrary(session::LibrarySession &session);
QFuture<Result<int>> rebuildIndexes(session::LibrarySession &session, const ProgressCallback &progress,
                                    const CancelPredicate &cancelled);
QFuture<Result<std::vector<search::NearDuplicateGroup>>>
nearDuplicateReport(session::LibrarySession &session, double threshold, const ProgressCallback &progress,
                    const CancelPredicate &cancelled);
QFuture<Status> vacuumLibrary(session::LibrarySession &session);
QFuture<Status> backUpLibrary(session::LibrarySession &session, const std::filesystem::path &file);
// With the session's loaded embedding model (shared and queued: ingestion and search use it meanwhile),
// remembering its folder. An error when no model is loaded.
QFuture<Result<MigrationSummary>> migrateLibrary(session::LibrarySession &session, int batchSize,
                                                 const ProgressCallback &progress,
                                                 const CancelPredicate &cancelled);

} // namespace cortex::application
