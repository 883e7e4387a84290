#pragma once
// Shared by the fuzz targets: the fuzzer's bytes as a file (for parsers that take a path), without
// touching the disk.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace cortex::fuzz {

// An anonymous in-memory file (memfd) holding `size` bytes; path() opens it again by name.
class MemoryFile {
public:
    MemoryFile(const void *data, size_t size)
    {
        fd_ = memfd_create("cortex-fuzz", MFD_CLOEXEC);
        if (fd_ < 0)
            std::abort(); // the harness itself failed, not the code under test
        const auto *bytes = static_cast<const char *>(data);
        size_t written = 0;
        while (written < size) {
            const ssize_t n = ::write(fd_, bytes + written, size - written);
            if (n <= 0)
                std::abort();
            written += size_t(n);
        }
    }
    ~MemoryFile() { ::close(fd_); }
    MemoryFile(const MemoryFile &) = delete;
    MemoryFile &operator=(const MemoryFile &) = delete;

    std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

private:
    int fd_ = -1;
};

} // namespace cortex::fuzz
