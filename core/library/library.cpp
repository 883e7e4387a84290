#include "library/library.h"

#include "common/durable_file.h"

#include "index/vector_index.h"
#include "library/library_lock.h"
#include "store/database.h"

#include <algorithm>
#include <set>

namespace cortex::library {
namespace fs = std::filesystem;

namespace {

index::IndexParams paramsFor(const store::SpaceInfo &space)
{
    index::IndexParams params;
    params.dimension = space.identity.storedDim();
    return params;
}

bool usableDimension(const store::SpaceInfo &space)
{
    const int dim = space.identity.storedDim();
    return dim > 0 && dim <= store::kMaxVectorDim;
}

std::string spaceName(const store::SpaceInfo &space)
{
    return "space " + std::to_string(space.id) + " (" + space.identity.modelName + ")";
}

// The files a library keeps beside its database: with them and no database, the folder is a damaged
// library, not a place for a new one.
std::vector<std::string> evidenceOfALibrary(const fs::path &directory)
{
    std::vector<std::string> found;
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(directory / "indexes", ec))
        found.push_back(fs::relative(entry.path(), directory, ec).string());
    for (const char *name : {"library.db-wal", "library.db.replaced"})
        if (fs::file_size(directory / name, ec) > 0 && !ec)
            found.push_back(name);
    return found;
}

Status refuseLostDatabase(const fs::path &directory, const fs::path &database)
{
    std::error_code ec;
    const bool exists = fs::exists(database, ec);
    const auto size = exists ? fs::file_size(database, ec) : 0;
    if (exists && size > 0)
        return {};
    const auto evidence = evidenceOfALibrary(directory);
    if (evidence.empty())
        return {}; // a new library
    std::string list;
    for (size_t k = 0; k < evidence.size() && k < 3; ++k)
        list += (k ? ", " : "") + evidence[k];
    if (evidence.size() > 3)
        list += " and " + std::to_string(evidence.size() - 3) + " more";
    return makeError(database.string() + (exists ? " is empty" : " is missing") + ", but " +
                     directory.string() + " holds the rest of a library (" + list +
                     "): the library is damaged, not new, and nothing was written. Restore a backup with "
                     "`cortex-cli maintenance restore BACKUP --library " +
                     directory.string() + "`, or move the folder away to start a new library there");
}

} // namespace

bool CheckReport::healthy() const
{
    if (!databaseProblems.empty() || !orphanFiles.empty() || !damaged.empty())
        return false;
    for (const auto &i : indexes)
        if (!i.consistent())
            return false;
    return true;
}

Library::Library(fs::path directory) : directory_(std::move(directory)) {}

Library::~Library()
{
    // Best effort: an index that cannot be written now is rebuilt on the next open.
    (void)saveIndexes();
}

fs::path Library::indexFile(int64_t spaceId) const
{
    return directory_ / "indexes" / ("space-" + std::to_string(spaceId) + ".hnsw");
}

Result<std::unique_ptr<Library>> Library::open(const fs::path &directory, const ProgressCallback &progress)
{
    std::error_code ec;
    fs::create_directories(directory / "indexes", ec);
    if (ec)
        return makeError(directory.string() + ": cannot create the library folder: " + ec.message());
    std::unique_ptr<Library> library(new Library(fs::absolute(directory)));
    auto lock = LibraryLock::acquire(library->directory_);
    if (!lock)
        return lock.error();
    library->lock_ = std::move(lock).value();
    if (auto lost = refuseLostDatabase(library->directory_, library->databaseFile()); !lost)
        return lost.error();
    auto db = store::LibraryDb::open(library->databaseFile(), store::OpenMode::ReadWrite);
    if (!db)
        return db.error();
    library->writer_ = std::move(db).value();
    if (auto status = library->loadOrRebuildIndexes(progress); !status)
        return status.error();
    return library;
}

