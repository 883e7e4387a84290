// `cortex-cli watch` (issue 14): watched folders made by ingest and by `watch add`, listed, paused,
// resumed, edited (a new collection takes the folder's documents along) and removed with their
// documents kept or dropped; `watch` itself keeping a folder in sync, ended by SIGTERM and by SIGKILL.

#include "store/library_db.h"
#include "support/cli_run.h"
#include "support/test_files.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

using cortex::testing::writeFile;

const QString kCli = QStringLiteral(CORTEX_BIN_DIR "/cortex-cli");
const QString kModel = QStringLiteral(CORTEX_TINY_A_DIR);

using Run = cortex::testing::CliRun;

// The library's database read-only (WAL: while `cortex-cli watch` writes it): the file names of its
// documents, the ones whose text holds a word, the state of a watched folder, unfinished jobs.
struct LibraryView {
    std::unique_ptr<cortex::store::LibraryDb> db;
    explicit LibraryView(const QString &libraryDir)
    {
        const QString file = libraryDir + QStringLiteral("/library.db");
        auto opened = cortex::store::LibraryDb::open(file.toStdString(), cortex::store::OpenMode::ReadOnly);
        if (opened)
            db = std::move(opened).value();
    }
    QStringList documents() const
    {
        QStringList names;
        if (!db)
            return names;
        const auto all = db->documents();
        if (all)
            for (const auto &d : *all)
                names << QFileInfo(QString::fromStdString(d.path)).fileName();
        names.sort();
        return names;
    }
    QStringList withWord(const std::string &word) const
    {
        QStringList names;
        if (!db)
            return names;
        const auto hits = db->fullTextSearch(word, 100, {});
        if (!hits)
            return names;
        std::vector<int64_t> ids;
        for (const auto &h : *hits)
            ids.push_back(h.itemId);
        const auto views = db->itemViews(ids);
        if (views)
            for (const auto &v : *views)
                names << QFileInfo(QString::fromStdString(v.documentPath)).fileName();
        names.sort();
        names.removeDuplicates();
        return names;
    }
    QString folderState(const QString &path) const
    {
        if (!db)
            return {};
        const auto folder = db->watchedFolderByPath(QDir::cleanPath(path).toStdString());
        return folder && folder->has_value()
                   ? QString::fromLatin1(cortex::store::toString((*folder)->state).data())
                   : QString();
    }
    int unfinishedJobs() const
    {
        if (!db)
            return -1;
        const auto jobs = db->unfinishedJobs();
        return jobs ? int(jobs->size()) : -1;
    }
};

class WatchCli : public QObject {
    Q_OBJECT

    QTemporaryDir home_;

    QString path(const QString &name) const { return home_.filePath(name); }
    QStringList lib(const QString &name = QStringLiteral("lib")) const
    {
        return {QStringLiteral("--library"), home_.filePath(name),       QStringLiteral("--max-pixels"),
                QStringLiteral("65536"),     QStringLiteral("--device"), QStringLiteral("cpu")};
    }
    QProcessEnvironment environment() const { return cortex::testing::isolatedEnvironment(home_); }
    Run cli(const QStringList &args) const { return cortex::testing::runCli(kCli, args, environment()); }
    QJsonArray folders(const QString &library = QStringLiteral("lib")) const
    {
        const Run run =
            cli(QStringList{QStringLiteral("watch"), QStringLiteral("list"), QStringLiteral("--json")} +
                lib(library));
        return run.json().value(QStringLiteral("watched_folders")).toArray();
    }
    // The documents of a collection, by file name, sorted.
    QStringList collectionFiles(const QString &collection,
                                const QString &library = QStringLiteral("lib")) const
    {
        const Run run = cli(QStringList{QStringLiteral("collections"), QStringLiteral("documents"),
                                        collection, QStringLiteral("--json")} +
                            lib(library));
        QStringList names;
        for (const auto &d : run.json().value(QStringLiteral("documents")).toArray())
            names << QFileInfo(d.toObject().value(QStringLiteral("path")).toString()).fileName();
        names.sort();
        return names;
    }

