#include "ingest/file_ingest.h"

#include "embedding/encoder.h"
#include "ingest/extract/extractor.h"
#include "ingest/extract/file_type.h"
#include "ingest/extract/image_conversion.h"
#include "ingest/extract/thumbnail.h"
#include "library/library.h"
#include "store/library_db.h"

#include <QCryptographicHash>
#include <QFile>

#include <sys/stat.h>

namespace cortex::ingest {
namespace {

struct FileStat {
    int64_t size = 0;
    int64_t mtimeNs = 0;
};

std::optional<FileStat> statFile(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0 || !S_ISREG(st.st_mode))
        return std::nullopt;
    return FileStat{int64_t(st.st_size), int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

Result<std::string> sha256OfFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(path.toStdString() + ": cannot read the file: " + file.errorString().toStdString());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return makeError(path.toStdString() +
                         ": reading the file failed: " + file.errorString().toStdString());
    return hash.result().toHex().toStdString();
}

std::vector<uint8_t> toBytes(const QByteArray &bytes)
{
    return {reinterpret_cast<const uint8_t *>(bytes.constData()),
            reinterpret_cast<const uint8_t *>(bytes.constData()) + bytes.size()};
}

// An item ready to embed: what the store keeps and what the model sees.
struct PendingItem {
    store::NewItem item;
    embedding::EncodeInput input;
};

// Turns extracted items into embedded store items as they stream in, a batch at a time, so that only
// one batch of decoded images is ever in memory (a 500-page PDF renders 500 pages).
class StreamingEmbedder {
public:
    StreamingEmbedder(const FileContext &context, const QString &path)
        : context_(context), path_(path), fileName_(path.section(QLatin1Char('/'), -1).toStdString())
    {
    }

    void add(ExtractedItem &&extracted)
    {
        if (extracted.kind == ItemKind::Text) {
            for (const auto &chunk : chunkText(context_.tokenizer, extracted.text, context_.options.chunk)) {
                PendingItem p;
                p.item.kind = ItemKind::Text;
                p.item.page = extracted.page;
                p.item.position = position_++;
                p.item.text = chunk.text.toStdString();
                p.input.text = p.item.text;
                p.input.name = fileName_;
                push(std::move(p));
            }
            return;
        }
        // Image or PdfPage: embedded from its pixels. A page's text is in its Text items already, so the
        // page item carries none (it would only duplicate full-text hits).
        PendingItem p;
        p.item.kind = extracted.kind;
        p.item.page = extracted.page;
        p.item.position = position_++;
        p.item.sourceRef = extracted.imageName.toStdString();
        p.item.thumbnailPng = toBytes(thumbnailPng(extracted.image));
        p.input.images.push_back(toModelImage(extracted.image));
        if (extracted.kind == ItemKind::PdfPage)
            p.input.name = "page " + std::to_string(extracted.page + 1) + " of " + path_.toStdString();
        else if (extracted.imageName.isEmpty() || extracted.imageName.toStdString() == fileName_)
            p.input.name = path_.toStdString();
        else
            p.input.name = path_.toStdString() + " (" + extracted.imageName.toStdString() + ")";
        push(std::move(p));
    }

    // Embeds what is still pending; call once after the last add().
    void finish() { flush(); }

    std::vector<store::NewItem> &items() { return done_; }
    std::vector<std::string> &problems() { return problems_; }

private:
    void push(PendingItem &&p)
    {
        pending_.push_back(std::move(p));
        if (pending_.size() >= size_t(std::max(1, context_.options.embedBatch)))
            flush();
    }

