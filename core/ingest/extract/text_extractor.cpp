#include "ingest/extract/text_extractor.h"

#include <QFile>
#include <QStringDecoder>

namespace cortex::ingest::detail {

namespace {

constexpr qsizetype kBinarySniffBytes = 8192;

QString decodeText(QByteArray data)
{
    if (data.startsWith("\xef\xbb\xbf"))
        return QString::fromUtf8(QByteArrayView(data).sliced(3));
    // UTF-16 is the one other encoding that editors on Windows still write, and it is unambiguous only
    // with its BOM; without one, its NUL bytes make the file look binary, which is the honest answer.
    if (data.startsWith("\xff\xfe") || data.startsWith("\xfe\xff")) {
        QStringDecoder decoder(data.startsWith("\xff\xfe") ? QStringDecoder::Utf16LE
                                                           : QStringDecoder::Utf16BE);
        return decoder(QByteArrayView(data).sliced(2));
    }
    return QString::fromUtf8(data);
}

bool isUtf16WithBom(const QByteArray &data)
{
    return data.startsWith("\xff\xfe") || data.startsWith("\xfe\xff");
}

} // namespace

Status extractText(const QString &path, const ExtractOptions &options, ItemSink &sink)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fileError(path, QStringLiteral("the file cannot be read (%1)").arg(file.errorString()));
    const qint64 size = file.size();
    if (size > options.maxTextBytes)
        return fileError(path, QStringLiteral("the text file is %1 bytes, more than the limit of %2 bytes")
                                   .arg(size)
                                   .arg(options.maxTextBytes));
    // Read one byte past the limit so that a file that grew since size() is still caught.
    const QByteArray data = file.read(options.maxTextBytes + 1);
    if (file.error() != QFileDevice::NoError)
        return fileError(path, QStringLiteral("the file cannot be read (%1)").arg(file.errorString()));
    if (data.size() > options.maxTextBytes)
        return fileError(
            path,
            QStringLiteral("the text file is more than the limit of %1 bytes").arg(options.maxTextBytes));
    if (!isUtf16WithBom(data) && data.left(kBinarySniffBytes).contains('\0'))
        return fileError(path, QStringLiteral("the file looks binary (it has NUL bytes), not like text"));

    const QString text = normaliseExtractedText(decodeText(data));
    if (text.trimmed().isEmpty())
        return Status::success();
    ExtractedItem item;
    item.kind = ItemKind::Text;
    item.text = text;
    sink.add(std::move(item));
    return Status::success();
}

} // namespace cortex::ingest::detail
