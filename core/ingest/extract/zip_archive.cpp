#include "ingest/extract/zip_archive.h"

#include "ingest/extract/extract_support.h"

#include <QFile>

#include <algorithm>

#include <zip.h>

namespace cortex::ingest::detail {

namespace {

QString zipErrorText(int code)
{
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    QString text = QString::fromUtf8(zip_error_strerror(&error));
    zip_error_fini(&error);
    return text.toLower();
}

} // namespace

void ZipArchive::Closer::operator()(zip *archive) const
{
    zip_discard(archive);
}

ZipArchive::ZipArchive(QString path, QString typeName, zip *archive, ZipLimits limits)
    : path_(std::move(path)), typeName_(std::move(typeName)), archive_(archive), limits_(limits)
{
}

Result<ZipArchive> ZipArchive::open(const QString &path, const QString &typeName, const ZipLimits &limits)
{
    int code = 0;
    // ZIP_CHECKCONS: cross-check the central directory against the local headers, so that a damaged
    // archive is refused here rather than half-read.
    zip *archive = zip_open(QFile::encodeName(path).constData(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
    if (!archive) {
        if (code == ZIP_ER_NOENT)
            return fileError(path,
                             QStringLiteral("the file does not exist (it may have been moved or deleted)"));
        if (code == ZIP_ER_OPEN || code == ZIP_ER_READ)
            return fileError(path, QStringLiteral("the file cannot be read (%1)").arg(zipErrorText(code)));
        return fileError(path, QStringLiteral("the file is not a valid %1 document (damaged zip archive: %2)")
                                   .arg(typeName, zipErrorText(code)));
    }
    ZipArchive opened(path, typeName, archive, limits);
    const zip_int64_t entries = zip_get_num_entries(archive, 0);
    if (entries > limits.maxEntries)
        return fileError(path, QStringLiteral("the %1 document has %2 parts, more than the limit of %3 (a "
                                              "damaged file or a zip bomb)")
                                   .arg(typeName)
                                   .arg(entries)
                                   .arg(limits.maxEntries));
    return opened;
}

QStringList ZipArchive::entryNames() const
{
    QStringList names;
    const zip_int64_t count = zip_get_num_entries(archive_.get(), 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        if (const char *name = zip_get_name(archive_.get(), zip_uint64_t(i), ZIP_FL_ENC_GUESS))
            names.append(QString::fromUtf8(name));
    }
    return names;
}

bool ZipArchive::contains(const QString &name) const
{
    return zip_name_locate(archive_.get(), name.toUtf8().constData(), ZIP_FL_ENC_GUESS) >= 0;
}

Result<QByteArray> ZipArchive::read(const QString &name, int64_t limit) const
{
    QByteArray data;
    auto status = stream(name, limit, [&](QByteArrayView block) {
        data.append(block);
        return true;
    });
    if (!status)
        return status.error();
    return data;
}

Status ZipArchive::stream(const QString &name, int64_t limit,
                          const std::function<bool(QByteArrayView)> &consume) const
{
    auto entry = openEntry(name, limit);
    if (!entry)
        return entry.error();
    for (;;) {
        auto block = entry->next();
        if (!block)
            return block.error();
        if (block->isEmpty() || !consume(*block))
            return Status::success();
    }
}

Result<ZipEntryStream> ZipArchive::openEntry(const QString &name, int64_t limit) const
{
    const QByteArray utf8Name = name.toUtf8();
    const zip_int64_t index = zip_name_locate(archive_.get(), utf8Name.constData(), ZIP_FL_ENC_GUESS);
    if (index < 0)
        return fileError(
            path_, QStringLiteral("the file is not a valid %1 document (it has no %2)").arg(typeName_, name));
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive_.get(), zip_uint64_t(index), 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE))
        return fileError(path_, QStringLiteral("the part %1 is damaged").arg(name));
    if (stat.size > zip_uint64_t(limit))
        return fileError(path_, QStringLiteral("the part %1 inflates to %2 bytes, more than the limit of %3 "
                                               "(a damaged file or a zip bomb)")
                                    .arg(name)
                                    .arg(stat.size)
                                    .arg(limit));
    const int64_t compressed = (stat.valid & ZIP_STAT_COMP_SIZE)
                                   ? int64_t(std::min<zip_uint64_t>(stat.comp_size, INT64_MAX / 1024))
                                   : 0;
    // The most this entry may inflate to before its ratio gives it away (never below kRatioFreeBytes).
    const int64_t ratioLimit = std::max(ZipLimits::kRatioFreeBytes, compressed * limits_.maxRatio);
    if (int64_t(stat.size) > ratioLimit)
        return fileError(path_, QStringLiteral("the part %1 claims to inflate from %2 to %3 bytes, more than "
                                               "%4 times its size (a damaged file or a zip bomb)")
                                    .arg(name)
                                    .arg(compressed)
                                    .arg(stat.size)
                                    .arg(limits_.maxRatio));
    zip_file_t *file = zip_fopen_index(archive_.get(), zip_uint64_t(index), 0);
    if (!file)
        return fileError(path_, QStringLiteral("the part %1 cannot be read (%2)")
                                    .arg(name, QString::fromUtf8(zip_strerror(archive_.get())).toLower()));
    return ZipEntryStream(*this, name, file, limit, compressed, ratioLimit);
}

void ZipEntryStream::FileCloser::operator()(zip_file *file) const
{
    zip_fclose(file);
}

ZipEntryStream::ZipEntryStream(const ZipArchive &archive, QString name, zip_file *file, int64_t limit,
                               int64_t compressed, int64_t ratioLimit)
    : archive_(&archive), name_(std::move(name)), file_(file), limit_(limit), compressed_(compressed),
      ratioLimit_(ratioLimit)
{
}

Result<QByteArray> ZipEntryStream::next()
{
    const QString &path = archive_->path_;
    // The header's sizes may lie: count what actually inflates and stop at the first limit passed.
    QByteArray block(64 * 1024, Qt::Uninitialized);
    const zip_int64_t n = zip_fread(file_.get(), block.data(), zip_uint64_t(block.size()));
    if (n < 0)
        return fileError(path, QStringLiteral("the part %1 is damaged (%2)")
                                   .arg(name_, QString::fromUtf8(zip_file_strerror(file_.get())).toLower()));
    block.truncate(qsizetype(n));
    inflated_ += n;
    archive_->inflatedTotal_ += n;
    if (inflated_ > limit_)
        return fileError(path,
                         QStringLiteral("the part %1 inflates to more than %2 bytes, more than the limit "
                                        "of %3 (a damaged file or a zip bomb)")
                             .arg(name_)
                             .arg(limit_)
                             .arg(limit_));
    if (inflated_ > ratioLimit_)
        return fileError(path, QStringLiteral("the part %1 inflates from %2 to more than %3 bytes, more than "
                                              "%4 times its size (a damaged file or a zip bomb)")
                                   .arg(name_)
                                   .arg(compressed_)
                                   .arg(ratioLimit_)
                                   .arg(archive_->limits_.maxRatio));
    if (archive_->inflatedTotal_ > archive_->limits_.maxTotalBytes)
        return fileError(path, QStringLiteral("its parts inflate to more than %1 bytes in all, the limit for "
                                              "one document (a damaged file or a zip bomb)")
                                   .arg(archive_->limits_.maxTotalBytes));
    return block;
}

} // namespace cortex::ingest::detail
