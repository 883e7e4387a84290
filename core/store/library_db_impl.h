#pragma once
// Private to core/store: the state behind LibraryDb and the helpers its .cpp files share (one file
// per group of operations: library_db_*.cpp).

#include "store/database.h"
#include "store/library_db.h"

#include <functional>
#include <string>
#include <string_view>

namespace cortex::store {

struct LibraryDb::Impl {
    std::unique_ptr<Database> db;
    OpenMode mode = OpenMode::ReadWrite;
    int schemaVersion = 0;
};

// One operation of LibraryDb. Every error it reports reads "<file>: cannot <what>: <reason>", e.g.
// "library.db: cannot rename collection 7: no such collection".
class Action {
public:
    Action(Database &db, std::string what) : db_(db), what_(std::move(what)) {}

    Database &db() const { return db_; }
    Error fail(std::string_view reason) const;
    // An error from the Database layer ("<file>: <context>: <reason>") restated for this action.
    Error fail(const Error &inner) const;

    // Prepares `sql` and binds the arguments to ?1, ?2, ...
    template <typename... Args> Result<Statement> prepare(std::string_view sql, const Args &...args) const
    {
        auto st = db_.prepare(sql);
        if (!st)
            return fail(st.error());
        st->bindAll(args...);
        return st;
    }
    // Runs a statement without result rows.
    template <typename... Args> Status run(std::string_view sql, const Args &...args) const
    {
        auto st = prepare(sql, args...);
        if (!st)
            return st.error();
        return run(*st);
    }
    Status run(Statement &st) const;
    // Steps once: true when a row is ready to read.
    Result<bool> fetch(Statement &st) const;
    Status forEachRow(Statement &st, const std::function<void(const Statement &)> &visit) const;
    // The first column of the first row; nullopt when there is no row.
    template <typename... Args>
    Result<std::optional<int64_t>> queryInt(std::string_view sql, const Args &...args) const
    {
        auto st = prepare(sql, args...);
        if (!st)
            return st.error();
        auto row = fetch(*st);
        if (!row)
            return row.error();
        return *row ? std::optional<int64_t>(st->int64(0)) : std::optional<int64_t>();
    }
    template <typename... Args> Result<bool> exists(std::string_view sql, const Args &...args) const
    {
        auto value = queryInt(sql, args...);
        if (!value)
            return value.error();
        return value->has_value();
    }
    Result<std::vector<int64_t>> ids(Statement &st) const; // the first column of every row
    // The id an INSERT ... RETURNING id statement hands back, after running it to its end.
    Result<int64_t> returnedId(Statement &st) const;

    // Database::transaction; errors of `body` pass through unchanged.
    Status transaction(const std::function<Status()> &body) const;

private:
    Database &db_;
    std::string what_;
};

int64_t nowSeconds();
std::string trimmed(std::string_view text);
std::string inQuotes(std::string_view text); // 'text', for messages

// Column lists and row readers shared by several files; a reader takes the statement and the index
// of the first of its columns.
inline constexpr const char *kDocumentColumns =
    "d.id, d.path, d.size, d.mtime_ns, d.sha256, d.type, d.status, d.error, d.content_id, d.page_count, "
    "d.added_at, d.updated_at";
DocumentRecord readDocument(const Statement &st, int first);

inline constexpr const char *kItemColumns =
    "i.id, i.content_id, i.kind, i.page, i.position, i.text, i.source_ref, i.thumbnail, i.start_seconds, "
    "i.end_seconds, i.frame_strip";
inline constexpr int kItemColumnCount = 11;
ItemRecord readItem(const Statement &st, int first);

// The columns an item has beyond the first schema's, as bound: an empty image is NULL ("none", not a
// zero-byte image), and a time range is NULL for every kind but VideoSegment.
struct StoredItemExtras {
    explicit StoredItemExtras(const NewItem &item)
    {
        if (!item.thumbnailPng.empty())
            thumbnail = item.thumbnailPng;
        if (!item.frameStripPng.empty())
            frameStrip = item.frameStripPng;
        if (item.kind == ItemKind::VideoSegment) {
            startSeconds = item.startSeconds;
            endSeconds = item.endSeconds;
        }
    }
    std::optional<std::vector<uint8_t>> thumbnail;
    std::optional<std::vector<uint8_t>> frameStrip;
    std::optional<double> startSeconds;
    std::optional<double> endSeconds;
};

// Why the vector in the current row (BLOB at `first`, checksum match at `first` + 1) cannot be used,
// or nullopt when it decoded into `out` whole, matches its checksum and holds only finite values.
std::optional<std::string> vectorProblem(const Statement &row, VectorEncoding encoding, std::span<float> out,
                                         int first = 0);

// The stored shape of a space's vectors.
struct VectorLayout {
    int dim = 0;
    VectorEncoding encoding = VectorEncoding::Float32;
};
Result<VectorLayout> vectorLayout(const Action &action, int64_t spaceId);
// The spaces that hold vectors of a content's items (their generations go up when it is removed).
Result<std::vector<int64_t>> spacesWithVectorsOf(const Action &action, int64_t contentId);
// Adds 1 to the generation of every space listed (the ones whose vectors a change touched).
Status bumpGenerations(const Action &action, const std::vector<int64_t> &spaceIds);

// Deletes a content that no document refers to, with its items, FTS rows and vectors; bumps the
// generation of the spaces that lost vectors. Returns the removed item ids (none when still in use).
Result<std::vector<int64_t>> removeContentIfUnused(const Action &action, int64_t contentId);
// Inserts items of a content with their vectors in `spaceId` (each vector checked against the space's
// dimension first) and bumps the space's generation. Returns the new item ids in order.
Result<std::vector<int64_t>> insertItems(const Action &action, int64_t contentId,
                                         std::span<const NewItem> items, int64_t spaceId);
// Deletes a document, and its content when it was the last user. Returns the removed item ids.
Result<std::vector<int64_t>> removeDocument(const Action &action, int64_t documentId);

} // namespace cortex::store