    // When a batch fails, its items are retried one by one so that one bad input (an image of absurd
    // aspect ratio, say) costs only itself; those are dropped with the reason.
    void flush()
    {
        if (pending_.empty())
            return;
        std::vector<embedding::EncodeInput> inputs;
        for (auto &p : pending_)
            inputs.push_back(std::move(p.input));
        auto vectors = context_.encoder.embedDocuments(inputs);
        for (size_t i = 0; i < pending_.size(); ++i) {
            if (vectors && vectors->size() == inputs.size()) {
                pending_[i].item.vector = std::move((*vectors)[i]);
            } else {
                auto one = context_.encoder.embedDocuments(std::span(&inputs[i], 1));
                if (!one || one->size() != 1) {
                    problems_.push_back(one ? "no vector returned" : one.error().message);
                    continue;
                }
                pending_[i].item.vector = std::move(one->front());
            }
            done_.push_back(std::move(pending_[i].item));
        }
        pending_.clear();
    }

    const FileContext &context_;
    QString path_;
    std::string fileName_;
    int position_ = 0;
    std::vector<PendingItem> pending_;
    std::vector<store::NewItem> done_;
    std::vector<std::string> problems_;
};

store::DocumentRecord recordFor(const QString &path, const FileStat &st, const std::string &sha,
                                const QString &type)
{
    store::DocumentRecord record;
    record.path = path.toStdString();
    record.size = st.size;
    record.mtimeNs = st.mtimeNs;
    record.sha256 = sha;
    record.type = type.toStdString();
    return record;
}

// Records a failure without touching the document's existing items: a file that cannot be read now
// keeps whatever was found in it before.
Result<FileResult> recordFailure(const FileContext &context, const QString &path, const QString &reason,
                                 const std::optional<FileStat> &st, const QString &type)
{
    auto status = context.library.write([&](store::LibraryDb &db) {
        return db.transaction([&]() -> Status {
            auto existing = db.documentByPath(path.toStdString());
            if (!existing)
                return existing.error();
            store::DocumentRecord record = existing->value_or(store::DocumentRecord{});
            record.path = path.toStdString();
            if (st && !existing->has_value()) {
                record.size = st->size;
                record.mtimeNs = st->mtimeNs;
            }
            if (record.type.empty())
                record.type = type.toStdString();
            record.status = store::DocumentStatus::Failed;
            record.error = reason.toStdString();
            auto id = db.upsertDocument(record);
            if (!id)
                return id.error();
            if (context.collectionId)
                if (auto s = db.addToCollection(*id, *context.collectionId); !s)
                    return s;
            return db.setJobFileState(context.jobId, path.toStdString(), store::JobFileState::Failed,
                                      reason.toStdString());
        });
    });
    if (!status)
        return status.error();
    return FileResult{FileOutcome::Failed, reason, 0};
}

Result<FileResult> recordSkip(const FileContext &context, const QString &path, int64_t documentId,
                              const QString &reason)
{
    auto status = context.library.write([&](store::LibraryDb &db) {
        return db.transaction([&]() -> Status {
            if (context.collectionId)
                if (auto s = db.addToCollection(documentId, *context.collectionId); !s)
                    return s;
            return db.setJobFileState(context.jobId, path.toStdString(), store::JobFileState::Skipped,
                                      reason.toStdString());
        });
    });
    if (!status)
        return status.error();
    return FileResult{FileOutcome::Skipped, reason, 0};
}

} // namespace

Result<FileResult> ingestFile(const FileContext &context, const QString &path)
{
    const auto type = detectFileType(path);
    const auto st = statFile(path);
    if (!st)
        return recordFailure(
            context, path,
            path + QStringLiteral(": the file does not exist (it may have been moved or deleted)"), st,
            type.value_or(QString()));
    if (!type)
        return recordFailure(context, path, path + QStringLiteral(": this type of file is not supported"), st,
                             QString());

    auto existing = context.reader.documentByPath(path.toStdString());
    if (!existing)
        return existing.error();
    if (existing->has_value()) {
        const auto &doc = **existing;
        if (doc.status == store::DocumentStatus::Indexed && doc.size == st->size &&
            doc.mtimeNs == st->mtimeNs && doc.contentId)
            return recordSkip(context, path, doc.id, QStringLiteral("unchanged"));
    }

    auto sha = sha256OfFile(path);
    if (!sha)
        return recordFailure(context, path, QString::fromStdString(sha.error().message), st, *type);
    auto sharedContent = context.reader.contentBySha(*sha);
    if (!sharedContent)
        return sharedContent.error();

    std::vector<store::NewItem> newItems;
    std::vector<std::string> problems;
    QStringList warnings;
    int pageCount = 0;
    if (!sharedContent->has_value()) {
        StreamingEmbedder embedder(context, path);
        auto extracted = extractFile(path, context.options.extract, [&](ExtractedItem &&item) {
            embedder.add(std::move(item));
            return true;
        });
        if (!extracted)
            return recordFailure(context, path, QString::fromStdString(extracted.error().message), st, *type);
        embedder.finish();
        pageCount = extracted->pageCount;
        newItems = std::move(embedder.items());
        problems = std::move(embedder.problems());
        if (newItems.empty() && !problems.empty())
            return recordFailure(context, path,
                                 path + QStringLiteral(": nothing could be embedded: ") +
                                     QString::fromStdString(problems.front()),
                                 st, *type);
        warnings = extracted->warnings;
    }

    std::vector<int64_t> newIds;
    std::vector<int64_t> removedIds;
    auto status = context.library.write([&](store::LibraryDb &db) -> Status {
        auto committed = db.transaction([&]() -> Status {
            int64_t contentId = 0;
            if (sharedContent->has_value()) {
                contentId = **sharedContent;
            } else {
                // Another job may have stored the same content since we looked.
                auto again = db.contentBySha(*sha);
                if (!again)
                    return again.error();
                if (again->has_value()) {
                    contentId = **again;
                } else {
                    auto ids = db.addContent(*sha, newItems, context.spaceId);
                    if (!ids)
                        return ids.error();
                    newIds = std::move(ids).value();
                    auto found = db.contentBySha(*sha);
                    if (!found || !found->has_value())
                        return makeError(path.toStdString() + ": the stored content vanished");
                    contentId = **found;
                }
            }
            auto old = db.documentByPath(path.toStdString());
            if (!old)
                return old.error();
            auto record = recordFor(path, *st, *sha, *type);
            record.contentId = contentId;
            record.pageCount = pageCount;
            record.status = store::DocumentStatus::Indexed;
            if (!problems.empty())
                record.error =
                    std::to_string(problems.size()) + " part(s) could not be embedded: " + problems.front();
            else if (!warnings.isEmpty())
                record.error = warnings.join(QStringLiteral("; ")).toStdString();
            auto id = db.upsertDocument(record);
            if (!id)
                return id.error();
            if (old->has_value() && (*old)->contentId && *(*old)->contentId != contentId) {
                auto removed = db.removeContentIfUnused(*(*old)->contentId);
                if (!removed)
                    return removed.error();
                removedIds = std::move(removed).value();
            }
            if (context.collectionId)
                if (auto s = db.addToCollection(*id, *context.collectionId); !s)
                    return s;
            return db.setJobFileState(context.jobId, path.toStdString(), store::JobFileState::Done);
        });
        if (!committed)
            return committed;
        // The database is committed: bring the in-memory index in step (under the same write lock).
        context.library.removeFromIndexes(removedIds);
        for (size_t i = 0; i < newIds.size(); ++i)
            if (auto s = context.library.addToIndex(context.spaceId, newIds[i], newItems[i].vector); !s)
                return s;
        return {};
    });
    if (!status)
        return status.error();
    if (sharedContent->has_value())
        return FileResult{FileOutcome::Skipped, QStringLiteral("identical to content already stored"), 0};
    return FileResult{FileOutcome::Indexed, QString(), int64_t(newIds.size()), warnings};
}

} // namespace cortex::ingest
