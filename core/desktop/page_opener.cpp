#include "desktop/page_opener.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTextStream>
#include <QUrl>

namespace cortex::desktop {

namespace {

QStringList splitPaths(const QByteArray &value, const QStringList &fallback)
{
    QStringList paths;
    for (const QString &p : QString::fromLocal8Bit(value).split(u':', Qt::SkipEmptyParts))
        paths << p;
    return paths.isEmpty() ? fallback : paths;
}

QString homeDir(const char *variable, const QString &fallback)
{
    const QByteArray value = qgetenv(variable);
    return value.isEmpty() ? QDir::homePath() + fallback : QString::fromLocal8Bit(value);
}

// The entries of one group of a mimeapps.list for `mimeType`: "a.desktop;b.desktop;" -> [a, b].
QStringList entriesOf(const QString &file, const QString &group, const QString &mimeType)
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QTextStream stream(&in);
    bool inGroup = false;
    const QString key = mimeType + u'=';
    // A mimeapps.list is a few kilobytes; a hostile one is bounded by the line cap.
    constexpr qsizetype kLongestLine = 64 * 1024;
    while (!stream.atEnd()) {
        const QString line = stream.readLine(kLongestLine).trimmed();
        if (line.startsWith(u'[')) {
            inGroup = line == u'[' + group + u']';
            continue;
        }
        if (inGroup && line.startsWith(key))
            return line.mid(key.size()).split(u';', Qt::SkipEmptyParts);
    }
    return {};
}

// Known viewers by the name their desktop files have (with or without reverse-DNS prefix). Each
// command comes from the viewer's own --help or manual page; the page is 1-based in all of them.
std::optional<ViewerCommand> commandFor(const QString &name, const QString &file, int page)
{
    const QString n = QString::number(page);
    if (name == u"org.gnome.evince" || name == u"evince")
        return ViewerCommand{QStringLiteral("evince"), {QStringLiteral("--page-index=") + n, file}};
    if (name == u"xreader")
        return ViewerCommand{QStringLiteral("xreader"), {QStringLiteral("--page-index=") + n, file}};
    if (name == u"atril")
        return ViewerCommand{QStringLiteral("atril"), {QStringLiteral("--page-index=") + n, file}};
    if (name == u"org.kde.okular" || name == u"okular" || name.startsWith(u"okularapplication_"))
        return ViewerCommand{QStringLiteral("okular"), {QStringLiteral("--page"), n, file}};
    if (name.startsWith(u"org.pwmt.zathura") || name == u"zathura")
        return ViewerCommand{QStringLiteral("zathura"), {QStringLiteral("--page=") + n, file}};
    if (name == u"qpdfview" || name == u"qpdfview-qt6" || name == u"qpdfview-qt5")
        return ViewerCommand{QStringLiteral("qpdfview"), {QStringLiteral("--unique"), file + u'#' + n}};
    if (name == u"mupdf" || name == u"mupdf-gl")
        return ViewerCommand{name, {file, n}};
    if (name == u"sioyek")
        return ViewerCommand{QStringLiteral("sioyek"), {QStringLiteral("--page"), n, file}};
    // Browsers show PDFs with a viewer that reads the page from the URL's fragment.
    for (const char *browser : {"firefox", "firefox-esr", "chromium", "google-chrome", "org.mozilla.firefox"})
        if (name == QLatin1String(browser)) {
            QUrl url = QUrl::fromLocalFile(file);
            url.setFragment(QStringLiteral("page=") + n);
            const QString program = name == u"org.mozilla.firefox" ? QStringLiteral("firefox") : name;
            return ViewerCommand{program, {url.toString(QUrl::FullyEncoded)}};
        }
    return std::nullopt;
}

} // namespace

QStringList mimeappsListFiles()
{
    QStringList desktops;
    for (const QString &d :
         QString::fromLocal8Bit(qgetenv("XDG_CURRENT_DESKTOP")).split(u':', Qt::SkipEmptyParts))
        desktops << d.toLower();
    const auto namesIn = [&](const QString &dir) {
        QStringList files;
        for (const QString &desktop : desktops)
            files << dir + u'/' + desktop + QStringLiteral("-mimeapps.list");
        files << dir + QStringLiteral("/mimeapps.list");
        return files;
    };
    QStringList files = namesIn(homeDir("XDG_CONFIG_HOME", QStringLiteral("/.config")));
    for (const QString &dir : splitPaths(qgetenv("XDG_CONFIG_DIRS"), {QStringLiteral("/etc/xdg")}))
        files << namesIn(dir);
    files << namesIn(homeDir("XDG_DATA_HOME", QStringLiteral("/.local/share")) +
                     QStringLiteral("/applications"));
    for (const QString &dir : splitPaths(qgetenv("XDG_DATA_DIRS"),
                                         {QStringLiteral("/usr/local/share"), QStringLiteral("/usr/share")}))
        files << namesIn(dir + QStringLiteral("/applications"));
    return files;
}

QString defaultApplication(const QString &mimeType, const QStringList &mimeappsFiles)
{
    for (const char *group : {"Default Applications", "Added Associations"})
        for (const QString &file : mimeappsFiles)
            if (const QStringList entries = entriesOf(file, QLatin1String(group), mimeType);
                !entries.isEmpty())
                return entries.first().trimmed();
    return {};
}

std::optional<ViewerCommand> pageCommand(const QString &desktopId, const QString &file, int page)
{
    if (page < 1 || desktopId.isEmpty())
        return std::nullopt;
    QString name = desktopId;
    if (name.endsWith(QStringLiteral(".desktop")))
        name.chop(8);
    return commandFor(name.toLower(), file, page);
}

} // namespace cortex::desktop
