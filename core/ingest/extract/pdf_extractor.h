#pragma once
// PDF through Qt Pdf (PDFium): per page, a Text item with the page's text when it has any, and a
// PdfPage item with the page rendered on white (its text too), so a scanned page still gets in as pixels.
//
// Requirements: a QCoreApplication must exist (QPdfDocument is a QObject and loads synchronously from
// a file); rendering draws into a QImage and needs no QGuiApplication nor a display. Qt Pdf serialises
// PDFium calls behind one process-wide lock, so PDFs extracted on several threads do not run in parallel.

#include "ingest/extract/extract_support.h"

class QPdfDocument;

namespace cortex::ingest::detail {

Status extractPdf(const QString &path, const ExtractOptions &options, ExtractedDocument &document,
                  ItemSink &sink);

// Page `page` (0-based) rendered so that its longer side is options.pdfRenderLongSide pixels.
Result<QImage> loadPdfPage(const QString &path, int page, const ExtractOptions &options);

// Opens a PDF, or the error that names the file and the reason (password, damaged, ...).
Status openPdf(QPdfDocument &pdf, const QString &path);

// The page rendered on white as RGB888 with its longer side `longSide` pixels; a null image when the
// page has no size or PDFium cannot render it.
QImage renderPdfPage(QPdfDocument &pdf, int page, int longSide, int64_t maxPixels);

// The page's text, normalised (LF line ends, no trailing whitespace).
QString pdfPageText(QPdfDocument &pdf, int page);

} // namespace cortex::ingest::detail
