#pragma once
// Plain text and Markdown: the whole file as one Text item (the chunker splits it later).

#include "ingest/extract/extract_support.h"

namespace cortex::ingest::detail {

// UTF-8, with a UTF-8 BOM stripped and invalid sequences replaced by U+FFFD; a file that starts with a
// UTF-16 BOM is decoded as UTF-16. A file with NUL bytes in its first 8 KB is refused as binary, one
// larger than options.maxTextBytes is refused with both sizes, and an empty (or whitespace-only) file
// gives a document without items.
Status extractText(const QString &path, const ExtractOptions &options, ItemSink &sink);

} // namespace cortex::ingest::detail
