#pragma once
// Knowing when a watched folder changed, without a scan: inotify with one watch per folder below each
// root (QFileSystemWatcher's per-process limits do not scale to 100,000 folders; inotify's only limit
// is fs.inotify.max_user_watches). Where inotify cannot see the changes, the folder is polled instead
// (a periodic scan) and the reason is said: a remote file system (NFS, SMB/CIFS, FUSE such as sshfs,
// 9p, Ceph: other machines' changes raise no events), the watch limit reached (ENOSPC), or a root that
// is missing for now (an unmounted drive). Linux only; elsewhere every folder is polled.
//
// The watcher only says which folders changed; what changed is for the change set (change_set.h) to
// find, so a lost or coalesced event (IN_Q_OVERFLOW) costs a scan, never a wrong library.

#include <QString>

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cortex::ingest {

struct WatchRoot {
    int64_t folderId = 0;
    QString path;
    QString skipFolder; // the library's own folder (its files change with every sync): not watched
};

struct ChangeWatcherOptions {
    bool forcePolling = false; // poll every folder (tests, and users whose inotify misbehaves)
    // Watches held at most: beyond it inotify_add_watch is not asked and the folder is polled as at the
    // kernel's limit (ENOSPC, fs.inotify.max_user_watches). Tests set it to reach the limit at once.
    size_t maxWatches = std::numeric_limits<size_t>::max();
    // statfs(2)'s f_type of a path (remote_file_system.h's fileSystemTypeOf when empty); tests answer a
    // remote file system's number for a local folder.
    std::function<std::optional<uint64_t>(const std::string &path)> fileSystemType;
};

class ChangeWatcher {
public:
    explicit ChangeWatcher(bool forcePolling = false);
    explicit ChangeWatcher(ChangeWatcherOptions options);
    ~ChangeWatcher();
    ChangeWatcher(const ChangeWatcher &) = delete;
    ChangeWatcher &operator=(const ChangeWatcher &) = delete;

    // Starts watching a root (again: its old watches go first). Returns why it is polled instead, or an
    // empty string when inotify watches it.
    QString watch(const WatchRoot &root);
    bool isPolled(int64_t folderId) const;
    // Waits up to `timeout` for events and answers the folders they touched (empty on timeout); a
    // signal ends the wait early.
    std::set<int64_t> wait(std::chrono::milliseconds timeout);
    size_t watchCount() const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace cortex::ingest
