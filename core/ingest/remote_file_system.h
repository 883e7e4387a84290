#pragma once
// Which file systems inotify cannot watch: on a remote or cluster file system, changes made by other
// machines (or by the host of a virtual machine's shared folder) raise no events here, so a watched
// folder there is polled instead (change_watcher.h). Decided by statfs(2)'s f_type, the file system's
// magic number (linux/magic.h); a pure function, so that every number is tested without mounting it.

#include <QString>

#include <cstdint>
#include <optional>
#include <string>

namespace cortex::ingest {

// The name of the remote file system with this f_type ("NFS", "SMB2", "FUSE", ...), or an empty string
// for a local one (ext4, btrfs, XFS, tmpfs, overlayfs and every number not listed). FUSE counts as
// remote: sshfs, rclone, gvfs and virtiofs all share its number, and a poll is merely slower where
// inotify would have worked.
QString remoteFileSystemName(uint64_t fileSystemType);

// statfs(2)'s f_type of the file system holding `path`; nullopt when it cannot be asked.
std::optional<uint64_t> fileSystemTypeOf(const std::string &path);

} // namespace cortex::ingest
