#include "ingest/extract/zip_archive.h"

#include "ingest/extract/extract_support.h"

#include <QFile>

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

struct FileCloser {
    void operator()(zip_file_t *file) const { zip_fclose(file); }
};

} // namespace

void ZipArchive::Closer::operator()(zip *archive) const
{
    zip_discard(archive);
}

ZipArchive::ZipArchive(QString path, QString typeName, zip *archive)
    : path_(std::move(path)), typeName_(std::move(typeName)), archive_(archive)
{
}

Result<ZipArchive> ZipArchive::open(const QString &path, const QString &typeName)
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
    return ZipArchive(path, typeName, archive);
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
    const QByteArray utf8Name = name.toUtf8();
    const zip_int64_t index = zip_name_locate(archive_.get(), utf8Name.constData(), ZIP_FL_ENC_GUESS);
    if (index < 0)
        return fileError(
            path_, QStringLiteral("the file is not a valid %1 document (it has no %2)").arg(typeName_, name));
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive_.get(), zip_uint64_t(index), 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE))
        return fileError(path_, QStringLiteral("the part %1 is damaged").arg(name));
    const auto tooLarge = [&](const QString &size) {
        return fileError(path_, QStringLiteral("the part %1 inflates to %2 bytes, more than the limit of %3 "
                                               "(a damaged file or a zip bomb)")
                                    .arg(name, size)
                                    .arg(limit));
    };
    if (stat.size > zip_uint64_t(limit))
        return tooLarge(QString::number(stat.size));

    std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(archive_.get(), zip_uint64_t(index), 0));
    if (!file)
        return fileError(path_, QStringLiteral("the part %1 cannot be read (%2)")
                                    .arg(name, QString::fromUtf8(zip_strerror(archive_.get())).toLower()));
    // The header's size may lie: read in blocks and stop one byte past the limit.
    QByteArray data;
    data.reserve(qsizetype(stat.size));
    char buffer[64 * 1024];
    for (;;) {
        const zip_int64_t n = zip_fread(file.get(), buffer, sizeof buffer);
        if (n < 0)
            return fileError(path_,
                             QStringLiteral("the part %1 is damaged (%2)")
                                 .arg(name, QString::fromUtf8(zip_file_strerror(file.get())).toLower()));
        if (n == 0)
            break;
        data.append(buffer, qsizetype(n));
        if (data.size() > limit)
            return tooLarge(QStringLiteral("more than %1").arg(limit));
    }
    return data;
}

} // namespace cortex::ingest::detail
