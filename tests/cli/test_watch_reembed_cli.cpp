// `cortex-cli watch edit` with a new chunk size (issue 14: "nothing is re-embedded without need"): it
// says how many documents and items would be embedded again and how long that takes, measured from the
// library's recorded ingestion jobs (or that it is unknown), and without --yes it changes nothing and
// exits non-zero; with --yes the folder's documents give up their chunks and the next sync (here a
// rescan) embeds them at the new size. Edits that do not touch the chunking ask for nothing.

#include "store/database.h"
#include "store/library_db.h"
#include "support/cli_run.h"
#include "support/test_files.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <set>

namespace {

using cortex::testing::writeFile;

const QString kCli = QStringLiteral(CORTEX_BIN_DIR "/cortex-cli");
const QString kModel = QStringLiteral(CORTEX_TINY_A_DIR);

using Run = cortex::testing::CliRun;

} // namespace

class WatchReembedCli : public QObject {
    Q_OBJECT

    QTemporaryDir home_;

    QStringList lib(const QString &name) const
    {
        return {QStringLiteral("--library"), home_.filePath(name),       QStringLiteral("--max-pixels"),
                QStringLiteral("65536"),     QStringLiteral("--device"), QStringLiteral("cpu")};
    }
    Run cli(const QStringList &args) const
    {
        return cortex::testing::runCli(kCli, args, cortex::testing::isolatedEnvironment(home_));
    }
    std::unique_ptr<cortex::store::LibraryDb> db(const QString &name, cortex::store::OpenMode mode) const
    {
        auto opened = cortex::store::LibraryDb::open(
            QString(home_.filePath(name) + QStringLiteral("/library.db")).toStdString(), mode);
        if (!opened)
            qFatal("%s", opened.error().message.c_str());
        return std::move(opened).value();
    }
    // The content of every document, by path: what "embedded" means for the test.
    std::map<std::string, std::optional<int64_t>> contents(const QString &name) const
    {
        std::map<std::string, std::optional<int64_t>> out;
        const auto documents = db(name, cortex::store::OpenMode::ReadOnly)->documents().value();
        for (const auto &d : documents)
            out[d.path] = d.contentId;
        return out;
    }
    // The ids of every text item (AUTOINCREMENT: an item embedded again never has an old id).
    std::set<int64_t> itemIds(const QString &name) const
    {
        auto reader = db(name, cortex::store::OpenMode::ReadOnly);
        std::set<int64_t> ids;
        const auto documents = reader->documents().value();
        for (const auto &d : documents)
            if (d.contentId)
                for (const int64_t id :
                     std::vector<int64_t>(reader->textItemIdsOfContent(*d.contentId).value()))
                    ids.insert(id);
        return ids;
    }
    int64_t items(const QString &name) const
    {
        return db(name, cortex::store::OpenMode::ReadOnly)->itemCount().value();
    }
    QJsonObject folder(const QString &name) const
    {
        const Run run =
            cli(QStringList{QStringLiteral("watch"), QStringLiteral("list"), QStringLiteral("--json")} +
                lib(name));
        return run.json().value(QStringLiteral("watched_folders")).toArray().at(0).toObject();
    }
    // A library of two ingested notes; `jobSeconds` > 0 makes its one ingestion job have taken that long.
    QString makeLibrary(const QString &name, int jobSeconds)
    {
        const QString docs = home_.filePath(name + QStringLiteral("-docs"));
        writeFile(docs + QStringLiteral("/a.txt"), "alpha about the quiet rivers of the north");
        writeFile(docs + QStringLiteral("/b.txt"), "beta about the tall mountains of the south");
        const Run ingested =
            cli(QStringList{QStringLiteral("ingest"), docs, QStringLiteral("--model"), kModel} + lib(name));
        if (ingested.exitCode != 0)
            qFatal("%s", qPrintable(ingested.describe()));
        auto writer = db(name, cortex::store::OpenMode::ReadWrite);
        // The tiny model ingests in well under a second, which measures nothing: the job is given a time.
        const std::string sql =
            jobSeconds > 0 ? "UPDATE jobs SET created_at = updated_at - " + std::to_string(jobSeconds)
                           : "UPDATE jobs SET created_at = updated_at";
        if (!writer->database().exec(sql))
            qFatal("cannot set the job's time");
        return docs;
    }
    Run editChunks(const QString &name, const QString &docs, const QStringList &extra = {}) const
    {
        return cli(QStringList{QStringLiteral("watch"), QStringLiteral("edit"), docs,
                               QStringLiteral("--chunk-tokens"), QStringLiteral("64"),
                               QStringLiteral("--overlap"), QStringLiteral("8")} +
                   extra + lib(name));
    }

private slots:
    void initTestCase() { QVERIFY(home_.isValid()); }

