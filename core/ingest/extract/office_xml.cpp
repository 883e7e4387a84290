#include "ingest/extract/office_xml.h"

#include "ingest/extract/extract_support.h"

#include <QDir>
#include <QXmlStreamReader>

#include <algorithm>
#include <climits>

namespace cortex::ingest::detail {

namespace {

Error xmlError(const QXmlStreamReader &reader)
{
    return makeError(
        QStringLiteral("line %1: %2").arg(reader.lineNumber()).arg(reader.errorString()).toStdString());
}

bool isSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r';
}

// Appends XML character data under ODF's white-space rule (ODF 1.2 part 1, 6.1.2).
void appendCollapsed(QString &paragraph, QStringView chars)
{
    for (const QChar c : chars) {
        if (!isSpace(c)) {
            paragraph.append(c);
        } else if (!paragraph.isEmpty() && paragraph.back() != u' ') {
            paragraph.append(u' ');
        }
    }
}

// The next token, refilling the reader when it ran out of data in the middle of the document.
QXmlStreamReader::TokenType nextToken(QXmlStreamReader &reader, const XmlRefill &refill)
{
    for (;;) {
        const QXmlStreamReader::TokenType token = reader.readNext();
        if (token == QXmlStreamReader::Invalid &&
            reader.error() == QXmlStreamReader::PrematureEndOfDocumentError && refill && refill(reader))
            continue;
        return token;
    }
}

bool isLast(QXmlStreamReader::TokenType token)
{
    return token == QXmlStreamReader::Invalid || token == QXmlStreamReader::EndDocument;
}

// Cuts text at `maxChars` characters, never inside a surrogate pair.
void cutAt(QString &text, int64_t maxChars)
{
    qsizetype keep = qsizetype(std::min<int64_t>(maxChars, text.size()));
    if (keep > 0 && keep < text.size() && text.at(keep - 1).isHighSurrogate())
        --keep;
    text.truncate(keep);
}

// Feeds a whole part at once.
XmlRefill wholePart(const QByteArray &xml)
{
    return [xml, done = false](QXmlStreamReader &reader) mutable {
        if (done)
            return false;
        done = true;
        reader.addData(xml);
        return true;
    };
}

} // namespace

Result<QString> ooxmlText(const QByteArray &xml)
{
    auto text = ooxmlText(wholePart(xml), INT64_MAX);
    if (!text)
        return text.error();
    return std::move(text->text);
}

Result<QString> odfText(const QByteArray &xml)
{
    auto text = odfText(wholePart(xml), INT64_MAX);
    if (!text)
        return text.error();
    return std::move(text->text);
}

Result<XmlText> ooxmlText(const XmlRefill &refill, int64_t maxChars)
{
    QXmlStreamReader reader;
    QStringList stack; // local names of the open elements
    int skipDepth = 0; // > 0 inside a subtree whose text is not content
    QString text;
    const auto parentIs = [&](std::initializer_list<const char *> names) {
        if (stack.size() < 2)
            return false;
        const QString &parent = stack.at(stack.size() - 2);
        for (const char *n : names) {
            if (parent == QLatin1String(n))
                return true;
        }
        return false;
    };
    bool truncated = false;
    for (QXmlStreamReader::TokenType token; !truncated && !isLast(token = nextToken(reader, refill));) {
        switch (token) {
        case QXmlStreamReader::StartElement: {
            const QString name = reader.name().toString();
            stack.append(name);
            if (skipDepth > 0 || name == u"pPr" || name == u"rPr" || name == u"Fallback" ||
                name == u"instrText" || name == u"delText") {
                ++skipDepth;
                break;
            }
            if ((name == u"tab" && parentIs({"r"})))
                text.append(u'\t');
            else if ((name == u"br" || name == u"cr") && parentIs({"r", "p"}))
                text.append(u'\n');
            break;
        }
        case QXmlStreamReader::EndElement: {
            const QString name = stack.isEmpty() ? QString() : stack.takeLast();
            if (skipDepth > 0) {
                --skipDepth;
                break;
            }
            if (name == u"p")
                text.append(u'\n');
            break;
        }
        case QXmlStreamReader::Characters:
            if (skipDepth == 0 && !stack.isEmpty() && stack.back() == u"t" && parentIs({"r", "fld"}))
                text.append(reader.text());
            break;
        default:
            break;
        }
        truncated = text.size() > maxChars;
    }
    if (truncated) {
        cutAt(text, maxChars);
        return XmlText{normaliseExtractedText(std::move(text)), true};
    }
    if (reader.hasError())
        return xmlError(reader);
    return XmlText{normaliseExtractedText(std::move(text)), false};
}

