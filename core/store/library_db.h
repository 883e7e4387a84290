#pragma once
// The typed operations on one library database (SQLite, WAL, foreign keys on). One LibraryDb is one
// connection: not shared between threads. The Library (core/library) keeps one writable connection
// behind a mutex (the one writer) and opens read-only ones for readers, which WAL never blocks.
//
// Every write method expects to run inside transaction() when it is part of a larger change (the
// ingestion of one file is one transaction); alone, each is its own statement-level transaction.
// Errors are values whose message names the database file and the reason.

#include "common/result.h"
#include "store/records.h"
#include "store/watched_folder.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace cortex::store {

class Database;

enum class OpenMode { ReadWrite, ReadOnly };

class LibraryDb {
public:
    // ReadWrite creates the file if needed, sets WAL and migrates an older schema forward (in one
    // transaction per step). A database whose schema is newer than this build is refused, untouched.
    // ReadOnly never writes; it fails on a database that does not exist.
    static Result<std::unique_ptr<LibraryDb>> open(const std::filesystem::path &file, OpenMode mode);
    ~LibraryDb();

    const std::filesystem::path &file() const;
    Database &database();
    int schemaVersion() const;

    // Runs `body` in BEGIN IMMEDIATE ... COMMIT; rolls back when it returns an error (or throws).
    Status transaction(const std::function<Status()> &body);

    // --- Embedding spaces ---
    // The space with exactly this identity, created (Active or as given) when there is none.
    Result<int64_t> ensureSpace(const SpaceIdentity &identity,
                                VectorEncoding encoding = VectorEncoding::Float32,
                                SpaceState initialState = SpaceState::Active);
    Result<std::vector<SpaceInfo>> spaces();
    Result<SpaceInfo> space(int64_t spaceId);
    Status setSpaceState(int64_t spaceId, SpaceState state);
    Status deleteSpace(int64_t spaceId); // and its vectors

    // --- Collections ---
    Result<int64_t> createCollection(const std::string &name); // error when the name exists
    Result<std::optional<CollectionInfo>> collectionByName(const std::string &name);
    Result<std::vector<CollectionInfo>> collections();
    Status renameCollection(int64_t collectionId, const std::string &newName);
    // Deletes the collection; documents that belong to no other collection are deleted with it, and
    // their contents (items, vectors) when no other document shares them. Returns the removed item ids.
    Result<std::vector<int64_t>> deleteCollection(int64_t collectionId);
    Status mergeCollections(int64_t fromId, int64_t intoId); // moves every document, deletes `from`
    Status addToCollection(int64_t documentId, int64_t collectionId);
    Status removeFromCollection(int64_t documentId, int64_t collectionId);
    Status setCollectionTags(int64_t collectionId, const std::vector<std::string> &tags);

    // --- Documents ---
    Result<std::optional<DocumentRecord>> documentByPath(const std::string &path);
    Result<std::optional<DocumentRecord>> document(int64_t documentId);
    Result<std::vector<DocumentRecord>> documents(std::optional<int64_t> collectionId = std::nullopt);
    Result<std::vector<DocumentRecord>> failedDocuments();
    // Inserts or updates by path (id is ignored); returns the id.
    Result<int64_t> upsertDocument(const DocumentRecord &record);
    // Deletes the document; its content too when no other document refers to it. Returns the
    // removed item ids (the caller removes them from the vector indexes).
    Result<std::vector<int64_t>> removeDocument(int64_t documentId);
    Result<std::vector<int64_t>> collectionsOfDocument(int64_t documentId);

