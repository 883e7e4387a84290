#include "model/weights/mapped_file.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cortex::model {

namespace {

Error systemError(const std::string &what, const std::filesystem::path &path)
{
    return makeError("cannot " + what + " " + path.string() + ": " + std::strerror(errno));
}

// Closes the descriptor on every path out of open(); the map stays valid after close.
struct FdGuard {
    int fd;
    ~FdGuard()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

} // namespace

Result<MappedFile> MappedFile::open(const std::filesystem::path &path)
{
    FdGuard guard{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (guard.fd < 0)
        return systemError("open", path);
    struct stat st {};
    if (::fstat(guard.fd, &st) != 0)
        return systemError("stat", path);
    if (!S_ISREG(st.st_mode))
        return makeError("cannot map " + path.string() + ": not a regular file");

    MappedFile file;
    file.path_ = path;
    file.size_ = static_cast<size_t>(st.st_size);
    if (file.size_ == 0)
        return file; // mmap rejects a zero length; an empty map is still a valid (empty) file
    void *address = ::mmap(nullptr, file.size_, PROT_READ, MAP_PRIVATE, guard.fd, 0);
    if (address == MAP_FAILED)
        return systemError("map", path);
    file.data_ = static_cast<const std::byte *>(address);
    return file;
}

MappedFile::MappedFile(MappedFile &&other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)),
      path_(std::move(other.path_))
{
}

MappedFile &MappedFile::operator=(MappedFile &&other) noexcept
{
    if (this != &other) {
        release();
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
        path_ = std::move(other.path_);
    }
    return *this;
}

MappedFile::~MappedFile()
{
    release();
}

void MappedFile::release()
{
    if (data_ != nullptr)
        ::munmap(const_cast<std::byte *>(data_), size_);
    data_ = nullptr;
    size_ = 0;
}

} // namespace cortex::model
