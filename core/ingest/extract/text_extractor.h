#pragma once
// Plain text and Markdown: the whole file as one Text item (the chunker splits it later).

#include "ingest/extract/extract_support.h"

#include <algorithm>

namespace cortex::ingest::detail {

// UTF-8, with a UTF-8 BOM stripped and invalid sequences replaced by U+FFFD; a file that starts with a
// UTF-16 BOM is decoded as UTF-16. A file with NUL bytes in its first 8 KB is refused as binary (NUL
// bytes later on are dropped), and an empty (or whitespace-only) file gives a document without items.
// Only the first options.maxTextChars characters are kept (a warning "truncated at N characters" says
// so): a larger file is read only as far as those characters can reach, never whole.
Status extractText(const QString &path, const ExtractOptions &options, ItemSink &sink);

// Bytes of text as characters: UTF-8 (a BOM stripped, invalid sequences replaced by U+FFFD), or UTF-16
// when a UTF-16 byte order mark says so.
QString decodeTextBytes(const QByteArray &data);

// The characters of text one document may still contribute (ExtractOptions::maxTextChars), shared by
// its text blocks (pages, slides) in reading order.
class TextBudget {
public:
    explicit TextBudget(int64_t maxChars) : left_(std::max<int64_t>(0, maxChars)), max_(left_) {}

    // Cuts `text` to what is left (at a character boundary, never inside a surrogate pair) and, on the
    // first cut, warns "truncated at N characters (the limit for one document)". False once nothing
    // is left, so the extractor can stop reading.
    bool take(QString &text, ItemSink &sink);
    // Records that a reader stopped at the limit itself (the same warning, once).
    void exhaust(ItemSink &sink);
    bool exhausted() const { return truncated_; }
    int64_t left() const { return left_; }

private:
    int64_t left_;
    int64_t max_;
    bool truncated_ = false;
};

// The warning for a document cut at `maxChars` characters.
QString truncatedCharsWarning(int64_t maxChars);

} // namespace cortex::ingest::detail
