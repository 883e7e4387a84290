// cortex-cli search --video (issue 16): a file that is not a video, missing or damaged is refused before
// any library or model is opened, with the file named and exit code 1; --video with --similar-to is a
// usage error (exit code 2); --type video is accepted where an unknown kind is refused.

#include "support/cli_run.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QString kCli = QStringLiteral(CORTEX_BIN_DIR "/cortex-cli");

} // namespace

class TestSearchVideoCli : public QObject {
    Q_OBJECT

    QTemporaryDir home_;

    cortex::testing::CliRun cli(const QStringList &args) const
    {
        return cortex::testing::runCli(kCli, args, cortex::testing::isolatedEnvironment(home_));
    }

private slots:
    void notAVideoIsNamed_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("reason");
        QTest::newRow("text") << "meeting notes.txt" << QByteArray("not a video at all\n") << "not a video";
        QTest::newRow("damaged mp4") << "-demo.mp4" << QByteArray(8192, '\x01') << "not a video";
        QTest::newRow("empty") << "empty.webm" << QByteArray() << "";
        QTest::newRow("missing") << "gone.mkv" << QByteArray() << "";
    }
    void notAVideoIsNamed()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QString, reason);
        QVERIFY(home_.isValid());
        const QString path = home_.filePath(name);
        if (name != u"gone.mkv") {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        const auto run = cli({QStringLiteral("search"), QStringLiteral("--library"),
                              home_.filePath(QStringLiteral("lib")), QStringLiteral("--video"), path});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(name), qPrintable(run.describe()));
        QVERIFY2(run.err.contains(reason), qPrintable(run.describe()));
        // Refused before the library: none was created for it.
        QVERIFY(!QDir(home_.filePath(QStringLiteral("lib"))).exists());
    }

    void videoWithSimilarToIsAUsageError()
    {
        const auto run = cli({QStringLiteral("search"), QStringLiteral("--video"), QStringLiteral("a.mp4"),
                              QStringLiteral("--similar-to"), QStringLiteral("3")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QStringLiteral("--video")), qPrintable(run.describe()));
    }

    void helpNamesVideo()
    {
        const auto run = cli({QStringLiteral("search"), QStringLiteral("--help")});
        QVERIFY2(run.out.contains(QStringLiteral("--video")) || run.err.contains(QStringLiteral("--video")),
                 qPrintable(run.describe()));
        QVERIFY2(run.out.contains(QStringLiteral("type:pdf|image|text|office|video")) ||
                     run.err.contains(QStringLiteral("type:pdf|image|text|office|video")),
                 qPrintable(run.describe()));
    }
};

QTEST_GUILESS_MAIN(TestSearchVideoCli)
#include "test_search_video_cli.moc"
