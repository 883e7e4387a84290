// The office XML parts (core/ingest/extract/office_xml.cpp) from any bytes: a DOCX/PPTX part's text,
// an ODF content.xml's text and a relationships part's image links all read every input.
#include "ingest/extract/office_xml.h"

#include <QByteArray>
#include <QString>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray xml = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)cortex::ingest::detail::ooxmlText(xml);
    (void)cortex::ingest::detail::odfText(xml);
    (void)cortex::ingest::detail::relationshipImages(xml, QStringLiteral("ppt/slides"));
    return 0;
}