Status Library::write(const std::function<Status(store::LibraryDb &)> &body)
{
    std::lock_guard lock(writeMutex_);
    return body(*writer_);
}

Status Library::commit(const std::function<Status(store::LibraryDb &, IndexChanges &)> &body)
{
    std::lock_guard lock(writeMutex_);
    IndexChanges changes;
    if (auto committed = writer_->transaction([&] { return body(*writer_, changes); }); !committed)
        return committed;
    // Committed: the indexes follow, under the same lock (a failure here leaves an index behind the
    // database, which its generation shows, and the next open rebuilds it).
    removeFromIndexes(changes.removed_);
    for (const auto &added : changes.added_)
        if (auto s = addToIndex(added.spaceId, added.itemId, added.vector); !s)
            return s;
    return {};
}

Result<std::unique_ptr<store::LibraryDb>> Library::openReader() const
{
    return store::LibraryDb::open(databaseFile(), store::OpenMode::ReadOnly);
}

Result<std::shared_ptr<index::VectorIndex>> Library::index(int64_t spaceId)
{
    {
        std::lock_guard lock(indexesMutex_);
        if (auto it = indexes_.find(spaceId); it != indexes_.end())
            return it->second.index;
    }
    {
        std::lock_guard lock(indexesMutex_);
        if (auto it = unusableSpaces_.find(spaceId); it != unusableSpaces_.end())
            return makeError(it->second);
    }
    auto reader = openReader();
    if (!reader)
        return reader.error();
    auto space = (*reader)->space(spaceId);
    if (!space)
        return space.error();
    if (!usableDimension(*space))
        return makeError(databaseFile().string() + ": " + spaceName(*space) + " has the dimension " +
                         std::to_string(space->identity.storedDim()) + ", which cannot be real");
    auto created = index::VectorIndex::create(paramsFor(*space));
    if (!created)
        return created.error();
    std::lock_guard lock(indexesMutex_);
    // Another thread may have created it meanwhile; keep the first.
    auto [it, inserted] = indexes_.try_emplace(spaceId, LoadedIndex{std::move(created).value(), true});
    return it->second.index;
}

Status Library::addToIndex(int64_t spaceId, int64_t itemId, std::span<const float> vector)
{
    auto idx = index(spaceId);
    if (!idx)
        return idx.error();
    if (auto status = (*idx)->add(itemId, vector); !status)
        return status;
    std::lock_guard lock(indexesMutex_);
    indexes_[spaceId].dirty = true;
    return {};
}

void Library::removeFromIndexes(std::span<const int64_t> itemIds)
{
    if (itemIds.empty())
        return;
    std::lock_guard lock(indexesMutex_);
    for (auto &[spaceId, loaded] : indexes_) {
        for (const auto id : itemIds)
            loaded.index->remove(id);
        loaded.dirty = true;
    }
}

Status Library::saveIndexes()
{
    std::lock_guard writeLock(writeMutex_); // no change can land between reading the generation and saving
    std::vector<std::pair<int64_t, std::shared_ptr<index::VectorIndex>>> dirty;
    {
        std::lock_guard lock(indexesMutex_);
        for (auto &[spaceId, loaded] : indexes_)
            if (loaded.dirty)
                dirty.emplace_back(spaceId, loaded.index);
    }
    for (const auto &[spaceId, idx] : dirty) {
        auto generation = writer_->generation(spaceId);
        if (!generation) // the space was deleted meanwhile
            continue;
        if (auto status = idx->save(indexFile(spaceId), *generation); !status)
            return status;
        std::lock_guard lock(indexesMutex_);
        if (auto it = indexes_.find(spaceId); it != indexes_.end() && it->second.index == idx)
            it->second.dirty = false;
    }
    return {};
}

