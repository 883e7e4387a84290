#include "ui/ingest/drop_zone.h"

#include "ui/common/icons.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QUrl>

namespace cortex::ui {

QStringList localPaths(const QMimeData *mime)
{
    QStringList paths;
    if (!mime || !mime->hasUrls())
        return paths;
    for (const QUrl &url : mime->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    return paths;
}

DropZone::DropZone(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("ingestDropZone"));
    setAcceptDrops(true);
    setFrameShape(QFrame::StyledPanel);
    setFrameShadow(QFrame::Sunken);
    setMinimumHeight(64);
    auto *layout = new QHBoxLayout(this);
    layout->addStretch();
    auto *icon = new QLabel(this);
    icon->setPixmap(themedIcon(QStringLiteral("document-import")).pixmap(32, 32));
    icon->setAlignment(Qt::AlignCenter);
    auto *text = new QLabel(tr("Drop files and folders here"), this);
    text->setAlignment(Qt::AlignCenter);
    layout->addWidget(icon);
    layout->addWidget(text);
    layout->addStretch();
}

void DropZone::setHighlighted(bool on)
{
    setFrameShadow(on ? QFrame::Raised : QFrame::Sunken);
    setBackgroundRole(on ? QPalette::Highlight : QPalette::Window);
    setAutoFillBackground(on);
}

void DropZone::dragEnterEvent(QDragEnterEvent *event)
{
    if (!localPaths(event->mimeData()).isEmpty()) {
        event->acceptProposedAction();
        setHighlighted(true);
    }
}

void DropZone::dragMoveEvent(QDragMoveEvent *event)
{
    if (!localPaths(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void DropZone::dragLeaveEvent(QDragLeaveEvent *)
{
    setHighlighted(false);
}

void DropZone::dropEvent(QDropEvent *event)
{
    setHighlighted(false);
    const QStringList paths = localPaths(event->mimeData());
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    emit pathsDropped(paths);
}

} // namespace cortex::ui
