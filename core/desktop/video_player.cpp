#include "desktop/video_player.h"

#include <QMimeDatabase>
#include <QStandardPaths>

#include <algorithm>
#include <cmath>

namespace cortex::desktop {

namespace {

// A relative name starting with '-' would be read as an option by every player; "./" keeps it a file.
// (Library paths are absolute; the guard is for any caller.)
QString safeFileArgument(const QString &file)
{
    if (file.startsWith(u'-'))
        return QStringLiteral("./") + file;
    return file;
}

QString wholeSeconds(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        seconds = 0;
    // A week is the longest video the decoder opens; the cap only keeps the integer conversion defined.
    return QString::number(static_cast<qint64>(std::floor(std::min(seconds, 1e12))));
}

} // namespace

VideoPlayer videoPlayerOf(const QString &desktopIdOrProgram)
{
    QString name = desktopIdOrProgram.trimmed().toLower();
    if (name.endsWith(QStringLiteral(".desktop")))
        name.chop(8);
    if (name == u"mpv" || name == u"io.mpv.mpv" || name == u"umpv")
        return VideoPlayer::Mpv;
    if (name == u"vlc" || name == u"org.videolan.vlc")
        return VideoPlayer::Vlc;
    if (name == u"celluloid" || name == u"io.github.celluloid_player.celluloid" ||
        name == u"io.github.gnomempv" || name == u"gnome-mpv")
        return VideoPlayer::Celluloid;
    if (name == u"totem" || name == u"org.gnome.totem")
        return VideoPlayer::Totem;
    return VideoPlayer::Unknown;
}

std::optional<ViewerCommand> videoStartCommand(VideoPlayer player, const QString &file, double seconds)
{
    const QString at = wholeSeconds(seconds);
    const QString f = safeFileArgument(file);
    // Each option from the player's own manual: mpv(1) --start, vlc --help --start-time, celluloid --help
    // (--mpv-OPTION passes an option to its mpv). Totem has no start option: its --help lists none, and
    // its source (src/totem-options.c) has only a hidden "--seek" that the code passing the files on to
    // the running player does not use; so Totem gets the file alone, from its beginning (nullopt below),
    // and the window says where the segment starts.
    switch (player) {
    case VideoPlayer::Mpv:
        return ViewerCommand{QStringLiteral("mpv"), {QStringLiteral("--start=") + at, f}};
    case VideoPlayer::Vlc:
        return ViewerCommand{QStringLiteral("vlc"), {QStringLiteral("--start-time=") + at, f}};
    case VideoPlayer::Celluloid:
        return ViewerCommand{QStringLiteral("celluloid"), {QStringLiteral("--mpv-start=") + at, f}};
    case VideoPlayer::Totem:
    case VideoPlayer::Unknown:
        break;
    }
    return std::nullopt;
}

QString chooseVideoPlayer(const QString &mimeType, const QStringList &mimeappsFiles,
                          const std::function<bool(const QString &program)> &onPath)
{
    if (QString id = defaultApplication(mimeType, mimeappsFiles); !id.isEmpty())
        return id;
    for (const char *program : {"mpv", "vlc", "celluloid", "totem"})
        if (onPath(QLatin1String(program)))
            return QLatin1String(program);
    return {};
}

QString videoPlayerFor(const QString &file)
{
    const QString mimeType = QMimeDatabase().mimeTypeForFile(file).name();
    return chooseVideoPlayer(mimeType, mimeappsListFiles(), [](const QString &program) {
        return !QStandardPaths::findExecutable(program).isEmpty();
    });
}

} // namespace cortex::desktop