    // --- Contents and items ---
    Result<std::optional<int64_t>> contentBySha(const std::string &sha256);
    // Creates the content with its items (text indexed by FTS5) and their vectors in `spaceId`.
    // Returns the content id and the new item ids in the order of `items`. Bumps the space's generation.
    Result<AddedContent> addContent(const std::string &sha256, std::span<const NewItem> items,
                                    int64_t spaceId);
    // Adds items to a content stored earlier, after its own (an import streams a large content batch by
    // batch). Returns their ids, in the order given.
    Result<std::vector<int64_t>> appendItems(int64_t contentId, std::span<const NewItem> items,
                                             int64_t spaceId);
    // Removes a content no document refers to any more (items, FTS rows, vectors). Returns item ids.
    Result<std::vector<int64_t>> removeContentIfUnused(int64_t contentId);
    Result<std::vector<ItemRecord>> itemsOfContent(int64_t contentId);
    // The ids of a content's text chunks in document order (what a preview steps through), without
    // reading their text.
    Result<std::vector<int64_t>> textItemIdsOfContent(int64_t contentId);
    Result<std::vector<ItemView>>
    itemViews(std::span<const int64_t> itemIds); // in the given order; missing ids skipped
    Result<int64_t> itemCount();

    // --- Vectors ---
    Status putVector(int64_t spaceId, int64_t itemId, std::span<const float> vector); // bumps generation
    Result<std::optional<std::vector<float>>> vector(int64_t spaceId, int64_t itemId);
    // Every vector of the space in item-id order; `visit` returns false to stop early. A damaged row
    // (wrong size, checksum that does not match its bytes, NaN or infinity) is an error naming the item,
    // unless `damaged` is given: then it is reported there and skipped, and the walk goes on.
    Status forEachVector(int64_t spaceId,
                         const std::function<bool(int64_t itemId, std::span<const float>)> &visit,
                         const std::function<void(int64_t itemId, const std::string &reason)> &damaged = {});
    // Items whose stored thumbnail no longer matches its checksum.
    Result<std::vector<int64_t>> itemsWithDamagedThumbnails();
    // The paths of the documents that hold these items' contents (each once, sorted).
    Result<std::vector<std::string>> documentPathsOfItems(std::span<const int64_t> itemIds);
    // Deletes the contents of these items (all their items and vectors) and marks every document that
    // held one as failed with `reason`, so that the next ingest of its file embeds it again. Returns the
    // removed item ids (the caller removes them from the vector indexes).
    Result<std::vector<int64_t>> dropContentsOfItems(std::span<const int64_t> itemIds,
                                                     const std::string &reason);
    Result<int64_t> vectorCount(int64_t spaceId);
    Result<uint64_t> generation(int64_t spaceId);
    // Items that have no vector in the space (what a migration still has to embed).
    Result<std::vector<int64_t>> itemsWithoutVector(int64_t spaceId, int64_t limit);

    // --- Search helpers ---
    // FTS5 over item text, BM25-ranked; `query` is user text (quoted into FTS5 syntax here, so that
    // punctuation never raises a syntax error). Applies the filter.
    Result<std::vector<FtsHit>> fullTextSearch(const std::string &query, int limit,
                                               const SearchFilter &filter);
    // The ids of every item the filter admits (used to restrict the vector search).
    Result<std::vector<int64_t>> itemsMatching(const SearchFilter &filter);

    // --- Jobs (resumable after a kill: the state is here, not in memory) ---
    Result<int64_t> createJob(const std::string &kind, const std::string &parametersJson,
                              std::span<const std::string> paths);
    Result<std::optional<JobInfo>> job(int64_t jobId);
    Result<std::vector<JobInfo>> jobs();           // newest first
    Result<std::vector<JobInfo>> unfinishedJobs(); // Queued, Running or Paused, oldest first
    Status setJobState(int64_t jobId, JobState state);
    // The time left of the job's running pass as its process estimates it (none: unknown); with now.
    Status setJobEta(int64_t jobId, std::optional<double> seconds);
    Result<std::vector<JobFile>> jobFiles(int64_t jobId, std::optional<JobFileState> only = std::nullopt);
    Status setJobFileState(int64_t jobId, const std::string &path, JobFileState state,
                           const std::string &error = {});
    Status addJobFiles(int64_t jobId, std::span<const std::string> paths); // ignores ones already there
    // Records, durably and before the file is read, that a pending file of the job is being worked on
    // (JobFile::started), so that a process that dies while reading it leaves a trace for resume.
    Status markJobFileStarted(int64_t jobId, const std::string &path);