    // `cortex-cli watch` running in the background, small times so that the test waits little.
    std::unique_ptr<QProcess> startWatch(const QString &library, const QStringList &extraEnvironment = {},
                                         const QStringList &extraArguments = {}) const
    {
        auto process = std::make_unique<QProcess>();
        auto env = environment();
        for (const QString &pair : extraEnvironment)
            env.insert(pair.section(u'=', 0, 0), pair.section(u'=', 1));
        process->setProcessEnvironment(env);
        process->start(kCli, QStringList{QStringLiteral("watch"), QStringLiteral("--stable-seconds"),
                                         QStringLiteral("1"), QStringLiteral("--debounce-ms"),
                                         QStringLiteral("200"), QStringLiteral("--poll-seconds"),
                                         QStringLiteral("1")} +
                                 extraArguments + lib(library));
        process->closeWriteChannel();
        return process;
    }
    // Reads the process's stderr into `seen` until it holds `text` or the process ends (bounded).
    static bool waitForText(QProcess &process, QByteArray &seen, const QByteArray &text)
    {
        QDeadlineTimer deadline(60000);
        while (!seen.contains(text) && process.state() != QProcess::NotRunning && !deadline.hasExpired()) {
            process.waitForReadyRead(200);
            seen += process.readAllStandardError();
        }
        return seen.contains(text);
    }

private slots:
    void initTestCase() { QVERIFY(home_.isValid()); }

    // What ingest was given is watched from then on, with its options; the window's and cortex-cli's
    // edits go through the same application layer.
    void addListPauseResumeEditRemove()
    {
        const QString docs = path(QStringLiteral("docs"));
        writeFile(docs + QStringLiteral("/a.txt"), "alpha about rivers");
        writeFile(docs + QStringLiteral("/b.txt"), "beta about mountains");
        const Run ingested = cli(QStringList{QStringLiteral("ingest"), docs, QStringLiteral("--collection"),
                                             QStringLiteral("Notes"), QStringLiteral("--exclude"),
                                             QStringLiteral("*.bak"), QStringLiteral("--model"), kModel} +
                                 lib());
        QVERIFY2(ingested.exitCode == 0, qPrintable(ingested.describe()));
        QJsonArray list = folders();
        QCOMPARE(list.size(), 1);
        QJsonObject folder = list[0].toObject();
        QCOMPARE(folder.value(QStringLiteral("path")).toString(), QDir::cleanPath(docs));
        QCOMPARE(folder.value(QStringLiteral("collection")).toString(), QStringLiteral("Notes"));
        QCOMPARE(folder.value(QStringLiteral("exclude")).toArray(), QJsonArray{QStringLiteral("*.bak")});
        QCOMPARE(folder.value(QStringLiteral("paused")).toBool(), false);

        // A second folder by `watch add`; the library's own folder and a missing one are refused.
        const QString more = path(QStringLiteral("more"));
        QDir().mkpath(more);
        Run added =
            cli(QStringList{QStringLiteral("watch"), QStringLiteral("add"), more, QStringLiteral("--include"),
                            QStringLiteral("*.md"), QStringLiteral("--chunk-tokens"), QStringLiteral("128"),
                            QStringLiteral("--overlap"), QStringLiteral("16")} +
                lib());
        QVERIFY2(added.exitCode == 0, qPrintable(added.describe()));
        added = cli(QStringList{QStringLiteral("watch"), QStringLiteral("add"), more} + lib());
        QCOMPARE(added.exitCode, 1);
        QVERIFY2(added.err.contains(QStringLiteral("is watched already")), qPrintable(added.err));
        added = cli(QStringList{QStringLiteral("watch"), QStringLiteral("add"), path(QStringLiteral("lib"))} +
                    lib());
        QCOMPARE(added.exitCode, 1);
        QVERIFY2(added.err.contains(QStringLiteral("library's own folder")), qPrintable(added.err));
        added =
            cli(QStringList{QStringLiteral("watch"), QStringLiteral("add"), path(QStringLiteral("gone"))} +
                lib());
        QCOMPARE(added.exitCode, 1);
        QVERIFY2(added.err.contains(QStringLiteral("gone: no such folder or file")), qPrintable(added.err));
        list = folders();
        QCOMPARE(list.size(), 2);
        folder = list[1].toObject();
        QCOMPARE(folder.value(QStringLiteral("include")).toArray(), QJsonArray{QStringLiteral("*.md")});
        QCOMPARE(folder.value(QStringLiteral("chunk_tokens")).toInt(), 128);
        QCOMPARE(folder.value(QStringLiteral("overlap_tokens")).toInt(), 16);

        // Pause and resume, as the list shows them.
        for (const QString &action : {QStringLiteral("pause"), QStringLiteral("resume")}) {
            const Run run = cli(QStringList{QStringLiteral("watch"), action, docs} + lib());
            QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
            QCOMPARE(folders()[0].toObject().value(QStringLiteral("paused")).toBool(), action == u"pause");
        }

        // A new collection takes the folder's documents with it.
        QCOMPARE(collectionFiles(QStringLiteral("Notes")),
                 (QStringList{QStringLiteral("a.txt"), QStringLiteral("b.txt")}));
        const Run edited = cli(QStringList{QStringLiteral("watch"), QStringLiteral("edit"), docs,
                                           QStringLiteral("--collection"), QStringLiteral("Rivers"),
                                           QStringLiteral("--no-exclude")} +
                               lib());
        QVERIFY2(edited.exitCode == 0, qPrintable(edited.describe()));
        QCOMPARE(collectionFiles(QStringLiteral("Rivers")),
                 (QStringList{QStringLiteral("a.txt"), QStringLiteral("b.txt")}));
        QVERIFY(collectionFiles(QStringLiteral("Notes")).isEmpty());
        QVERIFY(folders()[0].toObject().value(QStringLiteral("exclude")).toArray().isEmpty());

        // Remove asks what becomes of the documents; keep leaves them, drop removes them.
        Run removed = cli(QStringList{QStringLiteral("watch"), QStringLiteral("remove"), docs} + lib());
        QCOMPARE(removed.exitCode, 2);
        QVERIFY2(removed.err.contains(QStringLiteral("--keep-documents or --drop-documents")),
                 qPrintable(removed.err));
        removed = cli(QStringList{QStringLiteral("watch"), QStringLiteral("remove"), more,
                                  QStringLiteral("--keep-documents")} +
                      lib());
        QVERIFY2(removed.exitCode == 0, qPrintable(removed.describe()));
        removed = cli(QStringList{QStringLiteral("watch"), QStringLiteral("remove"), docs,
                                  QStringLiteral("--drop-documents"), QStringLiteral("--json")} +
                      lib());
        QVERIFY2(removed.exitCode == 0, qPrintable(removed.describe()));
        QCOMPARE(removed.json().value(QStringLiteral("removed_documents")).toInt(), 2);
        QVERIFY(collectionFiles(QStringLiteral("Rivers")).isEmpty());
        QVERIFY(folders().isEmpty());
        removed = cli(QStringList{QStringLiteral("watch"), QStringLiteral("pause"), docs} + lib());
        QCOMPARE(removed.exitCode, 1);
        QVERIFY2(removed.err.contains(QStringLiteral("is not a watched folder")), qPrintable(removed.err));
    }

