#include "session/folder_watch.h"

#include <QFileInfo>

namespace cortex::session {

namespace {
using Clock = ingest::WatchSchedule::Clock;
// How often the GUI thread looks at the watcher (without waiting) and at the schedule.
constexpr std::chrono::milliseconds kTick{200};
} // namespace

FolderWatch::FolderWatch(SyncRunner runSync, QObject *parent)
    : QObject(parent), runSync_(std::move(runSync)), timer_(new QTimer(this))
{
    timer_->setInterval(kTick);
    connect(timer_, &QTimer::timeout, this, &FolderWatch::tick);
}

FolderWatch::~FolderWatch() = default;

void FolderWatch::setTiming(const ingest::WatchTiming &timing, bool forcePolling)
{
    timing_ = timing;
    const bool rewatch = forcePolling != forcePolling_;
    forcePolling_ = forcePolling;
    if (schedule_)
        schedule_ = std::make_unique<ingest::WatchSchedule>(timing_, Clock::now());
    if (rewatch && watcher_) {
        auto roots = std::move(roots_);
        roots_.clear();
        pollReasons_.clear();
        watcher_ = std::make_unique<ingest::ChangeWatcher>(forcePolling_);
        for (const auto &[id, root] : roots) {
            roots_[id] = root;
            pollReasons_[id] = watcher_->watch(root);
        }
    }
}

void FolderWatch::setFolders(const std::vector<store::WatchedFolder> &folders, const QString &libraryDir)
{
    const QString skip = QFileInfo(libraryDir).canonicalFilePath();
    std::map<int64_t, ingest::WatchRoot> roots;
    for (const auto &f : folders)
        if (!f.paused)
            roots[f.id] = ingest::WatchRoot{f.id, QString::fromStdString(f.path), skip};
    if (!schedule_)
        schedule_ = std::make_unique<ingest::WatchSchedule>(timing_, Clock::now());
    const auto same = [](const ingest::WatchRoot &a, const ingest::WatchRoot &b) {
        return a.path == b.path && a.skipFolder == b.skipFolder;
    };
    bool changed = !watcher_ || roots.size() != roots_.size();
    for (const auto &[id, root] : roots) {
        const auto it = roots_.find(id);
        if (it == roots_.end()) {
            changed = true;
            // New or resumed: what changed while nobody looked is caught up.
            schedule_->requestNow({id});
        } else if (!same(it->second, root)) {
            changed = true;
        }
    }
    for (const auto &[id, root] : roots_)
        if (!roots.count(id))
            schedule_->forget(id);
    if (changed) {
        // The watcher has no way to drop one root: a changed set is watched afresh (a folder or two of
        // inotify watches; a change in between is found by the catch-up asked for above).
        watcher_ = std::make_unique<ingest::ChangeWatcher>(forcePolling_);
        pollReasons_.clear();
        for (const auto &[id, root] : roots)
            pollReasons_[id] = watcher_->watch(root);
    }
    roots_ = std::move(roots);
    for (auto it = activity_.settling.begin(); it != activity_.settling.end();)
        it = roots_.count(it.key()) ? std::next(it) : activity_.settling.erase(it);
    timer_->start();
    emit activityChanged();
}

void FolderWatch::clear()
{
    timer_->stop();
    watcher_.reset();
    schedule_.reset();
    roots_.clear();
    pollReasons_.clear();
    pending_.clear();
    pendingAll_ = false;
    activity_.settling.clear();
    activity_.waiting = 0;
}

void FolderWatch::requestSync(const std::vector<int64_t> &folders)
{
    if (folders.empty())
        pendingAll_ = true;
    else
        pending_.insert(folders.begin(), folders.end());
    if (!timer_->isActive())
        timer_->start();
}

QString FolderWatch::pollReason(int64_t folderId) const
{
    const auto it = pollReasons_.find(folderId);
    return it == pollReasons_.end() ? QString() : it->second;
}

void FolderWatch::tick()
{
    if (watcher_ && schedule_)
        schedule_->changed(watcher_->wait(std::chrono::milliseconds(0)), Clock::now());
    if (!activity_.syncing)
        startDue();
}

void FolderWatch::startDue()
{
    std::set<int64_t> due = pending_;
    if (schedule_) {
        std::set<int64_t> polled;
        for (const auto &[id, root] : roots_)
            if (watcher_ && watcher_->isPolled(id))
                polled.insert(id);
        const auto scheduled = schedule_->takeDue(Clock::now(), polled);
        due.insert(scheduled.begin(), scheduled.end());
    }
    const bool all = pendingAll_;
    if (!all && due.empty())
        return;
    const std::vector<int64_t> ids =
        all ? std::vector<int64_t>{} : std::vector<int64_t>(due.begin(), due.end());
    if (!runSync_(ids)) {
        // Not now (no model yet): still due at the next look.
        pending_ = due;
        return;
    }
    pending_.clear();
    pendingAll_ = false;
    activity_.syncing = true;
    activity_.folders = all ? int(roots_.size()) : int(ids.size());
    activity_.foldersDone = 0;
    activity_.added = activity_.modified = activity_.moved = activity_.deleted = 0;
    activity_.failed = activity_.unavailable = activity_.settlingFound = 0;
    activity_.error.clear();
    emit activityChanged();
}

void FolderWatch::folderSynced(const ingest::FolderSyncResult &result)
{
    ++activity_.foldersDone;
    activity_.added += result.added;
    activity_.modified += result.modified;
    activity_.moved += result.moved;
    activity_.deleted += result.deleted;
    activity_.unavailable += result.unavailable ? 1 : 0;
    activity_.settlingFound += result.settling.size();
    if (result.job)
        activity_.failed += result.job->failed;
    if (result.settling.isEmpty())
        activity_.settling.remove(result.folderId);
    else
        activity_.settling[result.folderId] = int(result.settling.size());
    const auto now = Clock::now();
    if (schedule_)
        schedule_->synced(result.folderId, !result.settling.isEmpty(), now);
    // A folder that was missing and is back, or whose root went: watched afresh.
    const auto root = roots_.find(result.folderId);
    if (watcher_ && root != roots_.end() &&
        ingest::needsRewatch(watcher_->isPolled(result.folderId), result.unavailable, forcePolling_))
        pollReasons_[result.folderId] = watcher_->watch(root->second);
    emit activityChanged();
}

void FolderWatch::syncFinished(const QString &error)
{
    activity_.syncing = false;
    activity_.finishedAt = QDateTime::currentDateTime();
    activity_.error = error;
    activity_.waiting = schedule_ ? int(schedule_->waiting() + pending_.size()) : 0;
    emit activityChanged();
}

} // namespace cortex::session
