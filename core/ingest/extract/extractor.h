#pragma once
// The entry point of extraction: a file of a known type -> its text blocks and images.
//
// Requirements: a QCoreApplication (Qt's image plugins and Qt Pdf are found through it); no display is
// needed. SVG files also need a QGuiApplication (the "offscreen" platform does) for the fonts of their
// text: without one they are refused with that reason. Calls are independent and may run on several threads
// at once (PDFs are serialised by Qt Pdf's own lock). Errors are one sentence that starts with the file name
// and says the reason: "report.pdf: the PDF is password-protected".

#include "ingest/extract/extracted_document.h"

#include <functional>

namespace cortex::ingest {

// Extracts a file of a known type. Errors name the file and the reason ("report.pdf: the PDF is
// password-protected"). A file that vanished: "...: the file does not exist (it may have been moved or
// deleted)". What was skipped without failing (an undecodable embedded image) is in
// ExtractedDocument::warnings.
Result<ExtractedDocument> extractFile(const QString &path, const ExtractOptions &options = {});

// Receives items one by one in reading order; returns false to stop extracting.
using ItemCallback = std::function<bool(ExtractedItem &&item)>;

// The same, but streams the items to `onItem` as they are made instead of collecting them (the returned
// document has type, pageCount and warnings, and no items), so that a 500-page PDF never holds all its
// rendered pages at once. When onItem returns false, extraction stops and the document so far is returned.
Result<ExtractedDocument> extractFile(const QString &path, const ExtractOptions &options,
                                      const ItemCallback &onItem);

// Re-extracts one image item for reranking or display: the PDF page `page` rendered (PdfPage), or the
// image named `sourceRef` (a standalone image file: sourceRef is its file name; an office document: its zip
// entry name).
Result<QImage> loadItemImage(const QString &path, const QString &type, ItemKind kind, int page,
                             const QString &sourceRef, const ExtractOptions &options = {});

} // namespace cortex::ingest