    // A folder's page images: as the ingest that gave it chose (off), as `watch add` chooses, changed by
    // `watch edit`, and a size out of range refused with the folder left as it was.
    void pageImagesPerFolder()
    {
        const QString library = QStringLiteral("lib-pages");
        const QString scans = path(QStringLiteral("scans"));
        writeFile(scans + QStringLiteral("/a.txt"), "a scanned letter");
        const Run ingested = cli(QStringList{QStringLiteral("ingest"), scans, QStringLiteral("--page-images"),
                                             QStringLiteral("off"), QStringLiteral("--model"), kModel} +
                                 lib(library));
        QVERIFY2(ingested.exitCode == 0, qPrintable(ingested.describe()));
        QCOMPARE(folders(library)[0].toObject().value(QStringLiteral("page_images")).toInt(-1), 0);

        const QString slides = path(QStringLiteral("slides"));
        QDir().mkpath(slides);
        const Run added = cli(QStringList{QStringLiteral("watch"), QStringLiteral("add"), slides,
                                          QStringLiteral("--page-images"), QStringLiteral("960")} +
                              lib(library));
        QVERIFY2(added.exitCode == 0, qPrintable(added.describe()));
        QCOMPARE(folders(library)[1].toObject().value(QStringLiteral("page_images")).toInt(), 960);
        const Run listed = cli(QStringList{QStringLiteral("watch"), QStringLiteral("list")} + lib(library));
        QVERIFY2(listed.out.contains(QStringLiteral("page images off")) &&
                     listed.out.contains(QStringLiteral("page images 960 px")),
                 qPrintable(listed.out));

        const Run edited = cli(QStringList{QStringLiteral("watch"), QStringLiteral("edit"), scans,
                                           QStringLiteral("--page-images"), QStringLiteral("1600")} +
                               lib(library));
        QVERIFY2(edited.exitCode == 0, qPrintable(edited.describe()));
        QCOMPARE(folders(library)[0].toObject().value(QStringLiteral("page_images")).toInt(), 1600);
        const Run refused = cli(QStringList{QStringLiteral("watch"), QStringLiteral("edit"), scans,
                                            QStringLiteral("--page-images"), QStringLiteral("100")} +
                                lib(library));
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(
                     QStringLiteral("--page-images must be off or a size from 256 to 4096 pixels")),
                 qPrintable(refused.err));
        QCOMPARE(folders(library)[0].toObject().value(QStringLiteral("page_images")).toInt(), 1600);
    }

    // Running: a new file, a deletion and the root renamed away and back reach the library by
    // themselves; SIGTERM ends it cleanly.
    void watchFollowsChangesAndStopsOnSigterm()
    {
        const QString docs = path(QStringLiteral("live"));
        writeFile(docs + QStringLiteral("/first.txt"), "the first note about herons");
        writeFile(docs + QStringLiteral("/second.txt"), "the second note about storks");
        const Run ingested =
            cli(QStringList{QStringLiteral("ingest"), docs, QStringLiteral("--model"), kModel} +
                lib(QStringLiteral("live-lib")));
        QVERIFY2(ingested.exitCode == 0, qPrintable(ingested.describe()));
        auto watch = startWatch(QStringLiteral("live-lib"));
        QByteArray err;
        QVERIFY2(waitForText(*watch, err, "watching 1 folder"), err.constData());
        const LibraryView view(path(QStringLiteral("live-lib")));

        writeFile(docs + QStringLiteral("/sub/new.txt"), "a new note about the kiwi");
        QTRY_COMPARE_WITH_TIMEOUT(view.withWord("kiwi"), QStringList{QStringLiteral("new.txt")}, 60000);
        QVERIFY(QFile::remove(docs + QStringLiteral("/second.txt")));
        QTRY_VERIFY_WITH_TIMEOUT(view.withWord("storks").isEmpty(), 60000);

        // An unmounted drive: unavailable, documents kept; back again: idle, nothing lost.
        QVERIFY(QDir().rename(docs, path(QStringLiteral("live-away"))));
        // The waits are upper bounds, not speed goals: a root's return is seen at the next poll (1 s here),
        // but on two busy cores (ctest -j2 beside the hostile-input tests) one wait took over a minute.
        QTRY_COMPARE_WITH_TIMEOUT(view.folderState(docs), QStringLiteral("unavailable"), 180000);
        QCOMPARE(view.withWord("herons"), QStringList{QStringLiteral("first.txt")});
        QVERIFY(QDir().rename(path(QStringLiteral("live-away")), docs));
        QTRY_COMPARE_WITH_TIMEOUT(view.folderState(docs), QStringLiteral("idle"), 180000);
        writeFile(docs + QStringLiteral("/after.txt"), "written after the return about cranes");
        QTRY_COMPARE_WITH_TIMEOUT(view.withWord("cranes"), QStringList{QStringLiteral("after.txt")}, 60000);
        QCOMPARE(view.documents(), (QStringList{QStringLiteral("after.txt"), QStringLiteral("first.txt"),
                                                QStringLiteral("new.txt")}));

        watch->terminate(); // SIGTERM
        QVERIFY(watch->waitForFinished(60000));
        QCOMPARE(watch->exitStatus(), QProcess::NormalExit);
        QCOMPARE(watch->exitCode(), 0);
        err += watch->readAllStandardError();
        QVERIFY2(err.contains("stopped watching"), err.constData());
        QCOMPARE(view.unfinishedJobs(), 0);
    }

    // Where a folder cannot be watched it is scanned periodically, and stderr says so.
    void pollingWhereWatchingIsImpossible()
    {
        const QString docs = path(QStringLiteral("polled"));
        writeFile(docs + QStringLiteral("/one.txt"), "the first polled note");
        const Run ingested =
            cli(QStringList{QStringLiteral("ingest"), docs, QStringLiteral("--model"), kModel} +
                lib(QStringLiteral("polled-lib")));
        QVERIFY2(ingested.exitCode == 0, qPrintable(ingested.describe()));
        auto watch = startWatch(QStringLiteral("polled-lib"), {}, {QStringLiteral("--poll")});
        QByteArray err;
        QVERIFY2(waitForText(*watch, err, "watching 1 folder"), err.constData());
        QVERIFY2(err.contains("is scanned every 1 s instead of watched: polling was asked for"),
                 err.constData());
        writeFile(docs + QStringLiteral("/two.txt"), "the second polled note about ospreys");
        const LibraryView view(path(QStringLiteral("polled-lib")));
        QTRY_COMPARE_WITH_TIMEOUT(view.withWord("ospreys"), QStringList{QStringLiteral("two.txt")}, 60000);
        watch->terminate();
        QVERIFY(watch->waitForFinished(60000));
        QCOMPARE(watch->exitCode(), 0);
    }

    // SIGTERM while a sync's job runs: it stops between two files and exits cleanly; the next run
    // finishes the job (if it was stopped inside it) and the library holds every file.
    void sigtermMidSyncResumes()
    {
        const QString docs = path(QStringLiteral("termed"));
        writeFile(docs + QStringLiteral("/seed.txt"), "the seed note");
        const Run ingested =
            cli(QStringList{QStringLiteral("ingest"), docs, QStringLiteral("--model"), kModel} +
                lib(QStringLiteral("termed-lib")));
        QVERIFY2(ingested.exitCode == 0, qPrintable(ingested.describe()));
        auto watch = startWatch(QStringLiteral("termed-lib"));
        QByteArray err;
        QVERIFY2(waitForText(*watch, err, "watching 1 folder"), err.constData());
        constexpr int kFiles = 300;
        for (int i = 0; i < kFiles; ++i)
            writeFile(docs + QStringLiteral("/t%1.txt").arg(i),
                      QStringLiteral("termed note %1 word%1").arg(i).toUtf8());
        const LibraryView view(path(QStringLiteral("termed-lib")));
        QTRY_VERIFY_WITH_TIMEOUT(view.documents().size() > 1, 60000); // the job has begun committing
        watch->terminate();
        QVERIFY(watch->waitForFinished(60000));
        QCOMPARE(watch->exitStatus(), QProcess::NormalExit);
        QCOMPARE(watch->exitCode(), 0);
        const int unfinished = view.unfinishedJobs();
        qInfo("stopped with %d of %d files in the library, %d unfinished job(s)",
              int(view.documents().size()), kFiles + 1, unfinished);
        QVERIFY(unfinished == 0 || unfinished == 1);

        const Run again = cli(QStringList{QStringLiteral("watch"), QStringLiteral("--once")} +
                              lib(QStringLiteral("termed-lib")));
        QVERIFY2(again.exitCode == 0, qPrintable(again.describe()));
        QCOMPARE(view.unfinishedJobs(), 0);
        QCOMPARE(view.documents().size(), kFiles + 1);
        QCOMPARE(view.withWord("word299"), QStringList{QStringLiteral("t299.txt")});
        const Run check = cli(QStringList{QStringLiteral("check")} + lib(QStringLiteral("termed-lib")));
        QVERIFY2(check.exitCode == 0, qPrintable(check.describe()));
    }

    // Killed (SIGKILL) in the middle of a sync's job: the next run finishes that job and catches up,
    // and the library checks out whole.
    void sigkillMidSyncResumes()
    {
        const QString docs = path(QStringLiteral("killed"));
        writeFile(docs + QStringLiteral("/seed.txt"), "the seed note");
        const Run ingested =
            cli(QStringList{QStringLiteral("ingest"), docs, QStringLiteral("--model"), kModel} +
                lib(QStringLiteral("killed-lib")));
        QVERIFY2(ingested.exitCode == 0, qPrintable(ingested.describe()));
        auto watch = startWatch(QStringLiteral("killed-lib"), {QStringLiteral("CORTEX_TEST_KILL_ON=k3.txt")});
        QByteArray err;
        QVERIFY2(waitForText(*watch, err, "watching 1 folder"), err.constData());
        for (int i = 1; i <= 5; ++i)
            writeFile(docs + QStringLiteral("/k%1.txt").arg(i),
                      QStringLiteral("killed note %1 word%1").arg(i).toUtf8());
        QVERIFY(watch->waitForFinished(60000));
        QCOMPARE(watch->exitStatus(), QProcess::CrashExit); // SIGKILL, as the hook raised it
        const LibraryView view(path(QStringLiteral("killed-lib")));
        QCOMPARE(view.unfinishedJobs(), 1);

        const Run again = cli(QStringList{QStringLiteral("watch"), QStringLiteral("--once")} +
                              lib(QStringLiteral("killed-lib")));
        QVERIFY2(again.exitCode == 0, qPrintable(again.describe()));
        QVERIFY2(again.out.contains(QStringLiteral("resumed job")), qPrintable(again.describe()));
        QCOMPARE(view.unfinishedJobs(), 0);
        for (int i = 1; i <= 5; ++i)
            QCOMPARE(view.withWord("word" + std::to_string(i)),
                     QStringList{QStringLiteral("k%1.txt").arg(i)});
        const Run check = cli(QStringList{QStringLiteral("check")} + lib(QStringLiteral("killed-lib")));
        QVERIFY2(check.exitCode == 0, qPrintable(check.describe()));
    }
};

} // namespace

QTEST_GUILESS_MAIN(WatchCli)
#include "test_watch_cli.moc"
