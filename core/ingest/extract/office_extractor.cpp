#include "ingest/extract/office_extractor.h"

#include "ingest/extract/image_extractor.h"
#include "ingest/extract/office_xml.h"
#include "ingest/extract/text_extractor.h"
#include "ingest/extract/zip_archive.h"

#include <QBuffer>
#include <QRegularExpression>
#include <QXmlStreamReader>

#include <algorithm>
#include <optional>

namespace cortex::ingest::detail {

namespace {

int64_t imageEntryLimit(const ExtractOptions &options)
{
    return options.maxImagePixels * 4;
}

ZipLimits zipLimits(const ExtractOptions &options)
{
    return ZipLimits{options.maxZipEntries, options.maxZipRatio, options.maxZipTotalBytes};
}

// "image2.png" before "image10.png": the digits of the first number compare as a number.
bool naturalLess(const QString &a, const QString &b)
{
    static const QRegularExpression number(QStringLiteral("(\\d+)"));
    const auto ma = number.match(a);
    const auto mb = number.match(b);
    if (ma.hasMatch() && mb.hasMatch() && a.left(ma.capturedStart()) == b.left(mb.capturedStart())) {
        const qlonglong na = ma.captured(1).toLongLong();
        const qlonglong nb = mb.captured(1).toLongLong();
        if (na != nb)
            return na < nb;
    }
    return a < b;
}

QStringList entriesUnder(const ZipArchive &zip, const QString &folder)
{
    QStringList names;
    for (const QString &name : zip.entryNames()) {
        if (name.startsWith(folder) && !name.endsWith(u'/'))
            names.append(name);
    }
    std::sort(names.begin(), names.end(), naturalLess);
    return names;
}

class OfficeReader {
public:
    OfficeReader(const QString &path, const ZipArchive &zip, const ExtractOptions &options,
                 ExtractedDocument &document, ItemSink &sink)
        : path_(path), zip_(zip), options_(options), document_(document), sink_(sink)
    {
    }

    // An XML part parsed by `parse` (QByteArray -> Result<T>); errors name the file and the part.
    template <typename Parse>
    auto parsePart(const QString &part, Parse parse) -> decltype(parse(QByteArray()))
    {
        using Parsed = decltype(parse(QByteArray()));
        auto xml = zip_.read(part, options_.maxZipXmlBytes);
        if (!xml)
            return Parsed(xml.error());
        auto parsed = parse(xml.value());
        if (!parsed)
            return Parsed(fileError(path_, QStringLiteral("the part %1 is not valid XML (%2)")
                                               .arg(part, QString::fromStdString(parsed.error().message))));
        return parsed;
    }

    // The text of an XML part (ooxmlText or odfText), streamed from the archive and cut at the
    // document's character budget; errors name the file and the part.
    Result<QString> textOfPart(const QString &part, Result<XmlText> (*parse)(const XmlRefill &, int64_t))
    {
        auto entry = zip_.openEntry(part, options_.maxZipXmlBytes);
        if (!entry)
            return entry.error();
        std::optional<Error> readError;
        const XmlRefill refill = [&](QXmlStreamReader &reader) {
            auto block = entry->next();
            if (!block) {
                readError = block.error();
                return false;
            }
            if (block->isEmpty())
                return false;
            reader.addData(*block);
            return true;
        };
        auto parsed = parse(refill, budget_.left());
        if (readError)
            return *readError;
        if (!parsed)
            return fileError(path_, QStringLiteral("the part %1 is not valid XML (%2)")
                                        .arg(part, QString::fromStdString(parsed.error().message)));
        QString text = std::move(parsed->text);
        budget_.take(text, sink_);
        if (parsed->truncated) // the parser stopped at what was left: the document is cut here
            budget_.exhaust(sink_);
        return text;
    }

    bool textExhausted() const { return budget_.exhausted(); }

    bool addText(const QString &text, int page)
    {
        if (text.trimmed().isEmpty())
            return true;
        ExtractedItem item;
        item.kind = ItemKind::Text;
        item.page = page;
        item.text = text;
        return sink_.add(std::move(item));
    }

    // Decodes and adds one embedded image, or records why it was skipped. False once the sink stopped.
    bool addImage(const QString &entry, int page)
    {
        auto bytes = zip_.read(entry, imageEntryLimit(options_));
        if (!bytes) {
            document_.warnings.append(QString::fromStdString(bytes.error().message));
            return !sink_.stopped();
        }
        QBuffer buffer(&bytes.value());
        buffer.open(QIODevice::ReadOnly);
        QString reason;
        QImage image = decodeImage(buffer, options_, &reason);
        if (image.isNull()) {
            document_.warnings.append(entry + QStringLiteral(": ") + reason);
            return true;
        }
        if (image.width() < options_.minEmbeddedImageSide && image.height() < options_.minEmbeddedImageSide)
            return true; // bullets, rules and spacers say nothing
        ExtractedItem item;
        item.kind = ItemKind::Image;
        item.page = page;
        item.image = std::move(image);
        item.imageName = entry;
        return sink_.add(std::move(item));
    }

