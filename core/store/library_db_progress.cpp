// The embedded part of a file still in progress (schema version 6). A long file is committed as one
// content when it is complete; until then the ingester saves what it has embedded at checkpoints, so
// that a job paused or killed inside the file continues there. These rows are never searched.

#include "store/library_db_impl.h"
#include "store/vector_codec.h"

namespace cortex::store {

Status LibraryDb::saveFileProgress(int64_t jobId, const std::string &path, const std::string &sha256,
                                   int64_t spaceId, const std::string &state,
                                   std::span<const NewItem> newItems)
{
    const Action action(*impl_->db,
                        "save the progress of " + inQuotes(path) + " in job " + std::to_string(jobId));
    return action.transaction([&]() -> Status {
        auto same =
            action.exists("SELECT 1 FROM file_progress WHERE job_id = ?1 AND path = ?2 AND sha256 = ?3 "
                          "AND space_id = ?4",
                          jobId, path, sha256, spaceId);
        if (!same)
            return same.error();
        if (!*same)
            if (auto s = action.run("DELETE FROM file_progress WHERE job_id = ?1 AND path = ?2", jobId, path);
                !s)
                return s;
        if (auto s = action.run("INSERT INTO file_progress (job_id, path, sha256, space_id, state) "
                                "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (job_id, path) DO UPDATE SET "
                                "state = excluded.state",
                                jobId, path, sha256, spaceId, state);
            !s)
            return s;
        auto last = action.queryInt(
            "SELECT COALESCE(MAX(seq), -1) FROM file_progress_items WHERE job_id = ?1 AND path = ?2", jobId,
            path);
        if (!last)
            return last.error();
        int64_t seq = last->value_or(-1);
        for (const NewItem &item : newItems) {
            const StoredItemExtras extras(item);
            if (auto s = action.run(
                    "INSERT INTO file_progress_items (job_id, path, seq, kind, page, position, text, "
                    "source_ref, thumbnail, thumbnail_checksum, vector, checksum, start_seconds, "
                    "end_seconds, "
                    "frame_strip, frame_strip_checksum) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                    "cortex_checksum(?9), ?10, cortex_checksum(?10), ?11, ?12, ?13, cortex_checksum(?13))",
                    jobId, path, ++seq, toString(item.kind), item.page, item.position, item.text,
                    item.sourceRef, extras.thumbnail, encodeVector(item.vector, VectorEncoding::Float32),
                    extras.startSeconds, extras.endSeconds, extras.frameStrip);
                !s)
                return s;
        }
        return {};
    });
}

Result<std::optional<FileProgress>> LibraryDb::fileProgress(int64_t jobId, const std::string &path)
{
    const Action action(*impl_->db,
                        "read the progress of " + inQuotes(path) + " in job " + std::to_string(jobId));
    auto head = action.prepare(
        "SELECT sha256, space_id, state FROM file_progress WHERE job_id = ?1 AND path = ?2", jobId, path);
    if (!head)
        return head.error();
    auto found = action.fetch(*head);
    if (!found)
        return found.error();
    if (!*found)
        return std::optional<FileProgress>();
    FileProgress progress;
    progress.sha256 = head->text(0);
    progress.spaceId = head->int64(1);
    progress.state = head->text(2);

    auto rows =
        action.prepare("SELECT seq, kind, page, position, text, source_ref, thumbnail, "
                       "thumbnail IS NULL OR thumbnail_checksum = cortex_checksum(thumbnail), vector, "
                       "checksum = cortex_checksum(vector), start_seconds, end_seconds, frame_strip, "
                       "frame_strip IS NULL OR frame_strip_checksum = cortex_checksum(frame_strip) "
                       "FROM file_progress_items WHERE job_id = ?1 AND "
                       "path = ?2 ORDER BY seq",
                       jobId, path);
    if (!rows)
        return rows.error();
    std::string problem;
    auto read = action.forEachRow(*rows, [&](const Statement &row) {
        if (!problem.empty())
            return;
        const std::string which = "saved item " + std::to_string(row.int64(0));
        const auto kind = itemKindFromString(row.text(1));
        if (!kind) {
            problem = which + " has an unknown kind";
            return;
        }
        if (row.int64(7) == 0) {
            problem = which + ": its thumbnail's stored bytes do not match their checksum";
            return;
        }
        if (row.int64(13) == 0) {
            problem = which + ": its frame strip's stored bytes do not match their checksum";
            return;
        }
        const auto blob = row.blobView(8);
        if (blob.size() % sizeof(float) != 0 || blob.size() / sizeof(float) > size_t(kMaxVectorDim)) {
            problem = which + " has a vector of " + std::to_string(blob.size()) + " bytes";
            return;
        }
        NewItem item;
        item.kind = *kind;
        item.page = int(row.int64(2));
        item.position = int(row.int64(3));
        item.text = row.text(4);
        item.sourceRef = row.text(5);
        if (!row.isNull(6))
            item.thumbnailPng = row.blob(6);
        item.startSeconds = row.isNull(10) ? -1 : row.real(10);
        item.endSeconds = row.isNull(11) ? -1 : row.real(11);
        if (!row.isNull(12))
            item.frameStripPng = row.blob(12);
        item.vector.resize(blob.size() / sizeof(float));
        if (auto why = vectorProblem(row, VectorEncoding::Float32, item.vector, 8)) {
            problem = which + ": " + *why;
            return;
        }
        progress.items.push_back(std::move(item));
    });
    if (!read)
        return read.error();
    if (!problem.empty())
        return action.fail(problem);
    return std::optional<FileProgress>(std::move(progress));
}

Status LibraryDb::clearFileProgress(int64_t jobId, const std::string &path)
{
    const Action action(*impl_->db,
                        "clear the progress of " + inQuotes(path) + " in job " + std::to_string(jobId));
    return action.run("DELETE FROM file_progress WHERE job_id = ?1 AND path = ?2", jobId, path);
}

Status LibraryDb::clearJobProgress(int64_t jobId)
{
    const Action action(*impl_->db, "clear the progress of the files of job " + std::to_string(jobId));
    return action.run("DELETE FROM file_progress WHERE job_id = ?1", jobId);
}

} // namespace cortex::store
