#pragma once
// The desktop's default PDF viewer, as mimeapps.list under XDG_CONFIG_HOME names it, for as long as this
// object lives: the Search tab's "Open" then builds that viewer's command line (desktop/page_opener.h).
// XDG_CONFIG_HOME is put back when it goes, whatever the test's checks did meanwhile.

#include <QByteArray>
#include <QFile>
#include <QTemporaryDir>
#include <QtGlobal>

namespace cortex::testing {

class DefaultPdfViewer {
public:
    explicit DefaultPdfViewer(const QByteArray &desktopFile)
        : hadConfig_(qEnvironmentVariableIsSet("XDG_CONFIG_HOME")), oldConfig_(qgetenv("XDG_CONFIG_HOME"))
    {
        QFile list(config_.filePath(QStringLiteral("mimeapps.list")));
        if (!config_.isValid() || !list.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(list.fileName()));
        list.write(QByteArray("[Default Applications]\napplication/pdf=") + desktopFile + '\n');
        list.close();
        qputenv("XDG_CONFIG_HOME", config_.path().toLocal8Bit());
        qunsetenv("XDG_CURRENT_DESKTOP");
    }
    ~DefaultPdfViewer()
    {
        if (hadConfig_)
            qputenv("XDG_CONFIG_HOME", oldConfig_);
        else
            qunsetenv("XDG_CONFIG_HOME");
    }
    DefaultPdfViewer(const DefaultPdfViewer &) = delete;
    DefaultPdfViewer &operator=(const DefaultPdfViewer &) = delete;

private:
    QTemporaryDir config_;
    bool hadConfig_;
    QByteArray oldConfig_;
};

} // namespace cortex::testing
