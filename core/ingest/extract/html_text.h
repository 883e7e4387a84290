#pragma once
// HTML to text in one pass, for pages saved by browsers and documents exported as HTML. It is no
// browser: no tree, no CSS, no scripts. It keeps what a reader sees as text, in reading order, with
// block elements on lines of their own, and lists the images the page shows. Every character of the
// input is visited a bounded number of times, whatever the markup (unterminated comments, tags or
// quotes included), so a hostile page costs linear time.

#include <QString>
#include <QStringList>
#include <QStringView>

namespace cortex::ingest::detail {

struct HtmlContent {
    QString title;            // the <title>, entities decoded, whitespace collapsed
    QString text;             // the visible text; blocks separated by newlines
    QStringList imageSources; // the src of each <img>, entities decoded, in document order
};

HtmlContent parseHtml(QStringView html);

// "&amp;" -> "&", "&#x41;" -> "A"; unknown or malformed references stay as they are.
QString decodeHtmlEntities(QStringView text);

// The charset a page declares in its first bytes (<meta charset> or http-equiv content), lower case,
// or an empty string.
QByteArray declaredHtmlCharset(QByteArrayView head);

} // namespace cortex::ingest::detail
