// cortex-cli as a new user meets it (issue 10): progress in a log and on a terminal, the summary's
// words and counts and those of `jobs`, `jobs` while another process writes the library, commands that
// must not create a library, a --reranker that applies once (unless saved) and must be a reranker, and
// `collections add` with a folder.

#include "library/library.h"
#include "store/library_db.h"
#include "support/cli_run.h"
#include "support/test_files.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using cortex::testing::writeFile;

const QString kCli = QStringLiteral(CORTEX_BIN_DIR "/cortex-cli");
const QString kModel = QStringLiteral(CORTEX_TINY_A_DIR);
const QString kOtherModel = QStringLiteral(CORTEX_TINY_B_DIR);

using Run = cortex::testing::CliRun;

QByteArray truncatedPng()
{
    QImage image(300, 200, QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            image.setPixel(x, y, qRgb(x % 256, y % 256, (x * y) % 256));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes.left(bytes.size() / 2);
}

// A folder that holds the tiny model's files under another name (links, not copies).
QString linkedModel(const QString &folder)
{
    QDir().mkpath(folder);
    for (const QString &name : QDir(kModel).entryList(QDir::Files))
        QFile::link(QDir(kModel).filePath(name), QDir(folder).filePath(name));
    return folder;
}

class CliUsability : public QObject {
    Q_OBJECT

    QTemporaryDir home_;

    QStringList lib(const QString &name = QStringLiteral("lib")) const
    {
        return {QStringLiteral("--library"), home_.filePath(name),       QStringLiteral("--max-pixels"),
                QStringLiteral("65536"),     QStringLiteral("--device"), QStringLiteral("cpu")};
    }
    QProcessEnvironment environment() const { return cortex::testing::isolatedEnvironment(home_); }
    Run cli(const QStringList &args) const { return cortex::testing::runCli(kCli, args, environment()); }
    // cortex-cli with stdout and stderr on a pseudo-terminal, as in an interactive shell.
    QString cliOnTerminal(const QStringList &args) const
    {
        int master = -1;
        const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
        if (pid == 0) {
            const auto env = environment();
            for (const QString &key : env.keys())
                setenv(key.toLocal8Bit().constData(), env.value(key).toLocal8Bit().constData(), 1);
            std::vector<QByteArray> bytes{kCli.toLocal8Bit()};
            for (const QString &a : args)
                bytes.push_back(a.toLocal8Bit());
            std::vector<char *> argv;
            for (auto &b : bytes)
                argv.push_back(b.data());
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            _exit(127);
        }
        QByteArray output;
        char buffer[4096];
        for (;;) {
            const ssize_t n = read(master, buffer, sizeof buffer);
            if (n <= 0)
                break; // EIO once the child has closed the terminal
            output.append(buffer, n);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        close(master);
        return QString::fromUtf8(output);
    }
    QString corpus() const { return home_.filePath(QStringLiteral("corpus")); }

private slots:
    void initTestCase()
    {
        QVERIFY(home_.isValid());
        for (int i = 0; i < 4; ++i)
            writeFile(QStringLiteral("%1/sub%2/note%3.txt").arg(corpus()).arg(i % 2).arg(i),
                      QStringLiteral("Note %1 about rivers and the word unique%1.").arg(i).toUtf8());
        const Run made =
            cli(QStringList{QStringLiteral("ingest"), corpus(), QStringLiteral("--model"), kModel} + lib());
        QVERIFY2(made.exitCode == 0, qPrintable(made.describe()));
    }

    // Redirected to a file: one plain line per file, naming it, and no \r.
    void progressInALog()
    {
        const QString dir = home_.filePath(QStringLiteral("log-corpus"));
        for (int i = 0; i < 3; ++i)
            writeFile(QStringLiteral("%1/f%2.txt").arg(dir).arg(i),
                      QStringLiteral("file %1").arg(i).toUtf8());
        const Run run = cli(QStringList{QStringLiteral("ingest"), dir, QStringLiteral("--model"), kModel} +
                            lib(QStringLiteral("log-lib")));
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QVERIFY2(!run.err.contains(QLatin1Char('\r')), qPrintable(run.err));
        for (int i = 1; i <= 3; ++i)
            QVERIFY2(run.err.contains(QRegularExpression(
                         QStringLiteral("^ingesting %1/3: \\S*f\\d\\.txt( \\(.*\\))?$").arg(i),
                         QRegularExpression::MultilineOption)),
                     qPrintable(run.err));
        QVERIFY2(!run.err.contains(QStringLiteral("items/s")), qPrintable(run.err));
    }

    // On a terminal: the rewritten line is ended before the summary, which starts a line of its own.
    void progressOnATerminal()
    {
        const QString dir = home_.filePath(QStringLiteral("tty-corpus"));
        for (int i = 0; i < 3; ++i)
            writeFile(QStringLiteral("%1/t%2.txt").arg(dir).arg(i),
                      QStringLiteral("text %1").arg(i).toUtf8());
        const QString output =
            cliOnTerminal(QStringList{QStringLiteral("ingest"), dir, QStringLiteral("--model"), kModel} +
                          lib(QStringLiteral("tty-lib")));
        QVERIFY2(output.contains(QStringLiteral("\r\x1b[Kingesting")), qPrintable(output));
        const qsizetype summary = output.indexOf(QStringLiteral("job 1: 3 indexed"));
        QVERIFY2(summary > 0, qPrintable(output));
        QVERIFY2(output.at(summary - 1) == QLatin1Char('\n'), qPrintable(output));
        QVERIFY2(!output.contains(QStringLiteral("items/s")), qPrintable(output));
    }

    // Why files were skipped, in the summary; `jobs` counts what the summary counts.
    void skippedWithReasonsAndJobsAgree()
    {
        const QString dir = home_.filePath(QStringLiteral("skip-corpus"));
        writeFile(dir + QStringLiteral("/a.txt"), "alpha text about harbours");
        writeFile(dir + QStringLiteral("/b.txt"), "beta text about mountains");
        const QStringList args =
            QStringList{QStringLiteral("ingest"), dir, QStringLiteral("--model"), kModel} +
            lib(QStringLiteral("skip-lib"));
        QCOMPARE(cli(args).exitCode, 0);
        writeFile(dir + QStringLiteral("/c.txt"), "beta text about mountains"); // b.txt's content again
        writeFile(dir + QStringLiteral("/broken.png"), truncatedPng());
        const Run again = cli(args);
        QVERIFY2(again.exitCode == 0, qPrintable(again.describe()));
        QVERIFY2(again.out.contains(QStringLiteral(
                     "0 indexed, 3 skipped (2 unchanged, 1 identical to content already stored), 1 failed")),
                 qPrintable(again.out));
        // The decoder's own words are in the file's reason, not on stderr.
        QVERIFY2(again.out.contains(QStringLiteral("libpng error")), qPrintable(again.out));
        QVERIFY2(!again.err.contains(QStringLiteral("libpng")), qPrintable(again.err));
        const Run json = cli(args + QStringList{QStringLiteral("--json")});
        QCOMPARE(json.json()
                     .value(QStringLiteral("skipped_reasons"))
                     .toObject()
                     .value(QStringLiteral("unchanged"))
                     .toInt(),
                 3);

        // jobs: the same words and counts, also for job 2's c.txt, whose content b.txt had stored.
        const Run jobs = cli(QStringList{QStringLiteral("jobs")} + lib(QStringLiteral("skip-lib")));
        QVERIFY2(jobs.exitCode == 0, qPrintable(jobs.describe()));
        QVERIFY2(
            jobs.out.contains(QStringLiteral("3  ingest  finished  4 files: 0 indexed, 3 skipped, 1 failed")),
            qPrintable(jobs.out));
        QVERIFY2(
            jobs.out.contains(QStringLiteral("1  ingest  finished  2 files: 2 indexed, 0 skipped, 0 failed")),
            qPrintable(jobs.out));
        QVERIFY2(
            jobs.out.contains(QStringLiteral("2  ingest  finished  4 files: 0 indexed, 3 skipped, 1 failed")),
            qPrintable(jobs.out));
    }

    // `jobs` (and the other commands that only read) work while another process holds the library for
    // writing (here this test, with an unfinished job); commands that write are still refused, naming the
    // holder.
    void jobsWhileAWriterRuns()
    {
        auto library = cortex::library::Library::open(home_.filePath(QStringLiteral("lib")).toStdString());
        QVERIFY2(library, library ? "" : library.error().message.c_str());
        QVERIFY((*library)->write([](cortex::store::LibraryDb &db) -> cortex::Status {
            const std::vector<std::string> files{"/nowhere/a.txt", "/nowhere/b.txt"};
            auto id = db.createJob("ingest", "{}", files);
            if (!id)
                return id.error();
            if (auto s = db.setJobState(*id, cortex::store::JobState::Running); !s)
                return s;
            return db.setJobEta(*id, 600); // as the running process estimates it
        }));
        const Run jobs = cli(QStringList{QStringLiteral("jobs"), QStringLiteral("--json")} + lib());
        QVERIFY2(jobs.exitCode == 0, qPrintable(jobs.describe()));
        const QJsonArray list = jobs.json().value(QStringLiteral("jobs")).toArray();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("pending")).toInt(), 2);
        // Its time left, counted down since it was estimated (a second or two here); none for the finished
        // job.
        const double eta = list.at(0).toObject().value(QStringLiteral("eta_seconds")).toDouble(-1);
        QVERIFY2(eta > 500 && eta <= 600, qPrintable(QString::number(eta)));
        QVERIFY(list.at(1).toObject().value(QStringLiteral("eta_seconds")).isNull());
        const Run text = cli(QStringList{QStringLiteral("jobs")} + lib());
        QVERIFY2(text.out.contains(QStringLiteral("2 pending; ETA ")) &&
                     text.out.contains(QStringLiteral(" s ago)")),
                 qPrintable(text.out));

        // The other commands that only read work as well.
        const QList<QStringList> readers{
            {QStringLiteral("inspect-db")},
            {QStringLiteral("collections"), QStringLiteral("list")},
            {QStringLiteral("maintenance"), QStringLiteral("failures")},
        };
        for (const QStringList &command : readers) {
            const Run run = cli(command + QStringList{QStringLiteral("--json")} + lib());
            QVERIFY2(run.exitCode == 0,
                     qPrintable(command.join(QLatin1Char(' ')) + QStringLiteral(": ") + run.describe()));
        }
        QCOMPARE(cli(QStringList{QStringLiteral("inspect-db"), QStringLiteral("--json")} + lib())
                     .json()
                     .value(QStringLiteral("documents"))
                     .toInt(),
                 4);

        const Run writer =
            cli(QStringList{QStringLiteral("collections"), QStringLiteral("create"), QStringLiteral("x")} +
                lib());
        QCOMPARE(writer.exitCode, 1);
        QVERIFY2(
            writer.err.contains(QStringLiteral("in use by another Cortex process (pid %1)").arg(getpid())),
            qPrintable(writer.err));
    }

    // Only ingest and import make a library; any other command names the missing one and creates nothing.
    void noLibraryIsCreated_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::addColumn<bool>("existingFolder");
        const QStringList search{QStringLiteral("search"), QStringLiteral("--text"), QStringLiteral("rivers"),
                                 QStringLiteral("--no-rerank")};
        QTest::newRow("search, no folder") << search << false;
        QTest::newRow("search, an empty folder") << search << true;
        QTest::newRow("jobs") << QStringList{QStringLiteral("jobs")} << false;
        QTest::newRow("collections list")
            << QStringList{QStringLiteral("collections"), QStringLiteral("list")} << false;
        QTest::newRow("check") << QStringList{QStringLiteral("check")} << true;
    }
    void noLibraryIsCreated()
    {
        QFETCH(QStringList, command);
        QFETCH(bool, existingFolder);
        const QString folder = home_.filePath(QStringLiteral("missing/library"));
        QDir(home_.filePath(QStringLiteral("missing"))).removeRecursively();
        if (existingFolder)
            QDir().mkpath(folder);
        const Run run = cli(
            command + QStringList{QStringLiteral("--library"), folder, QStringLiteral("--model"), kModel});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(folder), qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("nothing was created")), qPrintable(run.err));
        QCOMPARE(QFileInfo::exists(folder), existingFolder);
        if (existingFolder)
            QVERIFY(QDir(folder).isEmpty());
    }

    // --reranker applies to the search it is given to; --save keeps it.
    void rerankerOnceUnlessSaved()
    {
        const QString reranker = linkedModel(home_.filePath(QStringLiteral("models/Qwen3-VL-Reranker-tiny")));
        const QStringList search{QStringLiteral("search"), QStringLiteral("--text"), QStringLiteral("rivers"),
                                 QStringLiteral("--json")};
        const Run once = cli(search + QStringList{QStringLiteral("--reranker"), reranker} + lib());
        QVERIFY2(once.exitCode == 0, qPrintable(once.describe()));
        QCOMPARE(once.json().value(QStringLiteral("reranked")).toBool(), true);
        const Run later = cli(search + lib());
        QVERIFY2(later.exitCode == 0, qPrintable(later.describe()));
        QCOMPARE(later.json().value(QStringLiteral("reranked")).toBool(), false);

        const Run saved = cli(
            search + QStringList{QStringLiteral("--reranker"), reranker, QStringLiteral("--save")} + lib());
        QVERIFY2(saved.exitCode == 0, qPrintable(saved.describe()));
        const Run afterSave = cli(search + lib());
        QVERIFY2(afterSave.exitCode == 0, qPrintable(afterSave.describe()));
        QCOMPARE(afterSave.json().value(QStringLiteral("reranked")).toBool(), true);
        QFile::remove(home_.filePath(QStringLiteral("config/Cortex/Cortex.conf")));
        const Run cleared = cli(search + lib());
        QCOMPARE(cleared.json().value(QStringLiteral("reranked")).toBool(), false);
    }

    // An embedding model given as the reranker is refused, saying how that was decided.
    void embeddingModelRefusedAsReranker_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QByteArray>("card");
        QTest::addColumn<QString>("evidence");
        QTest::newRow("Hugging Face cache")
            << QStringLiteral("hub/models--Qwen--Qwen3-VL-Embedding-2B/snapshots/0123abcd") << QByteArray()
            << QStringLiteral("its Hugging Face repository is Qwen/Qwen3-VL-Embedding-2B");
        QTest::newRow("model card") << QStringLiteral("models/my-model")
                                    << QByteArray("---\nlicense: apache-2.0\ntags:\n- transformers\n- "
                                                  "multimodal embedding\n---\n# A reranker?\n")
                                    << QStringLiteral("its model card (README.md) is tagged \"embedding\"");
        QTest::newRow("folder name") << QStringLiteral("models/Qwen3-VL-Embedding-tiny") << QByteArray()
                                     << QStringLiteral("its folder is named Qwen3-VL-Embedding-tiny");
    }
    void embeddingModelRefusedAsReranker()
    {
        QFETCH(QString, folder);
        QFETCH(QByteArray, card);
        QFETCH(QString, evidence);
        const QString dir = linkedModel(home_.filePath(folder));
        if (!card.isEmpty())
            writeFile(dir + QStringLiteral("/README.md"), card);
        const Run run = cli(QStringList{QStringLiteral("search"), QStringLiteral("--text"),
                                        QStringLiteral("rivers"), QStringLiteral("--reranker"), dir} +
                            lib());
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("is an embedding model, not a reranker")),
                 qPrintable(run.err));
        QVERIFY2(run.err.contains(evidence), qPrintable(run.err));
    }

    // A model card tagged as a reranker's is accepted whatever the folder is called.
    void rerankerCardAccepted()
    {
        const QString dir = linkedModel(home_.filePath(QStringLiteral("models/some-folder")));
        writeFile(
            dir + QStringLiteral("/README.md"),
            "---\nlicense: apache-2.0\nbase_model:\n- Qwen/Qwen3-VL-2B-Instruct\ntags:\n- transformers\n- "
            "multimodal rerank\n---\n# Qwen3-VL-Reranker-2B\nThe Embedding model generates vectors.\n");
        const Run run =
            cli(QStringList{QStringLiteral("search"), QStringLiteral("--text"), QStringLiteral("rivers"),
                            QStringLiteral("--reranker"), dir, QStringLiteral("--json")} +
                lib());
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QCOMPARE(run.json().value(QStringLiteral("reranked")).toBool(), true);
        QVERIFY2(!run.err.contains(QStringLiteral("does not say")), qPrintable(run.err));
    }

    // A refused --model does not stay configured: the next search uses the library's model.
    void refusedModelNotRemembered()
    {
        const QStringList search{QStringLiteral("search"), QStringLiteral("--text"),
                                 QStringLiteral("unique2"), QStringLiteral("--no-rerank"),
                                 QStringLiteral("--json")};
        const Run refused = cli(search + QStringList{QStringLiteral("--model"), kOtherModel} + lib());
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("migrate")), qPrintable(refused.err));
        const Run next = cli(search + lib());
        QVERIFY2(next.exitCode == 0, qPrintable(next.describe()));
        const QJsonArray hits = next.json().value(QStringLiteral("hits")).toArray();
        QVERIFY(!hits.isEmpty());
        QVERIFY(hits.at(0)
                    .toObject()
                    .value(QStringLiteral("path"))
                    .toString()
                    .endsWith(QStringLiteral("note2.txt")));
    }

    // collections add NAME FOLDER: every document of the library in that folder; remove likewise.
    void collectionsAddFolder()
    {
        QCOMPARE(
            cli(QStringList{QStringLiteral("collections"), QStringLiteral("create"), QStringLiteral("even")} +
                lib())
                .exitCode,
            0);
        const Run added =
            cli(QStringList{QStringLiteral("collections"), QStringLiteral("add"), QStringLiteral("even"),
                            corpus() + QStringLiteral("/sub0"), QStringLiteral("--json")} +
                lib());
        QVERIFY2(added.exitCode == 0, qPrintable(added.describe()));
        QCOMPARE(added.json().value(QStringLiteral("documents")).toInt(), 2);
        const Run documents = cli(
            QStringList{QStringLiteral("collections"), QStringLiteral("documents"), QStringLiteral("even")} +
            lib());
        QVERIFY2(documents.out.contains(QStringLiteral("note0.txt")) &&
                     documents.out.contains(QStringLiteral("note2.txt")),
                 qPrintable(documents.out));
        QVERIFY2(!documents.out.contains(QStringLiteral("note1.txt")), qPrintable(documents.out));

        QDir().mkpath(home_.filePath(QStringLiteral("empty")));
        const Run empty = cli(QStringList{QStringLiteral("collections"), QStringLiteral("add"),
                                          QStringLiteral("even"), home_.filePath(QStringLiteral("empty"))} +
                              lib());
        QCOMPARE(empty.exitCode, 1);
        QVERIFY2(empty.err.contains(QStringLiteral("no document of the library is in it")),
                 qPrintable(empty.err));

        const Run removed = cli(QStringList{QStringLiteral("collections"), QStringLiteral("remove"),
                                            QStringLiteral("even"), corpus() + QStringLiteral("/sub0/")} +
                                lib());
        QVERIFY2(removed.exitCode == 0, qPrintable(removed.describe()));
        const Run none = cli(
            QStringList{QStringLiteral("collections"), QStringLiteral("documents"), QStringLiteral("even")} +
            lib());
        QVERIFY2(!none.out.contains(QStringLiteral("note0.txt")), qPrintable(none.out));
    }
};

} // namespace

QTEST_GUILESS_MAIN(CliUsability)
#include "test_cli_usability.moc"
