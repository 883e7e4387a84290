// cortex-cli models list | download, and the first run of the library commands, against a local fake Hub
// and a Hugging Face cache in a temporary folder (the real cortex-cli, run with QProcess).

#include "hub/fake_hub.h"
#include "hub/hub_cache.h"
#include "support/cli_run.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using cortex::testing::FakeHub;

namespace {

const QString kRepo = QStringLiteral("Qwen/Qwen3-VL-Embedding-2B");
const QString kCommit = QStringLiteral("89abcdef0123456789abcdef0123456789abcdef");
constexpr int kTimeoutMs = 120000;

using Run = cortex::testing::CliRun;

QMap<QString, FakeHub::File> tinyModelFiles()
{
    return FakeHub::filesOf(QStringLiteral(CORTEX_TINY_A_DIR));
}

} // namespace

class ModelsCliTest : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> home_;
    QString endpoint_ = QStringLiteral("http://127.0.0.1:9");

    QString cache() const { return home_->path() + QStringLiteral("/hf-cache"); }

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = cortex::testing::isolatedEnvironment(*home_);
        env.insert(QStringLiteral("HOME"), home_->path());
        env.insert(QStringLiteral("HF_HUB_CACHE"), cache());
        env.insert(QStringLiteral("HF_ENDPOINT"), endpoint_);
        env.remove(QStringLiteral("HF_TOKEN"));
        return env;
    }

    Run cli(const QStringList &args)
    {
        return cortex::testing::runCli(QStringLiteral(CORTEX_BIN_DIR "/cortex-cli"), args, environment(),
                                       kTimeoutMs);
    }

