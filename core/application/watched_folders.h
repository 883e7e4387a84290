#pragma once
// Watched folders (store/watched_folder.h): the folders a library keeps in sync by itself. What
// `cortex-cli watch add|list|pause|resume|edit|remove` does, written once for the window too. Each write
// is one transaction through Library::commit; dropping a folder's documents removes their vectors from
// the indexes in the same commit.

#include "common/result.h"
#include "store/records.h"
#include "store/watched_folder.h"

#include <QFuture>

#include <cstdint>
#include <optional>
#include <string>
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

// A watched folder as the caller knows it: by id (a list shown before) or by path (cortex-cli; made
// absolute and clean before it is looked up).
struct WatchedFolderRef {
    int64_t id = 0; // used when > 0
    std::string path = {};
    static WatchedFolderRef byId(int64_t id) { return {id, {}}; }
    static WatchedFolderRef byPath(std::string path) { return {0, std::move(path)}; }
};

// --- On an open library (cortex-cli, tests) ---

// The absolute, clean form of a path as watched folders and documents store it.
std::string watchedPathOf(const std::string &path);

// Watches a folder (or one file) that exists, with these settings. Refused when it is watched already
// (edit changes it), when it does not exist, or when it is the library's own folder or inside it.
Result<int64_t> addWatchedFolder(library::Library &library, const std::string &path,
                                 const store::WatchedFolderSettings &settings);
Result<std::vector<store::WatchedFolder>> listWatchedFolders(library::Library &library);
Result<std::vector<store::WatchedFolder>> listWatchedFolders(store::LibraryDb &reader);
Result<store::WatchedFolder> watchedFolder(store::LibraryDb &reader, const WatchedFolderRef &folder);
// The documents of a watched folder: under it, or the file itself when one file is watched (also where
// the folder really is, when it was given through a link).
Result<std::vector<store::DocumentRecord>> documentsOfWatchedFolder(store::LibraryDb &db,
                                                                    const std::string &path);
// Paused: no sync looks at it (its documents stay searchable); resumed: the next sync catches up.
Status setWatchedFolderPaused(library::Library &library, const WatchedFolderRef &folder, bool paused);

// What an edit changes; what is not given stays.
struct WatchedFolderEdit {
    std::optional<std::string> collection;
    std::optional<std::vector<std::string>> includePatterns;
    std::optional<std::vector<std::string>> excludePatterns;
    std::optional<int> chunkTokens;
    std::optional<int> overlapTokens;
    std::optional<bool> followSymlinks;
    // 0 (page images off) or a page size: for the files the folder's syncs ingest from then on; the
    // documents already in the library keep the page images they have (none are embedded or dropped).
    std::optional<int> pageImageSide;
    // The user confirmed that a new chunk size or overlap embeds the folder's documents again
    // (reembedding.h says how many and how long). Without it such an edit is refused and changes nothing.
    bool reembed = false;
};
// Changes the folder's settings for the syncs to come. A new collection takes the folder's documents
// with it at once (out of the old collection, into the new one, made when it does not exist); new
// patterns apply to the files a sync takes from then on. A new chunk size or overlap needs `reembed`:
// the folder's documents then give up their items and vectors in the same transaction (so that no
// document keeps chunks of the old size), and the next sync embeds them again as one job, as changed
// files; until it has, they are not found by search.
Result<store::WatchedFolder> editWatchedFolder(library::Library &library, const WatchedFolderRef &folder,
                                               const WatchedFolderEdit &edit);

enum class FolderDocuments { Keep, Drop };
// Stops watching the folder. Drop also removes its documents (those under it that no other watched
// folder covers) with their items and vectors; answers how many documents were removed.
Result<int64_t> removeWatchedFolder(library::Library &library, const WatchedFolderRef &folder,
                                    FolderDocuments documents);

// --- The same on the session's library worker (the window) ---
QFuture<Result<int64_t>> addWatchedFolder(session::LibrarySession &session, const std::string &path,
                                          const store::WatchedFolderSettings &settings);
QFuture<Result<std::vector<store::WatchedFolder>>> listWatchedFolders(session::LibrarySession &session);
QFuture<Status> setWatchedFolderPaused(session::LibrarySession &session, const WatchedFolderRef &folder,
                                       bool paused);
QFuture<Result<store::WatchedFolder>> editWatchedFolder(session::LibrarySession &session,
                                                        const WatchedFolderRef &folder,
                                                        const WatchedFolderEdit &edit);
QFuture<Result<int64_t>> removeWatchedFolder(session::LibrarySession &session, const WatchedFolderRef &folder,
                                             FolderDocuments documents);

} // namespace cortex::application
