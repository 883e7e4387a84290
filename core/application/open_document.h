#pragma once
// Opening a search hit's file with the user's own applications, for the window's "Open": a PDF at the
// hit's page when the default PDF viewer takes a page (desktop/page_opener.h), a video at the segment's
// start when the player takes a start time (desktop/video_player.h), and otherwise the file through the
// desktop, from its beginning. Every program is started through a DesktopLauncher, so that a test sees
// the command lines and the files opened without any program starting.

#include "desktop/page_opener.h"

#include <QString>

#include <functional>

namespace cortex::application {

struct DesktopLauncher {
    // Starts a program with an argument list, never through a shell (QProcess::startDetached); true
    // when it started.
    std::function<bool(const desktop::ViewerCommand &)> start;
    // Opens a file or folder with the desktop's application for it (QDesktopServices::openUrl); true
    // when an application took it.
    std::function<bool(const QString &path)> openPath;
    // The desktop id or program name of the video player for a file (desktop::videoPlayerFor: the
    // default application for its type, else the first known player on PATH), or "".
    std::function<QString(const QString &file)> videoPlayerFor;
    // The desktop id of the default PDF viewer (mimeapps.list), or "".
    std::function<QString()> pdfViewer;
};

// The launcher of this computer: the defaults named above.
DesktopLauncher systemDesktopLauncher();

enum class Opened {
    AtPosition,    // at the page or the moment
    FromBeginning, // the file alone: the application takes no page or start time (or did not start)
    NotOpened,     // no application took the file
};

// `page` is 1-based; 0 or less opens the file.
Opened openPdfAtPage(const DesktopLauncher &launcher, const QString &path, int page);
Opened openVideoAtSeconds(const DesktopLauncher &launcher, const QString &path, double seconds);

} // namespace cortex::application
