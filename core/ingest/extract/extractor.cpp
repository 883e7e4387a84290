#include "ingest/extract/extractor.h"

#include "ingest/extract/extract_support.h"
#include "ingest/extract/file_type.h"
#include "ingest/extract/html_extractor.h"
#include "ingest/extract/image_extractor.h"
#include "ingest/extract/office_extractor.h"
#include "ingest/extract/pdf_extractor.h"
#include "ingest/extract/svg_extractor.h"
#include "ingest/extract/text_extractor.h"

namespace cortex::ingest {

using namespace detail;

Result<ExtractedDocument> extractFile(const QString &path, const ExtractOptions &options)
{
    return extractFile(path, options, {});
}

Result<ExtractedDocument> extractFile(const QString &path, const ExtractOptions &options,
                                      const ItemCallback &onItem)
{
    if (auto missing = missingFileError(path))
        return *missing;
    const std::optional<QString> type = detectFileType(path);
    // Videos are read segment by segment by their own path (ingest/video_ingest.h), never extracted.
    if (!type || *type == u"video")
        return fileError(path, QStringLiteral("this type of file is not supported"));

    ExtractedDocument document;
    document.type = *type;
    ItemSink sink(document, onItem);
    Status status;
    if (*type == u"text" || *type == u"markdown")
        status = extractText(path, options, sink);
    else if (*type == u"image")
        status = extractImageFile(path, options, sink);
    else if (*type == u"svg")
        status = extractSvg(path, options, sink);
    else if (*type == u"pdf")
        status = extractPdf(path, options, document, sink);
    else if (*type == u"html")
        status = extractHtml(path, options, document, sink);
    else
        status = extractOffice(path, *type, options, document, sink);
    if (!status)
        return status.error();
    return document;
}

Result<QImage> loadItemImage(const QString &path, const QString &type, ItemKind kind, int page,
                             const QString &sourceRef, const ExtractOptions &options)
{
    if (auto missing = missingFileError(path))
        return *missing;
    if (kind == ItemKind::PdfPage && type == u"pdf")
        return loadPdfPage(path, page, options);
    if (kind == ItemKind::Image && type == u"image")
        return loadImageFile(path, options);
    if (kind == ItemKind::Image && type == u"svg")
        return loadSvgImage(path, options);
    if (kind == ItemKind::Image && type == u"html")
        return loadHtmlImage(path, sourceRef, options);
    if (kind == ItemKind::Image && (type == u"docx" || type == u"pptx" || type == u"odt"))
        return loadOfficeImage(path, type, sourceRef, options);
    return fileError(
        path, QStringLiteral("a %1 item of a %2 document has no image")
                  .arg(QString::fromLatin1(toString(kind).data(), qsizetype(toString(kind).size())), type));
}

} // namespace cortex::ingest
