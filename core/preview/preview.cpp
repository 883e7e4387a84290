#include "preview/preview.h"

#include "ingest/extract/extract_support.h"
#include "ingest/extract/extractor.h"
#include "ingest/extract/pdf_extractor.h"

#include <QPdfDocument>
#include <QPdfSelection>
#include <QRegularExpression>

#include <algorithm>

namespace cortex::preview {

using ingest::detail::fileError;

namespace {

// The form a screen draws and scales fastest (the extractors' RGB888 is what the model reads): converted
// here, on the worker, so that the window only paints.
QImage forScreen(const QImage &image)
{
    return image.convertToFormat(image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied
                                                         : QImage::Format_RGB32);
}

} // namespace

std::vector<TextRange> findWords(const QString &text, const QStringList &words)
{
    QStringList escaped;
    for (const QString &w : words)
        if (!w.isEmpty())
            escaped << QRegularExpression::escape(w);
    if (escaped.isEmpty() || text.isEmpty())
        return {};
    const QRegularExpression re(QStringLiteral("\\b(%1)\\b").arg(escaped.join(QLatin1Char('|'))),
                                QRegularExpression::CaseInsensitiveOption |
                                    QRegularExpression::UseUnicodePropertiesOption);
    std::vector<TextRange> found;
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        found.push_back({int(m.capturedStart()), int(m.capturedLength())});
    }
    return found;
}

Result<Preview> pdfPage(const QString &path, int page, const QStringList &words, int longSide)
{
    if (auto missing = ingest::detail::missingFileError(path))
        return *missing;
    QPdfDocument pdf;
    if (Status opened = ingest::detail::openPdf(pdf, path); !opened)
        return opened.error();
    if (pdf.pageCount() <= 0)
        return fileError(path, QStringLiteral("the PDF has no pages"));
    Preview preview;
    preview.kind = PreviewKind::Page;
    preview.path = path;
    preview.count = pdf.pageCount();
    preview.index = std::clamp(page, 0, preview.count - 1);
    const QImage rendered = ingest::detail::renderPdfPage(
        pdf, preview.index, std::clamp(longSide, ingest::kMinPageImageSide, ingest::kMaxPageImageSide),
        ingest::ExtractOptions{}.maxImagePixels);
    if (rendered.isNull())
        return fileError(path, QStringLiteral("page %1 cannot be rendered").arg(preview.index + 1));
    preview.image = forScreen(rendered);

    // PDFium's text of the page and its character boxes share one index: a word found in the text is
    // asked for its boxes by where it starts. A box whose text is not the word (an index that went
    // astray on an unusual character) is left out rather than marked in the wrong place.
    const QString text = pdf.getAllText(preview.index).text();
    const QSizeF points = pdf.pagePointSize(preview.index);
    const double scale = points.width() > 0 ? preview.image.width() / points.width() : 0;
    for (const TextRange &match : findWords(text, words)) {
        if (preview.highlights.size() >= kMaxPageHighlights)
            break;
        const QPdfSelection selection = pdf.getSelectionAtIndex(preview.index, match.start, match.length);
        if (selection.bounds().isEmpty() ||
            selection.text().compare(QStringView(text).mid(match.start, match.length), Qt::CaseInsensitive) !=
                0)
            continue;
        QRectF box;
        for (const QPolygonF &polygon : selection.bounds())
            box |= polygon.boundingRect();
        preview.highlights.append(
            QRectF(box.x() * scale, box.y() * scale, box.width() * scale, box.height() * scale));
    }
    return preview;
}

Result<Preview> image(const QString &path, const QString &documentType, ItemKind kind, int page,
                      const QString &sourceRef, int longSide)
{
    ingest::ExtractOptions options;
    options.maxImageLongSide = std::clamp(longSide, ingest::kMinPageImageSide, ingest::kMaxPageImageSide);
    auto loaded = ingest::loadItemImage(path, documentType, kind, page, sourceRef, options);
    if (!loaded)
        return loaded.error();
    Preview preview;
    preview.kind = PreviewKind::Image;
    preview.path = path;
    preview.image = forScreen(*loaded);
    return preview;
}

int chunkOverlap(const QString &previous, const QString &next)
{
    // The longest start of `next` that ends `previous`: Knuth-Morris-Pratt's failure function of `next`,
    // then `previous`'s last characters run through it. Linear in the two lengths.
    const qsizetype n = std::min(previous.size(), next.size());
    if (n < kMinChunkOverlap)
        return 0;
    std::vector<qsizetype> failure(size_t(n), 0);
    for (qsizetype i = 1, k = 0; i < n; ++i) {
        while (k > 0 && next[i] != next[k])
            k = failure[size_t(k - 1)];
        if (next[i] == next[k])
            ++k;
        failure[size_t(i)] = k;
    }
    qsizetype matched = 0;
    for (qsizetype i = previous.size() - n; i < previous.size(); ++i) {
        while (matched > 0 && (matched == n || previous[i] != next[matched]))
            matched = failure[size_t(matched - 1)];
        if (previous[i] == next[matched])
            ++matched;
    }
    return matched >= kMinChunkOverlap ? int(matched) : 0;
}

Preview textAround(const std::vector<QString> &chunks, int focus, const QStringList &words)
{
    Preview preview;
    preview.kind = PreviewKind::Text;
    for (size_t i = 0; i < chunks.size(); ++i) {
        const int overlap = i == 0 ? 0 : chunkOverlap(chunks[i - 1], chunks[i]);
        if (int(i) == focus)
            preview.focus = {int(preview.text.size()) - overlap, int(chunks[i].size())};
        preview.text += QStringView(chunks[i]).mid(overlap);
    }
    preview.matches = findWords(preview.text, words);
    return preview;
}

} // namespace cortex::preview
