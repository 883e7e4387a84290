#pragma once
// The Maintenance tab: the database embedding inspector (every embedding space and whether it fits
// the loaded model, with a migration to it in the background), integrity check, index rebuild, vacuum,
// backup, and the log of failed files. Long work shows progress with Cancel; all of it runs on the
// session's library worker, one task at a time.

#include "application/maintenance.h"
#include "application/reembedding.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace cortex::session {
class LibrarySession;
}

namespace cortex::ui {

class FailedFilesModel;
class SpacesModel;
class TaskProgressPanel;

class MaintenancePage : public QWidget {
    Q_OBJECT
public:
    explicit MaintenancePage(session::LibrarySession *session, QWidget *parent = nullptr);

    // What the backup file dialog calls with the chosen file (tests call it directly).
    void backupTo(const QString &file);

    SpacesModel *spacesModel() const { return spacesModel_; }
    FailedFilesModel *failedFilesModel() const { return failedModel_; }

public slots:
    void refresh();

private:
    void buildLayout();
    void updateModel(); // the loaded model's identity, and whether a migration is possible
    void updateActions();
    QString migrationEstimateText() const; // " That is 12 document(s) (340 item(s)), about 3 min…"
    bool busy() const;
    std::optional<store::SpaceIdentity> activeIdentity() const;

    void migrate();
    void check();
    void rebuildIndex();
    void vacuum();
    void chooseBackupFile();
    void findNearDuplicates();
    void showReport(const application::CheckReport &report);

    void showMessage(const QString &text);
    void showError(const QString &text);

    session::LibrarySession *session_;
    SpacesModel *spacesModel_;
    FailedFilesModel *failedModel_;
    QSortFilterProxyModel *spacesProxy_;
    QSortFilterProxyModel *failedProxy_;
    QTableView *spacesView_ = nullptr;
    QTableView *failedView_ = nullptr;
    QLabel *modelLabel_ = nullptr;
    QLabel *migrateHint_ = nullptr;
    QPushButton *migrateButton_ = nullptr;
    QPushButton *checkButton_ = nullptr;
    QPushButton *rebuildButton_ = nullptr;
    QPushButton *vacuumButton_ = nullptr;
    QPushButton *backupButton_ = nullptr;
    QPushButton *duplicatesButton_ = nullptr;
    QPlainTextEdit *reportView_ = nullptr;
    QLabel *statusLabel_ = nullptr;
    TaskProgressPanel *progress_ = nullptr;

    uint64_t refreshGeneration_ = 0; // the newest refresh; older answers are dropped
    // What a migration would embed again and how long it takes (said beside the button).
    std::optional<application::ReembedEstimate> migrationEstimate_;
    int quickTasks_ = 0; // short work without a progress bar (check, vacuum, backup)
};

} // namespace cortex::ui
