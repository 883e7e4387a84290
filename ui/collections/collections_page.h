#pragma once
// The Collections tab: the library's collections (counts, sizes, tags, dates) and the documents of the
// selected one, with create, rename, merge, delete, tags, moving documents, export and import. Every
// read and write runs on the session's library worker; answers that arrive after the page changed
// what it shows are dropped.

#include "application/records.h"
#include "common/result.h"
#include "ui/common/latest_request.h"

#include <QFuture>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace cortex::session {
class LibrarySession;
}

namespace cortex::ui {

class CollectionsModel;
class DocumentsModel;
class TaskProgressPanel;

class CollectionsPage : public QWidget {
    Q_OBJECT
public:
    explicit CollectionsPage(session::LibrarySession *session, QWidget *parent = nullptr);

    // What the export and import file dialogs call with the chosen file (tests call them directly).
    void exportSelectedTo(const QString &file);
    void importFrom(const QString &file);

    CollectionsModel *collectionsModel() const { return collectionsModel_; }
    DocumentsModel *documentsModel() const { return documentsModel_; }

public slots:
    void refresh();

private:
    void buildLayout();
    void refreshDocuments();
    void showSelectedCollection(); // its tags, the move targets and its documents
    void applyCollections(std::vector<store::CollectionInfo> collections);
    void onCollectionSelected();
    void updateActions();
    void updateTargets();
    const store::CollectionInfo *selectedCollection() const;
    std::vector<int64_t> selectedDocumentIds() const;

    // Follows a write the application layer runs (application/collections.h); on success shows `done`,
    // calls `onSuccess` and tells every view that the library changed.
    void write(const QString &done, QFuture<Status> pending, std::function<void()> onSuccess = {});
    void confirm(const QString &title, const QString &text, const QString &details,
                 std::function<void()> onYes);

    void createCollection();
    void renameCollection();
    void mergeCollection();
    void deleteCollection();
    void applyTags();
    void moveDocuments();
    void removeDocuments();
    void chooseExportFile();
    void chooseImportFile();
    void runImport(const QString &file, bool reembed);

    void showMessage(const QString &text);
    void showError(const QString &text);

    session::LibrarySession *session_;
    CollectionsModel *collectionsModel_;
    DocumentsModel *documentsModel_;
    QSortFilterProxyModel *collectionsProxy_;
    QSortFilterProxyModel *documentsProxy_;
    QTableView *collectionsView_ = nullptr;
    QTableView *documentsView_ = nullptr;
    QLineEdit *nameEdit_ = nullptr;
    QLineEdit *tagsEdit_ = nullptr;
    QComboBox *targetCombo_ = nullptr;
    QPushButton *createButton_ = nullptr;
    QPushButton *renameButton_ = nullptr;
    QPushButton *mergeButton_ = nullptr;
    QPushButton *deleteButton_ = nullptr;
    QPushButton *tagsButton_ = nullptr;
    QPushButton *exportButton_ = nullptr;
    QPushButton *importButton_ = nullptr;
    QPushButton *moveButton_ = nullptr;
    QPushButton *removeButton_ = nullptr;
    QLabel *documentsTitle_ = nullptr;
    QLabel *statusLabel_ = nullptr;
    TaskProgressPanel *progress_ = nullptr;

    int64_t selectedId_ = 0;     // the collection whose documents are shown (0: none)
    QString selectAfterRefresh_; // a collection just created or renamed, selected when it appears
    bool restoringSelection_ = false;
    LatestRequest collectionsRequest_; // the newest refresh; older answers are dropped
    uint64_t documentsGeneration_ = 0;
    int writesRunning_ = 0;
};

} // namespace cortex::ui
