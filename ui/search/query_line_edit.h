#pragma once
// The search field: text as usual, and an image pasted (Ctrl+V with an image on the clipboard) or
// dropped (an image file or image data) becomes the query image instead of text; a dropped video file
// becomes the query's video.

#include <QImage>
#include <QLineEdit>

class QMimeData;

namespace cortex::ui {

class QueryLineEdit : public QLineEdit {
    Q_OBJECT
public:
    using QLineEdit::QLineEdit;

signals:
    void imageReceived(const QImage &image);
    // A dropped local file that is a video (by its name and content): it becomes the query's video.
    void videoReceived(const QString &path);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
};

// The image a drag or the clipboard carries: image data, or a local image file's contents; null if none.
QImage imageFromMime(const QMimeData *mime);
// The first local file a drag carries that is named as a video (QMimeDatabase by extension: video/*), or
// an empty string; whether it really is one is the decoder's answer, which the search shows.
QString videoFromMime(const QMimeData *mime);

} // namespace cortex::ui
