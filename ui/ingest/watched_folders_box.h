#pragma once
// The Ingest tab's list of watched folders (every folder given to ingest, or added by cortex-cli watch
// add): each with its collection, its state (watching, paused, syncing, unavailable with the reason,
// files still being written) and its last sync, and Pause/Resume, Edit…, Remove… (keep or drop its
// documents, asked every time) and Sync Now. The session watches and syncs them in the background.

#include "application/reembedding.h"
#include "application/watched_folders.h"
#include "ui/common/latest_request.h"

#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;
class QTableWidget;

namespace cortex::session {
class LibrarySession;
}

namespace cortex::ui {

class WatchedFoldersBox : public QWidget {
    Q_OBJECT
public:
    enum Column { PathColumn, CollectionColumn, StateColumn, LastSyncColumn, ColumnCount };

    WatchedFoldersBox(session::LibrarySession *session, QWidget *parent = nullptr);

    // The folders shown now (for tests and the buttons).
    const std::vector<store::WatchedFolder> &folders() const { return folders_; }

private:
    void refresh();
    void showFolders();
    void updateButtons();
    const store::WatchedFolder *selected() const;
    void togglePaused();
    void editSelected();
    // Applies the edit; one that embeds the folder's documents again asks first, with how many and how
    // long (application/reembedding.h), and Cancel changes nothing.
    void applyEdit(int64_t folderId, const application::WatchedFolderEdit &edit);
    void confirmReembedding(int64_t folderId, const QString &path, application::WatchedFolderEdit edit,
                            const application::ReembedEstimate &estimate);
    void removeSelected();
    void syncNow();
    QString stateText(const store::WatchedFolder &folder) const;

    session::LibrarySession *session_;
    std::vector<store::WatchedFolder> folders_;
    QTableWidget *view_ = nullptr;
    QPushButton *pauseButton_ = nullptr;
    QPushButton *editButton_ = nullptr;
    QPushButton *removeButton_ = nullptr;
    QPushButton *syncButton_ = nullptr;
    QLabel *messageLabel_ = nullptr;
    LatestRequest listRequest_;
};

} // namespace cortex::ui
