// Documents: one row per file path, pointing at the content (SHA-256) whose items it shows.

#include "store/library_db_impl.h"

namespace cortex::store {

namespace {

Result<std::vector<DocumentRecord>> readDocuments(const Action &action, Statement &st)
{
    std::vector<DocumentRecord> result;
    if (auto s = action.forEachRow(st, [&](const Statement &row) { result.push_back(readDocument(row, 0)); });
        !s)
        return s.error();
    return result;
}

Result<std::optional<DocumentRecord>> readOneDocument(const Action &action, Statement &st)
{
    auto row = action.fetch(st);
    if (!row)
        return row.error();
    return *row ? std::optional<DocumentRecord>(readDocument(st, 0)) : std::optional<DocumentRecord>();
}

} // namespace

Result<std::vector<int64_t>> removeDocument(const Action &action, int64_t documentId)
{
    std::vector<int64_t> removed;
    Status done = action.transaction([&]() -> Status {
        auto st = action.prepare("SELECT content_id FROM documents WHERE id = ?1", documentId);
        if (!st)
            return st.error();
        auto row = action.fetch(*st);
        if (!row)
            return row.error();
        if (!*row)
            return action.fail("no document has id " + std::to_string(documentId));
        const bool hasContent = !st->isNull(0); // a failed document has none
        const int64_t contentId = st->int64(0);
        st->reset();
        // Memberships go with it (ON DELETE CASCADE).
        if (auto s = action.run("DELETE FROM documents WHERE id = ?1", documentId); !s)
            return s;
        if (!hasContent)
            return {};
        auto items = removeContentIfUnused(action, contentId);
        if (!items)
            return items.error();
        removed = std::move(*items);
        return {};
    });
    if (!done)
        return done.error();
    return removed;
}

Result<std::optional<DocumentRecord>> LibraryDb::documentByPath(const std::string &path)
{
    const Action action(*impl_->db, "read the document " + inQuotes(path));
    auto st = action.prepare(
        std::string("SELECT ") + kDocumentColumns + " FROM documents d WHERE d.path = ?1", path);
    if (!st)
        return st.error();
    return readOneDocument(action, *st);
}

Result<std::optional<DocumentRecord>> LibraryDb::document(int64_t documentId)
{
    const Action action(*impl_->db, "read document " + std::to_string(documentId));
    auto st = action.prepare(std::string("SELECT ") + kDocumentColumns + " FROM documents d WHERE d.id = ?1",
                             documentId);
    if (!st)
        return st.error();
    return readOneDocument(action, *st);
}

Result<std::vector<DocumentRecord>> LibraryDb::documents(std::optional<int64_t> collectionId)
{
    if (!collectionId) {
        const Action action(*impl_->db, "list the documents");
        auto st =
            action.prepare(std::string("SELECT ") + kDocumentColumns + " FROM documents d ORDER BY d.path");
        if (!st)
            return st.error();
        return readDocuments(action, *st);
    }
    const Action action(*impl_->db, "list the documents of collection " + std::to_string(*collectionId));
    auto st = action.prepare(std::string("SELECT ") + kDocumentColumns +
                                 " FROM documents d JOIN document_collections dc ON dc.document_id = d.id "
                                 "WHERE dc.collection_id = ?1 ORDER BY d.path",
                             *collectionId);
    if (!st)
        return st.error();
    return readDocuments(action, *st);
}

Result<std::vector<DocumentRecord>> LibraryDb::failedDocuments()
{
    const Action action(*impl_->db, "list the documents that failed");
    auto st = action.prepare(std::string("SELECT ") + kDocumentColumns +
                                 " FROM documents d WHERE d.status = ?1 ORDER BY d.path",
                             toString(DocumentStatus::Failed));
    if (!st)
        return st.error();
    return readDocuments(action, *st);
}

Result<int64_t> LibraryDb::upsertDocument(const DocumentRecord &record)
{
    const Action action(*impl_->db, "store the document " + inQuotes(record.path));
    if (record.path.empty())
        return action.fail("the path is empty");
    if (record.contentId) {
        auto content = action.exists("SELECT 1 FROM contents WHERE id = ?1", *record.contentId);
        if (!content)
            return content.error();
        if (!*content)
            return action.fail("no content has id " + std::to_string(*record.contentId));
    }
    const int64_t now = nowSeconds();
    // added_at is kept on update: it is when the file first came into the library. A changed
    // content_id leaves the old content for the caller to remove (removeContentIfUnused), since it
    // must also drop the removed items from its vector indexes.
    auto st = action.prepare(
        "INSERT INTO documents (path, size, mtime_ns, sha256, type, status, error, content_id, page_count, "
        "added_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
        "ON CONFLICT (path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, "
        "sha256 = excluded.sha256, type = excluded.type, status = excluded.status, error = excluded.error, "
        "content_id = excluded.content_id, page_count = excluded.page_count, updated_at = "
        "excluded.updated_at "
        "RETURNING id",
        record.path, record.size, record.mtimeNs, record.sha256, record.type, toString(record.status),
        record.error, record.contentId, record.pageCount, record.addedAt ? record.addedAt : now,
        record.updatedAt ? record.updatedAt : now);
    if (!st)
        return st.error();
    return action.returnedId(*st);
}

Result<std::vector<int64_t>> LibraryDb::removeDocument(int64_t documentId)
{
    return store::removeDocument(Action(*impl_->db, "remove document " + std::to_string(documentId)),
                                 documentId);
}

Result<std::vector<int64_t>> LibraryDb::collectionsOfDocument(int64_t documentId)
{
    const Action action(*impl_->db, "list the collections of document " + std::to_string(documentId));
    auto st = action.prepare("SELECT collection_id FROM document_collections WHERE document_id = ?1 "
                             "ORDER BY collection_id",
                             documentId);
    if (!st)
        return st.error();
    return action.ids(*st);
}

} // namespace cortex::store
