// Checking, compacting, checkpointing and backing up a library.

#include "store/library_db_impl.h"

#include "common/durable_file.h"

#include <sqlite3.h>

#include <set>
#include <system_error>

namespace cortex::store {

namespace {

Status checkStructure(const Action &action, std::vector<std::string> &problems)
{
    auto st = action.prepare("PRAGMA integrity_check");
    if (!st)
        return st.error();
    return action.forEachRow(*st, [&](const Statement &row) {
        if (std::string line = row.text(0); line != "ok")
            problems.push_back(std::move(line));
    });
}

Status checkForeignKeys(const Action &action, std::vector<std::string> &problems)
{
    auto st = action.prepare("PRAGMA foreign_key_check");
    if (!st)
        return st.error();
    // Rows: table, rowid (NULL for a WITHOUT ROWID table), parent table, constraint index.
    return action.forEachRow(*st, [&](const Statement &row) {
        std::string line = "a row of " + row.text(0);
        if (!row.isNull(1))
            line += " (rowid " + std::to_string(row.int64(1)) + ")";
        problems.push_back(line + " refers to a missing row of " + row.text(2));
    });
}

// FTS5 compares its index with the items table. It is a write statement to SQLite, so a read-only
// connection cannot run it; the other checks still do.
void checkFullTextIndex(const Action &action, std::vector<std::string> &problems)
{
    if (action.db().readOnly())
        return;
    auto st = action.prepare("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)");
    if (!st) {
        problems.push_back("the full-text index cannot be checked: " + st.error().message);
        return;
    }
    if (!st->run())
        problems.push_back("the full-text index does not match the items (" + st->reason() +
                           "); rebuild it with INSERT INTO items_fts(items_fts) VALUES('rebuild')");
}

Status checkVectorSizes(const Action &action, std::vector<std::string> &problems)
{
    auto st = action.prepare(
        "SELECT s.id, s.model_name, COUNT(*), MIN(v.item_id), expected FROM vectors v JOIN "
        "(SELECT id, model_name, (CASE WHEN mrl_dim > 0 THEN mrl_dim ELSE output_dim END) * "
        "(CASE encoding WHEN 'float16' THEN 2 ELSE 4 END) AS expected FROM spaces) s ON s.id = v.space_id "
        "WHERE length(v.data) <> s.expected GROUP BY s.id ORDER BY s.id");
    if (!st)
        return st.error();
    return action.forEachRow(*st, [&](const Statement &row) {
        problems.push_back("space " + std::to_string(row.int64(0)) + " (" + row.text(1) + "): " +
                           std::to_string(row.int64(2)) + " vectors are not " + std::to_string(row.int64(4)) +
                           " bytes long, the first of item " + std::to_string(row.int64(3)));
    });
}

// One model per library: a second active space means the library was split between two models (an
// older Cortex let `ingest --model OTHER` do it); searches of one model never see the other's items.
Status checkSpaces(const Action &action, std::vector<std::string> &problems)
{
    auto st = action.prepare("SELECT id, model_name, output_dim, mrl_dim, state FROM spaces ORDER BY id");
    if (!st)
        return st.error();
    std::vector<std::string> active;
    auto listed = action.forEachRow(*st, [&](const Statement &row) {
        const int64_t dim = row.int64(3) > 0 ? row.int64(3) : row.int64(2);
        const std::string name = "space " + std::to_string(row.int64(0)) + " (" + row.text(1) + ")";
        if (dim <= 0 || dim > kMaxVectorDim)
            problems.push_back(name + " has the dimension " + std::to_string(dim) + ", outside 1.." +
                               std::to_string(kMaxVectorDim) +
                               ": it cannot hold usable vectors; "
                               "`cortex-cli check --repair` deletes it");
        if (row.text(4) == "active")
            active.push_back(name);
    });
    if (!listed)
        return listed;
    if (active.size() > 1) {
        std::string list;
        for (const auto &a : active)
            list += (list.empty() ? "" : ", ") + a;
        problems.push_back(std::to_string(active.size()) + " embedding spaces are active (" + list +
                           "): the library is split between models and a search sees only one of them; "
                           "keep one model with `cortex-cli migrate --to-model DIR`");
    }
    return {};
}

} // namespace

Result<std::vector<std::string>> LibraryDb::documentPathsOfItems(std::span<const int64_t> itemIds)
{
    const Action action(*impl_->db, "list the documents of " + std::to_string(itemIds.size()) + " items");
    std::set<std::string> paths;
    for (const int64_t id : itemIds) {
        auto st = action.prepare("SELECT d.path FROM items i JOIN documents d ON d.content_id = i.content_id "
                                 "WHERE i.id = ?1",
                                 id);
        if (!st)
            return st.error();
        if (auto s = action.forEachRow(*st, [&](const Statement &row) { paths.insert(row.text(0)); }); !s)
            return s.error();
    }
    return std::vector<std::string>(paths.begin(), paths.end());
}

Result<std::vector<int64_t>> LibraryDb::dropContentsOfItems(std::span<const int64_t> itemIds,
                                                            const std::string &reason)
{
    const Action action(*impl_->db,
                        "drop the damaged contents of " + std::to_string(itemIds.size()) + " items");
    std::vector<int64_t> removed;
    Status done = action.transaction([&]() -> Status {
        std::set<int64_t> contents;
        for (const int64_t id : itemIds) {
            auto content = action.queryInt("SELECT content_id FROM items WHERE id = ?1", id);
            if (!content)
                return content.error();
            if (*content)
                contents.insert(**content);
        }
        for (const int64_t contentId : contents) {
            auto items = action.prepare("SELECT id FROM items WHERE content_id = ?1 ORDER BY id", contentId);
            if (!items)
                return items.error();
            auto ids = action.ids(*items);
            if (!ids)
                return ids.error();
            auto spaceIds = spacesWithVectorsOf(action, contentId);
            if (!spaceIds)
                return spaceIds.error();
            if (auto s = action.run("UPDATE documents SET status = 'failed', error = path || ': ' || ?2, "
                                    "updated_at = ?3 WHERE content_id = ?1",
                                    contentId, reason, nowSeconds());
                !s)
                return s;
            // Items, vectors and FTS rows go with the content; the documents' content_id becomes NULL.
            if (auto s = action.run("DELETE FROM contents WHERE id = ?1", contentId); !s)
                return s;
            if (auto s = bumpGenerations(action, *spaceIds); !s)
                return s;
            removed.insert(removed.end(), ids->begin(), ids->end());
        }
        return {};
    });
    if (!done)
        return done.error();
    return removed;
}

Result<std::vector<std::string>> LibraryDb::integrityCheck()
{
    const Action action(*impl_->db, "check the library");
    std::vector<std::string> problems;
    if (auto s = checkStructure(action, problems); !s)
        return s.error();
    if (auto s = checkForeignKeys(action, problems); !s)
        return s.error();
    checkFullTextIndex(action, problems);
    if (auto s = checkVectorSizes(action, problems); !s)
        return s.error();
    if (auto s = checkSpaces(action, problems); !s)
        return s.error();
    return problems;
}

Status LibraryDb::vacuum()
{
    const Action action(*impl_->db, "compact the library");
    if (impl_->db->inTransaction())
        return action.fail("a transaction is open");
    return action.run("VACUUM");
}

Status LibraryDb::checkpoint()
{
    const Action action(*impl_->db, "checkpoint the write-ahead log");
    int logFrames = 0;
    int checkpointed = 0;
    const int rc = sqlite3_wal_checkpoint_v2(impl_->db->handle(), "main", SQLITE_CHECKPOINT_TRUNCATE,
                                             &logFrames, &checkpointed);
    if (rc != SQLITE_OK)
        return action.fail(rc == SQLITE_BUSY ? std::string("a reader or writer kept it busy")
                                             : std::string(sqlite3_errmsg(impl_->db->handle())));
    return {};
}

Status LibraryDb::backupTo(const std::filesystem::path &target)
{
    const Action action(*impl_->db, "back up the library to " + target.string());
    std::filesystem::path temporary = target;
    temporary += ".tmp";
    std::error_code ec;
    std::filesystem::remove(temporary, ec);

    auto copy = Database::open(temporary, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!copy)
        return action.fail(copy.error());
    // One step copies every page under one read lock: a consistent snapshot, even while other
    // connections write (WAL readers are not blocked).
    sqlite3_backup *backup = sqlite3_backup_init((*copy)->handle(), "main", impl_->db->handle(), "main");
    if (!backup) {
        Error failed = action.fail(sqlite3_errmsg((*copy)->handle()));
        copy->reset();
        std::filesystem::remove(temporary, ec);
        return failed;
    }
    const int stepped = sqlite3_backup_step(backup, -1);
    const int finished = sqlite3_backup_finish(backup);
    if (stepped != SQLITE_DONE || finished != SQLITE_OK) {
        Error failed = action.fail(sqlite3_errstr(stepped != SQLITE_DONE ? stepped : finished));
        copy->reset();
        std::filesystem::remove(temporary, ec);
        return failed;
    }
    copy->reset(); // closes the copy (its journal settles) before it takes the target's name

    // Replaces the target atomically (a reader sees the old backup or the new one) and durably.
    if (auto replaced = durableReplace(temporary, target); !replaced) {
        Error failed = action.fail(replaced.error().message);
        std::filesystem::remove(temporary, ec);
        return failed;
    }
    return {};
}

} // namespace cortex::store
