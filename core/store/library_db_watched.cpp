// Watched folders (store/watched_folder.h) and what a sync changes in documents without the ingestor:
// the documents under a folder, a moved file's new path.

#include "store/library_db_impl.h"

namespace cortex::store {

namespace {

constexpr const char *kWatchedColumns =
    "id, path, collection, include_patterns, exclude_patterns, chunk_tokens, overlap_tokens, "
    "follow_symlinks, paused, state, state_detail, last_sync_at, added_at, page_image_side";

// Patterns are stored one per line (watchedPatternProblem refuses the ones that cannot be).
std::string joinLines(const std::vector<std::string> &lines)
{
    std::string out;
    for (const auto &line : lines) {
        if (!out.empty())
            out += '\n';
        out += line;
    }
    return out;
}

std::vector<std::string> splitLines(const std::string &text)
{
    std::vector<std::string> out;
    size_t start = 0;
    while (start < text.size()) {
        const size_t end = text.find('\n', start);
        const std::string line =
            text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!line.empty())
            out.push_back(line);
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return out;
}

WatchedFolder readWatched(const Statement &st)
{
    WatchedFolder f;
    f.id = st.int64(0);
    f.path = st.text(1);
    f.settings.collection = st.text(2);
    f.settings.includePatterns = splitLines(st.text(3));
    f.settings.excludePatterns = splitLines(st.text(4));
    f.settings.chunkTokens = int(st.int64(5));
    f.settings.overlapTokens = int(st.int64(6));
    f.settings.followSymlinks = st.int64(7) != 0;
    f.paused = st.int64(8) != 0;
    // The CHECK constraint admits only known words; anything else reads as idle.
    f.state = watchedFolderStateFromString(st.text(9)).value_or(WatchedFolderState::Idle);
    f.stateDetail = st.text(10);
    f.lastSyncAt = st.int64(11);
    f.addedAt = st.int64(12);
    f.settings.pageImageSide = int(st.int64(13));
    return f;
}

Result<std::optional<WatchedFolder>> readOneWatched(const Action &action, Statement &st)
{
    auto row = action.fetch(st);
    if (!row)
        return row.error();
    return *row ? std::optional<WatchedFolder>(readWatched(st)) : std::optional<WatchedFolder>();
}

Status checkSettings(const Action &action, const WatchedFolderSettings &s)
{
    if (auto problem = watchedPatternProblem(s.includePatterns); !problem.empty())
        return action.fail(problem);
    if (auto problem = watchedPatternProblem(s.excludePatterns); !problem.empty())
        return action.fail(problem);
    if (s.chunkTokens < 0 || s.overlapTokens < 0 || (s.chunkTokens > 0 && s.overlapTokens >= s.chunkTokens))
        return action.fail(
            "the chunk size must be 0 (the default) or more than the overlap, which is 0 or more");
    if (!isPageImageSide(s.pageImageSide))
        return action.fail("the page-image size must be 0 (off) or " + std::to_string(kMinPageImageSide) +
                           " to " + std::to_string(kMaxPageImageSide) + " pixels, not " +
                           std::to_string(s.pageImageSide));
    return {};
}

// After an UPDATE or DELETE of one row by id: an error when there was none.
Status changedOne(const Action &action, const std::string &noun, int64_t id)
{
    if (action.db().changes() == 0)
        return action.fail("no " + noun + " has id " + std::to_string(id));
    return {};
}

} // namespace

Result<std::vector<WatchedFolder>> LibraryDb::watchedFolders()
{
    const Action action(*impl_->db, "list the watched folders");
    auto st =
        action.prepare(std::string("SELECT ") + kWatchedColumns + " FROM watched_folders ORDER BY path");
    if (!st)
        return st.error();
    std::vector<WatchedFolder> out;
    if (auto s = action.forEachRow(*st, [&](const Statement &row) { out.push_back(readWatched(row)); }); !s)
        return s.error();
    return out;
}

Result<std::optional<WatchedFolder>> LibraryDb::watchedFolder(int64_t folderId)
{
    const Action action(*impl_->db, "read watched folder " + std::to_string(folderId));
    auto st = action.prepare(std::string("SELECT ") + kWatchedColumns + " FROM watched_folders WHERE id = ?1",
                             folderId);
    if (!st)
        return st.error();
    return readOneWatched(action, *st);
}

Result<std::optional<WatchedFolder>> LibraryDb::watchedFolderByPath(const std::string &path)
{
    const Action action(*impl_->db, "read the watched folder " + inQuotes(path));
    auto st = action.prepare(
        std::string("SELECT ") + kWatchedColumns + " FROM watched_folders WHERE path = ?1", path);
    if (!st)
        return st.error();
    return readOneWatched(action, *st);
}

Result<int64_t> LibraryDb::upsertWatchedFolder(const std::string &path, const WatchedFolderSettings &settings)
{
    const Action action(*impl_->db, "watch the folder " + inQuotes(path));
    if (path.empty() || path.front() != '/')
        return action.fail("the path must be absolute");
    if (auto s = checkSettings(action, settings); !s)
        return s.error();
    auto st = action.prepare(
        "INSERT INTO watched_folders (path, collection, include_patterns, exclude_patterns, chunk_tokens, "
        "overlap_tokens, follow_symlinks, added_at, page_image_side) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        "?9) "
        "ON CONFLICT (path) DO UPDATE SET collection = excluded.collection, "
        "include_patterns = excluded.include_patterns, exclude_patterns = excluded.exclude_patterns, "
        "chunk_tokens = excluded.chunk_tokens, overlap_tokens = excluded.overlap_tokens, "
        "follow_symlinks = excluded.follow_symlinks, page_image_side = excluded.page_image_side RETURNING id",
        path, settings.collection, joinLines(settings.includePatterns), joinLines(settings.excludePatterns),
        settings.chunkTokens, settings.overlapTokens, settings.followSymlinks ? 1 : 0, nowSeconds(),
        settings.pageImageSide);
    if (!st)
        return st.error();
    return action.returnedId(*st);
}

