#pragma once
// The crop dialog's image: scaled to fit the widget, with the selection shown as a rubber band over it.
// Dragging with the left button draws a new selection. The selection is kept in the image's own
// pixels, so the crop does not depend on the size the dialog happens to have.

#include <QImage>
#include <QPixmap>
#include <QRect>
#include <QWidget>

class QRubberBand;

namespace cortex::ui {

class CropView : public QWidget {
    Q_OBJECT
public:
    explicit CropView(const QImage &image, QWidget *parent = nullptr);

    QRect selection() const { return selection_; }
    // Clamped to the image; what lies outside it is dropped, and a selection that misses the image
    // becomes empty.
    void setSelection(const QRect &imagePixels);
    // Where the image is drawn, in widget coordinates.
    QRectF imageArea() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void selectionChanged(const QRect &imagePixels);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    QPointF toImage(QPointF widgetPos) const; // clamped to the image
    void selectBetween(QPointF a, QPointF b); // two corners in image coordinates
    void updateRubberBand();

    QImage image_;
    QImage preview_; // at most kPreviewSide pixels a side: what a resize scales, even for a huge image
    QPixmap scaled_; // the image at the size it is drawn, made once per resize
    QRect selection_;
    QPointF anchor_; // where the drag started, in image coordinates
    bool dragging_ = false;
    QRubberBand *band_;
};

} // namespace cortex::ui