    // Without --yes: the estimate and the refusal, and nothing changed. 2 files took 30 s: 2 documents,
    // about 30 seconds; a library whose ingestion took no measurable time says it is unknown.
    void refusedWithoutYes_data()
    {
        QTest::addColumn<int>("jobSeconds");
        QTest::addColumn<QString>("howLong");
        QTest::newRow("measured") << 30
                                  << QStringLiteral("which takes about 30 seconds (measured: 2 files in 30 s "
                                                    "by this library's last 1 ingestion)");
        QTest::newRow("two minutes") << 120 << QStringLiteral("which takes about 2 minutes");
        QTest::newRow("unknown") << 0
                                 << QStringLiteral(
                                        "how long is unknown: no ingestion of this library has been "
                                        "timed yet");
    }

    void refusedWithoutYes()
    {
        QFETCH(int, jobSeconds);
        QFETCH(QString, howLong);
        const QString name = QStringLiteral("refused-%1").arg(jobSeconds);
        const QString docs = makeLibrary(name, jobSeconds);
        const auto before = contents(name);
        const int64_t itemsBefore = items(name);
        const int chunkBefore = folder(name).value(QStringLiteral("chunk_tokens")).toInt(); // the settings'

        const Run run = editChunks(name, docs);
        QVERIFY2(run.exitCode != 0, qPrintable(run.describe()));
        QVERIFY2(run.err.contains(
                     QStringLiteral("2 documents (%1 items) would be embedded again").arg(itemsBefore)),
                 qPrintable(run.describe()));
        QVERIFY2(run.err.contains(howLong), qPrintable(run.describe()));
        QVERIFY2(run.err.contains(QStringLiteral("Nothing was changed; add --yes")),
                 qPrintable(run.describe()));
        QVERIFY2(run.err.contains(QDir::cleanPath(docs)), qPrintable(run.describe()));
        QCOMPARE(folder(name).value(QStringLiteral("chunk_tokens")).toInt(), chunkBefore);
        QVERIFY(chunkBefore != 64);
        QCOMPARE(contents(name), before);
        QCOMPARE(items(name), itemsBefore);
    }

    // With --yes: applied, the documents give up their chunks, and the next sync embeds them again at the
    // new size (new contents, every document embedded, the words found).
    void acceptedWithYes()
    {
        const QString name = QStringLiteral("accepted");
        const QString docs = makeLibrary(name, 30);
        const auto before = contents(name);
        const auto idsBefore = itemIds(name);
        QVERIFY(!idsBefore.empty());

        const Run run = editChunks(name, docs, {QStringLiteral("--yes")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QVERIFY2(run.out.contains(QStringLiteral("2 documents")), qPrintable(run.describe()));
        QVERIFY2(run.out.contains(QStringLiteral("the next sync")), qPrintable(run.describe()));
        QCOMPARE(folder(name).value(QStringLiteral("chunk_tokens")).toInt(), 64);
        QCOMPARE(folder(name).value(QStringLiteral("overlap_tokens")).toInt(), 8);
        for (const auto &[path, content] : contents(name))
            QVERIFY2(!content, path.c_str());
        QCOMPARE(items(name), int64_t(0));

        const Run synced =
            cli(QStringList{QStringLiteral("rescan"), QStringLiteral("--model"), kModel} + lib(name));
        QVERIFY2(synced.exitCode == 0, qPrintable(synced.describe()));
        const auto after = contents(name);
        QCOMPARE(after.size(), before.size());
        for (const auto &[path, content] : after)
            QVERIFY2(content.has_value(), path.c_str());
        // Embedded again: every item is new.
        for (const int64_t id : itemIds(name))
            QVERIFY(!idsBefore.count(id));
        QVERIFY(items(name) > 0);
        const auto hits =
            db(name, cortex::store::OpenMode::ReadOnly)->fullTextSearch("mountains", 10, {}).value();
        QVERIFY(!hits.empty());
    }

    // What does not change the chunking needs no --yes: the same chunk size again, another collection.
    void otherEditsAskNothing()
    {
        const QString name = QStringLiteral("other");
        const QString docs = makeLibrary(name, 30);
        const auto before = contents(name);
        const Run collection = cli(QStringList{QStringLiteral("watch"), QStringLiteral("edit"), docs,
                                               QStringLiteral("--collection"), QStringLiteral("Notes")} +
                                   lib(name));
        QVERIFY2(collection.exitCode == 0, qPrintable(collection.describe()));
        QVERIFY2(!collection.out.contains(QStringLiteral("embedded again")),
                 qPrintable(collection.describe()));
        QVERIFY2(editChunks(name, docs, {QStringLiteral("--yes")}).exitCode == 0, "the first change");
        QVERIFY(cli(QStringList{QStringLiteral("rescan"), QStringLiteral("--model"), kModel} + lib(name))
                    .exitCode == 0);
        const auto embedded = contents(name);
        const Run same = editChunks(name, docs);
        QVERIFY2(same.exitCode == 0, qPrintable(same.describe()));
        QCOMPARE(contents(name), embedded);
        QCOMPARE(embedded.size(), before.size());
    }
};

QTEST_GUILESS_MAIN(WatchReembedCli)
#include "test_watch_reembed_cli.moc"