Status LibraryDb::setWatchedFolderPaused(int64_t folderId, bool paused)
{
    const Action action(*impl_->db, std::string(paused ? "pause" : "resume") + " watched folder " +
                                        std::to_string(folderId));
    if (auto s = action.run("UPDATE watched_folders SET paused = ?2 WHERE id = ?1", folderId, paused ? 1 : 0);
        !s)
        return s;
    return changedOne(action, "watched folder", folderId);
}

Status LibraryDb::setWatchedFolderState(int64_t folderId, WatchedFolderState state, const std::string &detail,
                                        std::optional<int64_t> syncedAt)
{
    const Action action(*impl_->db, "record the state of watched folder " + std::to_string(folderId));
    Status s = syncedAt
                   ? action.run("UPDATE watched_folders SET state = ?2, state_detail = ?3, last_sync_at = ?4 "
                                "WHERE id = ?1",
                                folderId, std::string(toString(state)), detail, *syncedAt)
                   : action.run("UPDATE watched_folders SET state = ?2, state_detail = ?3 WHERE id = ?1",
                                folderId, std::string(toString(state)), detail);
    if (!s)
        return s;
    return changedOne(action, "watched folder", folderId);
}

Status LibraryDb::removeWatchedFolder(int64_t folderId)
{
    const Action action(*impl_->db, "stop watching folder " + std::to_string(folderId));
    if (auto s = action.run("DELETE FROM watched_folders WHERE id = ?1", folderId); !s)
        return s;
    return changedOne(action, "watched folder", folderId);
}

Result<std::vector<DocumentRecord>> LibraryDb::documentsUnder(const std::string &folder)
{
    const Action action(*impl_->db, "list the documents under " + inQuotes(folder));
    // '/' + 1 is '0': every path that starts with "folder/" sorts in [folder/, folder0), so the unique
    // index on path answers it (a LIKE would need escaping and scan the table).
    std::string base = folder;
    while (base.size() > 1 && base.back() == '/')
        base.pop_back();
    const std::string low = base == "/" ? std::string("/") : base + "/";
    const std::string high = base == "/" ? std::string("0") : base + "0";
    auto st = action.prepare(std::string("SELECT ") + kDocumentColumns +
                                 " FROM documents d WHERE d.path >= ?1 AND d.path < ?2 ORDER BY d.path",
                             low, high);
    if (!st)
        return st.error();
    std::vector<DocumentRecord> out;
    if (auto s = action.forEachRow(*st, [&](const Statement &row) { out.push_back(readDocument(row, 0)); });
        !s)
        return s.error();
    return out;
}

Result<std::vector<int64_t>> LibraryDb::moveDocument(int64_t documentId, const std::string &newPath,
                                                     int64_t size, int64_t mtimeNs)
{
    const Action action(*impl_->db,
                        "move document " + std::to_string(documentId) + " to " + inQuotes(newPath));
    if (newPath.empty())
        return action.fail("the path is empty");
    std::vector<int64_t> removed;
    Status done = action.transaction([&]() -> Status {
        auto occupant = action.queryInt("SELECT id FROM documents WHERE path = ?1", newPath);
        if (!occupant)
            return occupant.error();
        if (occupant->has_value() && **occupant != documentId) {
            auto ids = store::removeDocument(action, **occupant);
            if (!ids)
                return ids.error();
            removed = std::move(*ids);
        }
        if (auto s = action.run("UPDATE documents SET path = ?2, size = ?3, mtime_ns = ?4, updated_at = ?5 "
                                "WHERE id = ?1",
                                documentId, newPath, size, mtimeNs, nowSeconds());
            !s)
            return s;
        return changedOne(action, "document", documentId);
    });
    if (!done)
        return done.error();
    return removed;
}

} // namespace cortex::store
