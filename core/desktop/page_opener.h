#pragma once
// Opening a document at a page with the user's own viewer. Desktop openers (xdg-open, QDesktopServices)
// take a file and nothing else, so a PDF hit on page 37 would open at page 1. Most PDF viewers take a
// page on their command line, each in its own way: the default application for the MIME type is read
// from the desktop's mimeapps.list files (XDG MIME Applications spec), and a viewer Cortex knows is
// started at the page; any other one gets the file alone.

#include <QString>
#include <QStringList>

#include <optional>

namespace cortex::desktop {

struct ViewerCommand {
    QString program;       // the executable's name, looked up in PATH when started
    QStringList arguments; // the file and the page, as this viewer wants them

    bool operator==(const ViewerCommand &) const = default;
};

// The mimeapps.list files in the order the XDG spec consults them: the config home, the config dirs,
// then the applications/ folders of the data home and the data dirs (desktop-specific files such as
// kde-mimeapps.list before the plain ones, per $XDG_CURRENT_DESKTOP).
QStringList mimeappsListFiles();

// The desktop file id of the default application for `mimeType` ("org.gnome.Evince.desktop"), or an
// empty string: the first [Default Applications] entry of the first file that has one, else the first
// [Added Associations] entry.
QString defaultApplication(const QString &mimeType, const QStringList &mimeappsFiles);

// How the viewer with this desktop id opens `file` at `page` (1-based), or nullopt for a viewer that
// takes no page (or that Cortex does not know).
std::optional<ViewerCommand> pageCommand(const QString &desktopId, const QString &file, int page);

} // namespace cortex::desktop
