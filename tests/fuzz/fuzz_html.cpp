// HTML pages (core/ingest/extract/html_text.cpp) from any bytes: the one-pass parser, entity decoding
// and the charset sniffing all read every input; the parser must stay linear and never read past it.
#include "ingest/extract/html_text.h"

#include <QByteArray>
#include <QString>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto content = cortex::ingest::detail::parseHtml(QString::fromUtf8(bytes));
    // What a page's visible text can hold: never more characters than the input has.
    if (content.text.size() > qsizetype(size) + 1)
        __builtin_trap();
    (void)cortex::ingest::detail::decodeHtmlEntities(QString::fromUtf8(bytes));
    (void)cortex::ingest::detail::declaredHtmlCharset(bytes);
    return 0;
}