private slots:
    void init()
    {
        home_ = std::make_unique<QTemporaryDir>();
        QVERIFY(home_->isValid());
        endpoint_ = QStringLiteral("http://127.0.0.1:9");
    }

    void downloadThenList()
    {
        FakeHub hub;
        hub.addRepo(kRepo, QStringLiteral("main"), kCommit, tinyModelFiles());
        QVERIFY(hub.start());
        endpoint_ = hub.endpoint();

        const Run download =
            cli({QStringLiteral("models"), QStringLiteral("download"), kRepo, QStringLiteral("--json")});
        QVERIFY2(download.exitCode == 0, qPrintable(download.err));
        const QString snapshot = cortex::hub::repoPaths(cache(), kRepo).snapshotDir(kCommit);
        QCOMPARE(download.json().value(QStringLiteral("path")).toString(), snapshot);
        QCOMPARE(download.json().value(QStringLiteral("commit")).toString(), kCommit);
        QCOMPARE(download.json().value(QStringLiteral("files_transferred")).toInt(),
                 int(tinyModelFiles().size()));

        const Run list = cli({QStringLiteral("models"), QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY2(list.exitCode == 0, qPrintable(list.err));
        const QJsonArray models = list.json().value(QStringLiteral("models")).toArray();
        QCOMPARE(models.size(), 1);
        const QJsonObject model = models.at(0).toObject();
        QCOMPARE(model.value(QStringLiteral("repo")).toString(), kRepo);
        QCOMPARE(model.value(QStringLiteral("revision")).toString(), kCommit);
        QCOMPARE(model.value(QStringLiteral("refs")).toArray(), QJsonArray{QStringLiteral("main")});
        QCOMPARE(model.value(QStringLiteral("role")).toString(), QStringLiteral("embedding"));
        QCOMPARE(model.value(QStringLiteral("size")).toString(), QStringLiteral("2B"));
        QVERIFY(model.value(QStringLiteral("complete")).toBool());
        QVERIFY(model.value(QStringLiteral("size_on_disk")).toInteger() > 0);

        // Again: nothing is transferred.
        const Run again =
            cli({QStringLiteral("models"), QStringLiteral("download"), kRepo, QStringLiteral("--json")});
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QCOMPARE(again.json().value(QStringLiteral("files_transferred")).toInt(), 0);
        QCOMPARE(again.json().value(QStringLiteral("bytes_transferred")).toInteger(), 0);
    }

    // The program killed in the middle of a file (SIGKILL: no clean-up at all): the next run resumes the
    // partial file with a Range request and the result is complete and verified.
    void downloadResumesAfterTheProgramWasKilled()
    {
        auto files = tinyModelFiles();
        QByteArray big(6 * 1024 * 1024, '\0');
        for (qsizetype i = 0; i < big.size(); ++i)
            big[i] = char((i * 7919) >> 3);
        files.insert(QStringLiteral("extra.bin"), {big, true});
        FakeHub hub;
        hub.addRepo(kRepo, QStringLiteral("main"), kCommit, files);
        hub.setChunkDelayMs(20, QStringLiteral("extra.bin"));
        QVERIFY(hub.start());
        endpoint_ = hub.endpoint();

        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(QStringLiteral(CORTEX_BIN_DIR "/cortex-cli"),
                      {QStringLiteral("models"), QStringLiteral("download"), kRepo});
        QVERIFY(process.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(hub.bodyBytesSentFor(QStringLiteral("extra.bin")) >= 1024 * 1024,
                                 kTimeoutMs);
        process.kill();
        QVERIFY(process.waitForFinished());
        const QString partial =
            cortex::hub::repoPaths(cache(), kRepo).incompleteBlob(FakeHub::sha256Hex(big));
        QTRY_VERIFY(QFileInfo(partial).size() > 0);
        const qint64 partialSize = QFileInfo(partial).size();
        QVERIFY(partialSize < big.size());

        hub.setChunkDelayMs(0);
        hub.clearRequests();
        const Run again =
            cli({QStringLiteral("models"), QStringLiteral("download"), kRepo, QStringLiteral("--json")});
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        const QString snapshot = cortex::hub::repoPaths(cache(), kRepo).snapshotDir(kCommit);
        QFile result(snapshot + QStringLiteral("/extra.bin"));
        QVERIFY(result.open(QIODevice::ReadOnly));
        QVERIFY(result.readAll() == big);
        QVERIFY(!QFileInfo::exists(partial));
        bool resumed = false;
        for (const FakeHub::Request &r : hub.requests())
            resumed = resumed || (r.file == QStringLiteral("extra.bin") && r.status == 206 &&
                                  r.range == QStringLiteral("bytes=%1-").arg(partialSize));
        QVERIFY2(resumed, "the second run did not resume extra.bin where the first one stopped");
    }

    void unknownRepositoryFailsWithOneLine()
    {
        FakeHub hub;
        QVERIFY(hub.start());
        endpoint_ = hub.endpoint();
        const Run run =
            cli({QStringLiteral("models"), QStringLiteral("download"), QStringLiteral("Qwen/Nope")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(u"Qwen/Nope") && run.err.contains(u"not found"), qPrintable(run.err));
        QCOMPARE(run.err.count(u'\n'), 1);
        QVERIFY(!QDir(cortex::hub::repoPaths(cache(), QStringLiteral("Qwen/Nope")).repoDir +
                      QStringLiteral("/snapshots"))
                     .exists());
    }

    // First run without any model: one sentence that names the recommended download. (The first
    // command is an ingestion: a search without a library says that there is none, before any model.)
    void firstRunWithoutModelSaysWhatToDownload()
    {
        QDir().mkpath(home_->path() + QStringLiteral("/first"));
        QFile note(home_->path() + QStringLiteral("/first/note.txt"));
        QVERIFY(note.open(QIODevice::WriteOnly));
        note.write("A first note.\n");
        note.close();
        const Run run = cli({QStringLiteral("ingest"), home_->path() + QStringLiteral("/first"),
                             QStringLiteral("--library"), home_->path() + QStringLiteral("/first-lib")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(u"No embedding model is configured") &&
                     run.err.contains(u"cortex-cli models download Qwen/Qwen3-VL-Embedding-2B"),
                 qPrintable(run.err));
    }

    // First run with the model in the Hugging Face cache: it is used without being named.
    void firstRunUsesTheCachedModel()
    {
        FakeHub hub;
        hub.addRepo(kRepo, QStringLiteral("main"), kCommit, tinyModelFiles());
        QVERIFY(hub.start());
        endpoint_ = hub.endpoint();
        QCOMPARE(cli({QStringLiteral("models"), QStringLiteral("download"), kRepo}).exitCode, 0);
        hub.stop(); // from here on, no network

        QDir().mkpath(home_->path() + QStringLiteral("/docs"));
        QFile note(home_->path() + QStringLiteral("/docs/note.txt"));
        QVERIFY(note.open(QIODevice::WriteOnly));
        note.write("Cortex finds the model in the Hugging Face cache.\n");
        note.close();
        const Run ingest = cli({QStringLiteral("ingest"), home_->path() + QStringLiteral("/docs"),
                                QStringLiteral("--library"), home_->path() + QStringLiteral("/lib"),
                                QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--json")});
        QVERIFY2(ingest.exitCode == 0, qPrintable(ingest.err));
        QVERIFY2(ingest.err.contains(u"using Qwen/Qwen3-VL-Embedding-2B found in"), qPrintable(ingest.err));
    }
};

QTEST_GUILESS_MAIN(ModelsCliTest)
#include "test_models_cli.moc"
