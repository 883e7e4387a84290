// The vectors of a space: one BLOB per (space, item), encoded as the space says (vector_codec.h).

#include "store/library_db_impl.h"
#include "store/vector_codec.h"

#include <cmath>

namespace cortex::store {

namespace {

constexpr const char *kDamageAdvice =
    "; `cortex-cli check` lists the damaged documents and `cortex-cli check "
    "--repair` drops them so that they can be ingested again";

} // namespace

std::optional<std::string> vectorProblem(const Statement &row, VectorEncoding encoding, std::span<float> out,
                                         int first)
{
    if (auto decoded = decodeVectorInto(row.blobView(first), encoding, out); !decoded)
        return decoded.error().message;
    if (row.int64(first + 1) == 0)
        return std::string("its stored bytes do not match their checksum (the file was changed on disk)");
    for (size_t k = 0; k < out.size(); ++k)
        if (!std::isfinite(out[k]))
            return "value " + std::to_string(k) + " is NaN or infinity";
    return std::nullopt;
}

Status LibraryDb::putVector(int64_t spaceId, int64_t itemId, std::span<const float> vector)
{
    const Action action(*impl_->db, "store the vector of item " + std::to_string(itemId) + " in space " +
                                        std::to_string(spaceId));
    return action.transaction([&]() -> Status {
        auto layout = vectorLayout(action, spaceId);
        if (!layout)
            return layout.error();
        if (vector.size() != size_t(layout->dim))
            return action.fail("the vector has " + std::to_string(vector.size()) +
                               " values, the space stores " + std::to_string(layout->dim));
        auto item = action.exists("SELECT 1 FROM items WHERE id = ?1", itemId);
        if (!item)
            return item.error();
        if (!*item)
            return action.fail("no such item");
        auto put = action.run("INSERT INTO vectors (space_id, item_id, data, checksum) "
                              "VALUES (?1, ?2, ?3, cortex_checksum(?3)) ON CONFLICT (space_id, item_id) "
                              "DO UPDATE SET data = excluded.data, checksum = excluded.checksum",
                              spaceId, itemId, encodeVector(vector, layout->encoding));
        if (!put)
            return put;
        return bumpGenerations(action, {spaceId});
    });
}

Result<std::optional<std::vector<float>>> LibraryDb::vector(int64_t spaceId, int64_t itemId)
{
    const Action action(*impl_->db, "read the vector of item " + std::to_string(itemId) + " in space " +
                                        std::to_string(spaceId));
    auto layout = vectorLayout(action, spaceId);
    if (!layout)
        return layout.error();
    auto st = action.prepare("SELECT data, checksum IS cortex_checksum(data) FROM vectors "
                             "WHERE space_id = ?1 AND item_id = ?2",
                             spaceId, itemId);
    if (!st)
        return st.error();
    auto row = action.fetch(*st);
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<std::vector<float>>();
    std::vector<float> values(size_t(layout->dim));
    if (auto problem = vectorProblem(*st, layout->encoding, values))
        return action.fail(*problem + kDamageAdvice);
    return std::optional<std::vector<float>>(std::move(values));
}

Status LibraryDb::forEachVector(int64_t spaceId,
                                const std::function<bool(int64_t itemId, std::span<const float>)> &visit,
                                const std::function<void(int64_t itemId, const std::string &reason)> &damaged)
{
    const Action action(*impl_->db, "read the vectors of space " + std::to_string(spaceId));
    auto layout = vectorLayout(action, spaceId);
    if (!layout)
        return layout.error();
    if (layout->dim <= 0 || layout->dim > kMaxVectorDim)
        return action.fail("its dimension " + std::to_string(layout->dim) + " is outside 1.." +
                           std::to_string(kMaxVectorDim) + " (the database is damaged)");
    auto st = action.prepare("SELECT item_id, data, checksum IS cortex_checksum(data) FROM vectors "
                             "WHERE space_id = ?1 ORDER BY item_id",
                             spaceId);
    if (!st)
        return st.error();
    std::vector<float> values(size_t(layout->dim)); // one buffer for all rows
    for (;;) {
        auto row = action.fetch(*st);
        if (!row)
            return row.error();
        if (!*row)
            return {};
        const int64_t itemId = st->int64(0);
        if (auto problem = vectorProblem(*st, layout->encoding, values, 1)) {
            if (!damaged)
                return action.fail("item " + std::to_string(itemId) + ": " + *problem + kDamageAdvice);
            damaged(itemId, *problem);
            continue;
        }
        if (!visit(itemId, values))
            return {};
    }
}

Result<std::vector<int64_t>> LibraryDb::itemsWithDamagedThumbnails()
{
    const Action action(*impl_->db, "check the thumbnails");
    // A video segment's frame strip is a thumbnail too (schema version 9), checked the same way.
    auto st =
        action.prepare("SELECT id FROM items WHERE (thumbnail IS NOT NULL AND "
                       "thumbnail_checksum IS NOT cortex_checksum(thumbnail)) OR (frame_strip IS NOT NULL "
                       "AND frame_strip_checksum IS NOT cortex_checksum(frame_strip)) ORDER BY id");
    if (!st)
        return st.error();
    return action.ids(*st);
}

Result<int64_t> LibraryDb::vectorCount(int64_t spaceId)
{
    const Action action(*impl_->db, "count the vectors of space " + std::to_string(spaceId));
    auto count = action.queryInt("SELECT COUNT(*) FROM vectors WHERE space_id = ?1", spaceId);
    if (!count)
        return count.error();
    return count->value_or(0);
}

Result<uint64_t> LibraryDb::generation(int64_t spaceId)
{
    const Action action(*impl_->db, "read the generation of space " + std::to_string(spaceId));
    auto generation = action.queryInt("SELECT generation FROM spaces WHERE id = ?1", spaceId);
    if (!generation)
        return generation.error();
    if (!*generation)
        return action.fail("no such space");
    return uint64_t(**generation);
}

Result<std::vector<int64_t>> LibraryDb::itemsWithoutVector(int64_t spaceId, int64_t limit)
{
    const Action action(*impl_->db, "list the items without a vector in space " + std::to_string(spaceId));
    if (auto layout = vectorLayout(action, spaceId); !layout)
        return layout.error();
    auto st = action.prepare("SELECT i.id FROM items i WHERE NOT EXISTS "
                             "(SELECT 1 FROM vectors v WHERE v.space_id = ?1 AND v.item_id = i.id) "
                             "ORDER BY i.id LIMIT ?2",
                             spaceId, limit);
    if (!st)
        return st.error();
    return action.ids(*st);
}

} // namespace cortex::store
