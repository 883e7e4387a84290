#include "ingest/folder_sync.h"

#include "library/library.h"
#include "store/library_db.h"

#include <chrono>

namespace cortex::ingest {
namespace {

int64_t nowSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Status setState(library::Library &library, int64_t folderId, store::WatchedFolderState state,
                const QString &detail, std::optional<int64_t> syncedAt = std::nullopt)
{
    return library.write([&](store::LibraryDb &db) {
        return db.setWatchedFolderState(folderId, state, detail.toStdString(), syncedAt);
    });
}

// The moved documents take their new paths (and the collection of the folder they are in now).
Status applyMoves(library::Library &library, const std::vector<ChangeSet> &sets,
                  const std::vector<store::WatchedFolder> &folders)
{
    bool any = false;
    for (const auto &set : sets)
        any = any || !set.moved.empty();
    if (!any)
        return {};
    return library.commit([&](store::LibraryDb &db, library::IndexChanges &index) -> Status {
        for (size_t s = 0; s < sets.size(); ++s) {
            std::optional<int64_t> collection;
            if (const auto &name = folders[s].settings.collection; !name.empty()) {
                auto existing = db.collectionByName(name);
                if (!existing)
                    return existing.error();
                if (existing->has_value()) {
                    collection = (*existing)->id;
                } else {
                    auto id = db.createCollection(name);
                    if (!id)
                        return id.error();
                    collection = *id;
                }
            }
            for (const auto &m : sets[s].moved) {
                auto removed = db.moveDocument(m.documentId, m.to.toStdString(), m.stat.size, m.stat.mtimeNs);
                if (!removed)
                    return removed.error();
                index.remove(*removed);
                if (collection)
                    if (auto st = db.addToCollection(m.documentId, *collection); !st)
                        return st;
            }
        }
        return {};
    });
}

Status applyDeletions(library::Library &library, const std::vector<ChangeSet> &sets)
{
    bool any = false;
    for (const auto &set : sets)
        any = any || !set.deleted.empty();
    if (!any)
        return {};
    return library.commit([&](store::LibraryDb &db, library::IndexChanges &index) -> Status {
        for (const auto &set : sets)
            for (const auto &d : set.deleted) {
                auto removed = db.removeDocument(d.id);
                if (!removed)
                    return removed.error();
                index.remove(*removed);
            }
        return {};
    });
}

} // namespace

int64_t SyncSummary::jobs() const
{
    int64_t n = 0;
    for (const auto &f : folders)
        n += f.job.has_value();
    return n;
}

int64_t SyncSummary::settling() const
{
    int64_t n = 0;
    for (const auto &f : folders)
        n += f.settling.size();
    return n;
}

QString describeSync(const FolderSyncResult &r)
{
    if (r.unavailable)
        return r.unavailableReason;
    QStringList parts;
    const auto add = [&](int64_t n, const char *what) {
        if (n > 0)
            parts << QStringLiteral("%1 %2").arg(n).arg(QLatin1String(what));
    };
    add(r.added, "new");
    add(r.modified, "changed");
    add(r.moved, "moved");
    add(r.deleted, "deleted");
    add(r.settling.size(), "still being written");
    if (r.job && r.job->failed > 0)
        add(r.job->failed, "failed");
    return parts.isEmpty() ? QStringLiteral("no changes") : parts.join(QStringLiteral(", "));
}

Result<SyncSummary> syncWatchedFolders(library::Library &library, Ingestor &ingestor,
                                       const SyncOptions &options, const std::vector<int64_t> &only,
                                       const ProgressCallback &progress, const CancelPredicate &cancelled)
{
    SyncSummary summary;
    auto reader = library.openReader();
    if (!reader)
        return reader.error();
    auto all = (*reader)->watchedFolders();
    if (!all)
        return all.error();
    std::vector<store::WatchedFolder> folders;
    for (auto &f : *all)
        if (!f.paused && (only.empty() || std::find(only.begin(), only.end(), f.id) != only.end()))
            folders.push_back(std::move(f));

    // 1. Every folder's changes, then the moves among them.
    std::vector<ChangeSet> sets;
    Progress scanning; // by name: a positional list shifts when a field is added
    scanning.stage = "scanning";
    report(progress, scanning);
    for (const auto &folder : folders) {
        ChangeScanOptions scan;
        scan.scan = optionsForWatchedFolder(folder, options.base).scan;
        scan.libraryDirectory = QString::fromStdString(library.directory().string());
        scan.stableSeconds = options.stableSeconds;
        scan.nowNs = options.nowNs;
        scan.cancelled = cancelled;
        auto set = scanChanges(**reader, folder, scan);
        if (!set)
            return set.error();
        if (set->cancelled) {
            summary.cancelled = true;
            return summary;
        }
        sets.push_back(std::move(*set));
    }
    matchMoves(sets);

    // 2. The folders' states, then moves and deletions, each kind in one transaction.
    for (size_t s = 0; s < sets.size(); ++s) {
        const auto &set = sets[s];
        if (set.unavailable) {
            if (auto st = setState(library, set.folderId, store::WatchedFolderState::Unavailable,
                                   set.unavailableReason);
                !st)
                return st.error();
        } else if (set.hasWork()) {
            if (auto st = setState(library, set.folderId, store::WatchedFolderState::Syncing, QString()); !st)
                return st.error();
        }
    }
    if (auto s = applyMoves(library, sets, folders); !s)
        return s.error();
    if (auto s = applyDeletions(library, sets); !s)
        return s.error();
    if (auto s = library.saveIndexes(); !s)
        return s.error();

    // 3. Each folder's new and changed files: one job.
    for (size_t s = 0; s < sets.size(); ++s) {
        const auto &set = sets[s];
        FolderSyncResult r;
        r.folderId = set.folderId;
        r.path = set.root;
        r.unavailable = set.unavailable;
        r.unavailableReason = set.unavailableReason;
        r.added = set.added.size();
        r.modified = set.modified.size();
        r.moved = int64_t(set.moved.size());
        r.deleted = int64_t(set.deleted.size());
        r.unchanged = set.unchanged;
        r.settling = set.settling;
        r.problems = set.problems;
        if (!set.unavailable && !summary.cancelled) {
            const QStringList files = set.added + set.modified;
            if (!files.isEmpty()) {
                auto job =
                    ingestor.ingestFiles(files, {set.root}, optionsForWatchedFolder(folders[s], options.base),
                                         progress, cancelled);
                if (!job)
                    return job.error();
                summary.cancelled = job->cancelled;
                r.job = std::move(*job);
            }
            if (!summary.cancelled)
                if (auto st = setState(library, set.folderId, store::WatchedFolderState::Idle,
                                       describeSync(r), nowSeconds());
                    !st)
                    return st.error();
        }
        summary.folders.push_back(std::move(r));
    }
    return summary;
}

} // namespace cortex::ingest
