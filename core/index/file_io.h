#pragma once
// Plain POSIX file access for the index file: a buffered reader that reports truncation, and a writer
// that writes a temporary file beside the target and only replaces the target on commit() (fsync the
// file, rename, fsync the directory), so a crash or an error leaves the old file intact. Errors name
// the file and the operating system's reason.

#include "common/result.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace cortex::index::detail {

class FileReader {
public:
    FileReader() = default;
    ~FileReader();
    FileReader(const FileReader &) = delete;
    FileReader &operator=(const FileReader &) = delete;

    // A missing file gives "<file> does not exist".
    Status open(const std::filesystem::path &file);
    uint64_t size() const { return size_; }
    uint64_t position() const { return position_; }
    // Reads exactly `size` bytes; fewer left gives "<file> is truncated".
    Status read(void *data, size_t size);

private:
    std::filesystem::path file_;
    int fd_ = -1;
    uint64_t size_ = 0;
    uint64_t position_ = 0; // of the next byte read() returns
    std::vector<unsigned char> buffer_;
    size_t bufferBegin_ = 0, bufferEnd_ = 0;
};

class AtomicFileWriter {
public:
    // Writes go to `target` + ".tmp".
    explicit AtomicFileWriter(std::filesystem::path target);
    // Without a successful commit() the temporary file is removed.
    ~AtomicFileWriter();
    AtomicFileWriter(const AtomicFileWriter &) = delete;
    AtomicFileWriter &operator=(const AtomicFileWriter &) = delete;

    Status open();
    Status write(const void *data, size_t size);
    // Overwrites bytes already written (the header, once the checksum is known).
    Status writeAt(uint64_t offset, const void *data, size_t size);
    // fsync, rename over the target, fsync the directory.
    Status commit();

    const std::filesystem::path &tempPath() const { return temp_; }

private:
    Status flush();
    Status fail(const std::string &what, int error);
    void discard();

    std::filesystem::path target_;
    std::filesystem::path temp_;
    int fd_ = -1;
    bool created_ = false;
    bool committed_ = false;
    std::vector<unsigned char> buffer_;
};

} // namespace cortex::index::detail
