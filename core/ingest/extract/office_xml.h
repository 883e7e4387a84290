#pragma once
// The text inside office XML parts, read with QXmlStreamReader (which expands no external entities and
// caps internal entity expansion). Errors are the reason only ("line 3: ..."); the caller names the file.

#include "common/result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace cortex::ingest::detail {

// OOXML (a DOCX's word/document.xml, a PPTX slide): runs' text (w:t, a:t), tabs and breaks, one line per
// paragraph (w:p, a:p). Paragraph properties (tab stop definitions) and mc:Fallback copies are skipped.
Result<QString> ooxmlText(const QByteArray &xml);

// ODF content.xml: one line per text:p and text:h, with text:s, text:tab and text:line-break, and the
// ODF rule that runs of whitespace in the XML collapse to one space.
Result<QString> odfText(const QByteArray &xml);

// The zip entry names of the images that a relationships part (".rels") links, in order, resolved
// against `baseDir` ("ppt/slides"); external links are left out.
Result<QStringList> relationshipImages(const QByteArray &xml, const QString &baseDir);

} // namespace cortex::ingest::detail
