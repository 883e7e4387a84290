#pragma once
// The small read-only questions the views ask of a library (how many items, which ingestion jobs were
// interrupted), written once for the window and cortex-cli. Each reads on its own read-only connection,
// so it is answered while a job writes.

#include "common/result.h"

#include <QFuture>

#include <cstdint>
#include <vector>

namespace cortex::library {
class Library;
}
namespace cortex::store {
class LibraryDb;
}
namespace cortex::session {
class LibrarySession;
}

namespace cortex::application {

// --- On an open library or a read-only connection (cortex-cli, tests) ---
Result<int64_t> itemCount(library::Library &library);
// The ingestion jobs that did not finish (interrupted, cancelled, or running in another process), oldest
// first: what `cortex-cli resume` and the Ingest tab's banner resume.
Result<std::vector<int64_t>> unfinishedIngestJobs(store::LibraryDb &reader);
Result<std::vector<int64_t>> unfinishedIngestJobs(library::Library &library);

// --- The same on the session's library worker (the window) ---
QFuture<Result<int64_t>> itemCount(session::LibrarySession &session);
QFuture<Result<std::vector<int64_t>>> unfinishedIngestJobs(session::LibrarySession &session);

} // namespace cortex::application
