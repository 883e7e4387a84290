// Opening a video hit at its moment: the player a desktop id names, the argument list each player gets
// (data table: hostile file names stay one argument, a leading dash never becomes an option), and the
// player chosen from mimeapps.list or PATH.

#include "desktop/video_player.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

using cortex::desktop::VideoPlayer;
using cortex::desktop::ViewerCommand;

Q_DECLARE_METATYPE(std::optional<ViewerCommand>)
Q_DECLARE_METATYPE(VideoPlayer)

class TestVideoPlayer : public QObject {
    Q_OBJECT

private slots:
    void playerOf_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<VideoPlayer>("player");
        QTest::newRow("mpv desktop id") << "mpv.desktop" << VideoPlayer::Mpv;
        QTest::newRow("mpv reverse DNS") << "io.mpv.Mpv.desktop" << VideoPlayer::Mpv;
        QTest::newRow("mpv program") << "mpv" << VideoPlayer::Mpv;
        QTest::newRow("vlc") << "vlc.desktop" << VideoPlayer::Vlc;
        QTest::newRow("vlc flatpak") << "org.videolan.VLC.desktop" << VideoPlayer::Vlc;
        QTest::newRow("celluloid") << "io.github.celluloid_player.Celluloid.desktop"
                                   << VideoPlayer::Celluloid;
        QTest::newRow("gnome-mpv, its old name") << "io.github.GnomeMpv.desktop" << VideoPlayer::Celluloid;
        QTest::newRow("totem") << "org.gnome.Totem.desktop" << VideoPlayer::Totem;
        QTest::newRow("unknown") << "com.example.Player.desktop" << VideoPlayer::Unknown;
        QTest::newRow("none") << "" << VideoPlayer::Unknown;
    }
    void playerOf()
    {
        QFETCH(QString, name);
        QFETCH(VideoPlayer, player);
        QCOMPARE(cortex::desktop::videoPlayerOf(name), player);
    }

    void startCommand_data()
    {
        QTest::addColumn<VideoPlayer>("player");
        QTest::addColumn<QString>("file");
        QTest::addColumn<double>("seconds");
        QTest::addColumn<std::optional<ViewerCommand>>("expected");
        const auto cmd = [](const char *program, QStringList args) {
            return std::optional<ViewerCommand>(ViewerCommand{QString::fromLatin1(program), args});
        };
        const QString spaces = QStringLiteral("/videos/the demo (final).mp4");
        const QString quotes = QStringLiteral("/videos/it's \"done\"; rm -rf ~.mkv");
        QTest::newRow("mpv") << VideoPlayer::Mpv << spaces << 60.0
                             << cmd("mpv", {QStringLiteral("--start=60"), spaces});
        QTest::newRow("mpv, quotes and a semicolon")
            << VideoPlayer::Mpv << quotes << 125.9 << cmd("mpv", {QStringLiteral("--start=125"), quotes});
        QTest::newRow("mpv, leading dash")
            << VideoPlayer::Mpv << QStringLiteral("--help.mp4") << 5.0
            << cmd("mpv", {QStringLiteral("--start=5"), QStringLiteral("./--help.mp4")});
        QTest::newRow("vlc") << VideoPlayer::Vlc << spaces << 3600.0
                             << cmd("vlc", {QStringLiteral("--start-time=3600"), spaces});
        QTest::newRow("vlc, leading dash")
            << VideoPlayer::Vlc << QStringLiteral("-I dummy.webm") << 0.0
            << cmd("vlc", {QStringLiteral("--start-time=0"), QStringLiteral("./-I dummy.webm")});
        QTest::newRow("celluloid") << VideoPlayer::Celluloid << quotes << 61.0
                                   << cmd("celluloid", {QStringLiteral("--mpv-start=61"), quotes});
        QTest::newRow("negative time starts at 0")
            << VideoPlayer::Mpv << spaces << -3.0 << cmd("mpv", {QStringLiteral("--start=0"), spaces});
        QTest::newRow("not a number starts at 0")
            << VideoPlayer::Vlc << spaces << std::numeric_limits<double>::quiet_NaN()
            << cmd("vlc", {QStringLiteral("--start-time=0"), spaces});
        QTest::newRow("totem takes no start time")
            << VideoPlayer::Totem << spaces << 60.0 << std::optional<ViewerCommand>();
        QTest::newRow("unknown player")
            << VideoPlayer::Unknown << spaces << 60.0 << std::optional<ViewerCommand>();
    }
    void startCommand()
    {
        QFETCH(VideoPlayer, player);
        QFETCH(QString, file);
        QFETCH(double, seconds);
        QFETCH(std::optional<ViewerCommand>, expected);
        const auto command = cortex::desktop::videoStartCommand(player, file, seconds);
        QCOMPARE(command.has_value(), expected.has_value());
        if (command) {
            QCOMPARE(command->program, expected->program);
            QCOMPARE(command->arguments, expected->arguments);
        }
    }

    // The default application wins over PATH; without one, mpv, vlc, celluloid, totem in that order.
    void choosePlayer()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString list = dir.filePath(QStringLiteral("mimeapps.list"));
        {
            QFile file(list);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("[Default Applications]\nvideo/mp4=org.videolan.VLC.desktop;\n");
        }
        const auto onPath = [](QStringList found) {
            return [found](const QString &program) {
                return found.contains(program);
            };
        };
        using cortex::desktop::chooseVideoPlayer;
        QCOMPARE(chooseVideoPlayer(QStringLiteral("video/mp4"), {list}, onPath({QStringLiteral("mpv")})),
                 QStringLiteral("org.videolan.VLC.desktop"));
        QCOMPARE(chooseVideoPlayer(QStringLiteral("video/webm"), {list},
                                   onPath({QStringLiteral("totem"), QStringLiteral("celluloid")})),
                 QStringLiteral("celluloid"));
        QCOMPARE(chooseVideoPlayer(QStringLiteral("video/webm"), {list},
                                   onPath({QStringLiteral("totem"), QStringLiteral("mpv")})),
                 QStringLiteral("mpv"));
        QCOMPARE(chooseVideoPlayer(QStringLiteral("video/webm"), {list}, onPath({})), QString());
    }
};

QTEST_GUILESS_MAIN(TestVideoPlayer)
#include "test_video_player.moc"