Result<std::shared_ptr<index::VectorIndex>> Library::buildIndex(store::LibraryDb &db,
                                                                const store::SpaceInfo &space,
                                                                const ProgressCallback &progress,
                                                                const CancelPredicate &cancelled)
{
    auto created =
        index::VectorIndex::create(paramsFor(space), size_t(std::max<int64_t>(space.vectorCount, 16)));
    if (!created)
        return created.error();
    std::shared_ptr<index::VectorIndex> idx = std::move(created).value();
    Progress p;
    p.stage = "rebuilding the vector index of space " + std::to_string(space.id);
    p.total = space.vectorCount;
    Status addStatus;
    int64_t damaged = 0;
    std::string firstDamage;
    auto visited = db.forEachVector(
        space.id,
        [&](int64_t itemId, std::span<const float> vector) {
            if (isCancelled(cancelled)) {
                addStatus = makeError(p.stage + ": cancelled");
                return false;
            }
            addStatus = idx->add(itemId, vector);
            if (!addStatus)
                return false;
            if (++p.done % 1000 == 0)
                report(progress, p);
            return true;
        },
        [&](int64_t itemId, const std::string &reason) {
            // A damaged row is left out (and reported), never a reason for the library not to open.
            if (damaged++ == 0)
                firstDamage = "item " + std::to_string(itemId) + ": " + reason;
        });
    if (!visited)
        return visited.error();
    if (!addStatus)
        return addStatus.error();
    report(progress, p);
    {
        std::lock_guard lock(indexesMutex_);
        damagedVectors_[space.id] = damaged;
    }
    if (damaged > 0)
        warnings_.push_back(
            databaseFile().string() + ": " + spaceName(space) + ": " + std::to_string(damaged) +
            " stored vector(s) are damaged and left out of searches (the first, " + firstDamage +
            "); `cortex-cli check` lists their documents and `cortex-cli check --repair` "
            "drops them so that they can be ingested again (until then the index is rebuilt at every "
            "opening)");
    if (auto status = idx->save(indexFile(space.id), space.generation); !status)
        return status.error();
    return idx;
}

Status Library::loadOrRebuildIndexes(const ProgressCallback &progress)
{
    auto spaces = writer_->spaces();
    if (!spaces)
        return spaces.error();
    for (const auto &space : *spaces) {
        if (space.state == store::SpaceState::Retired)
            continue;
        if (!usableDimension(space)) {
            // From an older version or damage: opening must not allocate an index of that size.
            const std::string why = databaseFile().string() + ": " + spaceName(space) +
                                    " has the dimension " + std::to_string(space.identity.storedDim()) +
                                    ", outside 1.." + std::to_string(store::kMaxVectorDim) +
                                    ", so it is left out; `cortex-cli check --repair` deletes it";
            warnings_.push_back(why);
            std::lock_guard lock(indexesMutex_);
            unusableSpaces_[space.id] = why;
            continue;
        }
        const fs::path file = indexFile(space.id);
        std::shared_ptr<index::VectorIndex> idx;
        // Trust a file only when it says it covers exactly the database's generation and count and
        // its checksum holds; anything else (missing, stale after a crash, corrupt) is rebuilt.
        if (auto info = index::VectorIndex::peek(file); info && info->generation == space.generation &&
                                                        int64_t(info->count) == space.vectorCount &&
                                                        info->dimension == space.identity.storedDim()) {
            if (auto loaded = index::VectorIndex::load(file, paramsFor(space)); loaded)
                idx = std::move(loaded).value();
        }
        if (!idx) {
            auto built = buildIndex(*writer_, space, progress, {});
            if (!built)
                return built.error();
            idx = std::move(built).value();
        }
        std::lock_guard lock(indexesMutex_);
        indexes_[space.id] = LoadedIndex{idx, false};
    }
    return {};
}

