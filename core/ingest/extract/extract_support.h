#pragma once
// Helpers shared by the format extractors: error sentences that start with the file name, and the sink
// that numbers items in reading order and hands them on (collected, or streamed to a callback).

#include "ingest/extract/extracted_document.h"

#include <QString>

#include <functional>

namespace cortex::ingest::detail {

// "report.pdf: the PDF is password-protected": the file name (not the whole path, which the GUI shows
// beside the message) and the reason.
Error fileError(const QString &path, const QString &reason);

// The error for a path that is not a regular file (gone, a folder, a named pipe, a socket, a device),
// or std::nullopt for a regular file.
std::optional<Error> missingFileError(const QString &path);

// Receives the items of one document in reading order and numbers them (ExtractedItem::position).
class ItemSink {
public:
    using Callback = std::function<bool(ExtractedItem &&)>;
    // Without a callback the items are appended to `document`.
    ItemSink(ExtractedDocument &document, Callback callback);

    // False once the callback asked to stop: the extractor then returns what it has.
    bool add(ExtractedItem item);
    bool stopped() const { return stopped_; }
    // Something left out of the document without failing it ("truncated at 1000000 characters").
    void warn(const QString &warning) { document_.warnings.append(warning); }

private:
    ExtractedDocument &document_;
    Callback callback_;
    int next_ = 0;
    bool stopped_ = false;
};

// Text as extracted from a page or an XML part: CR LF and lone CR become LF, NUL characters go, and
// trailing whitespace is dropped.
QString normaliseExtractedText(QString text);

} // namespace cortex::ingest::detail
