#include "ingest/extract/pdf_extractor.h"

#include "ingest/extract/text_extractor.h"

#include <QPainter>
#include <QPdfDocument>

#include <algorithm>
#include <cmath>

namespace cortex::ingest::detail {

Status openPdf(QPdfDocument &pdf, const QString &path)
{
    switch (pdf.load(path)) {
    case QPdfDocument::Error::None:
        return Status::success();
    case QPdfDocument::Error::FileNotFound:
        return fileError(path, QStringLiteral("the file does not exist (it may have been moved or deleted)"));
    case QPdfDocument::Error::IncorrectPassword:
        return fileError(path, QStringLiteral("the PDF is password-protected"));
    case QPdfDocument::Error::UnsupportedSecurityScheme:
        return fileError(path,
                         QStringLiteral("the PDF is encrypted with a security scheme that is not supported"));
    case QPdfDocument::Error::InvalidFileFormat:
    case QPdfDocument::Error::DataNotYetAvailable:
        return fileError(path,
                         QStringLiteral("the file is not a valid PDF (it may be damaged or incomplete)"));
    case QPdfDocument::Error::Unknown:
        break;
    }
    return fileError(path, QStringLiteral("the PDF cannot be read"));
}

QString pdfPageText(QPdfDocument &pdf, int page)
{
    // PDFium ends lines with CR LF and may emit U+FFFE for soft hyphens at line ends. (Qt 6.4 leaks a
    // few KB here for a page without text: getAllText returns before closing the page. There is no
    // leak-free way to ask Qt Pdf for a page's text, so the tests suppress it under LeakSanitizer.)
    QString text = pdf.getAllText(page).text();
    text.remove(QChar(0xfffe));
    return normaliseExtractedText(std::move(text));
}

QImage renderPdfPage(QPdfDocument &pdf, int page, int longSide, int64_t maxPixels)
{
    const QSizeF points = pdf.pagePointSize(page);
    if (longSide <= 0 || points.width() <= 0 || points.height() <= 0)
        return {};
    const double scale = longSide / std::max(points.width(), points.height());
    const QSize size(std::max(1, int(std::lround(points.width() * scale))),
                     std::max(1, int(std::lround(points.height() * scale))));
    if (int64_t(size.width()) * size.height() > maxPixels)
        return {};
    QPdfDocumentRenderOptions renderOptions;
    renderOptions.setRenderFlags(QPdfDocumentRenderOptions::RenderFlag::Annotations);
    const QImage rendered = pdf.render(page, size, renderOptions);
    if (rendered.isNull())
        return {};
    // PDFium leaves unpainted areas transparent; the model sees pages as printed, on white.
    QImage page8(rendered.size(), QImage::Format_RGB32);
    page8.fill(Qt::white);
    {
        QPainter painter(&page8);
        painter.drawImage(0, 0, rendered);
    }
    return page8.convertToFormat(QImage::Format_RGB888);
}

Status extractPdf(const QString &path, const ExtractOptions &options, ExtractedDocument &document,
                  ItemSink &sink)
{
    QPdfDocument pdf;
    if (Status opened = openPdf(pdf, path); !opened)
        return opened;
    document.pageCount = pdf.pageCount();
    const int pages = std::clamp(options.maxPdfPages, 0, document.pageCount);
    if (pages < document.pageCount)
        sink.warn(QStringLiteral("truncated at %1 pages (the PDF has %2; the limit for one PDF is %1 pages)")
                      .arg(pages)
                      .arg(document.pageCount));
    TextBudget budget(options.maxTextChars);
    for (int page = 0; page < pages; ++page) {
        QString text;
        if (!budget.exhausted()) {
            text = pdfPageText(pdf, page);
            budget.take(text, sink);
        }
        if (page < options.firstPage)
            continue;
        if (!text.trimmed().isEmpty()) {
            ExtractedItem item;
            item.kind = ItemKind::Text;
            item.page = page;
            item.text = text;
            if (!sink.add(std::move(item)))
                break;
        }
        if (options.pdfRenderLongSide <= 0)
            continue;
        // A page left for the second pass goes out without pixels (it is rendered then).
        QImage image;
        if (!options.deferPageImages) {
            image = renderPdfPage(pdf, page, options.pdfRenderLongSide, options.maxImagePixels);
            if (image.isNull()) {
                document.warnings.append(
                    QStringLiteral("page %1: the page cannot be rendered").arg(page + 1));
                continue;
            }
        }
        ExtractedItem item;
        item.kind = ItemKind::PdfPage;
        item.page = page;
        item.text = text;
        item.image = std::move(image);
        if (!sink.add(std::move(item)))
            break;
    }
    return Status::success();
}

Result<QImage> loadPdfPage(const QString &path, int page, const ExtractOptions &options)
{
    QPdfDocument pdf;
    if (Status opened = openPdf(pdf, path); !opened)
        return opened.error();
    if (page < 0 || page >= pdf.pageCount())
        return fileError(path, QStringLiteral("page %1 does not exist (the PDF has %2 pages)")
                                   .arg(page + 1)
                                   .arg(pdf.pageCount()));
    QImage image = renderPdfPage(pdf, page, options.pdfRenderLongSide, options.maxImagePixels);
    if (image.isNull())
        return fileError(path, QStringLiteral("page %1 cannot be rendered").arg(page + 1));
    return image;
}

} // namespace cortex::ingest::detail
