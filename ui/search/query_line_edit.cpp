#include "ui/search/query_line_edit.h"

#include <QClipboard>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QGuiApplication>
#include <QImageReader>
#include <QKeyEvent>
#include <QMimeData>
#include <QMimeDatabase>
#include <QUrl>

namespace cortex::ui {

QImage imageFromMime(const QMimeData *mime)
{
    if (!mime)
        return {};
    if (mime->hasImage()) {
        const QImage image = qvariant_cast<QImage>(mime->imageData());
        if (!image.isNull())
            return image;
    }
    if (mime->hasUrls()) {
        for (const QUrl &url : mime->urls()) {
            if (!url.isLocalFile())
                continue;
            QImageReader reader(url.toLocalFile());
            if (!reader.canRead())
                continue;
            const QImage image = reader.read();
            if (!image.isNull())
                return image;
        }
    }
    return {};
}

QString videoFromMime(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    const QMimeDatabase types;
    for (const QUrl &url : mime->urls())
        if (url.isLocalFile() && types.mimeTypeForFile(url.toLocalFile(), QMimeDatabase::MatchExtension)
                                     .name()
                                     .startsWith(QLatin1String("video/")))
            return url.toLocalFile();
    return {};
}

namespace {
bool carriesImage(const QMimeData *mime)
{
    if (!mime)
        return false;
    if (!videoFromMime(mime).isEmpty())
        return true;
    if (mime->hasImage())
        return true;
    if (mime->hasUrls())
        for (const QUrl &url : mime->urls())
            if (url.isLocalFile() && !QImageReader::imageFormat(url.toLocalFile()).isEmpty())
                return true;
    return false;
}
} // namespace

void QueryLineEdit::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Paste)) {
        const QImage image = QGuiApplication::clipboard()->image();
        if (!image.isNull()) {
            emit imageReceived(image);
            event->accept();
            return;
        }
    }
    QLineEdit::keyPressEvent(event);
}

void QueryLineEdit::dragEnterEvent(QDragEnterEvent *event)
{
    if (carriesImage(event->mimeData()))
        event->acceptProposedAction();
    else
        QLineEdit::dragEnterEvent(event);
}

void QueryLineEdit::dragMoveEvent(QDragMoveEvent *event)
{
    if (carriesImage(event->mimeData()))
        event->acceptProposedAction();
    else
        QLineEdit::dragMoveEvent(event);
}

void QueryLineEdit::dropEvent(QDropEvent *event)
{
    if (const QString video = videoFromMime(event->mimeData()); !video.isEmpty()) {
        event->acceptProposedAction();
        emit videoReceived(video);
        return;
    }
    const QImage image = imageFromMime(event->mimeData());
    if (image.isNull()) {
        QLineEdit::dropEvent(event);
        return;
    }
    event->acceptProposedAction();
    emit imageReceived(image);
}

} // namespace cortex::ui
