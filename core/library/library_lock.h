#pragma once
// One process at a time per library: two processes would each keep their own in-memory vector index
// and overwrite each other's index file. The lock is an flock() on DIR/library.lock, released by the
// kernel when the process ends however it ends (a kill never leaves a stale lock behind). Within one
// process the same holds: a second acquire while the first lock lives is refused (two Library objects of
// one folder would be two writers with two in-memory indexes); LibrarySession takes up the open one.

#include "common/result.h"

#include <filesystem>
#include <memory>

namespace cortex::library {

class LibraryLock {
public:
    // Errors name the folder and say that another process (with its pid) holds it.
    static Result<std::shared_ptr<LibraryLock>> acquire(const std::filesystem::path &directory);
    ~LibraryLock();
    LibraryLock(const LibraryLock &) = delete;
    LibraryLock &operator=(const LibraryLock &) = delete;

private:
    LibraryLock(std::filesystem::path key, int fd) : key_(std::move(key)), fd_(fd) {}
    std::filesystem::path key_;
    int fd_ = -1;
};

} // namespace cortex::library
