// Opening a PDF at the hit's page: the command line each known viewer gets (data table), the default
// application read from mimeapps.list files in the XDG order, and viewers that take no page.

#include "desktop/page_opener.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using cortex::desktop::ViewerCommand;

Q_DECLARE_METATYPE(std::optional<ViewerCommand>)

namespace {

void writeText(const QString &path, const QByteArray &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

} // namespace

class TestPageOpener : public QObject {
    Q_OBJECT

private slots:
    void pageCommand_data()
    {
        QTest::addColumn<QString>("desktopId");
        QTest::addColumn<std::optional<ViewerCommand>>("expected");
        const QString f = QStringLiteral("/docs/a b.pdf");
        // "%f" in an argument stands for the file.
        const auto cmd = [f](const char *program, std::initializer_list<const char *> args) {
            QStringList list;
            for (const char *a : args)
                list << QString::fromLatin1(a).replace(QStringLiteral("%f"), f);
            return std::optional<ViewerCommand>(ViewerCommand{QString::fromLatin1(program), list});
        };
        QTest::newRow("evince") << "org.gnome.Evince.desktop" << cmd("evince", {"--page-index=37", "%f"});
        QTest::newRow("evince, old name") << "evince.desktop" << cmd("evince", {"--page-index=37", "%f"});
        QTest::newRow("okular") << "org.kde.okular.desktop" << cmd("okular", {"--page", "37", "%f"});
        QTest::newRow("okular part") << "okularApplication_pdf.desktop"
                                     << cmd("okular", {"--page", "37", "%f"});
        QTest::newRow("zathura") << "org.pwmt.zathura.desktop" << cmd("zathura", {"--page=37", "%f"});
        QTest::newRow("zathura-pdf-mupdf")
            << "org.pwmt.zathura-pdf-mupdf.desktop" << cmd("zathura", {"--page=37", "%f"});
        QTest::newRow("qpdfview") << "qpdfview.desktop" << cmd("qpdfview", {"--unique", "%f#37"});
        QTest::newRow("atril") << "atril.desktop" << cmd("atril", {"--page-index=37", "%f"});
        QTest::newRow("xreader") << "xreader.desktop" << cmd("xreader", {"--page-index=37", "%f"});
        QTest::newRow("mupdf") << "mupdf.desktop" << cmd("mupdf", {"%f", "37"});
        QTest::newRow("sioyek") << "sioyek.desktop" << cmd("sioyek", {"--page", "37", "%f"});
        QTest::newRow("firefox") << "firefox-esr.desktop"
                                 << cmd("firefox-esr", {"file:///docs/a%20b.pdf#page=37"});
        QTest::newRow("unknown viewer") << "com.example.Viewer.desktop" << std::optional<ViewerCommand>();
        QTest::newRow("no default application") << "" << std::optional<ViewerCommand>();
    }

    void pageCommand()
    {
        QFETCH(QString, desktopId);
        QFETCH(std::optional<ViewerCommand>, expected);
        const auto command = cortex::desktop::pageCommand(desktopId, QStringLiteral("/docs/a b.pdf"), 37);
        QCOMPARE(command.has_value(), expected.has_value());
        if (expected) {
            QCOMPARE(command->program, expected->program);
            QCOMPARE(command->arguments, expected->arguments);
        }
    }

    void noPageNoCommand()
    {
        QVERIFY(!cortex::desktop::pageCommand(QStringLiteral("okular.desktop"), QStringLiteral("/a.pdf"), 0));
    }

    void defaultApplicationFollowsTheXdgOrder()
    {
        QTemporaryDir dir;
        const QString user = dir.filePath(QStringLiteral("user.list"));
        const QString desktopSpecific = dir.filePath(QStringLiteral("kde-mimeapps.list"));
        const QString system = dir.filePath(QStringLiteral("system.list"));
        writeText(user, "[Added Associations]\napplication/pdf=org.pwmt.zathura.desktop;\n"
                        "[Default Applications]\ntext/plain=kate.desktop\n");
        writeText(desktopSpecific,
                  "[Default Applications]\napplication/pdf=org.kde.okular.desktop;evince.desktop;\n");
        writeText(system, "[Default Applications]\napplication/pdf=org.gnome.Evince.desktop\n");
        using cortex::desktop::defaultApplication;
        // A default anywhere wins over an added association; earlier files over later ones.
        QCOMPARE(defaultApplication(QStringLiteral("application/pdf"), {user, desktopSpecific, system}),
                 QStringLiteral("org.kde.okular.desktop"));
        QCOMPARE(defaultApplication(QStringLiteral("application/pdf"), {user, system, desktopSpecific}),
                 QStringLiteral("org.gnome.Evince.desktop"));
        QCOMPARE(defaultApplication(QStringLiteral("application/pdf"), {user}),
                 QStringLiteral("org.pwmt.zathura.desktop"));
        QCOMPARE(defaultApplication(QStringLiteral("image/png"), {user, system}), QString());
        QCOMPARE(
            defaultApplication(QStringLiteral("application/pdf"), {dir.filePath(QStringLiteral("missing"))}),
            QString());
    }

    void hostileMimeappsListIsBounded()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("huge.list"));
        // One 8 MB line without a newline, then the entry: read line by line with a cap, never whole.
        writeText(file, "[Default Applications]\n" + QByteArray(8 << 20, 'x') +
                            "\napplication/pdf=okular.desktop\n");
        QCOMPARE(cortex::desktop::defaultApplication(QStringLiteral("application/pdf"), {file}),
                 QStringLiteral("okular.desktop"));
    }

    void listFilesComeFromTheEnvironment()
    {
        qputenv("XDG_CONFIG_HOME", "/home/u/.config");
        qputenv("XDG_CONFIG_DIRS", "/etc/xdg");
        qputenv("XDG_DATA_HOME", "/home/u/.local/share");
        qputenv("XDG_DATA_DIRS", "/usr/share");
        qputenv("XDG_CURRENT_DESKTOP", "KDE");
        const QStringList files = cortex::desktop::mimeappsListFiles();
        QCOMPARE(files, QStringList({QStringLiteral("/home/u/.config/kde-mimeapps.list"),
                                     QStringLiteral("/home/u/.config/mimeapps.list"),
                                     QStringLiteral("/etc/xdg/kde-mimeapps.list"),
                                     QStringLiteral("/etc/xdg/mimeapps.list"),
                                     QStringLiteral("/home/u/.local/share/applications/kde-mimeapps.list"),
                                     QStringLiteral("/home/u/.local/share/applications/mimeapps.list"),
                                     QStringLiteral("/usr/share/applications/kde-mimeapps.list"),
                                     QStringLiteral("/usr/share/applications/mimeapps.list")}));
    }
};

QTEST_GUILESS_MAIN(TestPageOpener)
#include "test_page_opener.moc"
