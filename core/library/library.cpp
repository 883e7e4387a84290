#include "library/library.h"

#include "index/vector_index.h"
#include "library/library_lock.h"

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

} // namespace

bool CheckReport::healthy() const
{
    if (!databaseProblems.empty() || !orphanFiles.empty())
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
    auto reader = openReader();
    if (!reader)
        return reader.error();
    auto space = (*reader)->space(spaceId);
    if (!space)
        return space.error();
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
    auto visited = db.forEachVector(space.id, [&](int64_t itemId, std::span<const float> vector) {
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
    });
    if (!visited)
        return visited.error();
    if (!addStatus)
        return addStatus.error();
    report(progress, p);
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
    for (const auto &space : *spaces) {
        if (space.state == store::SpaceState::Retired)
            continue;
        expected.insert(indexFile(space.id));
        IndexCheck c;
        c.spaceId = space.id;
        c.databaseVectors = space.vectorCount;
        std::lock_guard lock(indexesMutex_);
        if (auto it = indexes_.find(space.id); it != indexes_.end())
            c.indexVectors = int64_t(it->second.index->size());
        report.indexes.push_back(c);
    }
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(directory_ / "indexes", ec))
        if (!expected.count(entry.path()))
            report.orphanFiles.push_back(entry.path().string());
    return report;
}

} // namespace cortex::library
