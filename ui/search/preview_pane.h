#pragma once
// The Search tab's preview of the current hit, beside the results: a PDF hit's page with the query's
// words marked and scrolled to the first of them, an image hit's image (zoom: fit, 100%, Ctrl+wheel,
// + and -), a text hit's chunk among its neighbours with the words marked, a video segment's frames one a
// second apart with the file's subtitle line of each under it; previous/next page, chunk or frame.
// The preview is made on the session's preview worker (application/preview.h), never on the GUI thread;
// at most one is in flight, and while one renders only the newest request waits behind it, so moving
// quickly through the results never queues renders of hits already left.

#include "application/preview.h"
#include "ui/common/latest_request.h"

#include <QWidget>

#include <optional>

class QLabel;
class QScrollArea;
class QStackedWidget;
class QTextBrowser;
class QTimer;
class QToolButton;

namespace cortex::session {
class LibrarySession;
}

namespace cortex::ui {

class PageCanvas;

class PreviewPane : public QWidget {
    Q_OBJECT
public:
    explicit PreviewPane(session::LibrarySession *session, QWidget *parent = nullptr);

    // Previews item `itemId` with `words` marked; `title` names it in the pane's header. The same item
    // with the same words is not made again.
    void showItem(qint64 itemId, const QStringList &words, const QString &title);
    // Shows nothing (no hit is current); an answer still in flight is dropped.
    void clear();

    // What the pane shows, for the window's tests.
    enum class State { Empty, Loading, Page, Image, Text, Error, VideoFrame };
    State state() const { return state_; }
    qint64 itemId() const { return itemId_; }
    // The page (a PDF hit), the chunk (a text hit) or the frame (a video segment, one a second) shown,
    // 1-based, of count(); 0 of 0 otherwise.
    int position() const { return shown_ ? shown_->index + 1 : 0; }
    int count() const { return shown_ ? shown_->count : 0; }
    // The page, image or frame on screen (null for text and messages), and a video frame's time in the
    // file in seconds (-1 for the other kinds).
    QImage shownImage() const { return shown_ ? shown_->image : QImage(); }
    double shownSeconds() const { return shown_ ? shown_->seconds : -1; }
    // The query's words marked: on the page, in the text, or in a video frame's subtitle line.
    int highlightCount() const;
    // A video frame's subtitle line shown under it (empty when none is shown).
    QString captionText() const;
    // A page's highlights in the rendered page's pixels (zoom() maps them to the screen).
    QList<QRectF> pageHighlights() const;
    double zoom() const;
    QString errorText() const { return state_ == State::Error ? errorText_ : QString(); }

public slots:
    void showNext();
    void showPrevious();
    void zoomIn();
    void zoomOut();
    void zoomToFit();
    void zoomToActualSize();

signals:
    void previewShown(); // an answer (a preview or an error) is on screen

protected:
    bool eventFilter(QObject *watched, QEvent *event) override; // the fit follows the pane's size
    void keyPressEvent(QKeyEvent *event) override;              // +, -, 0 (fit), 1 (100%)

private:
    void request();                                        // the current item at the current step
    void start(const application::PreviewRequest &wanted); // sends it to the preview worker
    void present(const Result<preview::Preview> &answer);
    void showMessage(const QString &text);
    void showPage(const preview::Preview &preview);
    void showText(const preview::Preview &preview);
    void showCaption(const preview::Preview &frame); // a video frame's subtitle line; hidden when none
    void updateControls();
    void setZoom(double zoom);  // the user's choice: no longer fitted
    int renderLongSide() const; // what a page or an image is rendered at, from the pane's size

    session::LibrarySession *session_;
    QLabel *titleLabel_ = nullptr;
    QLabel *positionLabel_ = nullptr;
    QToolButton *previousButton_ = nullptr;
    QToolButton *nextButton_ = nullptr;
    QToolButton *zoomOutButton_ = nullptr;
    QToolButton *zoomInButton_ = nullptr;
    QToolButton *zoomFitButton_ = nullptr;
    QToolButton *zoomActualButton_ = nullptr;
    QStackedWidget *stack_ = nullptr;
    QLabel *messageLabel_ = nullptr;
    QScrollArea *imageArea_ = nullptr;
    PageCanvas *canvas_ = nullptr;
    QTextBrowser *textView_ = nullptr;
    QLabel *captionLabel_ = nullptr;
    QTimer *loadingTimer_ = nullptr; // "Loading…" only when an answer takes a noticeable while

    qint64 itemId_ = 0;
    QStringList words_;
    int step_ = 0;                // pages or chunks from the hit's own
    std::optional<int> hitIndex_; // the hit's own page or chunk, once the first answer told it
    int count_ = 0;               // the document's pages or text chunks
    bool fit_ = true;             // the zoom follows the pane (a page's width, an image whole)
    std::optional<preview::Preview> shown_;
    QString errorText_;
    State state_ = State::Empty;
    LatestRequest latest_;
    bool inFlight_ = false;
    bool waiting_ = false; // a newer request waits for the one in flight
};

} // namespace cortex::ui
