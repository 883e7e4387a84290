#include "application/preview.h"

#include "application/video_preview.h"

#include "library/library.h"
#include "session/library_session.h"
#include "store/library_db.h"

#include <algorithm>

namespace cortex::application {

namespace {

// The hit's chunk `step` chunks on (clamped) with one chunk on either side, joined.
Result<preview::Preview> textPreview(store::LibraryDb &reader, const store::ItemView &hit,
                                     const PreviewRequest &request)
{
    auto ids = reader.textItemIdsOfContent(hit.item.contentId);
    if (!ids)
        return ids.error();
    const auto at = std::find(ids->begin(), ids->end(), hit.item.id);
    if (at == ids->end())
        return makeError("item " + std::to_string(hit.item.id) +
                         " is no longer in the library (search again)");
    const int count = int(ids->size());
    const int shown = std::clamp(int(at - ids->begin()) + request.step, 0, count - 1);
    const int first = std::max(0, shown - 1);
    const int last = std::min(count - 1, shown + 1);
    auto views = reader.itemViews(std::span(ids->data() + first, size_t(last - first + 1)));
    if (!views)
        return views.error();
    std::vector<QString> chunks;
    int focus = 0;
    for (const auto &view : *views) {
        if (view.item.id == (*ids)[size_t(shown)])
            focus = int(chunks.size());
        chunks.push_back(QString::fromStdString(view.item.text));
    }
    preview::Preview preview = preview::textAround(chunks, focus, request.words);
    preview.path = QString::fromStdString(hit.documentPath);
    preview.index = shown;
    preview.count = count;
    return preview;
}

} // namespace

Result<preview::Preview> previewItem(library::Library &library, const PreviewRequest &request)
{
    auto reader = library.openReader();
    if (!reader)
        return reader.error();
    auto views = (*reader)->itemViews(std::span(&request.itemId, 1));
    if (!views)
        return views.error();
    if (views->empty() || views->front().documentPath.empty())
        return makeError("item " + std::to_string(request.itemId) +
                         " is no longer in the library (search again)");
    const store::ItemView &hit = views->front();
    const QString path = QString::fromStdString(hit.documentPath);
    // Every item of a PDF (a page image or a chunk of a page's text) shows its page.
    if (hit.item.kind == ItemKind::VideoSegment) {
        auto frame = videoFramePreview(path, hit.item.startSeconds, hit.item.endSeconds, request.step,
                                       request.longSide);
        if (frame)
            frame->matches = preview::findWords(frame->text, request.words);
        return frame;
    }
    if (hit.documentType == "pdf" && hit.item.page >= 0)
        return preview::pdfPage(path, hit.item.page + request.step, request.words, request.longSide);
    if (hit.item.kind != ItemKind::Text)
        return preview::image(path, QString::fromStdString(hit.documentType), hit.item.kind, hit.item.page,
                              QString::fromStdString(hit.item.sourceRef), request.longSide);
    return textPreview(**reader, hit, request);
}

QFuture<Result<preview::Preview>> previewItem(session::LibrarySession &session, const PreviewRequest &request)
{
    return session.runPreview<preview::Preview>(
        [request](library::Library &lib) { return previewItem(lib, request); });
}

} // namespace cortex::application
