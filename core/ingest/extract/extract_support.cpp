#include "ingest/extract/extract_support.h"

#include "ingest/extract/file_type.h"

#include <QFileInfo>

namespace cortex::ingest::detail {

Error fileError(const QString &path, const QString &reason)
{
    const QString name = QFileInfo(path).fileName();
    return makeError((name.isEmpty() ? path : name).toStdString() + ": " + reason.toStdString());
}

std::optional<Error> missingFileError(const QString &path)
{
    // A named pipe, socket or device is refused here, before any extractor opens it (open() on a pipe
    // blocks until a writer appears; /dev/zero never ends).
    const QString reason = notRegularFileReason(path);
    if (reason.isEmpty())
        return std::nullopt;
    return fileError(path, reason);
}

ItemSink::ItemSink(ExtractedDocument &document, Callback callback)
    : document_(document), callback_(std::move(callback))
{
}

bool ItemSink::add(ExtractedItem item)
{
    if (stopped_)
        return false;
    item.position = next_++;
    if (!callback_) {
        document_.items.push_back(std::move(item));
        return true;
    }
    stopped_ = !callback_(std::move(item));
    return !stopped_;
}

QString normaliseExtractedText(QString text)
{
    text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    text.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    text.remove(QChar(u'\0'));
    qsizetype end = text.size();
    while (end > 0 && text.at(end - 1).isSpace())
        --end;
    text.truncate(end);
    return text;
}

} // namespace cortex::ingest::detail
