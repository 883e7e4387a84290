#include "service/archive_zip.h"

#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace cortex::service {
namespace {

constexpr int64_t kReadChunk = 1 << 20;

std::string zipOpenError(int code)
{
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    return why;
}

// An entry larger than the bound a valid archive can need: `size` is what was seen (declared or inflated).
Error entryTooLarge(const std::string &archive, const std::string &entry, const std::string &size,
                    int64_t bound, const std::string &why)
{
    return makeError(archive + ": " + entry + " is larger than a valid archive can need (" + size +
                     "; at most " + std::to_string(bound) + " bytes for " + why +
                     "); the file is damaged or crafted, and nothing was imported");
}

} // namespace

// --- Reading ---

ZipEntryStream::ZipEntryStream(std::string archive, std::string entry, zip_file *file, int64_t bound,
                               std::optional<uint64_t> declared, std::string why)
    : archive_(std::move(archive)), entry_(std::move(entry)), why_(std::move(why)), file_(file),
      bound_(bound), declared_(declared)
{
}

ZipEntryStream::~ZipEntryStream()
{
    if (file_)
        zip_fclose(file_);
}

Error ZipEntryStream::tooLarge(const std::string &size) const
{
    return entryTooLarge(archive_, entry_, size, bound_, why_);
}

Result<int64_t> ZipEntryStream::pull(char *data, int64_t size)
{
    if (ended_ || size <= 0)
        return int64_t(0);
    // One byte beyond the bound is asked for, so that an entry of exactly the bound is not refused.
    const int64_t allowed = std::min<int64_t>(size, bound_ - inflated_ + 1);
    const zip_int64_t n = zip_fread(file_, data, zip_uint64_t(std::max<int64_t>(allowed, 0)));
    if (n < 0)
        return makeError(archive_ + ": " + entry_ + " is damaged (" + zip_file_strerror(file_) + ")");
    inflated_ += n;
    if (inflated_ > bound_)
        return tooLarge("more than " + std::to_string(bound_) + " bytes once inflated");
    hash_.addData(QByteArrayView(data, qsizetype(n)));
    if (n == 0) {
        ended_ = true;
        if (declared_ && uint64_t(inflated_) != *declared_)
            return makeError(archive_ + ": " + entry_ + " is damaged (it inflates to " +
                             std::to_string(inflated_) + " bytes, not the " + std::to_string(*declared_) +
                             " its header declares)");
    }
    return int64_t(n);
}

Status ZipEntryStream::fillBuffer()
{
    if (bufferAt_ > 0) {
        buffer_.remove(0, bufferAt_);
        bufferAt_ = 0;
    }
    const qsizetype at = buffer_.size();
    buffer_.resize(at + kReadChunk);
    auto n = pull(buffer_.data() + at, kReadChunk);
    if (!n) {
        buffer_.resize(at);
        return n.error();
    }
    buffer_.resize(at + qsizetype(*n));
    return {};
}

Result<int64_t> ZipEntryStream::read(char *data, int64_t size)
{
    if (bufferAt_ < buffer_.size()) { // what readLine read ahead comes first
        const int64_t n = std::min<int64_t>(size, buffer_.size() - bufferAt_);
        std::memcpy(data, buffer_.constData() + bufferAt_, size_t(n));
        bufferAt_ += qsizetype(n);
        return n;
    }
    return pull(data, size);
}

Result<bool> ZipEntryStream::readExactly(char *data, int64_t size)
{
    int64_t done = 0;
    while (done < size) {
        auto n = read(data + done, size - done);
        if (!n)
            return n.error();
        if (*n == 0)
            return false;
        done += *n;
    }
    return true;
}

Result<std::optional<QByteArray>> ZipEntryStream::readLine(int64_t maxLine,
                                                           const std::function<std::string()> &tooLong)
{
    qsizetype scanned = 0; // bytes after bufferAt_ already searched for '\n'
    for (;;) {
        const qsizetype newline = buffer_.indexOf('\n', bufferAt_ + scanned);
        if (newline >= 0) {
            if (newline - bufferAt_ > maxLine)
                break;
            QByteArray line = buffer_.mid(bufferAt_, newline - bufferAt_);
            bufferAt_ = newline + 1;
            return std::optional<QByteArray>(std::move(line));
        }
        scanned = buffer_.size() - bufferAt_;
        if (scanned > maxLine)
            break;
        if (ended_) {
            if (scanned == 0)
                return std::optional<QByteArray>();
            QByteArray line = buffer_.mid(bufferAt_);
            bufferAt_ = buffer_.size();
            return std::optional<QByteArray>(std::move(line));
        }
        // Drops what was consumed (bufferAt_ becomes 0) and appends a chunk: `scanned` stays valid.
        if (auto st = fillBuffer(); !st)
            return st.error();
    }
    return makeError(
        archive_ + ": " + entry_ + ", " + tooLong() + " is longer than the " + std::to_string(maxLine) +
        " bytes a valid archive holds; the file is damaged or crafted, and nothing was imported");
}

