#pragma once
// Edit… of a watched folder: its collection, its include/exclude patterns (comma-separated globs, as
// on the Ingest tab), its chunk size and overlap, and its page images (off or a size, with what a page
// costs here beside it, as on the Ingest tab; for the files ingested from then on). A new collection takes
// the folder's documents along (application::editWatchedFolder); a new chunk size embeds them again, which
// the box asks about first (WatchedFoldersBox, application/reembedding.h).

#include "application/watched_folders.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace cortex::session {
class LibrarySession;
}

namespace cortex::ui {

class WatchedFolderEditDialog : public QDialog {
    Q_OBJECT
public:
    // `session` (may be null) tells what a page image costs here.
    WatchedFolderEditDialog(const store::WatchedFolder &folder, session::LibrarySession *session,
                            QWidget *parent = nullptr);

    // What changed (only the fields the user changed are set).
    application::WatchedFolderEdit edit() const;

private:
    store::WatchedFolder folder_;
    QLineEdit *collectionEdit_ = nullptr;
    QLineEdit *includeEdit_ = nullptr;
    QLineEdit *excludeEdit_ = nullptr;
    QSpinBox *chunkSpin_ = nullptr;   // 0: the settings' chunk size
    QSpinBox *overlapSpin_ = nullptr; // with the chunk size 0: the settings' overlap
    QComboBox *pageImagesCombo_ = nullptr;
    QLabel *pageImageCostLabel_ = nullptr;
};

// "a, b" <-> {"a", "b"}: the patterns as the Ingest tab's fields show them.
QString joinPatterns(const std::vector<std::string> &patterns);
std::vector<std::string> splitPatternList(const QString &text);

} // namespace cortex::ui
