#pragma once
// The query image as a chip next to the search field: a small thumbnail and a button that removes it.

#include <QFrame>
#include <QImage>

class QLabel;

namespace cortex::ui {

class ImageChip : public QFrame {
    Q_OBJECT
public:
    explicit ImageChip(QWidget *parent = nullptr);

    void setImage(const QImage &image); // a null image hides the chip
    QImage image() const { return image_; }

signals:
    void removeRequested();

private:
    QImage image_;
    QLabel *thumbnail_;
};

} // namespace cortex::ui
