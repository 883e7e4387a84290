#pragma once
// The Ingest tab's target for files and folders dragged from the desktop's file manager.

#include <QFrame>
#include <QStringList>

class QMimeData;

namespace cortex::ui {

class DropZone : public QFrame {
    Q_OBJECT
public:
    explicit DropZone(QWidget *parent = nullptr);

signals:
    void pathsDropped(const QStringList &paths);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dragLeaveEvent(QDragLeaveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void setHighlighted(bool on);
};

// The local files among a drag's URLs (remote URLs cannot be ingested).
QStringList localPaths(const QMimeData *mime);

} // namespace cortex::ui
