#include "ingest/page_image_pass.h"

#include "embedding/encoder.h"
#include "ingest/embedding_inputs.h"
#include "ingest/extract/extractor.h"
#include "ingest/extract/image_conversion.h"
#include "ingest/file_ingest.h"
#include "library/library.h"
#include "store/library_db.h"

#include <chrono>
#include <map>

namespace cortex::ingest {
namespace {

using Clock = std::chrono::steady_clock;

// One waiting image on its way to the index.
struct Work {
    store::DeferredImage row;
    QString path; // the document it is read from
    store::NewItem item;
    embedding::EncodeInput input;
    QString problem; // why it is dropped; empty while it goes on
};

bool unchangedOnDisk(const store::DocumentRecord &doc)
{
    const auto st = statFile(QString::fromStdString(doc.path));
    return st && st->size == doc.size && st->mtimeNs == doc.mtimeNs;
}

QString describe(const store::DeferredImage &row)
{
    if (row.kind == ItemKind::PdfPage)
        return QStringLiteral("page %1").arg(row.page + 1);
    return QStringLiteral("image %1").arg(QString::fromStdString(row.sourceRef));
}

// Reads the image of `work.row` from a document that holds its content and is unchanged since its
// text was read (the same bytes: the item belongs to that content).
void prepare(const PageImagePass &pass, Work &work, const std::optional<QString> &crashed)
{
    const std::string note = pageImageCrashNote(work.row.contentId, work.row.position);
    auto documents = pass.reader.documentsOfContent(work.row.contentId);
    if (!documents) {
        work.problem = QString::fromStdString(documents.error().message);
        return;
    }
    const store::DocumentRecord *document = nullptr;
    for (const auto &doc : *documents)
        if (doc.status == store::DocumentStatus::Indexed && unchangedOnDisk(doc)) {
            document = &doc;
            break;
        }
    if (!document) {
        work.path = documents->empty() ? QString() : QString::fromStdString(documents->front().path);
        work.problem = describe(work.row) + QStringLiteral(": the file changed or is gone since its text was "
                                                           "read (a rescan ingests it again)");
        return;
    }
    work.path = QString::fromStdString(document->path);
    if (crashed && *crashed == QString::fromStdString(note)) {
        work.problem = describe(work.row) + QStringLiteral(": rendering it ended the process before (Cortex "
                                                           "crashed on it); it is skipped, not read again");
        return;
    }
    // The size comes from the database: a damaged or crafted row must not ask for a gigapixel page.
    if (work.row.kind == ItemKind::PdfPage &&
        (work.row.longSide <= 0 || work.row.longSide > kMaxPageImageSide)) {
        work.problem =
            describe(work.row) + QStringLiteral(": the recorded page size %1 px is outside 1 to %2")
                                     .arg(work.row.longSide)
                                     .arg(kMaxPageImageSide);
        return;
    }
    ExtractOptions options = pass.options.extract;
    options.pdfRenderLongSide = work.row.longSide;
    QImage image;
    {
        const CrashRecordGuard guard(pass.library, pass.jobId, note);
        auto loaded = loadItemImage(work.path, QString::fromStdString(document->type), work.row.kind,
                                    work.row.page, QString::fromStdString(work.row.sourceRef), options);
        if (!loaded) {
            work.problem = QString::fromStdString(loaded.error().message);
            return;
        }
        image = std::move(*loaded);
    }
    work.item.kind = work.row.kind;
    work.item.page = work.row.page;
    work.item.position = work.row.position;
    work.item.sourceRef = work.row.sourceRef;
    work.item.thumbnailPng = thumbnailBytes(image);
    work.input.images.push_back(toModelImage(image));
    work.input.name = imageInputName(work.row.kind, work.row.page, document->path, work.row.sourceRef);
}

// Embeds the prepared images (embedEach: one bad image costs only itself).
void embed(embedding::Encoder &encoder, std::vector<Work *> &batch)
{
    std::vector<embedding::EncodeInput> inputs;
    for (Work *w : batch)
        inputs.push_back(std::move(w->input));
    auto vectors = embedEach(encoder, inputs);
    for (size_t j = 0; j < batch.size(); ++j) {
        if (vectors[j])
            batch[j]->item.vector = std::move(*vectors[j]);
        else
            batch[j]->problem = describe(batch[j]->row) + QStringLiteral(": ") +
                                QString::fromStdString(vectors[j].error().message);
    }
}

// Stores the embedded images of a batch (each content's in one call) and drops the failed rows, in one
// transaction (the vector index follows when it commits).
Status commit(const PageImagePass &pass, std::vector<Work> &batch)
{
    std::map<int64_t, std::vector<store::NewItem>> byContent;
    for (auto &w : batch)
        if (w.problem.isEmpty())
            byContent[w.row.contentId].push_back(std::move(w.item));
    return pass.library.commit([&](store::LibraryDb &db, library::IndexChanges &index) -> Status {
        for (const auto &w : batch)
            if (!w.problem.isEmpty())
                if (auto s = db.dropDeferredImage(w.row.contentId, w.row.position); !s)
                    return s;
        for (auto &[contentId, items] : byContent) {
            auto ids = db.addDeferredItems(pass.jobId, contentId, items, pass.spaceId);
            if (!ids)
                return ids.error();
            for (size_t k = 0; k < ids->size(); ++k)
                index.add(pass.spaceId, (*ids)[k], std::move(items[k].vector));
        }
        return {};
    });
}

} // namespace

std::string pageImageCrashNote(int64_t contentId, int position)
{
    return "page image of content " + std::to_string(contentId) + " at position " + std::to_string(position);
}

Status runPageImagePass(const PageImagePass &pass, Progress &p, const ProgressCallback &progress,
                        IngestSummary &summary)
{
    auto left = pass.reader.deferredImagesLeft(pass.jobId);
    if (!left)
        return left.error();
    summary.pageImagesLeft = *left;
    if (*left == 0)
        return {};
    auto job = pass.reader.job(pass.jobId);
    if (!job)
        return job.error();
    const int64_t doneBefore = job->has_value() ? (*job)->pageImagesDone : 0;
    const std::optional<QString> crashed = crashedFileOfJob(pass.library, pass.jobId);
    bool crashRecordHandled = false;

    p.stage = "page images";
    p.current.clear();
    p.currentPage = 0;
    p.currentParts = 0;
    p.done = doneBefore;
    p.total = doneBefore + *left;
    p.failed = 0;
    p.skipped = 0;
    p.etaSeconds = -1;
    report(progress, p);
    const auto start = Clock::now();
    const int batchSize = std::max(1, pass.options.embedBatch);
    while (true) {
        if (isCancelled(pass.cancelled)) {
            summary.cancelled = true;
            break;
        }
        if (isCancelled(pass.yield)) {
            summary.pageImagesYielded = true;
            break;
        }
        auto rows = pass.reader.nextDeferredImages(pass.jobId, batchSize);
        if (!rows)
            return rows.error();
        if (rows->empty())
            break;
        std::vector<Work> batch(rows->size());
        for (size_t k = 0; k < rows->size(); ++k) {
            batch[k].row = std::move((*rows)[k]);
            prepare(pass, batch[k], crashed);
            crashRecordHandled = crashRecordHandled ||
                                 (crashed && *crashed == QString::fromStdString(pageImageCrashNote(
                                                             batch[k].row.contentId, batch[k].row.position)));
        }
        if (isCancelled(pass.cancelled)) { // rendering took a while: nothing of it is kept
            summary.cancelled = true;
            break;
        }
        // Pages in a call of their own: their time is the cost per page beside the page-image choice.
        std::vector<Work *> pages, images;
        for (auto &w : batch)
            if (w.problem.isEmpty())
                (w.row.kind == ItemKind::PdfPage ? pages : images).push_back(&w);
        const auto pagesStart = Clock::now();
        embed(pass.encoder, pages);
        if (!pages.empty()) {
            summary.pageImages.pages += int64_t(pages.size());
            summary.pageImages.seconds += std::chrono::duration<double>(Clock::now() - pagesStart).count();
        }
        embed(pass.encoder, images);
        if (auto s = commit(pass, batch); !s)
            return s;
        if (crashRecordHandled) {
            clearCrashRecord(pass.library, pass.jobId);
            crashRecordHandled = false;
        }
        for (const auto &w : batch) {
            if (w.problem.isEmpty()) {
                ++summary.pageImagesDone;
                ++summary.items;
            } else {
                ++summary.pageImagesFailed;
                summary.failures.push_back({w.path, w.problem});
            }
        }
        p.done += int64_t(batch.size());
        p.failed = summary.pageImagesFailed;
        p.current = batch.back().path.toStdString();
        p.currentPage = batch.back().row.kind == ItemKind::PdfPage ? batch.back().row.page + 1 : 0;
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        const int64_t doneHere = summary.pageImagesDone + summary.pageImagesFailed;
        p.itemsPerSecond = elapsed > 0 ? double(doneHere) / elapsed : 0;
        p.etaSeconds = elapsed / double(doneHere) * double(std::max<int64_t>(0, p.total - p.done));
        report(progress, p);
    }
    auto after = pass.reader.deferredImagesLeft(pass.jobId);
    if (!after)
        return after.error();
    summary.pageImagesLeft = *after;
    return {};
}

} // namespace cortex::ingest
