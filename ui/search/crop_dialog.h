#pragma once
// Crops a query image before it is searched: the image scaled to fit, a rectangle dragged over it
// (CropView), OK for the selection, Reset for the whole image again, Cancel to keep the crop as it was.
// The selection is in the image's own pixels; OK is disabled while it is empty.

#include <QDialog>
#include <QImage>
#include <QRect>

class QLabel;
class QPushButton;

namespace cortex::ui {

class CropView;

class CropDialog : public QDialog {
    Q_OBJECT
public:
    // `selection`: the crop to start from, in `image`'s pixels; an empty one selects the whole image.
    explicit CropDialog(const QImage &image, const QRect &selection = {}, QWidget *parent = nullptr);

    QRect selection() const;
    void setSelection(const QRect &imagePixels); // clamped to the image
    void reset();                                // the whole image
    // The selected pixels: the image itself when the whole of it is selected, null when nothing is.
    QImage croppedImage() const;
    CropView *view() const { return view_; }

private:
    void updateState();

    QImage image_;
    CropView *view_;
    QLabel *sizeLabel_;
    QPushButton *okButton_ = nullptr;
};

} // namespace cortex::ui
