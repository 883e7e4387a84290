#include "application/open_document.h"

#include "desktop/video_player.h"

#include <QDesktopServices>
#include <QProcess>
#include <QUrl>

#include <optional>

namespace cortex::application {

namespace {

// The viewer's command when there is one and it started, else the file through the desktop.
Opened startOrOpen(const DesktopLauncher &launcher, const std::optional<desktop::ViewerCommand> &command,
                   const QString &path)
{
    if (command && launcher.start && launcher.start(*command))
        return Opened::AtPosition;
    return launcher.openPath && launcher.openPath(path) ? Opened::FromBeginning : Opened::NotOpened;
}

} // namespace

DesktopLauncher systemDesktopLauncher()
{
    DesktopLauncher launcher;
    launcher.start = [](const desktop::ViewerCommand &command) {
        return QProcess::startDetached(command.program, command.arguments);
    };
    launcher.openPath = [](const QString &path) {
        return QDesktopServices::openUrl(QUrl::fromLocalFile(path));
    };
    launcher.videoPlayerFor = [](const QString &file) {
        return desktop::videoPlayerFor(file);
    };
    launcher.pdfViewer = [] {
        return desktop::defaultApplication(QStringLiteral("application/pdf"), desktop::mimeappsListFiles());
    };
    return launcher;
}

Opened openPdfAtPage(const DesktopLauncher &launcher, const QString &path, int page)
{
    std::optional<desktop::ViewerCommand> command;
    if (page > 0 && launcher.pdfViewer)
        command = desktop::pageCommand(launcher.pdfViewer(), path, page);
    return startOrOpen(launcher, command, path);
}

Opened openVideoAtSeconds(const DesktopLauncher &launcher, const QString &path, double seconds)
{
    const QString player = launcher.videoPlayerFor ? launcher.videoPlayerFor(path) : QString();
    return startOrOpen(launcher, desktop::videoStartCommand(desktop::videoPlayerOf(player), path, seconds),
                       path);
}

} // namespace cortex::application
