#include "application/reembedding.h"

#include "library/library.h"
#include "session/library_session.h"
#include "store/item_counts.h"
#include "store/library_db.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cortex::application {

ReembedEstimate estimateReembedding(int64_t documents, int64_t items, const std::vector<store::JobInfo> &jobs)
{
    ReembedEstimate e;
    e.documents = documents;
    e.items = items;
    for (const auto &job : jobs) {
        if (e.measuredJobs >= kMeasuredJobs)
            break;
        const int64_t seconds = job.updatedAt - job.createdAt;
        if (job.kind != store::kIngestJobKind || job.state != store::JobState::Finished ||
            job.doneFiles <= 0 || seconds < 1)
            continue;
        e.measuredFiles += job.doneFiles;
        e.measuredSeconds += seconds;
        ++e.measuredJobs;
    }
    if (e.measuredFiles > 0)
        e.seconds = double(documents) * double(e.measuredSeconds) / double(e.measuredFiles);
    return e;
}

bool editChangesChunking(const store::WatchedFolder &folder, const WatchedFolderEdit &edit)
{
    const int chunk = edit.chunkTokens.value_or(folder.settings.chunkTokens);
    const int overlap = edit.overlapTokens.value_or(folder.settings.overlapTokens);
    return chunk != folder.settings.chunkTokens || overlap != folder.settings.overlapTokens;
}

Result<std::optional<ReembedEstimate>>
reembeddingForEdit(store::LibraryDb &reader, const WatchedFolderRef &folder, const WatchedFolderEdit &edit)
{
    auto found = watchedFolder(reader, folder);
    if (!found)
        return found.error();
    if (!editChangesChunking(*found, edit))
        return std::optional<ReembedEstimate>();
    auto documents = documentsOfWatchedFolder(reader, found->path);
    if (!documents)
        return documents.error();
    int64_t embedded = 0;
    int64_t items = 0;
    for (const auto &doc : *documents) {
        if (!doc.contentId)
            continue;
        auto count = store::itemCountOfContent(reader, *doc.contentId);
        if (!count)
            return count.error();
        ++embedded;
        items += *count;
    }
    if (embedded == 0)
        return std::optional<ReembedEstimate>();
    auto jobs = reader.jobs();
    if (!jobs)
        return jobs.error();
    return std::optional<ReembedEstimate>(estimateReembedding(embedded, items, *jobs));
}

Result<ReembedEstimate> libraryReembedding(store::LibraryDb &reader)
{
    auto documents = reader.documents();
    if (!documents)
        return documents.error();
    int64_t embedded = 0;
    for (const auto &doc : *documents)
        embedded += doc.contentId.has_value();
    auto items = reader.itemCount();
    if (!items)
        return items.error();
    auto jobs = reader.jobs();
    if (!jobs)
        return jobs.error();
    return estimateReembedding(embedded, *items, *jobs);
}

std::string describeDuration(double seconds)
{
    char text[64];
    if (seconds < 3600) {
        const bool inSeconds = seconds < 59.5;
        const long n = std::max(1L, std::lround(inSeconds ? seconds : seconds / 60));
        std::snprintf(text, sizeof text, "about %ld %s%s", n, inSeconds ? "second" : "minute",
                      n == 1 ? "" : "s");
    } else {
        std::snprintf(text, sizeof text, "about %.1f hours", seconds / 3600);
    }
    return text;
}

std::string describeReembedding(const ReembedEstimate &e)
{
    std::string text = std::to_string(e.documents) + (e.documents == 1 ? " document (" : " documents (") +
                       std::to_string(e.items) + (e.items == 1 ? " item)" : " items)") +
                       " would be embedded again";
    if (!e.seconds)
        return text + "; how long is unknown: no ingestion of this library has been timed yet";
    return text + ", which takes " + describeDuration(*e.seconds) +
           " (measured: " + std::to_string(e.measuredFiles) + " files in " +
           std::to_string(e.measuredSeconds) + " s by this library's last " + std::to_string(e.measuredJobs) +
           (e.measuredJobs == 1 ? " ingestion)" : " ingestions)");
}

QFuture<Result<ReembedEstimate>> libraryReembedding(session::LibrarySession &session)
{
    return session.run<ReembedEstimate>([](library::Library &lib) -> Result<ReembedEstimate> {
        auto reader = lib.openReader();
        if (!reader)
            return reader.error();
        return libraryReembedding(**reader);
    });
}

QFuture<Result<std::optional<ReembedEstimate>>> reembeddingForEdit(session::LibrarySession &session,
                                                                   const WatchedFolderRef &folder,
                                                                   const WatchedFolderEdit &edit)
{
    return session.run<std::optional<ReembedEstimate>>(
        [folder, edit](library::Library &lib) -> Result<std::optional<ReembedEstimate>> {
            auto reader = lib.openReader();
            if (!reader)
                return reader.error();
            return reembeddingForEdit(**reader, folder, edit);
        });
}

} // namespace cortex::application
