#pragma once
// One query image as a chip next to the search field: its thumbnail, which opens the crop dialog when
// clicked, and a button that removes it.

#include <QFrame>
#include <QImage>

class QToolButton;

namespace cortex::ui {

class ImageChip : public QFrame {
    Q_OBJECT
public:
    explicit ImageChip(QWidget *parent = nullptr);

    // A null image hides the chip. `sourceSize`: the size of the image that `image` was cropped from,
    // for the tooltip; an invalid size or the image's own means it is whole.
    void setImage(const QImage &image, QSize sourceSize = {});
    QImage image() const { return image_; }

signals:
    void cropRequested();
    void removeRequested();

private:
    QImage image_;
    QToolButton *thumbnail_;
};

} // namespace cortex::ui
