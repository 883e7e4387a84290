#pragma once
// Office documents (zip + XML): DOCX, PPTX and ODT. Their text, one item per document (DOCX, ODT) or per
// slide (PPTX), and their embedded raster images; images that are tiny, undecodable or too large are
// skipped with a warning, never fatal.

#include "ingest/extract/extract_support.h"

namespace cortex::ingest::detail {

// type: "docx", "pptx" or "odt".
Status extractOffice(const QString &path, const QString &type, const ExtractOptions &options,
                     ExtractedDocument &document, ItemSink &sink);

// The embedded image stored as zip entry `entryName`.
Result<QImage> loadOfficeImage(const QString &path, const QString &type, const QString &entryName,
                               const ExtractOptions &options);

} // namespace cortex::ingest::detail
