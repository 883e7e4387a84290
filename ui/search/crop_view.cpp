#include "ui/search/crop_view.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QRubberBand>

#include <algorithm>
#include <cmath>

namespace cortex::ui {

namespace {
constexpr QSize kPreferredSize(640, 480);
constexpr QSize kMinimumSize(160, 120);
constexpr int kPreviewSide = 2048; // more than a screen shows of it
} // namespace

CropView::CropView(const QImage &image, QWidget *parent)
    : QWidget(parent), image_(image), selection_(image.rect()),
      band_(new QRubberBand(QRubberBand::Rectangle, this))
{
    setObjectName(QStringLiteral("searchCropView"));
    preview_ = image.width() > kPreviewSide || image.height() > kPreviewSide
                   ? image.scaled(kPreviewSide, kPreviewSide, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                   : image;
    band_->setObjectName(QStringLiteral("searchCropRubberBand"));
    setCursor(Qt::CrossCursor);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

QSize CropView::sizeHint() const
{
    if (image_.isNull())
        return kPreferredSize;
    // Small images are enlarged too, so that a few pixels can still be selected with the mouse.
    return image_.size().scaled(kPreferredSize, Qt::KeepAspectRatio).expandedTo(kMinimumSize);
}

QSize CropView::minimumSizeHint() const
{
    return kMinimumSize;
}

QRectF CropView::imageArea() const
{
    if (image_.isNull() || width() <= 0 || height() <= 0)
        return {};
    const double scale = std::min(double(width()) / image_.width(), double(height()) / image_.height());
    const QSizeF size(image_.width() * scale, image_.height() * scale);
    return QRectF(QPointF((width() - size.width()) / 2, (height() - size.height()) / 2), size);
}

QPointF CropView::toImage(QPointF widgetPos) const
{
    const QRectF area = imageArea();
    if (area.isEmpty())
        return {};
    const double scale = area.width() / image_.width();
    return QPointF(std::clamp((widgetPos.x() - area.left()) / scale, 0.0, double(image_.width())),
                   std::clamp((widgetPos.y() - area.top()) / scale, 0.0, double(image_.height())));
}

void CropView::setSelection(const QRect &imagePixels)
{
    const QRect clamped = imagePixels.normalized().intersected(image_.rect());
    const QRect next = clamped.isEmpty() ? QRect() : clamped;
    if (next == selection_)
        return;
    selection_ = next;
    updateRubberBand();
    update();
    emit selectionChanged(selection_);
}

void CropView::selectBetween(QPointF a, QPointF b)
{
    // The selection's edges are the pixel edges nearest to the two corners.
    const int left = int(std::lround(std::min(a.x(), b.x())));
    const int right = int(std::lround(std::max(a.x(), b.x())));
    const int top = int(std::lround(std::min(a.y(), b.y())));
    const int bottom = int(std::lround(std::max(a.y(), b.y())));
    setSelection(QRect(left, top, right - left, bottom - top));
}

void CropView::updateRubberBand()
{
    const QRectF area = imageArea();
    if (selection_.isEmpty() || area.isEmpty()) {
        band_->hide();
        return;
    }
    const double scale = area.width() / image_.width();
    const QRectF onScreen(area.left() + selection_.x() * scale, area.top() + selection_.y() * scale,
                          selection_.width() * scale, selection_.height() * scale);
    band_->setGeometry(onScreen.toAlignedRect());
    band_->show();
}

void CropView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    const QRectF area = imageArea();
    scaled_ = area.isEmpty() ? QPixmap()
                             : QPixmap::fromImage(preview_.scaled(area.size().toSize(), Qt::KeepAspectRatio,
                                                                  Qt::SmoothTransformation));
    updateRubberBand();
}

void CropView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QRectF area = imageArea();
    if (area.isEmpty())
        return;
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawPixmap(area, scaled_, QRectF(scaled_.rect()));
    // What the crop leaves out is dimmed, so that the part that will be searched stands out.
    if (!selection_.isEmpty() && selection_ != image_.rect()) {
        QPainterPath outside;
        outside.addRect(area);
        QPainterPath inside;
        inside.addRect(QRectF(band_->geometry()));
        painter.fillPath(outside.subtracted(inside), QColor(0, 0, 0, 128));
    }
}

void CropView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    dragging_ = true;
    anchor_ = toImage(event->position());
    selectBetween(anchor_, anchor_);
    event->accept();
}

void CropView::mouseMoveEvent(QMouseEvent *event)
{
    if (!dragging_) {
        QWidget::mouseMoveEvent(event);
        return;
    }
    selectBetween(anchor_, toImage(event->position()));
    event->accept();
}

void CropView::mouseReleaseEvent(QMouseEvent *event)
{
    if (!dragging_ || event->button() != Qt::LeftButton) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    selectBetween(anchor_, toImage(event->position()));
    dragging_ = false;
    event->accept();
}

} // namespace cortex::ui
