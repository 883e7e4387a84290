#pragma once
// The zip side of a collection archive (collection_transfer.h). Entries are read as streams, each bounded
// by what a valid archive can need and hashed (SHA-256) on the way, and written from temporary files
// hashed while they are filled: neither an export nor an import holds the items of a collection in
// memory, so an archive's size is bounded by the disk, not by the computer's memory.

#include "common/result.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QTemporaryFile>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

struct zip;
struct zip_file;

namespace cortex::service {

// One entry of an archive, inflated as it is read. It never yields more than its bound: the declared
// size is checked when it opens and the bytes are counted while they inflate (a lying header cannot make
// it read more). Errors are one sentence naming the archive and the entry.
class ZipEntryStream {
public:
    ZipEntryStream(const ZipEntryStream &) = delete;
    ZipEntryStream &operator=(const ZipEntryStream &) = delete;
    ~ZipEntryStream();

    // Up to `size` bytes; 0 at the end of the entry.
    Result<int64_t> read(char *data, int64_t size);
    // Exactly `size` bytes; false when the entry ended first (`size` > 0).
    Result<bool> readExactly(char *data, int64_t size);
    // The next line without its '\n', at most `maxLine` bytes (`tooLong` says what the line is, for the
    // error); nullopt at the end of the entry. A last line without '\n' is a line.
    Result<std::optional<QByteArray>> readLine(int64_t maxLine, const std::function<std::string()> &tooLong);
    // The rest of the entry (still bounded).
    Result<QByteArray> readAll();
    // Reads to the end (still bounded) and returns the SHA-256 of every byte of the entry, in hex.
    Result<QString> finishSha256();
    // Checks that nothing but the end follows (after the rows a manifest declares).
    Status expectEnd(const std::string &what);

    const std::string &entry() const { return entry_; }
    int64_t inflated() const { return inflated_; } // bytes inflated so far (the size, once at the end)

private:
    friend class ZipReader;
    ZipEntryStream(std::string archive, std::string entry, zip_file *file, int64_t bound,
                   std::optional<uint64_t> declared, std::string why);
    Result<int64_t> pull(char *data, int64_t size); // from libzip, counted and hashed
    Error tooLarge(const std::string &size) const;
    Status fillBuffer();

    std::string archive_, entry_, why_;
    zip_file *file_ = nullptr;
    int64_t bound_ = 0;
    std::optional<uint64_t> declared_;
    int64_t inflated_ = 0;
    bool ended_ = false;
    QCryptographicHash hash_{QCryptographicHash::Sha256};
    QByteArray buffer_; // read ahead for readLine
    qsizetype bufferAt_ = 0;
};

class ZipReader {
public:
    ZipReader() = default;
    ZipReader(const ZipReader &) = delete;
    ZipReader &operator=(const ZipReader &) = delete;
    ~ZipReader();

    Status open(const std::filesystem::path &file);
    const std::string &name() const { return name_; }
    // The declared (uncompressed) size of an entry, nullopt when the header has none.
    Result<std::optional<uint64_t>> declaredSize(const char *entry);
    // `bound` is the most a valid archive can need for this entry; `why` says what it was computed from.
    Result<std::unique_ptr<ZipEntryStream>> openEntry(const char *entry, int64_t bound,
                                                      const std::string &why);
    // A small entry (the manifest) whole.
    Result<QByteArray> readAll(const char *entry, int64_t bound, const std::string &why);

private:
    std::string name_;
    zip *zip_ = nullptr;
};

// An entry of an archive being written: a temporary file beside the archive, hashed while it is filled,
// removed when this object goes (after the archive was closed, which copies it in).
class EntryFile {
public:
    // `archive` is the archive's own path: the file is made in its folder and named after it.
    Status open(const std::filesystem::path &archive);
    Status write(const char *data, int64_t size);
    Status write(const QByteArray &bytes) { return write(bytes.constData(), bytes.size()); }
    // Flushes the file and returns the SHA-256 of what was written, in hex.
    Result<QString> finish();
    std::string path() const { return file_.fileName().toStdString(); }

private:
    QTemporaryFile file_;
    std::string archive_;
    QCryptographicHash hash_{QCryptographicHash::Sha256};
};

// Adds an entry to an archive being written; libzip reads it when the archive is closed.
Status addBufferEntry(zip *archive, const char *name, const QByteArray &bytes, const std::string &file);
Status addFileEntry(zip *archive, const char *name, const EntryFile &entry, const std::string &file);

} // namespace cortex::service
