// Page images left for a job's second pass (schema version 7). The first pass stores a content's text
// items and one row here for each page image it did not render; the second pass takes the rows least
// text first and replaces each by its embedded item in one transaction, so that a job killed during
// either pass resumes with nothing lost and nothing embedded twice.

#include "store/library_db_impl.h"

#include <algorithm>

namespace cortex::store {

namespace {

constexpr const char *kDeferredColumns =
    "content_id, kind, page, position, text_chars, long_side, source_ref FROM deferred_images ";

} // namespace

Status LibraryDb::addDeferredImages(int64_t jobId, std::span<const DeferredImage> images)
{
    const Action action(*impl_->db, "leave " + std::to_string(images.size()) +
                                        " page image(s) for the second pass of job " + std::to_string(jobId));
    return action.transaction([&]() -> Status {
        for (const DeferredImage &image : images) {
            if (image.textChars < 0 || image.kind == ItemKind::Text ||
                (image.kind == ItemKind::PdfPage && image.longSide <= 0))
                return action.fail("page " + std::to_string(image.page + 1) + " at position " +
                                   std::to_string(image.position) + " is not a page image to render");
            if (auto s =
                    action.run("INSERT INTO deferred_images (content_id, position, kind, page, text_chars, "
                               "long_side, source_ref, job_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                               image.contentId, image.position, toString(image.kind), image.page,
                               image.textChars, image.longSide, image.sourceRef, jobId);
                !s)
                return s;
        }
        return {};
    });
}

Result<std::vector<DeferredImage>> LibraryDb::nextDeferredImages(int64_t jobId, int limit)
{
    const Action action(*impl_->db, "read the page images left for job " + std::to_string(jobId));
    auto st = action.prepare(std::string("SELECT ") + kDeferredColumns +
                                 "WHERE job_id = ?1 OR job_id IS NULL "
                                 "ORDER BY text_chars, content_id, position LIMIT ?2",
                             jobId, int64_t(std::max(limit, 0)));
    if (!st)
        return st.error();
    std::vector<DeferredImage> result;
    auto read = action.forEachRow(*st, [&](const Statement &row) {
        DeferredImage image;
        image.contentId = row.int64(0);
        image.kind = itemKindFromString(row.text(1)).value_or(ItemKind::PdfPage);
        image.page = int(row.int64(2));
        image.position = int(row.int64(3));
        image.textChars = row.int64(4);
        // Kept in int range whatever the file holds (the pass checks the size itself).
        image.longSide = int(std::clamp<int64_t>(row.int64(5), -1, 1 << 20));
        image.sourceRef = row.text(6);
        result.push_back(std::move(image));
    });
    if (!read)
        return read.error();
    return result;
}

Result<int64_t> LibraryDb::deferredImagesLeft(int64_t jobId)
{
    const Action action(*impl_->db, "count the page images left for job " + std::to_string(jobId));
    auto count =
        action.queryInt("SELECT COUNT(*) FROM deferred_images WHERE job_id = ?1 OR job_id IS NULL", jobId);
    if (!count)
        return count.error();
    return count->value_or(0);
}

Result<std::vector<int64_t>> LibraryDb::addDeferredItems(int64_t jobId, int64_t contentId,
                                                         std::span<const NewItem> items, int64_t spaceId)
{
    const Action action(*impl_->db, "store " + std::to_string(items.size()) + " page image(s) of content " +
                                        std::to_string(contentId));
    std::vector<int64_t> ids;
    Status done = action.transaction([&]() -> Status {
        // Only rows still waiting become items: a row removed meanwhile (its content replaced) or
        // stored already is never stored twice.
        for (const NewItem &item : items) {
            auto waiting =
                action.exists("SELECT 1 FROM deferred_images WHERE content_id = ?1 AND position = ?2",
                              contentId, item.position);
            if (!waiting)
                return waiting.error();
            if (!*waiting)
                return action.fail("no page image is waiting at position " + std::to_string(item.position));
            if (auto s = action.run("DELETE FROM deferred_images WHERE content_id = ?1 AND position = ?2",
                                    contentId, item.position);
                !s)
                return s;
        }
        auto inserted = insertItems(action, contentId, items, spaceId);
        if (!inserted)
            return inserted.error();
        ids = std::move(*inserted);
        return action.run(
            "UPDATE jobs SET page_images_done = page_images_done + ?2, updated_at = ?3 WHERE id = ?1", jobId,
            int64_t(items.size()), nowSeconds());
    });
    if (!done)
        return done.error();
    return ids;
}

Status LibraryDb::dropDeferredImage(int64_t contentId, int position)
{
    const Action action(*impl_->db, "drop the page image at position " + std::to_string(position) +
                                        " of content " + std::to_string(contentId));
    return action.run("DELETE FROM deferred_images WHERE content_id = ?1 AND position = ?2", contentId,
                      position);
}

Result<std::vector<DocumentRecord>> LibraryDb::documentsOfContent(int64_t contentId)
{
    const Action action(*impl_->db, "list the documents of content " + std::to_string(contentId));
    auto st = action.prepare(std::string("SELECT ") + kDocumentColumns +
                                 " FROM documents d WHERE d.content_id = ?1 ORDER BY d.id",
                             contentId);
    if (!st)
        return st.error();
    std::vector<DocumentRecord> result;
    if (auto s =
            action.forEachRow(*st, [&](const Statement &row) { result.push_back(readDocument(row, 0)); });
        !s)
        return s.error();
    return result;
}

} // namespace cortex::store