Result<XmlText> odfText(const XmlRefill &refill, int64_t maxChars)
{
    QXmlStreamReader reader;
    // Paragraphs nest (a text box or a note inside a paragraph): each open one has its own buffer, and
    // an inner one becomes a line of its own when it closes.
    QStringList open;
    QStringList lines;
    int skipDepth = 0;
    int64_t chars = 0; // in `open` and `lines`, one per line break
    bool truncated = false;
    for (QXmlStreamReader::TokenType token; !truncated && !isLast(token = nextToken(reader, refill));) {
        const qsizetype depth = open.size();
        const qsizetype before = open.isEmpty() ? 0 : open.back().size();
        switch (token) {
        case QXmlStreamReader::StartElement: {
            const QStringView name = reader.name();
            if (skipDepth > 0 || name == u"note-citation" || name == u"annotation" ||
                name == u"tracked-changes") {
                ++skipDepth;
                break;
            }
            if (name == u"p" || name == u"h") {
                open.append(QString());
            } else if (!open.isEmpty()) {
                if (name == u"s") {
                    const int64_t count =
                        reader.attributes()
                            .value(QStringLiteral("urn:oasis:names:tc:opendocument:xmlns:text:1.0"),
                                   QStringLiteral("c"))
                            .toLongLong();
                    // A run of spaces is layout, not text: a few hundred at most in a real document,
                    // and never past the text limit (+1, so that the cut is seen). Written so that a
                    // limit of INT64_MAX cannot overflow.
                    constexpr int64_t kMaxSpacesPerRun = 1024;
                    const int64_t room = maxChars - chars;
                    const int64_t upper =
                        std::min<int64_t>(kMaxSpacesPerRun, room < kMaxSpacesPerRun ? room + 1 : room);
                    open.back().append(
                        QString(qsizetype(std::clamp<int64_t>(count, 1, std::max<int64_t>(1, upper))), u' '));
                } else if (name == u"tab") {
                    open.back().append(u'\t');
                } else if (name == u"line-break") {
                    open.back().append(u'\n');
                }
            }
            break;
        }
        case QXmlStreamReader::EndElement: {
            if (skipDepth > 0) {
                --skipDepth;
                break;
            }
            const QStringView name = reader.name();
            if ((name == u"p" || name == u"h") && !open.isEmpty()) {
                const QString line = open.takeLast();
                lines.append(line.trimmed());
                chars += 1 + lines.back().size() - line.size(); // the trimmed line and its line break
                continue;
            }
            break;
        }
        case QXmlStreamReader::Characters:
            if (skipDepth == 0 && !open.isEmpty())
                appendCollapsed(open.back(), reader.text());
            break;
        default:
            break;
        }
        if (!open.isEmpty() && open.size() == depth)
            chars += open.back().size() - before;
        truncated = chars > maxChars;
    }
    if (!truncated && reader.hasError())
        return xmlError(reader);
    for (const QString &paragraph : open) // an open paragraph's text when parsing stopped early
        lines.append(paragraph.trimmed());
    QString text = normaliseExtractedText(lines.join(u'\n'));
    if (truncated)
        cutAt(text, maxChars);
    return XmlText{std::move(text), truncated};
}

Result<QStringList> relationshipImages(const QByteArray &xml, const QString &baseDir)
{
    QXmlStreamReader reader(xml);
    QStringList images;
    while (!reader.atEnd()) {
        if (reader.readNext() != QXmlStreamReader::StartElement || reader.name() != u"Relationship")
            continue;
        const QXmlStreamAttributes attributes = reader.attributes();
        if (!attributes.value(QStringLiteral("Type")).endsWith(u"/image") ||
            attributes.value(QStringLiteral("TargetMode")) == u"External")
            continue;
        const QString target = attributes.value(QStringLiteral("Target")).toString();
        // Targets are relative to the part's folder, or absolute from the package root ("/ppt/media/...").
        const QString resolved =
            target.startsWith(u'/') ? target.mid(1) : QDir::cleanPath(baseDir + u'/' + target);
        if (!resolved.startsWith(QStringLiteral("../")) && !images.contains(resolved))
            images.append(resolved);
    }
    if (reader.hasError())
        return xmlError(reader);
    return images;
}

} // namespace cortex::ingest::detail