    // --- Progress inside a file (a long file resumes after its last checkpoint, not at its start) ---
    // Replaces the file's saved state and appends `newItems` after the items saved before, in one
    // transaction. What was saved for another content or space of the file is dropped first.
    Status saveFileProgress(int64_t jobId, const std::string &path, const std::string &sha256,
                            int64_t spaceId, const std::string &state, std::span<const NewItem> newItems);
    // What the job saved for the file; nullopt when nothing. A saved item whose bytes no longer match
    // their checksum, or whose vector holds NaN or infinity, is an error naming it.
    Result<std::optional<FileProgress>> fileProgress(int64_t jobId, const std::string &path);
    Status clearFileProgress(int64_t jobId, const std::string &path);
    Status clearJobProgress(int64_t jobId); // every file of the job

    // --- Page images left for a job's second pass (records.h DeferredImage) ---
    Status addDeferredImages(int64_t jobId, std::span<const DeferredImage> images);
    // The next `limit` rows of the job's second pass (its own rows and rows without a job): least text
    // first, then by content and position.
    Result<std::vector<DeferredImage>> nextDeferredImages(int64_t jobId, int limit);
    Result<int64_t> deferredImagesLeft(int64_t jobId);
    // Stores embedded items of a content in place of their rows (matched by position; vectors in
    // `spaceId`), counts them done for the job and returns their ids.
    Result<std::vector<int64_t>> addDeferredItems(int64_t jobId, int64_t contentId,
                                                  std::span<const NewItem> items, int64_t spaceId);
    // Removes a row that cannot be embedded (the file changed or is gone, the page does not render).
    Status dropDeferredImage(int64_t contentId, int position);
    // The documents that hold a content, oldest first.
    Result<std::vector<DocumentRecord>> documentsOfContent(int64_t contentId);

    // --- Watched folders (store/watched_folder.h) ---
    Result<std::vector<WatchedFolder>> watchedFolders(); // by path
    Result<std::optional<WatchedFolder>> watchedFolder(int64_t folderId);
    Result<std::optional<WatchedFolder>> watchedFolderByPath(const std::string &path);
    // Adds the folder with these settings, or gives an existing one these settings (its paused flag and
    // state are kept). Returns its id.
    Result<int64_t> upsertWatchedFolder(const std::string &path, const WatchedFolderSettings &settings);
    Status setWatchedFolderPaused(int64_t folderId, bool paused);
    // The state and its detail; `syncedAt` (seconds) also records the end of a sync.
    Status setWatchedFolderState(int64_t folderId, WatchedFolderState state, const std::string &detail,
                                 std::optional<int64_t> syncedAt = std::nullopt);
    Status removeWatchedFolder(int64_t folderId); // the folder only: its documents stay
    // The documents whose paths lie under `folder` (an absolute path without a trailing slash), by path:
    // a range over the path index, not a walk of the whole table.
    Result<std::vector<DocumentRecord>> documentsUnder(const std::string &folder);
    // A file moved or renamed with its content unchanged: the document takes the new path, size and
    // modification time and keeps its id, content (items, vectors), collections and added time. A
    // document at the new path (an earlier failure there) is replaced; the item ids removed with it are
    // returned for the vector indexes.
    Result<std::vector<int64_t>> moveDocument(int64_t documentId, const std::string &newPath, int64_t size,
                                              int64_t mtimeNs);

    // --- Settings kept with the library (key/value) ---
    Result<std::optional<std::string>> meta(const std::string &key);
    Status setMeta(const std::string &key, const std::string &value);

    // --- Maintenance ---
    Result<std::vector<std::string>>
    integrityCheck(); // PRAGMA integrity_check + foreign_key_check; empty = fine
    Status vacuum();
    Status backupTo(const std::filesystem::path &target); // online backup API; target is replaced atomically
    Status checkpoint();                                  // WAL checkpoint (TRUNCATE)

    struct Impl;

private:
    explicit LibraryDb(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

} // namespace cortex::store
