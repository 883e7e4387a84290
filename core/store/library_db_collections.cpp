// Collections: named, tagged sets of documents. A document may be in several; deleting a collection
// deletes the documents that were only in it.

#include "store/library_db_impl.h"

#include <algorithm>
#include <map>

namespace cortex::store {

namespace {

// Names are compared exactly, after trimming the surrounding whitespace.
Status checkNameFree(const Action &action, const std::string &name, int64_t exceptId)
{
    if (name.empty())
        return action.fail("a collection name cannot be empty");
    auto taken = action.exists("SELECT 1 FROM collections WHERE name = ?1 AND id <> ?2", name, exceptId);
    if (!taken)
        return taken.error();
    if (*taken)
        return action.fail("a collection named " + inQuotes(name) + " already exists");
    return {};
}

Status checkCollection(const Action &action, int64_t collectionId)
{
    auto found = action.exists("SELECT 1 FROM collections WHERE id = ?1", collectionId);
    if (!found)
        return found.error();
    if (!*found)
        return action.fail("no collection has id " + std::to_string(collectionId));
    return {};
}

Status checkDocument(const Action &action, int64_t documentId)
{
    auto found = action.exists("SELECT 1 FROM documents WHERE id = ?1", documentId);
    if (!found)
        return found.error();
    if (!*found)
        return action.fail("no document has id " + std::to_string(documentId));
    return {};
}

// Collections with their counts; `where` restricts them (by name, for collectionByName).
Result<std::vector<CollectionInfo>> readCollections(const Action &action, const std::string &where,
                                                    const std::string &name)
{
    auto st = action.prepare("SELECT c.id, c.name, c.created_at, COUNT(d.id), COALESCE(SUM(d.size), 0) "
                             "FROM collections c "
                             "LEFT JOIN document_collections dc ON dc.collection_id = c.id "
                             "LEFT JOIN documents d ON d.id = dc.document_id " +
                             where + " GROUP BY c.id ORDER BY c.name COLLATE NOCASE, c.id");
    if (!st)
        return st.error();
    if (!name.empty())
        st->bind(1, name);
    std::vector<CollectionInfo> result;
    std::map<int64_t, size_t> byId;
    auto read = action.forEachRow(*st, [&](const Statement &row) {
        CollectionInfo c;
        c.id = row.int64(0);
        c.name = row.text(1);
        c.createdAt = row.int64(2);
        c.documentCount = row.int64(3);
        c.totalBytes = row.int64(4);
        byId[c.id] = result.size();
        result.push_back(std::move(c));
    });
    if (!read)
        return read.error();
    if (result.empty())
        return result;

    auto tags = action.prepare("SELECT collection_id, tag FROM collection_tags ORDER BY collection_id, tag");
    if (!tags)
        return tags.error();
    auto readTags = action.forEachRow(*tags, [&](const Statement &row) {
        if (auto it = byId.find(row.int64(0)); it != byId.end())
            result[it->second].tags.push_back(row.text(1));
    });
    if (!readTags)
        return readTags.error();
    return result;
}

} // namespace

Result<int64_t> LibraryDb::createCollection(const std::string &name)
{
    const std::string clean = trimmed(name);
    const Action action(*impl_->db, "create the collection " + inQuotes(clean));
    int64_t id = 0;
    Status done = action.transaction([&]() -> Status {
        if (auto available = checkNameFree(action, clean, 0); !available)
            return available;
        if (auto s =
                action.run("INSERT INTO collections (name, created_at) VALUES (?1, ?2)", clean, nowSeconds());
            !s)
            return s;
        id = action.db().lastInsertRowid();
        return {};
    });
    if (!done)
        return done.error();
    return id;
}

Result<std::optional<CollectionInfo>> LibraryDb::collectionByName(const std::string &name)
{
    const std::string clean = trimmed(name);
    const Action action(*impl_->db, "look up the collection " + inQuotes(clean));
    if (clean.empty())
        return std::optional<CollectionInfo>();
    auto found = readCollections(action, "WHERE c.name = ?1", clean);
    if (!found)
        return found.error();
    if (found->empty())
        return std::optional<CollectionInfo>();
    return std::optional<CollectionInfo>(std::move(found->front()));
}

Result<std::vector<CollectionInfo>> LibraryDb::collections()
{
    return readCollections(Action(*impl_->db, "list the collections"), "", "");
}

Status LibraryDb::renameCollection(int64_t collectionId, const std::string &newName)
{
    const std::string clean = trimmed(newName);
    const Action action(*impl_->db, "rename collection " + std::to_string(collectionId));
    return action.transaction([&]() -> Status {
        auto found = action.exists("SELECT 1 FROM collections WHERE id = ?1", collectionId);
        if (!found)
            return found.error();
        if (!*found)
            return action.fail("no such collection");
        if (auto available = checkNameFree(action, clean, collectionId); !available)
            return available;
        return action.run("UPDATE collections SET name = ?2 WHERE id = ?1", collectionId, clean);
    });
}

Result<std::vector<int64_t>> LibraryDb::deleteCollection(int64_t collectionId)
{
    const Action action(*impl_->db, "delete collection " + std::to_string(collectionId));
    std::vector<int64_t> removed;
    Status done = action.transaction([&]() -> Status {
        if (auto s = checkCollection(action, collectionId); !s)
            return s;
        auto st =
            action.prepare("SELECT dc.document_id FROM document_collections dc WHERE dc.collection_id = ?1 "
                           "AND NOT EXISTS (SELECT 1 FROM document_collections o "
                           "WHERE o.document_id = dc.document_id AND o.collection_id <> ?1) "
                           "ORDER BY dc.document_id",
                           collectionId);
        if (!st)
            return st.error();
        auto onlyHere = action.ids(*st);
        if (!onlyHere)
            return onlyHere.error();
        // Memberships and tags go with the collection (ON DELETE CASCADE).
        if (auto s = action.run("DELETE FROM collections WHERE id = ?1", collectionId); !s)
            return s;
        for (const int64_t documentId : *onlyHere) {
            auto items = store::removeDocument(action, documentId);
            if (!items)
                return items.error();
            removed.insert(removed.end(), items->begin(), items->end());
        }
        return {};
    });
    if (!done)
        return done.error();
    return removed;
}

Status LibraryDb::mergeCollections(int64_t fromId, int64_t intoId)
{
    const Action action(*impl_->db, "merge collection " + std::to_string(fromId) + " into collection " +
                                        std::to_string(intoId));
    if (fromId == intoId)
        return action.fail("a collection cannot be merged into itself");
    return action.transaction([&]() -> Status {
        if (auto s = checkCollection(action, fromId); !s)
            return s;
        if (auto s = checkCollection(action, intoId); !s)
            return s;
        // A document already in both stays once; the tags of both are kept.
        if (auto s = action.run("INSERT OR IGNORE INTO document_collections (document_id, collection_id) "
                                "SELECT document_id, ?2 FROM document_collections WHERE collection_id = ?1",
                                fromId, intoId);
            !s)
            return s;
        if (auto s = action.run("INSERT OR IGNORE INTO collection_tags (collection_id, tag) "
                                "SELECT ?2, tag FROM collection_tags WHERE collection_id = ?1",
                                fromId, intoId);
            !s)
            return s;
        return action.run("DELETE FROM collections WHERE id = ?1", fromId);
    });
}

Status LibraryDb::addToCollection(int64_t documentId, int64_t collectionId)
{
    const Action action(*impl_->db, "add document " + std::to_string(documentId) + " to collection " +
                                        std::to_string(collectionId));
    return action.transaction([&]() -> Status {
        // Checked here so that the message says which one is missing, not "FOREIGN KEY constraint failed".
        if (auto s = checkDocument(action, documentId); !s)
            return s;
        if (auto s = checkCollection(action, collectionId); !s)
            return s;
        return action.run(
            "INSERT OR IGNORE INTO document_collections (document_id, collection_id) VALUES (?1, ?2)",
            documentId, collectionId);
    });
}

Status LibraryDb::removeFromCollection(int64_t documentId, int64_t collectionId)
{
    const Action action(*impl_->db, "remove document " + std::to_string(documentId) + " from collection " +
                                        std::to_string(collectionId));
    // The document itself stays, even when it is in no collection any more.
    return action.run("DELETE FROM document_collections WHERE document_id = ?1 AND collection_id = ?2",
                      documentId, collectionId);
}

Status LibraryDb::setCollectionTags(int64_t collectionId, const std::vector<std::string> &tags)
{
    const Action action(*impl_->db, "set the tags of collection " + std::to_string(collectionId));
    return action.transaction([&]() -> Status {
        if (auto s = checkCollection(action, collectionId); !s)
            return s;
        if (auto s = action.run("DELETE FROM collection_tags WHERE collection_id = ?1", collectionId); !s)
            return s;
        // Trimmed; empty and repeated tags are dropped (the primary key ignores repeats).
        for (const std::string &tag : tags) {
            const std::string clean = trimmed(tag);
            if (clean.empty())
                continue;
            if (auto s =
                    action.run("INSERT OR IGNORE INTO collection_tags (collection_id, tag) VALUES (?1, ?2)",
                               collectionId, clean);
                !s)
                return s;
        }
        return {};
    });
}

} // namespace cortex::store
