#pragma once
// The Ingest tab: choose files and folders (drop or dialogs), a target collection and patterns, start
// a job; watch, cancel and resume jobs; read why files failed. Jobs run in the LibrarySession.

#include "ui/common/latest_request.h"
#include <QPair>
#include <QStringList>
#include <QWidget>

#include <cstdint>

class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableView;

namespace cortex::ingest {
struct FileFailure;
} // namespace cortex::ingest

namespace cortex::session {
class IngestJob;
class LibrarySession;
} // namespace cortex::session

namespace cortex::ui {

class DropZone;
class IngestJobsModel;

class IngestPage : public QWidget {
    Q_OBJECT
public:
    IngestPage(session::LibrarySession *session, QWidget *parent = nullptr);

    IngestJobsModel *jobsModel() const { return jobsModel_; }
    QStringList pendingPaths() const { return pending_; }

public slots:
    // Adds files or folders to the list that Start ingests (duplicates are ignored).
    void addPaths(const QStringList &paths);

private:
    QWidget *buildSourceBox();
    QWidget *buildJobsBox();
    void chooseFiles();
    void chooseFolder();
    void clearPaths();
    void start();
    void cancelSelected();
    void resumeSelected();
    void resumeInterrupted();
    void refreshCollections();
    void refreshInterrupted();
    void updateButtons();
    void updatePageImageCost();
    void showFailures();
    void showLiveFailures(session::IngestJob *job);
    void addFailureItem(const ingest::FileFailure &failure);
    session::IngestJob *selectedJob() const;
    void selectJob(session::IngestJob *job);

    session::LibrarySession *session_;
    QStringList pending_;
    DropZone *dropZone_ = nullptr;
    QListWidget *pathsList_ = nullptr;
    QPushButton *clearPathsButton_ = nullptr;
    QComboBox *collectionCombo_ = nullptr;
    QLineEdit *includeEdit_ = nullptr;
    QLineEdit *excludeEdit_ = nullptr;
    QSpinBox *chunkTokensSpin_ = nullptr;
    QSpinBox *overlapSpin_ = nullptr;
    QComboBox *pageImagesCombo_ = nullptr; // off, or the longer side of a rendered PDF page
    QLabel *pageImageCostLabel_ = nullptr; // what a page costs at that size here
    QPushButton *startButton_ = nullptr;
    QLabel *messageLabel_ = nullptr;
    QFrame *interruptedBanner_ = nullptr;
    QLabel *interruptedLabel_ = nullptr;
    QList<int64_t> interruptedJobIds_;
    IngestJobsModel *jobsModel_ = nullptr;
    QTableView *jobsView_ = nullptr;
    QPushButton *cancelButton_ = nullptr;
    QPushButton *resumeButton_ = nullptr;
    QListWidget *failuresView_ = nullptr;
    LatestRequest collectionsRequest_; // answers to older requests are dropped
    LatestRequest interruptedRequest_;
    LatestRequest liveFailuresRequest_;
    QPair<const session::IngestJob *, int64_t> liveFailuresShown_{nullptr,
                                                                  -1}; // the job and its failed count
};

} // namespace cortex::ui
