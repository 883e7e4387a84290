#pragma once
// HTML files (saved web pages, exported documents): their visible text and the images they show that
// are stored beside them (a saved page's "name_files/" folder) or inline as data: URIs. Nothing is ever
// fetched from the network, and no file outside the page's own folder is read.

#include "ingest/extract/extract_support.h"

namespace cortex::ingest::detail {

// At most this many images of one page are embedded; the rest are named in a "truncated" warning.
inline constexpr int kMaxHtmlImages = 64;
// The bytes of a page that are read and parsed ("truncated at N bytes" beyond): markup outweighs text
// many times, so this is larger than the text limit (ExtractOptions::maxTextChars, which applies to the
// visible text as for any document).
inline constexpr qint64 kMaxHtmlBytes = qint64(64) << 20;

Status extractHtml(const QString &path, const ExtractOptions &options, ExtractedDocument &document,
                   ItemSink &sink);

// One image of a page again, by the name extraction gave it (ExtractedItem::imageName).
Result<QImage> loadHtmlImage(const QString &path, const QString &imageName, const ExtractOptions &options);

} // namespace cortex::ingest::detail
