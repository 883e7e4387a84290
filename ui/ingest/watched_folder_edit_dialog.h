#pragma once
// Edit… of a watched folder: its collection, its include/exclude patterns (comma-separated globs, as
// on the Ingest tab) and its chunk size and overlap. A new collection takes the folder's documents along
// (application::editWatchedFolder); a new chunk size embeds them again, which the box asks about first
// (WatchedFoldersBox, application/reembedding.h).

#include "application/watched_folders.h"

#include <QDialog>

class QLineEdit;
class QSpinBox;

namespace cortex::ui {

class WatchedFolderEditDialog : public QDialog {
    Q_OBJECT
public:
    WatchedFolderEditDialog(const store::WatchedFolder &folder, QWidget *parent = nullptr);

    // What changed (only the fields the user changed are set).
    application::WatchedFolderEdit edit() const;

private:
    store::WatchedFolder folder_;
    QLineEdit *collectionEdit_ = nullptr;
    QLineEdit *includeEdit_ = nullptr;
    QLineEdit *excludeEdit_ = nullptr;
    QSpinBox *chunkSpin_ = nullptr;   // 0: the settings' chunk size
    QSpinBox *overlapSpin_ = nullptr; // with the chunk size 0: the settings' overlap
};

// "a, b" <-> {"a", "b"}: the patterns as the Ingest tab's fields show them.
QString joinPatterns(const std::vector<std::string> &patterns);
std::vector<std::string> splitPatternList(const QString &text);

} // namespace cortex::ui
