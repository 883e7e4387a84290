#include "ingest/extract/office_xml.h"

#include "ingest/extract/extract_support.h"

#include <QDir>
#include <QXmlStreamReader>

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

} // namespace

Result<QString> ooxmlText(const QByteArray &xml)
{
    QXmlStreamReader reader(xml);
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
    while (!reader.atEnd()) {
        switch (reader.readNext()) {
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
    }
    if (reader.hasError())
        return xmlError(reader);
    return normaliseExtractedText(text);
}

Result<QString> odfText(const QByteArray &xml)
{
    QXmlStreamReader reader(xml);
    // Paragraphs nest (a text box or a note inside a paragraph): each open one has its own buffer, and
    // an inner one becomes a line of its own when it closes.
    QStringList open;
    QStringList lines;
    int skipDepth = 0;
    while (!reader.atEnd()) {
        switch (reader.readNext()) {
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
                    const int count =
                        reader.attributes()
                            .value(QStringLiteral("urn:oasis:names:tc:opendocument:xmlns:text:1.0"),
                                   QStringLiteral("c"))
                            .toInt();
                    open.back().append(QString(std::max(1, count), u' '));
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
            if ((name == u"p" || name == u"h") && !open.isEmpty())
                lines.append(open.takeLast().trimmed());
            break;
        }
        case QXmlStreamReader::Characters:
            if (skipDepth == 0 && !open.isEmpty())
                appendCollapsed(open.back(), reader.text());
            break;
        default:
            break;
        }
    }
    if (reader.hasError())
        return xmlError(reader);
    return normaliseExtractedText(lines.join(u'\n'));
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
