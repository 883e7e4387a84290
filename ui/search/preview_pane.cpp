#include "ui/search/preview_pane.h"

#include "common/time_range.h"
#include "session/library_session.h"
#include "ui/common/icons.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPaintEvent>
#include <QPainter>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QStyle>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <functional>

namespace cortex::ui {

namespace {

constexpr double kMinZoom = 0.05;
constexpr double kMaxZoom = 8.0;
constexpr double kZoomFactor = 1.25;

QToolButton *makeToolButton(const QString &icon, const QString &toolTip, const QString &objectName,
                            QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setObjectName(objectName);
    button->setIcon(themedIcon(icon));
    button->setToolTip(toolTip);
    button->setAutoRaise(true);
    return button;
}

} // namespace

// A rendered page or an image at a zoom factor, with the page's highlights drawn over it. Below 100% it
// paints a copy scaled down smoothly once per zoom; at 100% and above it paints the exposed part of the
// image only, so that a 4096-pixel page at 800% never needs a picture of that size.
class PageCanvas : public QWidget {
public:
    using QWidget::QWidget;

    std::function<void(int steps)> wheelZoom; // Ctrl+wheel: steps up (+) or down (-)

    void setPicture(const QImage &image, const QList<QRectF> &highlights)
    {
        image_ = image;
        highlights_ = highlights;
        scaled_ = {};
        resize(displaySize());
        update();
    }
    const QImage &image() const { return image_; }
    const QList<QRectF> &highlights() const { return highlights_; }
    double zoom() const { return zoom_; }
    void setZoom(double zoom)
    {
        zoom_ = std::clamp(zoom, kMinZoom, kMaxZoom);
        scaled_ = {};
        resize(displaySize());
        update();
    }
    QSize displaySize() const
    {
        return QSize(std::max(1, int(std::lround(image_.width() * zoom_))),
                     std::max(1, int(std::lround(image_.height() * zoom_))));
    }
    QRectF onScreen(const QRectF &r) const
    {
        return QRectF(r.x() * zoom_, r.y() * zoom_, r.width() * zoom_, r.height() * zoom_);
    }

protected:
    void paintEvent(QPaintEvent *event) override
    {
        if (image_.isNull())
            return;
        QPainter painter(this);
        if (zoom_ < 1.0) {
            if (scaled_.isNull())
                scaled_ = QPixmap::fromImage(
                    image_.scaled(displaySize(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
            painter.drawPixmap(event->rect(), scaled_, event->rect());
        } else {
            const QRectF target = event->rect();
            const QRectF source(target.x() / zoom_, target.y() / zoom_, target.width() / zoom_,
                                target.height() / zoom_);
            painter.drawImage(target, image_, source);
        }
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(QColor(0xe0, 0x7b, 0x00), 1.5));
        painter.setBrush(QColor(0xff, 0xd8, 0x00, 96));
        for (const QRectF &r : highlights_)
            painter.drawRect(onScreen(r).adjusted(-1, -1, 1, 1));
    }
    void wheelEvent(QWheelEvent *event) override
    {
        if (!(event->modifiers() & Qt::ControlModifier) || !wheelZoom) {
            event->ignore(); // the scroll area scrolls
            return;
        }
        if (const int steps = event->angleDelta().y() / 120; steps != 0)
            wheelZoom(steps);
        event->accept();
    }

private:
    QImage image_;
    QList<QRectF> highlights_;
    QPixmap scaled_; // image_ at zoom_ when below 100%
    double zoom_ = 1.0;
};

PreviewPane::PreviewPane(session::LibrarySession *session, QWidget *parent)
    : QWidget(parent), session_(session)
{
    setObjectName(QStringLiteral("searchPreviewPane"));

    titleLabel_ = new QLabel(this);
    titleLabel_->setObjectName(QStringLiteral("searchPreviewTitle"));
    titleLabel_->setTextFormat(Qt::PlainText);
    titleLabel_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    QFont bold = titleLabel_->font();
    bold.setBold(true);
    titleLabel_->setFont(bold);
    positionLabel_ = new QLabel(this);
    positionLabel_->setObjectName(QStringLiteral("searchPreviewPosition"));
    previousButton_ = makeToolButton(QStringLiteral("go-previous"), tr("Previous page, chunk or frame"),
                                     QStringLiteral("searchPreviewPrevious"), this);
    nextButton_ = makeToolButton(QStringLiteral("go-next"), tr("Next page, chunk or frame"),
                                 QStringLiteral("searchPreviewNext"), this);
    zoomOutButton_ = makeToolButton(QStringLiteral("zoom-out"), tr("Zoom out (-, Ctrl+wheel)"),
                                    QStringLiteral("searchPreviewZoomOut"), this);
    zoomInButton_ = makeToolButton(QStringLiteral("zoom-in"), tr("Zoom in (+, Ctrl+wheel)"),
                                   QStringLiteral("searchPreviewZoomIn"), this);
    zoomFitButton_ = makeToolButton(QStringLiteral("zoom-fit-best"), tr("Fit to the pane (0)"),
                                    QStringLiteral("searchPreviewZoomFit"), this);
    zoomActualButton_ = makeToolButton(QStringLiteral("zoom-original"), tr("Actual size, 100% (1)"),
                                       QStringLiteral("searchPreviewZoomActual"), this);
    connect(previousButton_, &QToolButton::clicked, this, &PreviewPane::showPrevious);
    connect(nextButton_, &QToolButton::clicked, this, &PreviewPane::showNext);
    connect(zoomOutButton_, &QToolButton::clicked, this, &PreviewPane::zoomOut);
    connect(zoomInButton_, &QToolButton::clicked, this, &PreviewPane::zoomIn);
    connect(zoomFitButton_, &QToolButton::clicked, this, &PreviewPane::zoomToFit);
    connect(zoomActualButton_, &QToolButton::clicked, this, &PreviewPane::zoomToActualSize);

    auto *header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(titleLabel_, 1);
    header->addWidget(positionLabel_);
    header->addWidget(previousButton_);
    header->addWidget(nextButton_);
    header->addSpacing(6);
    header->addWidget(zoomOutButton_);
    header->addWidget(zoomInButton_);
    header->addWidget(zoomFitButton_);
    header->addWidget(zoomActualButton_);

    messageLabel_ = new QLabel(this);
    messageLabel_->setObjectName(QStringLiteral("searchPreviewMessage"));
    messageLabel_->setAlignment(Qt::AlignCenter);
    messageLabel_->setWordWrap(true);
    messageLabel_->setTextFormat(Qt::PlainText);
    messageLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    messageLabel_->setForegroundRole(QPalette::PlaceholderText);

    canvas_ = new PageCanvas;
    canvas_->setObjectName(QStringLiteral("searchPreviewCanvas"));
    canvas_->wheelZoom = [this](int steps) {
        setZoom(canvas_->zoom() * std::pow(kZoomFactor, steps));
    };
    imageArea_ = new QScrollArea(this);
    imageArea_->setObjectName(QStringLiteral("searchPreviewImageArea"));
    imageArea_->setAlignment(Qt::AlignCenter);
    imageArea_->setBackgroundRole(QPalette::Dark);
    imageArea_->setWidget(canvas_);
    imageArea_->viewport()->installEventFilter(this);

    textView_ = new QTextBrowser(this);
    textView_->setObjectName(QStringLiteral("searchPreviewText"));
    textView_->setOpenLinks(false);
    textView_->setLineWrapMode(QTextEdit::WidgetWidth);

    stack_ = new QStackedWidget(this);
    stack_->addWidget(messageLabel_);
    stack_->addWidget(imageArea_);
    stack_->addWidget(textView_);

    // Under a video frame: the subtitle line on screen at its time, the query's words marked.
    captionLabel_ = new QLabel(this);
    captionLabel_->setObjectName(QStringLiteral("searchPreviewCaption"));
    captionLabel_->setAlignment(Qt::AlignCenter);
    captionLabel_->setWordWrap(true);
    captionLabel_->setTextFormat(Qt::RichText);
    captionLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    captionLabel_->setContentsMargins(6, 4, 6, 4);
    captionLabel_->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(stack_, 1);
    layout->addWidget(captionLabel_);

    loadingTimer_ = new QTimer(this);
    loadingTimer_->setSingleShot(true);
    loadingTimer_->setInterval(250);
    connect(loadingTimer_, &QTimer::timeout, this, [this] {
        if (state_ == State::Loading)
            showMessage(tr("Loading the preview…"));
    });
    clear();
}

void PreviewPane::showItem(qint64 itemId, const QStringList &words, const QString &title)
{
    if (itemId <= 0) {
        clear();
        return;
    }
    titleLabel_->setText(title);
    titleLabel_->setToolTip(title);
    if (itemId == itemId_ && words == words_ && state_ != State::Empty)
        return;
    itemId_ = itemId;
    words_ = words;
    step_ = 0;
    hitIndex_.reset();
    count_ = 0;
    shown_.reset(); // what is on screen stays until the answer, but it is no longer this item's
    fit_ = true;
    request();
}

void PreviewPane::clear()
{
    latest_.invalidate(); // an answer in flight is for a hit no longer current
    waiting_ = false;
    loadingTimer_->stop();
    itemId_ = 0;
    words_.clear();
    step_ = 0;
    hitIndex_.reset();
    count_ = 0;
    shown_.reset();
    errorText_.clear();
    titleLabel_->clear();
    titleLabel_->setToolTip({});
    showCaption({});
    showMessage(tr("Select a result to preview it. Space shows or hides the preview."));
    state_ = State::Empty;
    updateControls();
}

int PreviewPane::highlightCount() const
{
    if (!shown_)
        return 0;
    return shown_->kind == preview::PreviewKind::Text || shown_->kind == preview::PreviewKind::VideoFrame
               ? int(shown_->matches.size())
               : int(shown_->highlights.size());
}

QString PreviewPane::captionText() const
{
    return captionLabel_->isVisibleTo(this) && shown_ ? shown_->text : QString();
}

QList<QRectF> PreviewPane::pageHighlights() const
{
    return shown_ && shown_->kind == preview::PreviewKind::Page ? shown_->highlights : QList<QRectF>();
}

double PreviewPane::zoom() const
{
    return canvas_->zoom();
}

// The steps count from the hit's own page or chunk, and stop at the document's ends even while
// earlier steps are still rendering (two quick clicks at the last page but one go one page on).
void PreviewPane::showNext()
{
    if (!hitIndex_ || *hitIndex_ + step_ + 1 >= count_)
        return;
    ++step_;
    request();
}

void PreviewPane::showPrevious()
{
    if (!hitIndex_ || *hitIndex_ + step_ <= 0)
        return;
    --step_;
    request();
}

int PreviewPane::renderLongSide() const
{
    // Twice the pane's longer side on screen: sharp when it fills the pane, and when zoomed in a little.
    const QSize pane = stack_->size();
    const int side = int(2 * std::max(pane.width(), pane.height()) * devicePixelRatioF());
    return std::clamp(side, 1024, 4096);
}

void PreviewPane::request()
{
    application::PreviewRequest wanted;
    wanted.itemId = itemId_;
    wanted.words = words_;
    wanted.longSide = renderLongSide();
    wanted.step = step_;
    state_ = State::Loading;
    updateControls();
    if (!loadingTimer_->isActive())
        loadingTimer_->start();
    if (inFlight_) {
        waiting_ = true; // sent when the one in flight answers; only the newest waits
        latest_.invalidate();
        return;
    }
    start(wanted);
}

void PreviewPane::start(const application::PreviewRequest &wanted)
{
    inFlight_ = true;
    waiting_ = false;
    const auto ticket = latest_.start();
    application::previewItem(*session_, wanted)
        .then(this, [this, ticket](const Result<preview::Preview> &answer) {
            inFlight_ = false;
            if (waiting_) {
                request(); // the request made while this one rendered, with what is current now
                return;
            }
            if (latest_.isLatest(ticket))
                present(answer);
        });
}

void PreviewPane::present(const Result<preview::Preview> &answer)
{
    loadingTimer_->stop();
    showCaption(answer && answer->kind == preview::PreviewKind::VideoFrame ? *answer : preview::Preview{});
    if (!answer) {
        shown_.reset();
        errorText_ = QString::fromStdString(answer.error().message);
        showMessage(tr("No preview: %1").arg(errorText_));
        state_ = State::Error;
    } else {
        shown_ = *answer;
        if (!hitIndex_)
            hitIndex_ = shown_->index; // the first answer for an item is for its own page or chunk
        count_ = shown_->count;
        errorText_.clear();
        if (shown_->kind == preview::PreviewKind::Text) {
            showText(*shown_);
            state_ = State::Text;
        } else {
            showPage(*shown_);
            state_ = shown_->kind == preview::PreviewKind::Page         ? State::Page
                     : shown_->kind == preview::PreviewKind::VideoFrame ? State::VideoFrame
                                                                        : State::Image;
        }
    }
    updateControls();
    emit previewShown();
}

void PreviewPane::showMessage(const QString &text)
{
    messageLabel_->setText(text);
    stack_->setCurrentWidget(messageLabel_);
}

void PreviewPane::showPage(const preview::Preview &preview)
{
    stack_->setCurrentWidget(imageArea_);
    canvas_->setPicture(preview.image, preview.highlights);
    if (fit_)
        zoomToFit();
    // The first match in view (with some of the page around it), else the page's top.
    if (!preview.highlights.isEmpty()) {
        const QRectF first = canvas_->onScreen(preview.highlights.first());
        imageArea_->ensureVisible(int(first.center().x()), int(first.center().y()),
                                  int(first.width() / 2) + 48, int(first.height() / 2) + 96);
    } else {
        imageArea_->verticalScrollBar()->setValue(0);
        imageArea_->horizontalScrollBar()->setValue(0);
    }
}

void PreviewPane::showCaption(const preview::Preview &frame)
{
    if (frame.text.isEmpty()) {
        captionLabel_->hide();
        captionLabel_->clear();
        return;
    }
    // Escaped text between the matches, each match on yellow as in the text preview; lines as in the cue.
    QString html;
    int at = 0;
    const auto plain = [&](int from, int to) {
        html += frame.text.mid(from, to - from).toHtmlEscaped();
    };
    for (const preview::TextRange &m : frame.matches) {
        if (m.start < at || m.start + m.length > frame.text.size())
            continue;
        plain(at, m.start);
        html += QStringLiteral("<span style=\"background-color:#ffd800;color:#000000;font-weight:bold\">") +
                frame.text.mid(m.start, m.length).toHtmlEscaped() + QStringLiteral("</span>");
        at = m.start + m.length;
    }
    plain(at, int(frame.text.size()));
    html.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    captionLabel_->setText(html);
    captionLabel_->show();
}

void PreviewPane::showText(const preview::Preview &preview)
{
    stack_->setCurrentWidget(textView_);
    textView_->setPlainText(preview.text);
    QTextCursor cursor(textView_->document());
    // The hit's chunk on a tinted background, the words marked on yellow (readable on light and dark).
    QTextCharFormat chunk;
    QColor tint = palette().color(QPalette::Highlight);
    tint.setAlpha(40);
    chunk.setBackground(tint);
    cursor.setPosition(preview.focus.start);
    cursor.setPosition(preview.focus.start + preview.focus.length, QTextCursor::KeepAnchor);
    cursor.mergeCharFormat(chunk);
    QTextCharFormat word;
    word.setBackground(QColor(0xff, 0xd8, 0x00));
    word.setForeground(Qt::black);
    word.setFontWeight(QFont::Bold);
    int scrollTo = preview.focus.start;
    bool inFocus = false;
    for (const preview::TextRange &m : preview.matches) {
        cursor.setPosition(m.start);
        cursor.setPosition(m.start + m.length, QTextCursor::KeepAnchor);
        cursor.mergeCharFormat(word);
        if (!inFocus && m.start >= preview.focus.start &&
            m.start < preview.focus.start + preview.focus.length) {
            scrollTo = m.start;
            inFocus = true;
        }
    }
    // The first match of the hit's chunk in view, else the chunk's start.
    textView_->moveCursor(QTextCursor::End);
    QTextCursor at(textView_->document());
    at.setPosition(scrollTo);
    textView_->setTextCursor(at);
    textView_->ensureCursorVisible();
}

void PreviewPane::updateControls()
{
    const bool image = shown_ && shown_->kind == preview::PreviewKind::Image;
    previousButton_->setVisible(!image);
    nextButton_->setVisible(!image);
    previousButton_->setEnabled(hitIndex_ && *hitIndex_ + step_ > 0);
    nextButton_->setEnabled(hitIndex_ && *hitIndex_ + step_ + 1 < count_);
    const bool zooms = shown_ && shown_->kind != preview::PreviewKind::Text;
    for (QToolButton *b : {zoomOutButton_, zoomInButton_, zoomFitButton_, zoomActualButton_})
        b->setVisible(zooms);
    if (!shown_)
        positionLabel_->clear();
    else if (shown_->kind == preview::PreviewKind::Page)
        positionLabel_->setText(tr("Page %1 of %2").arg(shown_->index + 1).arg(shown_->count));
    else if (shown_->kind == preview::PreviewKind::Text)
        positionLabel_->setText(tr("Chunk %1 of %2").arg(shown_->index + 1).arg(shown_->count));
    else if (shown_->kind == preview::PreviewKind::VideoFrame)
        positionLabel_->setText(tr("Frame %1 of %2, at %3")
                                    .arg(shown_->index + 1)
                                    .arg(shown_->count)
                                    .arg(QString::fromStdString(clockTime(shown_->seconds))));
    else
        positionLabel_->setText(tr("%1 × %2 px, %3%")
                                    .arg(shown_->image.width())
                                    .arg(shown_->image.height())
                                    .arg(qRound(canvas_->zoom() * 100)));
}

void PreviewPane::setZoom(double zoom)
{
    canvas_->setZoom(zoom);
    fit_ = false; // the user's zoom stays while the pane changes size and on the next page
    updateControls();
}

void PreviewPane::zoomIn()
{
    setZoom(canvas_->zoom() * kZoomFactor);
}

void PreviewPane::zoomOut()
{
    setZoom(canvas_->zoom() / kZoomFactor);
}

void PreviewPane::zoomToActualSize()
{
    setZoom(1.0);
}

void PreviewPane::zoomToFit()
{
    fit_ = true;
    const QImage &image = canvas_->image();
    if (image.isNull())
        return;
    // A page fits the pane's width (it is read scrolling down); an image fits whole. The width leaves
    // room for the vertical scroll bar, so that its coming does not change the fit.
    const int bar = style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, imageArea_);
    const QSize room = imageArea_->maximumViewportSize() - QSize(bar, 0);
    const double widthRatio = double(std::max(1, room.width())) / image.width();
    const double heightRatio = double(std::max(1, room.height())) / image.height();
    const bool page = shown_ && shown_->kind == preview::PreviewKind::Page;
    canvas_->setZoom(page ? widthRatio : std::min(widthRatio, heightRatio));
    updateControls();
}

bool PreviewPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == imageArea_->viewport() && event->type() == QEvent::Resize && fit_ &&
        stack_->currentWidget() == imageArea_)
        zoomToFit();
    return QWidget::eventFilter(watched, event);
}

void PreviewPane::keyPressEvent(QKeyEvent *event)
{
    void (PreviewPane::*zoom)() = nullptr;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoom = &PreviewPane::zoomIn;
        break;
    case Qt::Key_Minus:
        zoom = &PreviewPane::zoomOut;
        break;
    case Qt::Key_0:
        zoom = &PreviewPane::zoomToFit;
        break;
    case Qt::Key_1:
        zoom = &PreviewPane::zoomToActualSize;
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    if (shown_ && shown_->kind != preview::PreviewKind::Text)
        (this->*zoom)();
}

} // namespace cortex::ui
