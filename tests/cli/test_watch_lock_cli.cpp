// `cortex-cli watch` holds its library while it runs (one process per library). A second command on
// the library (`watch add`) is refused with a message that names `cortex-cli watch` as the holder and
// says what to do; once the watch is stopped the same command works. Another holder keeps the plain
// message (pid only).

#include "support/cli_run.h"
#include "support/test_files.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

using cortex::testing::writeFile;

const QString kCli = QStringLiteral(CORTEX_BIN_DIR "/cortex-cli");
const QString kModel = QStringLiteral(CORTEX_TINY_A_DIR);

} // namespace

class WatchLockCli : public QObject {
    Q_OBJECT

    QTemporaryDir home_;

    QStringList lib() const
    {
        return {QStringLiteral("--library"), home_.filePath(QStringLiteral("lib")),
                QStringLiteral("--device"), QStringLiteral("cpu")};
    }
    cortex::testing::CliRun cli(const QStringList &args) const
    {
        return cortex::testing::runCli(kCli, args, cortex::testing::isolatedEnvironment(home_));
    }

private slots:
    void theWatchIsNamedAsTheHolder()
    {
        QVERIFY(home_.isValid());
        const QString docs = home_.filePath(QStringLiteral("docs"));
        writeFile(docs + QStringLiteral("/a.txt"), "a note about lighthouses");
        const auto ingested =
            cli(QStringList{QStringLiteral("ingest"), docs, QStringLiteral("--model"), kModel} + lib());
        QVERIFY2(ingested.exitCode == 0, qPrintable(ingested.describe()));

        QProcess watch;
        watch.setProcessEnvironment(cortex::testing::isolatedEnvironment(home_));
        watch.start(kCli, QStringList{QStringLiteral("watch"), QStringLiteral("--poll-seconds"),
                                      QStringLiteral("60")} +
                              lib());
        watch.closeWriteChannel();
        QByteArray err;
        QDeadlineTimer deadline(60000);
        while (!err.contains("watching 1 folder") && watch.state() != QProcess::NotRunning &&
               !deadline.hasExpired()) {
            watch.waitForReadyRead(200);
            err += watch.readAllStandardError();
        }
        QVERIFY2(err.contains("watching 1 folder"), err.constData());

        const QString other = home_.filePath(QStringLiteral("other"));
        QVERIFY(QDir().mkpath(other));
        const auto refused = cli(QStringList{QStringLiteral("watch"), QStringLiteral("add"), other} + lib());
        QVERIFY2(refused.exitCode != 0, qPrintable(refused.describe()));
        QVERIFY2(refused.err.contains(QStringLiteral("(pid %1): cortex-cli watch").arg(watch.processId())),
                 qPrintable(refused.describe()));
        QVERIFY2(refused.err.contains(QStringLiteral("Stop it")), qPrintable(refused.describe()));
        QVERIFY2(refused.err.contains(QStringLiteral("then start it again")), qPrintable(refused.describe()));

        watch.terminate();
        QVERIFY(watch.waitForFinished(60000));
        const auto added = cli(QStringList{QStringLiteral("watch"), QStringLiteral("add"), other} + lib());
        QVERIFY2(added.exitCode == 0, qPrintable(added.describe()));
    }
};

QTEST_GUILESS_MAIN(WatchLockCli)
#include "test_watch_lock_cli.moc"
