#pragma once
// A library on disk: one SQLite database (the truth) and one hnswlib index per embedding space (a
// cache of the vectors that are in the database, rebuilt whenever it cannot be trusted).
//
//   DIR/library.db                the database (WAL)
//   DIR/indexes/space-N.hnsw      the vector index of space N (atomically replaced)
//
// All writes go through the one writer connection, serialised by write(); readers open their own
// read-only connections (openReader), which WAL never blocks. After a committed change the writer
// updates the in-memory indexes under the same lock, so an index never runs ahead of the database;
// saveIndexes() records the database generation each index file covers. On open, an index file that
// is missing, corrupt, or covers another generation or count is rebuilt from the database.

#include "common/progress.h"
#include "common/result.h"
#include "library/check_report.h"
#include "store/library_db.h"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

namespace cortex::index {
class VectorIndex;
}

namespace cortex::library {

class LibraryLock;

// The changes of the in-memory vector indexes that a write transaction makes (Library::commit): they
// are recorded while the transaction runs and applied only once it has committed, never otherwise, so
// that no caller can leave an index ahead of or behind the database.
class IndexChanges {
public:
    void add(int64_t spaceId, int64_t itemId, std::vector<float> vector)
    {
        added_.push_back({spaceId, itemId, std::move(vector)});
    }
    // Items deleted (their vectors leave every space's index).
    void remove(std::span<const int64_t> itemIds)
    {
        removed_.insert(removed_.end(), itemIds.begin(), itemIds.end());
    }

private:
    friend class Library;
    struct Added {
        int64_t spaceId;
        int64_t itemId;
        std::vector<float> vector;
    };
    std::vector<Added> added_;
    std::vector<int64_t> removed_;
};

class Library {
public:
    // Creates DIR when needed. Rebuilds untrustworthy indexes (progress through `progress`). Refused
    // while another process has the library open (library_lock.h). A folder that holds a library's
    // other files (index files, a write-ahead log) but no database, or an empty one, is damaged, not
    // new: it is refused untouched, with the way to restore a backup. Damaged rows do not stop it:
    // they are left out of the indexes and listed in warnings().
    static Result<std::unique_ptr<Library>> open(const std::filesystem::path &directory,
                                                 const ProgressCallback &progress = {});
    ~Library(); // saves the indexes that changed

    const std::filesystem::path &directory() const { return directory_; }
    std::filesystem::path databaseFile() const { return directory_ / "library.db"; }
    std::filesystem::path indexFile(int64_t spaceId) const;

    // Runs `body` with the writer connection, holding the write lock: for changes that leave the
    // vectors alone (collection edits, metadata, maintenance).
    Status write(const std::function<Status(store::LibraryDb &db)> &body);
    // Runs `body` in one transaction of the writer connection, holding the write lock; once it has
    // committed, applies the index changes it recorded (vectors added, items deleted). Every change of
    // vectors or items goes through here.
    Status commit(const std::function<Status(store::LibraryDb &db, IndexChanges &changes)> &body);

    // A new read-only connection for the calling thread (cheap; do not share between threads).
    Result<std::unique_ptr<store::LibraryDb>> openReader() const;

    // The index of a space, created empty (with the space's stored dimension) when it has none yet.
    // Never null for an existing space; searches on it run while the writer adds vectors.
    Result<std::shared_ptr<index::VectorIndex>> index(int64_t spaceId);

    // Writes every index whose contents changed since it was last saved (atomic, with the generation).
    Status saveIndexes();
    // Throws away the index of a space and builds it again from the database.
    Status rebuildIndex(int64_t spaceId, const ProgressCallback &progress = {},
                        const CancelPredicate &cancelled = {});

    // Integrity of the database, agreement of every index with it, stray files, damaged rows.
    Result<CheckReport> check();
    // Drops what check() found damaged: the contents of damaged items (their documents are marked
    // failed, to be ingested again) and spaces whose dimension cannot be real.
    Result<RepairReport> repair();

    // What open() had to leave out (damaged vectors, unusable spaces), one sentence each.
    const std::vector<std::string> &warnings() const { return warnings_; }

    // Puts the database backup `backup` (from `maintenance backup`) in place of DIR/library.db; the
    // index files are removed (rebuilt on the next open) and a non-empty database that was there is
    // kept as library.db.replaced (its write-ahead log as library.db.replaced-wal). Refused while the library
    // is open, or when `backup` is not a library.
    static Status restore(const std::filesystem::path &directory, const std::filesystem::path &backup);

private:
    explicit Library(std::filesystem::path directory);
    // Keep the in-memory indexes in step with the committed database (commit() and repair()).
    Status addToIndex(int64_t spaceId, int64_t itemId, std::span<const float> vector);
    void removeFromIndexes(std::span<const int64_t> itemIds);
    Status loadOrRebuildIndexes(const ProgressCallback &progress);
    Result<std::shared_ptr<index::VectorIndex>> buildIndex(store::LibraryDb &db,
                                                           const store::SpaceInfo &space,
                                                           const ProgressCallback &progress,
                                                           const CancelPredicate &cancelled);

    std::filesystem::path directory_;
    std::shared_ptr<LibraryLock> lock_; // one process per library
    std::mutex writeMutex_;
    std::unique_ptr<store::LibraryDb> writer_;

    struct LoadedIndex {
        std::shared_ptr<index::VectorIndex> index;
        bool dirty = false;
    };
    mutable std::mutex indexesMutex_;
    std::map<int64_t, LoadedIndex> indexes_;
    std::map<int64_t, std::string> unusableSpaces_; // spaces without an index, and why
    std::map<int64_t, int64_t> damagedVectors_;     // per space, left out of its index
    std::vector<std::string> warnings_;
};

} // namespace cortex::library
