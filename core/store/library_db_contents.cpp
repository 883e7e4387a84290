// Contents (one per distinct SHA-256) and their items. Identical files share one content, so their
// items are extracted and embedded once; a content goes when its last document goes.

#include "store/library_db_impl.h"
#include "store/vector_codec.h"

#include <cmath>

namespace cortex::store {

Result<std::vector<int64_t>> removeContentIfUnused(const Action &action, int64_t contentId)
{
    std::vector<int64_t> removed;
    Status done = action.transaction([&]() -> Status {
        auto used = action.exists("SELECT 1 FROM documents WHERE content_id = ?1 LIMIT 1", contentId);
        if (!used)
            return used.error();
        if (*used)
            return {};
        auto items = action.prepare("SELECT id FROM items WHERE content_id = ?1 ORDER BY id", contentId);
        if (!items)
            return items.error();
        auto itemIds = action.ids(*items);
        if (!itemIds)
            return itemIds.error();
        auto spaceIds = spacesWithVectorsOf(action, contentId);
        if (!spaceIds)
            return spaceIds.error();
        // Items, their vectors (cascades) and FTS rows (the delete trigger fires for cascaded rows).
        if (auto s = action.run("DELETE FROM contents WHERE id = ?1", contentId); !s)
            return s;
        if (auto s = bumpGenerations(action, *spaceIds); !s)
            return s;
        removed = std::move(*itemIds);
        return {};
    });
    if (!done)
        return done.error();
    return removed;
}

Result<std::optional<int64_t>> LibraryDb::contentBySha(const std::string &sha256)
{
    const Action action(*impl_->db, "look up content " + sha256);
    return action.queryInt("SELECT id FROM contents WHERE sha256 = ?1", sha256);
}

Result<std::vector<int64_t>> insertItems(const Action &action, int64_t contentId,
                                         std::span<const NewItem> items, int64_t spaceId)
{
    auto layout = vectorLayout(action, spaceId);
    if (!layout)
        return layout.error();
    // Checked before anything is written, though the transaction would undo it anyway.
    for (size_t k = 0; k < items.size(); ++k) {
        if (items[k].vector.size() != size_t(layout->dim))
            return action.fail("the item at position " + std::to_string(items[k].position) + " (item " +
                               std::to_string(k) + ") has a vector of " +
                               std::to_string(items[k].vector.size()) + " values, but space " +
                               std::to_string(spaceId) + " stores " + std::to_string(layout->dim));
        // A segment's range is where a hit points in the video: a range that is not one is refused.
        if (const NewItem &item = items[k];
            item.kind == ItemKind::VideoSegment &&
            !(item.startSeconds >= 0 && item.startSeconds <= item.endSeconds &&
              std::isfinite(item.endSeconds)))
            return action.fail("the video segment at position " + std::to_string(item.position) +
                               " has no valid time range (" + std::to_string(item.startSeconds) + " to " +
                               std::to_string(item.endSeconds) + " seconds)");
    }
    std::vector<int64_t> ids;
    for (const NewItem &item : items) {
        const StoredItemExtras extras(item);
        auto insert =
            action.run("INSERT INTO items (content_id, kind, page, position, text, source_ref, thumbnail, "
                       "thumbnail_checksum, start_seconds, end_seconds, frame_strip, frame_strip_checksum) "
                       "VALUES (?1, ?2, "
                       "?3, ?4, ?5, ?6, ?7, cortex_checksum(?7), ?8, ?9, ?10, cortex_checksum(?10))",
                       contentId, toString(item.kind), item.page, item.position, item.text, item.sourceRef,
                       extras.thumbnail, extras.startSeconds, extras.endSeconds, extras.frameStrip);
        if (!insert)
            return insert.error();
        // The FTS trigger's insert does not change this: last_insert_rowid reverts after a trigger.
        const int64_t itemId = action.db().lastInsertRowid();
        auto stored = action.run("INSERT INTO vectors (space_id, item_id, data, checksum) "
                                 "VALUES (?1, ?2, ?3, cortex_checksum(?3))",
                                 spaceId, itemId, encodeVector(item.vector, layout->encoding));
        if (!stored)
            return stored.error();
        ids.push_back(itemId);
    }
    if (!items.empty())
        if (auto s = bumpGenerations(action, {spaceId}); !s)
            return s.error();
    return ids;
}

Result<AddedContent> LibraryDb::addContent(const std::string &sha256, std::span<const NewItem> items,
                                           int64_t spaceId)
{
    const Action action(*impl_->db,
                        "add content " + sha256 + " (" + std::to_string(items.size()) + " items)");
    if (sha256.empty())
        return action.fail("the SHA-256 is empty");
    AddedContent added;
    Status done = action.transaction([&]() -> Status {
        auto existing = action.queryInt("SELECT id FROM contents WHERE sha256 = ?1", sha256);
        if (!existing)
            return existing.error();
        if (*existing)
            return action.fail("it already exists (content " + std::to_string(**existing) + ")");
        if (auto s =
                action.run("INSERT INTO contents (sha256, created_at) VALUES (?1, ?2)", sha256, nowSeconds());
            !s)
            return s;
        added.contentId = action.db().lastInsertRowid();
        auto inserted = insertItems(action, added.contentId, items, spaceId);
        if (!inserted)
            return inserted.error();
        added.itemIds = std::move(*inserted);
        return {};
    });
    if (!done)
        return done.error();
    return added;
}

Result<std::vector<int64_t>> LibraryDb::appendItems(int64_t contentId, std::span<const NewItem> items,
                                                    int64_t spaceId)
{
    const Action action(*impl_->db, "add " + std::to_string(items.size()) + " items to content " +
                                        std::to_string(contentId));
    std::vector<int64_t> ids;
    Status done = action.transaction([&]() -> Status {
        auto existing = action.queryInt("SELECT id FROM contents WHERE id = ?1", contentId);
        if (!existing)
            return existing.error();
        if (!*existing)
            return action.fail("there is no such content");
        auto inserted = insertItems(action, contentId, items, spaceId);
        if (!inserted)
            return inserted.error();
        ids = std::move(*inserted);
        return {};
    });
    if (!done)
        return done.error();
    return ids;
}

Result<std::vector<int64_t>> LibraryDb::removeContentIfUnused(int64_t contentId)
{
    return store::removeContentIfUnused(Action(*impl_->db, "remove content " + std::to_string(contentId)),
                                        contentId);
}

Result<std::vector<ItemRecord>> LibraryDb::itemsOfContent(int64_t contentId)
{
    const Action action(*impl_->db, "read the items of content " + std::to_string(contentId));
    auto st = action.prepare(std::string("SELECT ") + kItemColumns +
                                 " FROM items i WHERE i.content_id = ?1 ORDER BY i.position, i.id",
                             contentId);
    if (!st)
        return st.error();
    std::vector<ItemRecord> result;
    if (auto s = action.forEachRow(*st, [&](const Statement &row) { result.push_back(readItem(row, 0)); });
        !s)
        return s.error();
    return result;
}

Result<std::vector<int64_t>> LibraryDb::textItemIdsOfContent(int64_t contentId)
{
    const Action action(*impl_->db, "list the text chunks of content " + std::to_string(contentId));
    auto st = action.prepare("SELECT i.id FROM items i WHERE i.content_id = ?1 AND i.kind = 'text' "
                             "ORDER BY i.position, i.id",
                             contentId);
    if (!st)
        return st.error();
    std::vector<int64_t> ids;
    if (auto s = action.forEachRow(*st, [&](const Statement &row) { ids.push_back(row.int64(0)); }); !s)
        return s.error();
    return ids;
}

Result<std::vector<ItemView>> LibraryDb::itemViews(std::span<const int64_t> itemIds)
{
    const Action action(*impl_->db, "read " + std::to_string(itemIds.size()) + " items");
    // The document shown is the first one (lowest id) holding the content: stable across calls.
    const std::string sql = std::string("SELECT ") + kItemColumns +
                            ", d.id, d.path, d.type, d.mtime_ns FROM items i LEFT JOIN documents d ON d.id = "
                            "(SELECT MIN(id) FROM documents WHERE content_id = i.content_id) WHERE i.id = ?1";
    std::vector<ItemView> result;
    result.reserve(itemIds.size());
    for (const int64_t id : itemIds) {
        auto st = action.prepare(sql, id);
        if (!st)
            return st.error();
        auto row = action.fetch(*st);
        if (!row)
            return row.error();
        if (!*row)
            continue;
        ItemView view;
        view.item = readItem(*st, 0);
        if (constexpr int doc = kItemColumnCount; !st->isNull(doc)) {
            view.documentId = st->int64(doc);
            view.documentPath = st->text(doc + 1);
            view.documentType = st->text(doc + 2);
            view.documentMtimeNs = st->int64(doc + 3);
        }
        result.push_back(std::move(view));
    }
    return result;
}

Result<int64_t> LibraryDb::itemCount()
{
    const Action action(*impl_->db, "count the items");
    auto count = action.queryInt("SELECT COUNT(*) FROM items");
    if (!count)
        return count.error();
    return count->value_or(0);
}

} // namespace cortex::store
