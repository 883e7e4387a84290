#include "ingest/change_watcher.h"

#include "ingest/remote_file_system.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <map>
#include <poll.h>
#include <string>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cortex::ingest {
namespace {

constexpr uint32_t kEvents = IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM |
                             IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR |
                             IN_DONT_FOLLOW;

} // namespace

struct ChangeWatcher::State {
    int fd = -1;
    bool forcePolling = false;
    size_t watchLimit = SIZE_MAX;
    std::function<std::optional<uint64_t>(const std::string &)> fileSystemType;
    struct Watch {
        int64_t folderId = 0;
        std::string dir;
    };
    std::map<int, Watch> watches;       // wd -> folder
    std::map<int64_t, WatchRoot> roots; // by folder id
    std::set<int64_t> polled;

    // Adds a watch on `dir` and, when `recursive`, every folder below it (symbolic links are not
    // followed: the scan follows them, and a periodic scan is what sees behind them). Iterative, so that
    // depth costs no stack. False when the kernel's watch limit is reached.
    bool addTree(int64_t folderId, const std::string &top, const std::string &skip, bool recursive = true)
    {
        std::vector<std::string> pending{top};
        while (!pending.empty()) {
            const std::string dir = std::move(pending.back());
            pending.pop_back();
            if (!skip.empty() && dir == skip)
                continue;
            const int wd = watches.size() >= watchLimit ? (errno = ENOSPC, -1)
                                                        : ::inotify_add_watch(fd, dir.c_str(), kEvents);
            if (wd < 0) {
                if (errno == ENOSPC)
                    return false;
                continue; // unreadable or gone since: the scan reports it
            }
            watches[wd] = {folderId, dir};
            if (!recursive)
                return true;
            DIR *d = ::opendir(dir.c_str());
            if (!d)
                continue;
            while (const dirent *e = ::readdir(d)) {
                if (!std::strcmp(e->d_name, ".") || !std::strcmp(e->d_name, ".."))
                    continue;
                const std::string child = dir + "/" + e->d_name;
                bool isDir = e->d_type == DT_DIR;
                if (e->d_type == DT_UNKNOWN) {
                    struct stat st {};
                    isDir = ::lstat(child.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
                }
                if (isDir)
                    pending.push_back(child);
            }
            ::closedir(d);
        }
        return true;
    }

    void removeFolder(int64_t folderId)
    {
        for (auto it = watches.begin(); it != watches.end();) {
            if (it->second.folderId == folderId) {
                ::inotify_rm_watch(fd, it->first);
                it = watches.erase(it);
            } else {
                ++it;
            }
        }
    }
};

ChangeWatcher::ChangeWatcher(bool forcePolling)
    : ChangeWatcher(ChangeWatcherOptions{forcePolling, SIZE_MAX, {}})
{
}

ChangeWatcher::ChangeWatcher(ChangeWatcherOptions options) : state_(std::make_unique<State>())
{
    state_->forcePolling = options.forcePolling;
    state_->watchLimit = options.maxWatches;
    state_->fileSystemType =
        options.fileSystemType ? std::move(options.fileSystemType) : std::function(fileSystemTypeOf);
    if (!options.forcePolling)
        state_->fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
}

ChangeWatcher::~ChangeWatcher()
{
    if (state_->fd >= 0)
        ::close(state_->fd);
}

QString ChangeWatcher::watch(const WatchRoot &root)
{
    State &s = *state_;
    s.removeFolder(root.folderId);
    s.roots[root.folderId] = root;
    s.polled.erase(root.folderId);
    const auto poll = [&](const QString &reason) {
        s.removeFolder(root.folderId);
        s.polled.insert(root.folderId);
        return reason;
    };
    if (s.forcePolling)
        return poll(QStringLiteral("polling was asked for"));
    if (s.fd < 0)
        return poll(QStringLiteral("inotify is not available (%1)")
                        .arg(QString::fromLocal8Bit(std::strerror(errno))));
    const QFileInfo info(root.path);
    if (!info.exists())
        return poll(QStringLiteral("the folder is missing"));
    // Watched where it really is (IN_DONT_FOLLOW would otherwise watch a link given as the root).
    const QString real = info.canonicalFilePath();
    const std::string path =
        QFile::encodeName(info.isDir() ? real : QFileInfo(real).absolutePath()).toStdString();
    const auto type = s.fileSystemType(path);
    if (const QString remote = type ? remoteFileSystemName(*type) : QString(); !remote.isEmpty())
        return poll(
            QStringLiteral("it is on a remote file system (%1), whose changes raise no events").arg(remote));
    const std::string skip =
        root.skipFolder.isEmpty() ? std::string() : QFile::encodeName(root.skipFolder).toStdString();
    // One watched file: its folder alone, not the tree around it.
    if (!s.addTree(root.folderId, path, skip, info.isDir()))
        return poll(QStringLiteral("the inotify watch limit is reached (raise fs.inotify.max_user_watches)"));
    return {};
}

bool ChangeWatcher::isPolled(int64_t folderId) const
{
    return state_->polled.count(folderId) != 0;
}

size_t ChangeWatcher::watchCount() const
{
    return state_->watches.size();
}

std::set<int64_t> ChangeWatcher::wait(std::chrono::milliseconds timeout)
{
    State &s = *state_;
    std::set<int64_t> changed;
    if (s.fd < 0) {
        ::usleep(useconds_t(std::min<int64_t>(timeout.count(), 1000) * 1000));
        return changed;
    }
    pollfd p{s.fd, POLLIN, 0};
    if (::poll(&p, 1, int(timeout.count())) <= 0)
        return changed;
    alignas(inotify_event) char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(s.fd, buffer, sizeof buffer);
        if (n <= 0)
            break;
        for (ssize_t at = 0; at < n;) {
            inotify_event event{};
            std::memcpy(&event, buffer + at, sizeof event);
            const char *name = buffer + at + sizeof(inotify_event);
            at += ssize_t(sizeof(inotify_event) + event.len);
            if (event.mask & IN_Q_OVERFLOW) {
                // Events were lost: every folder is scanned.
                for (const auto &[id, root] : s.roots)
                    changed.insert(id);
                continue;
            }
            const auto it = s.watches.find(event.wd);
            if (it == s.watches.end())
                continue;
            const State::Watch watch = it->second;
            changed.insert(watch.folderId);
            if (event.mask & IN_IGNORED) {
                s.watches.erase(it);
                continue;
            }
            // A folder created or moved in is watched with everything already inside it.
            if ((event.mask & IN_ISDIR) && (event.mask & (IN_CREATE | IN_MOVED_TO)) && event.len > 0) {
                const auto root = s.roots.find(watch.folderId);
                const std::string skip = root == s.roots.end() || root->second.skipFolder.isEmpty()
                                             ? std::string()
                                             : QFile::encodeName(root->second.skipFolder).toStdString();
                if (!s.addTree(watch.folderId, watch.dir + "/" + name, skip)) {
                    s.removeFolder(watch.folderId);
                    s.polled.insert(watch.folderId);
                }
            }
        }
    }
    return changed;
}

} // namespace cortex::ingest
