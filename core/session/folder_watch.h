#pragma once
// The window's side of "watched folders": while a library is open, its folders that are not paused are
// watched (ingest/change_watcher.h) and synced by the schedule `cortex-cli watch` follows
// (ingest/watch_schedule.h). It lives on the GUI thread and never blocks it: a timer looks at the
// watcher without waiting, and a due sync is handed to `runSync`, which LibrarySession runs on the
// ingestion worker (one sync at a time, in turn with the ingestion jobs). Folders that come due while a
// sync runs wait for the next turn.

#include "ingest/change_watcher.h"
#include "ingest/folder_sync.h"
#include "ingest/watch_schedule.h"
#include "session/watch_activity.h"
#include "store/watched_folder.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <vector>

namespace cortex::session {

class FolderWatch : public QObject {
    Q_OBJECT
public:
    // Starts a sync of these folders (all that are not paused when empty) off the GUI thread; the caller
    // reports each folder with folderSynced and the end with syncFinished, on the GUI thread. Answers
    // false when it cannot start now (no model yet): the folders stay due.
    using SyncRunner = std::function<bool(const std::vector<int64_t> &folders)>;

    FolderWatch(SyncRunner runSync, QObject *parent = nullptr);
    ~FolderWatch() override;

    void setTiming(const ingest::WatchTiming &timing, bool forcePolling);
    const ingest::WatchTiming &timing() const { return timing_; }

    // The library's folders now (after an open, an ingestion, an edit): watched afresh; `libraryDir` is
    // never watched. A folder resumed or new is caught up at the next look.
    void setFolders(const std::vector<store::WatchedFolder> &folders, const QString &libraryDir);
    // Stops watching (the library closes, the session ends).
    void clear();
    // The start-up catch-up, Sync Now: these folders (all watched when empty) at the next look.
    void requestSync(const std::vector<int64_t> &folders = {});

    bool isSyncing() const { return activity_.syncing; }
    const WatchActivity &activity() const { return activity_; }
    // The folders inotify cannot see, with the reason (scanned every pollSeconds instead).
    QString pollReason(int64_t folderId) const;

    // From the runner, on the GUI thread.
    void folderSynced(const ingest::FolderSyncResult &result);
    void syncFinished(const QString &error);

signals:
    void activityChanged();

private:
    void tick();
    void startDue();

    SyncRunner runSync_;
    ingest::WatchTiming timing_;
    bool forcePolling_ = false;
    std::unique_ptr<ingest::ChangeWatcher> watcher_;
    std::unique_ptr<ingest::WatchSchedule> schedule_;
    std::map<int64_t, ingest::WatchRoot> roots_;
    std::map<int64_t, QString> pollReasons_;
    std::set<int64_t> pending_; // due while a sync ran
    bool pendingAll_ = false;   // "every folder" asked for while a sync ran
    WatchActivity activity_;
    QTimer *timer_;
};

} // namespace cortex::session
