#pragma once
// What the background sync of watched folders is doing, as the status bar and the Ingest tab show it:
// the folders being synced now and what they found so far, or what the last sync found. Plain values,
// made on the GUI thread by FolderWatch (folder_watch.h).

#include <QDateTime>
#include <QHash>
#include <QString>

#include <cstdint>

namespace cortex::session {

struct WatchActivity {
    bool syncing = false;
    int folders = 0; // folders in the sync running now, or in the last one
    int foldersDone = 0;
    int64_t added = 0;
    int64_t modified = 0;
    int64_t moved = 0;
    int64_t deleted = 0;
    int64_t failed = 0;
    int64_t unavailable = 0;
    int64_t settlingFound = 0; // files still being written, left for a later sync
    QDateTime finishedAt = {}; // of the last sync; invalid before the first
    QString error = {};        // why the last sync stopped, in plain English; empty when it did not
    // Per folder id: files still being written at its last sync (taken by a later one).
    QHash<int64_t, int> settling = {};
    // Folders waiting for a sync (changed, settling, asked for); known between two syncs.
    int waiting = 0;
};

} // namespace cortex::session
