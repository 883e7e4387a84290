#pragma once
// Opening a video at a moment with the user's own player. Desktop openers (xdg-open, QDesktopServices)
// take a file and nothing else, so a hit at 41:20 would start at 0:00. The players that take a start
// time on their command line are started at it: the default application for the file's MIME type
// (mimeapps.list, as page_opener.h reads it), or when there is none the first of mpv, VLC, Celluloid and
// Totem found on PATH. A player without a start option (Totem) or unknown to Cortex gets the file alone,
// through the desktop, and the window says that it starts at the beginning.
//
// The command is an argument list for QProcess::startDetached, never a shell line: file names are
// hostile (spaces, quotes, a leading dash that a player would read as an option).

#include "desktop/page_opener.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace cortex::desktop {

enum class VideoPlayer { Mpv, Vlc, Celluloid, Totem, Unknown };

// The player a desktop file id ("io.mpv.Mpv.desktop", "vlc.desktop") or program name ("mpv") names.
VideoPlayer videoPlayerOf(const QString &desktopIdOrProgram);

// The command that starts `player` at `seconds` into `file` (whole seconds, rounded down; a negative or
// non-finite time is 0), or nullopt for a player without a start option.
std::optional<ViewerCommand> videoStartCommand(VideoPlayer player, const QString &file, double seconds);

// The player for a video of `mimeType`: the desktop id of the default application when there is one,
// else the first of mpv, vlc, celluloid, totem for which `onPath` says yes (by program name), else "".
QString chooseVideoPlayer(const QString &mimeType, const QStringList &mimeappsFiles,
                          const std::function<bool(const QString &program)> &onPath);

// The same for the computer Cortex runs on: the file's MIME type from its name and content, this
// desktop's mimeapps.list files, and PATH.
QString videoPlayerFor(const QString &file);

} // namespace cortex::desktop
