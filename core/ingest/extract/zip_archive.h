#pragma once
// Read-only access to the parts of a zip-based office document (libzip), with the zip-bomb guard: an
// entry is read only up to a limit on its inflated size, whatever its header claims.

#include "common/result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

struct zip;

namespace cortex::ingest::detail {

class ZipArchive {
public:
    // Errors name the file: "report.docx: the file is not a valid DOCX document (not a zip archive)".
    // `typeName` ("DOCX") is the format the file claims to be.
    static Result<ZipArchive> open(const QString &path, const QString &typeName);

    QStringList entryNames() const;
    bool contains(const QString &name) const;

    // The inflated bytes of an entry. Errors (full sentences naming the file and the entry): missing,
    // larger than `limit` bytes (possibly a zip bomb), or damaged.
    Result<QByteArray> read(const QString &name, int64_t limit) const;

private:
    struct Closer {
        void operator()(zip *archive) const;
    };
    ZipArchive(QString path, QString typeName, zip *archive);

    QString path_;
    QString typeName_;
    std::unique_ptr<zip, Closer> archive_;
};

} // namespace cortex::ingest::detail
