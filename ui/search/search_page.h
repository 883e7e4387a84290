#pragma once
// The Search tab: a query of text, images (up to QueryImageBar::kMaxImages, each croppable) or both,
// embedded together, with filters and the reranker toggle; the hits as cards with actions (open at the
// page, reveal, copy the path, find similar) and the current hit's preview beside them (preview_pane.h:
// shown or hidden by its button or Space, its width and visibility kept in QSettings). Enter or a
// double-click (with Ctrl or without) opens the hit. Searches run in the session; a newer search
// supersedes an older one whose answer is then dropped.

#include "application/open_document.h"
#include "ui/common/latest_request.h"
#include <QImage>
#include <QList>
#include <QWidget>

#include <functional>

#include <cstdint>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListView;
class QMenu;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QToolButton;

namespace cortex::search {
struct Query;
struct RerankerStatus;
} // namespace cortex::search
namespace cortex::session {
class LibrarySession;
}

namespace cortex::ui {

class PreviewPane;
class QueryImageBar;
class QueryLineEdit;
class SearchResultsModel;

class SearchPage : public QWidget {
    Q_OBJECT
public:
    SearchPage(session::LibrarySession *session, QWidget *parent = nullptr);

    SearchResultsModel *resultsModel() const { return results_; }
    PreviewPane *previewPane() const { return previewPane_; }
    bool isPreviewVisible() const;
    QList<QImage> queryImages() const;       // as they are searched: each cropped
    QImage queryImage() const;               // the first query image, or null
    void setQueryImage(const QImage &image); // the one query image, replacing any; null removes them all
    // Adds a query image (pasted or dropped); false, with the reason in the status line, when it was
    // refused (too many images, too large).
    bool addQueryImage(const QImage &image);
    // The video file that is (part of) the query (dropped on the query field), or an empty string.
    QString queryVideo() const { return videoPath_; }
    void setQueryVideo(const QString &path); // an empty path removes it

    // How "Open" and "Show in Folder" start programs (application/open_document.h: this computer's by
    // default). Tests replace it to see the command lines and the files opened, starting nothing.
    void setDesktopLauncher(application::DesktopLauncher launcher) { launcher_ = std::move(launcher); }
    // Replaces the launcher's start of a viewer only (QProcess::startDetached by default).
    using ViewerLauncher = std::function<bool(const desktop::ViewerCommand &)>;
    void setViewerLauncher(ViewerLauncher launcher) { launcher_.start = std::move(launcher); }

public slots:
    void focusQuery();
    void pasteImageFromClipboard();
    void setSearchLimits(int candidates, int topK);
    void search();
    void setPreviewVisible(bool visible); // remembered in QSettings
    void togglePreview();

signals:
    void searchFinished(); // an answer (hits or an error) is on screen

protected:
    // The results view's keys: Space toggles the preview, Enter (with Ctrl or without) opens the hit.
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refreshCollections();
    void showContextMenu(const QPoint &pos);
    void updateActions();
    QModelIndex currentHit() const;
    void openDocument();
    void revealDocument();
    void copyPath();
    // Find Similar; `nearDuplicatesOnly` keeps only hits at the near-duplicate similarity of Settings.
    void findSimilar(bool nearDuplicatesOnly = false);
    // Grouped by document: lists (or hides) the other hits of the current hit's document.
    void toggleDocumentHits();
    search::Query filteredQuery() const; // the filters, limits and rerank toggle on screen
    // `text`: the words to highlight; `similarTo`: the title of the item a Find Similar started from.
    void runSearch(const search::Query &query, const QString &text, const QString &similarTo);
    void useImageAndSearch(const QImage &image); // pasted or dropped: added, searched at once
    void updateRerankCheck(const search::RerankerStatus &status);
    void refreshLibrarySize();
    void updateEmptyState();
    void updateQuerySyntax(); // the query's syntax error beside it while it is typed
    void updatePreview();     // the current hit in the preview, when the preview is shown

    session::LibrarySession *session_;
    QueryLineEdit *queryEdit_ = nullptr;
    QueryImageBar *imageBar_ = nullptr;
    QComboBox *collectionCombo_ = nullptr;
    QComboBox *typeCombo_ = nullptr;
    QCheckBox *rerankCheck_ = nullptr;
    QComboBox *sortCombo_ = nullptr;         // relevance, newest or oldest first
    QDoubleSpinBox *minScoreSpin_ = nullptr; // 0 = no minimum
    QCheckBox *groupCheck_ = nullptr;        // one card per document
    QPushButton *searchButton_ = nullptr;
    QListView *resultsView_ = nullptr;
    QStackedWidget *resultsStack_ = nullptr; // the cards, or what to do while there are none
    QLabel *emptyLabel_ = nullptr;
    QSplitter *splitter_ = nullptr; // the results and the preview side by side
    PreviewPane *previewPane_ = nullptr;
    QPushButton *previewButton_ = nullptr;
    int64_t libraryItems_ = -1; // searchable items in the library; -1 until known
    bool searchedOnce_ = false;
    SearchResultsModel *results_ = nullptr;
    QLabel *statusLabel_ = nullptr;
    QLabel *queryErrorLabel_ = nullptr; // a syntax error of the query, under it
    QPushButton *openButton_ = nullptr;
    QPushButton *revealButton_ = nullptr;
    QPushButton *copyButton_ = nullptr;
    QPushButton *similarButton_ = nullptr;
    int candidates_ = 20;
    int topK_ = 5;
    LatestRequest searchRequest_; // the search whose answer is awaited; older answers are stale
    LatestRequest collectionsRequest_;
    LatestRequest sizeRequest_;
    application::DesktopLauncher launcher_ = application::systemDesktopLauncher();
    QToolButton *videoChip_ = nullptr; // the query's video: its name; a click removes it
    QString videoPath_;
    quint64 videoReads_ = 0;   // the newest search's read of the video (an older one's answer is dropped)
    bool rerankWanted_ = true; // the user's choice, kept while no reranker can run
};

} // namespace cortex::ui
