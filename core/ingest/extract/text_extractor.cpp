#include "ingest/extract/text_extractor.h"

#include <QFile>
#include <QStringDecoder>

#include <algorithm>

namespace cortex::ingest::detail {

namespace {

constexpr qsizetype kBinarySniffBytes = 8192;

} // namespace

QString decodeTextBytes(const QByteArray &data)
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

namespace {

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
    // A character takes at most 4 bytes in UTF-8 (and 4 in UTF-16 with its surrogates): read no more than
    // the kept characters can need, plus a BOM, so a file of gigabytes costs what its first part costs.
    const int64_t maxChars = std::max<int64_t>(0, options.maxTextChars);
    const qint64 readLimit = qint64(std::min<int64_t>(maxChars, INT32_MAX / 8) * 4 + 4);
    const QByteArray data = file.read(readLimit);
    if (file.error() != QFileDevice::NoError)
        return fileError(path, QStringLiteral("the file cannot be read (%1)").arg(file.errorString()));
    const bool moreInFile = !file.atEnd();
    if (!isUtf16WithBom(data) && data.left(kBinarySniffBytes).contains('\0'))
        return fileError(path, QStringLiteral("the file looks binary (it has NUL bytes), not like text"));

    QString text = normaliseExtractedText(decodeTextBytes(data));
    TextBudget budget(maxChars);
    budget.take(text, sink);
    if (moreInFile && !budget.exhausted())
        // The bytes read held fewer characters than the limit (multi-byte text) but the file goes on.
        sink.warn(QStringLiteral("truncated at %1 characters (the first %2 bytes of the file; the limit for "
                                 "one document is %3 characters)")
                      .arg(text.size())
                      .arg(readLimit)
                      .arg(maxChars));
    if (text.trimmed().isEmpty())
        return Status::success();
    ExtractedItem item;
    item.kind = ItemKind::Text;
    item.text = text;
    sink.add(std::move(item));
    return Status::success();
}

QString truncatedCharsWarning(int64_t maxChars)
{
    return QStringLiteral("truncated at %1 characters (the limit for one document)").arg(maxChars);
}

bool TextBudget::take(QString &text, ItemSink &sink)
{
    if (text.size() > left_) {
        qsizetype keep = qsizetype(left_);
        if (keep > 0 && text.at(keep - 1).isHighSurrogate())
            --keep;
        text.truncate(keep);
        exhaust(sink);
    }
    left_ = std::max<int64_t>(0, left_ - text.size());
    return !truncated_;
}

void TextBudget::exhaust(ItemSink &sink)
{
    if (!truncated_)
        sink.warn(truncatedCharsWarning(max_));
    truncated_ = true;
}

} // namespace cortex::ingest::detail
