// SVG drawings (core/ingest/extract/svg_extractor.cpp) from any bytes: the sanitiser reads every input
// before Qt's SVG plugin sees it, so it must stay linear, never crash, and give out only a document that
// parses again and holds no script, DTD or reference outside itself. (Rendering is not fuzzed: it needs
// a QGuiApplication and is Qt's own code.)
#include "ingest/extract/svg_extractor.h"

#include <QByteArray>
#include <QXmlStreamReader>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    cortex::ingest::ExtractOptions options;
    options.maxImagePixels = 1'000'000;
    options.maxTextChars = 1000;
    const auto clean = cortex::ingest::detail::sanitizeSvg(bytes, options);
    if (!clean)
        return 0;
    // The labels are cut at the text limit (plus the line ends between them).
    if (clean->text.size() > 2 * 1000 + 2)
        __builtin_trap();
    QXmlStreamReader again(clean->svg);
    while (!again.atEnd()) {
        switch (again.readNext()) {
        case QXmlStreamReader::DTD:
        case QXmlStreamReader::ProcessingInstruction:
        case QXmlStreamReader::EntityReference:
            __builtin_trap();
        case QXmlStreamReader::StartElement:
            if (again.name() == u"script" || again.name() == u"foreignObject")
                __builtin_trap();
            for (const auto &attribute : again.attributes())
                if (attribute.name() == u"href" && !attribute.value().startsWith(u'#') &&
                    !attribute.value().startsWith(u"data:image/", Qt::CaseInsensitive))
                    __builtin_trap();
            break;
        default:
            break;
        }
    }
    if (again.hasError())
        __builtin_trap();
    return 0;
}