Result<QByteArray> ZipEntryStream::readAll()
{
    QByteArray bytes;
    for (;;) {
        const qsizetype at = bytes.size();
        bytes.resize(at + kReadChunk);
        auto n = read(bytes.data() + at, kReadChunk);
        if (!n)
            return n.error();
        bytes.resize(at + qsizetype(*n));
        if (*n == 0)
            return bytes;
    }
}

Result<QString> ZipEntryStream::finishSha256()
{
    bufferAt_ = buffer_.size(); // already hashed when it was pulled
    char chunk[1 << 16];
    while (!ended_) {
        auto n = pull(chunk, sizeof chunk);
        if (!n)
            return n.error();
    }
    return QString::fromLatin1(hash_.result().toHex());
}

Status ZipEntryStream::expectEnd(const std::string &what)
{
    char probe[1];
    auto n = read(probe, 1);
    if (!n)
        return n.error();
    if (*n != 0)
        return makeError(archive_ + ": " + entry_ + " holds more than " + what +
                         "; the file is damaged or crafted, and nothing was imported");
    return {};
}

ZipReader::~ZipReader()
{
    if (zip_)
        zip_discard(zip_);
}

Status ZipReader::open(const std::filesystem::path &file)
{
    name_ = file.string();
    int error = 0;
    zip_ = zip_open(name_.c_str(), ZIP_RDONLY, &error);
    if (!zip_)
        return makeError(name_ + ": cannot open the collection file: " + zipOpenError(error));
    return {};
}

Result<std::optional<uint64_t>> ZipReader::declaredSize(const char *entry)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat(zip_, entry, 0, &st) != 0)
        return makeError(name_ + ": not a Cortex collection file (" + entry + " is missing)");
    if (!(st.valid & ZIP_STAT_SIZE))
        return std::optional<uint64_t>();
    return std::optional<uint64_t>(st.size);
}

Result<std::unique_ptr<ZipEntryStream>> ZipReader::openEntry(const char *entry, int64_t bound,
                                                             const std::string &why)
{
    auto declared = declaredSize(entry);
    if (!declared)
        return declared.error();
    if (*declared && **declared > uint64_t(bound))
        return entryTooLarge(name_, entry, std::to_string(**declared) + " bytes", bound, why);
    zip_file_t *f = zip_fopen(zip_, entry, 0);
    if (!f)
        return makeError(name_ + ": cannot read " + entry + ": " + zip_strerror(zip_));
    return std::unique_ptr<ZipEntryStream>(new ZipEntryStream(name_, entry, f, bound, *declared, why));
}

Result<QByteArray> ZipReader::readAll(const char *entry, int64_t bound, const std::string &why)
{
    auto stream = openEntry(entry, bound, why);
    if (!stream)
        return stream.error();
    return (*stream)->readAll();
}

// --- Writing ---

Status EntryFile::open(const std::filesystem::path &archive)
{
    archive_ = archive.string();
    const std::filesystem::path folder = archive.has_parent_path() ? archive.parent_path() : ".";
    // Hidden, named after the archive: ".notes.zip.Ab12Cd.part".
    file_.setFileTemplate(QString::fromStdString(folder.string()) + QStringLiteral("/.") +
                          QString::fromStdString(archive.filename().string()) +
                          QStringLiteral(".XXXXXX.part"));
    if (!file_.open())
        return makeError(archive_ +
                         ": cannot create a temporary file beside it: " + file_.errorString().toStdString());
    return {};
}

Status EntryFile::write(const char *data, int64_t size)
{
    if (file_.write(data, size) != size)
        return makeError(archive_ + ": cannot write " + path() + ": " + file_.errorString().toStdString());
    hash_.addData(QByteArrayView(data, qsizetype(size)));
    return {};
}

Result<QString> EntryFile::finish()
{
    if (!file_.flush())
        return makeError(archive_ + ": cannot write " + path() + ": " + file_.errorString().toStdString());
    return QString::fromLatin1(hash_.result().toHex());
}

Status addBufferEntry(zip_t *archive, const char *name, const QByteArray &bytes, const std::string &file)
{
    // libzip keeps the pointer until zip_close, so the bytes are copied into a malloc'd buffer that
    // libzip frees.
    void *copy = std::malloc(size_t(std::max<qsizetype>(bytes.size(), 1)));
    if (!copy)
        return makeError(file + ": cannot add " + name + ": out of memory");
    std::memcpy(copy, bytes.constData(), size_t(bytes.size()));
    zip_source_t *source = zip_source_buffer(archive, copy, zip_uint64_t(bytes.size()), 1);
    if (!source || zip_file_add(archive, name, source, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0) {
        if (source)
            zip_source_free(source);
        else
            std::free(copy);
        return makeError(file + ": cannot add " + name + ": " + zip_strerror(archive));
    }
    return {};
}

Status addFileEntry(zip_t *archive, const char *name, const EntryFile &entry, const std::string &file)
{
    zip_source_t *source = zip_source_file(archive, entry.path().c_str(), 0, 0); // 0: to its end
    if (!source || zip_file_add(archive, name, source, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0) {
        if (source)
            zip_source_free(source);
        return makeError(file + ": cannot add " + name + ": " + zip_strerror(archive));
    }
    return {};
}

} // namespace cortex::service
