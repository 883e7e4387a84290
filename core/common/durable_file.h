#pragma once
// Durable replacement of a file: a file written beside its target under another name takes the
// target's name only once its bytes are on disk, and the rename is made durable by syncing the folder.
// Without the first sync a crash soon after can leave the target renamed but empty (ext4 with
// delayed allocation); without the second the rename itself may be lost. Every temporary-file-and-rename
// in Cortex goes through durableReplace (index files, backups, restores, exports, checkpoints written).
//
// Header-only and Qt-free (POSIX), so the inference engine can use it too.

#include "common/result.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace cortex {

// Flushes the file's bytes to disk.
inline Status syncFile(const std::filesystem::path &file)
{
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return makeError("cannot open " + file.string() + " to write it to disk: " + std::strerror(errno));
    const int synced = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (synced != 0)
        return makeError("cannot write " + file.string() + " to disk: " + std::strerror(error));
    return {};
}

// Makes the entries of a folder (a rename, a new file) durable. A file system that cannot sync folders
// (EINVAL: some network and FUSE ones) has nothing to do.
inline Status syncDirectory(const std::filesystem::path &directory)
{
    const std::filesystem::path dir = directory.empty() ? std::filesystem::path(".") : directory;
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return makeError("cannot open " + dir.string() + " to sync it: " + std::strerror(errno));
    const int synced = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (synced != 0 && error != EINVAL)
        return makeError("cannot sync " + dir.string() + " to disk: " + std::strerror(error));
    return {};
}

// Puts the finished, closed file `temporary` in place of `target` (atomically: a reader sees the old
// file or the new one), durably. The temporary is left to the caller on failure.
inline Status durableReplace(const std::filesystem::path &temporary, const std::filesystem::path &target)
{
    if (auto synced = syncFile(temporary); !synced)
        return synced;
    std::error_code ec;
    std::filesystem::rename(temporary, target, ec);
    if (ec)
        return makeError("cannot replace " + target.string() + " with " + temporary.string() + ": " +
                         ec.message());
    return syncDirectory(target.parent_path());
}

} // namespace cortex