Status Library::rebuildIndex(int64_t spaceId, const ProgressCallback &progress,
                             const CancelPredicate &cancelled)
{
    std::lock_guard writeLock(writeMutex_);
    auto space = writer_->space(spaceId);
    if (!space)
        return space.error();
    if (!usableDimension(*space))
        return makeError(databaseFile().string() + ": " + spaceName(*space) + " has the dimension " +
                         std::to_string(space->identity.storedDim()) +
                         ", which cannot be real; `cortex-cli check --repair` deletes it");
    auto built = buildIndex(*writer_, *space, progress, cancelled);
    if (!built)
        return built.error();
    std::lock_guard lock(indexesMutex_);
    indexes_[spaceId] = LoadedIndex{std::move(built).value(), false};
    return {};
}

Result<CheckReport> Library::check()
{
    CheckReport report;
    std::lock_guard writeLock(writeMutex_);
    auto problems = writer_->integrityCheck();
    if (!problems)
        return problems.error();
    report.databaseProblems = std::move(problems).value();
    auto spaces = writer_->spaces();
    if (!spaces)
        return spaces.error();
    std::set<fs::path> expected;
    std::vector<int64_t> damagedIds;
    for (const auto &space : *spaces) {
        if (space.state == store::SpaceState::Retired)
            continue;
        expected.insert(indexFile(space.id));
        IndexCheck c;
        c.spaceId = space.id;
        c.databaseVectors = space.vectorCount;
        if (usableDimension(space)) {
            auto walked = writer_->forEachVector(
                space.id, [](int64_t, std::span<const float>) { return true; },
                [&](int64_t itemId, const std::string &reason) {
                    report.damaged.push_back({itemId, space.id, reason});
                    damagedIds.push_back(itemId);
                    ++c.damagedVectors;
                });
            if (!walked)
                return walked.error();
        } else {
            c.damagedVectors = space.vectorCount; // the space's problem is reported by integrityCheck
        }
        std::lock_guard lock(indexesMutex_);
        if (auto it = indexes_.find(space.id); it != indexes_.end())
            c.indexVectors = int64_t(it->second.index->size());
        report.indexes.push_back(c);
    }
    auto thumbnails = writer_->itemsWithDamagedThumbnails();
    if (!thumbnails)
        return thumbnails.error();
    for (const int64_t id : *thumbnails) {
        report.damaged.push_back({id, 0, "its stored thumbnail does not match its checksum"});
        damagedIds.push_back(id);
    }
    auto paths = writer_->documentPathsOfItems(damagedIds);
    if (!paths)
        return paths.error();
    report.damagedDocuments = std::move(paths).value();
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(directory_ / "indexes", ec))
        if (!expected.count(entry.path()))
            report.orphanFiles.push_back(entry.path().string());
    return report;
}

