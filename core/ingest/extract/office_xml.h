#pragma once
// The text inside office XML parts, read with QXmlStreamReader (which expands no external entities and
// caps internal entity expansion). Errors are the reason only ("line 3: ..."); the caller names the file.

#include "common/result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>

class QXmlStreamReader;

namespace cortex::ingest::detail {

// Streams a part into the parser: adds the next block of XML to the reader, false when there is none
// (or reading failed; the caller keeps that error).
using XmlRefill = std::function<bool(QXmlStreamReader &)>;

// The text of a part, cut at a number of characters.
struct XmlText {
    QString text;
    bool truncated = false; // the part had more text than maxChars: parsing stopped there
};

// OOXML (a DOCX's word/document.xml, a PPTX slide): runs' text (w:t, a:t), tabs and breaks, one line per
// paragraph (w:p, a:p). Paragraph properties (tab stop definitions) and mc:Fallback copies are skipped.
// The streamed form reads the part block by block and stops once it has more than maxChars characters,
// so neither the XML nor its text is ever held whole beyond that.
Result<QString> ooxmlText(const QByteArray &xml);
Result<XmlText> ooxmlText(const XmlRefill &refill, int64_t maxChars);

// ODF content.xml: one line per text:p and text:h, with text:s, text:tab and text:line-break, and the
// ODF rule that runs of whitespace in the XML collapse to one space. A text:s's count of spaces is
// bounded by the characters left (a count of 10^9 is not a gigabyte of spaces).
Result<QString> odfText(const QByteArray &xml);
Result<XmlText> odfText(const XmlRefill &refill, int64_t maxChars);

// The zip entry names of the images that a relationships part (".rels") links, in order, resolved
// against `baseDir` ("ppt/slides"); external links are left out.
Result<QStringList> relationshipImages(const QByteArray &xml, const QString &baseDir);

} // namespace cortex::ingest::detail