    bool addImages(const QStringList &entries, int page)
    {
        for (const QString &entry : entries) {
            if (!addImage(entry, page))
                return false;
        }
        return true;
    }

private:
    const QString &path_;
    const ZipArchive &zip_;
    const ExtractOptions &options_;
    ExtractedDocument &document_;
    ItemSink &sink_;
    TextBudget budget_{options_.maxTextChars};
};

Status extractDocx(const ZipArchive &zip, OfficeReader &reader)
{
    auto text = reader.textOfPart(QStringLiteral("word/document.xml"), ooxmlText);
    if (!text)
        return text.error();
    if (reader.addText(text.value(), -1))
        reader.addImages(entriesUnder(zip, QStringLiteral("word/media/")), -1);
    return Status::success();
}

Status extractOdt(const ZipArchive &zip, OfficeReader &reader)
{
    auto text = reader.textOfPart(QStringLiteral("content.xml"), odfText);
    if (!text)
        return text.error();
    if (reader.addText(text.value(), -1))
        reader.addImages(entriesUnder(zip, QStringLiteral("Pictures/")), -1);
    return Status::success();
}

QStringList slideParts(const ZipArchive &zip)
{
    static const QRegularExpression slide(QStringLiteral("^ppt/slides/slide\\d+\\.xml$"));
    QStringList slides;
    for (const QString &name : zip.entryNames()) {
        if (slide.match(name).hasMatch())
            slides.append(name);
    }
    std::sort(slides.begin(), slides.end(), naturalLess);
    return slides;
}

Status extractPptx(const QString &path, const ZipArchive &zip, OfficeReader &reader,
                   ExtractedDocument &document)
{
    const QStringList slides = slideParts(zip);
    if (slides.isEmpty() && !zip.contains(QStringLiteral("ppt/presentation.xml")))
        return fileError(
            path, QStringLiteral("the file is not a valid PPTX document (it has no ppt/presentation.xml)"));
    document.pageCount = int(slides.size());
    QStringList seenImages; // a logo on every slide is one image
    for (int index = 0; index < slides.size(); ++index) {
        const QString &part = slides.at(index);
        if (!reader.textExhausted()) {
            auto text = reader.textOfPart(part, ooxmlText);
            if (!text)
                return text.error();
            if (!reader.addText(text.value(), index))
                break;
        }
        const QString rels =
            QStringLiteral("ppt/slides/_rels/") + part.section(u'/', -1) + QStringLiteral(".rels");
        if (!zip.contains(rels))
            continue;
        auto images = reader.parsePart(rels, [](const QByteArray &xml) {
            return relationshipImages(xml, QStringLiteral("ppt/slides"));
        });
        if (!images)
            return images.error();
        QStringList fresh;
        for (const QString &entry : images.value()) {
            if (!seenImages.contains(entry) && zip.contains(entry))
                fresh.append(entry);
            seenImages.append(entry);
        }
        if (!reader.addImages(fresh, index))
            break;
    }
    return Status::success();
}

QString typeName(const QString &type)
{
    return type.toUpper();
}

} // namespace

Status extractOffice(const QString &path, const QString &type, const ExtractOptions &options,
                     ExtractedDocument &document, ItemSink &sink)
{
    auto zip = ZipArchive::open(path, typeName(type), zipLimits(options));
    if (!zip)
        return zip.error();
    OfficeReader reader(path, zip.value(), options, document, sink);
    if (type == u"docx")
        return extractDocx(zip.value(), reader);
    if (type == u"pptx")
        return extractPptx(path, zip.value(), reader, document);
    return extractOdt(zip.value(), reader);
}

Result<QImage> loadOfficeImage(const QString &path, const QString &type, const QString &entryName,
                               const ExtractOptions &options)
{
    auto zip = ZipArchive::open(path, typeName(type), zipLimits(options));
    if (!zip)
        return zip.error();
    auto bytes = zip->read(entryName, imageEntryLimit(options));
    if (!bytes)
        return bytes.error();
    QBuffer buffer(&bytes.value());
    buffer.open(QIODevice::ReadOnly);
    QString reason;
    QImage image = decodeImage(buffer, options, &reason);
    if (image.isNull())
        return fileError(path, entryName + QStringLiteral(": ") + reason);
    return image;
}

} // namespace cortex::ingest::detail
