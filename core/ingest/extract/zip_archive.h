#pragma once
// Read-only access to the parts of a zip-based office document (libzip), with the zip-bomb guard: an
// entry is read only up to a limit on its inflated size, whatever its header claims.

#include "common/result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <QByteArrayView>

#include <functional>
#include <memory>
#include <optional>

struct zip;
struct zip_file;

namespace cortex::ingest::detail {

// What one archive may cost, whatever its headers say (ExtractOptions documents the defaults).
struct ZipLimits {
    int64_t maxEntries = 20'000;
    // Bytes an entry may inflate to per compressed byte, checked while it inflates (a real DOCX's XML
    // compresses 5 to 30 times; a zip bomb of spaces 1000 times). Entries that inflate to less than
    // kRatioFreeBytes are not checked: tiny parts compress as they like.
    int64_t maxRatio = 200;
    int64_t maxTotalBytes = int64_t{1} << 30; // all the entries read from the archive, inflated
    static constexpr int64_t kRatioFreeBytes = 1 << 20;
};

class ZipArchive;

// One entry being inflated, block by block (ZipArchive::openEntry); the archive must outlive it.
class ZipEntryStream {
public:
    // The next block of inflated bytes, empty at the end of the entry. An error (a full sentence naming
    // the file and the part) when a limit is passed or the data is damaged.
    Result<QByteArray> next();

private:
    friend class ZipArchive;
    struct FileCloser {
        void operator()(zip_file *file) const;
    };
    ZipEntryStream(const ZipArchive &archive, QString name, zip_file *file, int64_t limit, int64_t compressed,
                   int64_t ratioLimit);

    const ZipArchive *archive_;
    QString name_;
    std::unique_ptr<zip_file, FileCloser> file_;
    int64_t limit_;
    int64_t compressed_;
    int64_t ratioLimit_;
    int64_t inflated_ = 0;
};

class ZipArchive {
public:
    // Errors name the file: "report.docx: the file is not a valid DOCX document (not a zip archive)".
    // `typeName` ("DOCX") is the format the file claims to be. An archive of more entries than
    // limits.maxEntries is refused here.
    static Result<ZipArchive> open(const QString &path, const QString &typeName,
                                   const ZipLimits &limits = {});

    QStringList entryNames() const;
    bool contains(const QString &name) const;

    // The inflated bytes of an entry. Errors (full sentences naming the file and the entry): missing,
    // larger than `limit` bytes (possibly a zip bomb), or damaged.
    Result<QByteArray> read(const QString &name, int64_t limit) const;

    // Inflates an entry block by block into `consume` (which returns false to stop reading early), so a
    // large part is never held whole. The same checks as read(): the declared size, then the bytes
    // counted while inflating against `limit`, the compression ratio and the archive's total.
    Status stream(const QString &name, int64_t limit,
                  const std::function<bool(QByteArrayView)> &consume) const;
    // The same as a stream to pull blocks from (for a parser that asks for more).
    Result<ZipEntryStream> openEntry(const QString &name, int64_t limit) const;

private:
    friend class ZipEntryStream;
    struct Closer {
        void operator()(zip *archive) const;
    };
    ZipArchive(QString path, QString typeName, zip *archive, ZipLimits limits);

    QString path_;
    QString typeName_;
    std::unique_ptr<zip, Closer> archive_;
    ZipLimits limits_;
    mutable int64_t inflatedTotal_ = 0; // bytes inflated so far from all entries
};

} // namespace cortex::ingest::detail
