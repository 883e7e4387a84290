#include "index/file_io.h"

#include "common/durable_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cortex::index::detail {

namespace {

constexpr size_t kBufferSize = size_t(1) << 20;

std::string reason(int error)
{
    return std::strerror(error);
}

// write(2) until done: it may write less than asked, or be interrupted by a signal.
bool writeAll(int fd, const unsigned char *data, size_t size, int &error)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, std::min<size_t>(size, size_t(1) << 30));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            error = errno;
            return false;
        }
        data += n;
        size -= size_t(n);
    }
    return true;
}

bool writeAllAt(int fd, uint64_t offset, const unsigned char *data, size_t size, int &error)
{
    while (size > 0) {
        const ssize_t n = ::pwrite(fd, data, size, off_t(offset));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            error = errno;
            return false;
        }
        data += n;
        size -= size_t(n);
        offset += uint64_t(n);
    }
    return true;
}

} // namespace

// ---- FileReader ----

FileReader::~FileReader()
{
    if (fd_ >= 0)
        ::close(fd_);
}

Status FileReader::open(const std::filesystem::path &file)
{
    file_ = file;
    fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
        const int error = errno;
        if (error == ENOENT)
            return makeError(file.string() + " does not exist");
        return makeError("cannot open " + file.string() + ": " + reason(error));
    }
    struct stat st {};
    if (::fstat(fd_, &st) != 0) {
        const int error = errno;
        return makeError("cannot read " + file.string() + ": " + reason(error));
    }
    if (!S_ISREG(st.st_mode))
        return makeError(file.string() + " is not a regular file");
    size_ = uint64_t(st.st_size);
    buffer_.resize(kBufferSize);
    return {};
}

Status FileReader::read(void *data, size_t size)
{
    auto *out = static_cast<unsigned char *>(data);
    while (size > 0) {
        if (bufferBegin_ < bufferEnd_) {
            const size_t n = std::min(size, bufferEnd_ - bufferBegin_);
            std::memcpy(out, buffer_.data() + bufferBegin_, n);
            bufferBegin_ += n;
            out += n;
            size -= n;
            position_ += n;
            continue;
        }
        // Large reads go straight to the destination; small ones refill the buffer.
        unsigned char *target = size >= buffer_.size() ? out : buffer_.data();
        const size_t want = size >= buffer_.size() ? std::min<size_t>(size, size_t(1) << 30) : buffer_.size();
        const ssize_t n = ::read(fd_, target, want);
        if (n < 0) {
            const int error = errno;
            if (error == EINTR)
                continue;
            return makeError("cannot read " + file_.string() + ": " + reason(error));
        }
        if (n == 0)
            return makeError(file_.string() + " is truncated (it ends at byte " + std::to_string(position_) +
                             ")");
        if (target == out) {
            out += n;
            size -= size_t(n);
            position_ += uint64_t(n);
        } else {
            bufferBegin_ = 0;
            bufferEnd_ = size_t(n);
        }
    }
    return {};
}

// ---- AtomicFileWriter ----

AtomicFileWriter::AtomicFileWriter(std::filesystem::path target) : target_(std::move(target))
{
    temp_ = target_;
    temp_ += ".tmp";
}

AtomicFileWriter::~AtomicFileWriter()
{
    if (!committed_)
        discard();
}

void AtomicFileWriter::discard()
{
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    if (created_) {
        ::unlink(temp_.c_str());
        created_ = false;
    }
}

Status AtomicFileWriter::fail(const std::string &what, int error)
{
    discard();
    return makeError(what + ": " + reason(error));
}

Status AtomicFileWriter::open()
{
    // O_TRUNC: a .tmp left by a crash during an earlier save is simply overwritten.
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        const int error = errno;
        return makeError("cannot create " + temp_.string() + ": " + reason(error));
    }
    created_ = true;
    buffer_.reserve(kBufferSize);
    return {};
}

Status AtomicFileWriter::flush()
{
    int error = 0;
    if (!buffer_.empty() && !writeAll(fd_, buffer_.data(), buffer_.size(), error))
        return fail("cannot write " + temp_.string(), error);
    buffer_.clear();
    return {};
}

Status AtomicFileWriter::write(const void *data, size_t size)
{
    if (fd_ < 0)
        return makeError("cannot write " + temp_.string() + ": the file is not open");
    auto *bytes = static_cast<const unsigned char *>(data);
    if (buffer_.size() + size <= kBufferSize) {
        buffer_.insert(buffer_.end(), bytes, bytes + size);
        return {};
    }
    if (Status st = flush(); !st)
        return st;
    if (size < kBufferSize) {
        buffer_.insert(buffer_.end(), bytes, bytes + size);
        return {};
    }
    int error = 0;
    if (!writeAll(fd_, bytes, size, error))
        return fail("cannot write " + temp_.string(), error);
    return {};
}

Status AtomicFileWriter::writeAt(uint64_t offset, const void *data, size_t size)
{
    if (fd_ < 0)
        return makeError("cannot write " + temp_.string() + ": the file is not open");
    if (Status st = flush(); !st)
        return st;
    int error = 0;
    if (!writeAllAt(fd_, offset, static_cast<const unsigned char *>(data), size, error))
        return fail("cannot write " + temp_.string(), error);
    return {};
}

Status AtomicFileWriter::commit()
{
    if (fd_ < 0)
        return makeError("cannot write " + temp_.string() + ": the file is not open");
    if (Status st = flush(); !st)
        return st;
    // The data must be on disk before the rename makes it the target, or a crash could leave a
    // renamed but empty file.
    if (::fsync(fd_) != 0) {
        const int error = errno;
        return fail("cannot write " + temp_.string() + " to disk", error);
    }
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) {
        const int error = errno;
        return fail("cannot write " + temp_.string(), error);
    }
    if (::rename(temp_.c_str(), target_.c_str()) != 0) {
        const int error = errno;
        return fail("cannot replace " + target_.string() + " with " + temp_.string(), error);
    }
    created_ = false;
    committed_ = true;

    // The rename itself is only durable once the directory is synced.
    return syncDirectory(target_.has_parent_path() ? target_.parent_path() : std::filesystem::path("."));
}

} // namespace cortex::index::detail