Result<RepairReport> Library::repair()
{
    auto found = check();
    if (!found)
        return found.error();
    RepairReport result;
    std::vector<int64_t> itemIds;
    for (const auto &d : found->damaged)
        itemIds.push_back(d.itemId);
    std::vector<int64_t> badSpaces;
    {
        std::lock_guard lock(indexesMutex_);
        for (const auto &[id, why] : unusableSpaces_)
            badSpaces.push_back(id);
    }
    auto spaces = openReader();
    if (!spaces)
        return spaces.error();
    if (auto all = (*spaces)->spaces(); all) {
        for (const auto &sp : *all)
            if (!usableDimension(sp) &&
                std::find(badSpaces.begin(), badSpaces.end(), sp.id) == badSpaces.end())
                badSpaces.push_back(sp.id);
    } else {
        return all.error();
    }
    std::vector<int64_t> removed;
    auto status = write([&](store::LibraryDb &db) -> Status {
        return db.transaction([&]() -> Status {
            // The documents embedded only in a deleted space must be embedded again too.
            for (const int64_t id : badSpaces) {
                auto st = db.database().prepare("SELECT item_id FROM vectors WHERE space_id = ?1");
                if (!st)
                    return st.error();
                st->bind(1, id);
                for (store::Step step; (step = st->step()) != store::Step::Done;) {
                    if (step == store::Step::Error)
                        return makeError(databaseFile().string() + ": cannot list the vectors of space " +
                                         std::to_string(id) + ": " + st->reason());
                    itemIds.push_back(st->int64(0));
                }
            }
            auto paths = db.documentPathsOfItems(itemIds);
            if (!paths)
                return paths.error();
            result.documents = std::move(paths).value();
            for (const int64_t id : badSpaces)
                if (auto s = db.deleteSpace(id); !s)
                    return s;
            auto dropped = db.dropContentsOfItems(
                itemIds, "its stored vectors or thumbnails were damaged (found by `cortex-cli check`); "
                         "ingest the file again to embed it anew");
            if (!dropped)
                return dropped.error();
            removed = std::move(dropped).value();
            return {};
        });
    });
    if (!status)
        return status.error();
    removeFromIndexes(removed);
    {
        std::lock_guard lock(indexesMutex_);
        for (const int64_t id : badSpaces) {
            unusableSpaces_.erase(id);
            indexes_.erase(id);
        }
        for (auto &[id, count] : damagedVectors_)
            count = 0;
    }
    for (const int64_t id : badSpaces) {
        std::error_code ec;
        fs::remove(indexFile(id), ec);
    }
    result.removedItems = int64_t(removed.size());
    result.deletedSpaces = std::move(badSpaces);
    if (auto saved = saveIndexes(); !saved)
        return saved.error();
    return result;
}

Status Library::restore(const fs::path &directory, const fs::path &backup)
{
    const fs::path absolute = fs::absolute(directory);
    std::error_code ec;
    if (!fs::is_regular_file(backup, ec))
        return makeError(backup.string() + ": cannot restore it: there is no such file");
    {
        // The backup must be a whole library this version reads: opened read-only, it is never changed.
        auto probe = store::LibraryDb::open(backup, store::OpenMode::ReadOnly);
        if (!probe)
            return makeError(backup.string() + ": cannot restore it, it is not a usable library backup (" +
                             probe.error().message + ")");
        auto problems = (*probe)->integrityCheck();
        if (!problems)
            return makeError(backup.string() + ": cannot restore it: " + problems.error().message);
        if (!problems->empty())
            return makeError(backup.string() +
                             ": cannot restore it, the backup itself is damaged: " + problems->front());
    }
    fs::create_directories(absolute / "indexes", ec);
    auto lock = LibraryLock::acquire(absolute);
    if (!lock)
        return lock.error();
    const fs::path database = absolute / "library.db";
    const fs::path temporary = absolute / "library.db.restoring";
    fs::copy_file(backup, temporary, fs::copy_options::overwrite_existing, ec);
    if (ec)
        return makeError(temporary.string() + ": cannot copy the backup there: " + ec.message());
    if (fs::exists(database, ec) && fs::file_size(database, ec) > 0) {
        fs::rename(database, absolute / "library.db.replaced", ec);
        if (ec) {
            fs::remove(temporary, ec);
            return makeError(database.string() + ": cannot set the current database aside: " + ec.message());
        }
    }
    // The log and its index belong to the database being replaced: the log (it may hold its last
    // commits) goes aside with it, the -shm index is rebuilt by SQLite; the index files follow the vectors.
    if (fs::file_size(absolute / "library.db-wal", ec) > 0 && !ec)
        fs::rename(absolute / "library.db-wal", absolute / "library.db.replaced-wal", ec);
    for (const char *stale : {"library.db-wal", "library.db-shm"})
        fs::remove(absolute / stale, ec);
    for (const auto &entry : fs::directory_iterator(absolute / "indexes", ec))
        fs::remove(entry.path(), ec);
    if (auto replaced = durableReplace(temporary, database); !replaced)
        return makeError(database.string() + ": cannot put the backup in place: " + replaced.error().message);
    return {};
}

} // namespace cortex::library
