#pragma once
// A read-only memory map of a whole file. Checkpoints are mapped rather than read so that opening a
// multi-gigabyte model costs no copy and tensors can be viewed in place.

#include "model/common/result.h"

#include <cstddef>
#include <filesystem>

namespace cortex::model {

class MappedFile {
public:
    // Maps the file read-only; a zero-byte file opens as an empty map (data() is nullptr).
    static Result<MappedFile> open(const std::filesystem::path &path);

    MappedFile() = default;
    MappedFile(MappedFile &&other) noexcept;
    MappedFile &operator=(MappedFile &&other) noexcept;
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;
    ~MappedFile();

    const std::byte *data() const { return data_; }
    size_t size() const { return size_; }
    const std::filesystem::path &path() const { return path_; }

private:
    void release();

    const std::byte *data_ = nullptr;
    size_t size_ = 0;
    std::filesystem::path path_;
};

} // namespace cortex::model
