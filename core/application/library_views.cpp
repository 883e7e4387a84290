#include "application/library_views.h"

#include "library/library.h"
#include "session/library_session.h"
#include "store/library_db.h"

namespace cortex::application {

Result<int64_t> itemCount(library::Library &library)
{
    auto reader = library.openReader();
    if (!reader)
        return reader.error();
    return (*reader)->itemCount();
}

Result<std::vector<int64_t>> unfinishedIngestJobs(store::LibraryDb &reader)
{
    auto jobs = reader.unfinishedJobs();
    if (!jobs)
        return jobs.error();
    std::vector<int64_t> ids;
    for (const auto &j : *jobs)
        if (j.kind == store::kIngestJobKind)
            ids.push_back(j.id);
    return ids;
}

Result<std::vector<int64_t>> unfinishedIngestJobs(library::Library &library)
{
    auto reader = library.openReader();
    if (!reader)
        return reader.error();
    return unfinishedIngestJobs(**reader);
}

QFuture<Result<int64_t>> itemCount(session::LibrarySession &session)
{
    return session.run<int64_t>([](library::Library &lib) { return itemCount(lib); });
}

QFuture<Result<std::vector<int64_t>>> unfinishedIngestJobs(session::LibrarySession &session)
{
    return session.run<std::vector<int64_t>>([](library::Library &lib) { return unfinishedIngestJobs(lib); });
}

} // namespace cortex::application
