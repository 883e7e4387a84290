// `cortex-cli watch` (issue 14): watched folders made by ingest and by `watch add`, listed, paused,
// resumed, edited (a new collection takes the folder's documents along) and removed with their
// documents kept or dropped; `watch` itself keeping a folder in sync, ended by SIGTERM and by SIGKILL.

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

const QString kCli = QStringLiteral(CORTEX_BIN_DIR "/cortex-cli");
const QString kModel = QStringLiteral(CORTEX_TINY_A_DIR);

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
    QString describe() const
    {
        return QStringLiteral("exit %1\nstdout: %2\nstderr: %3").arg(exitCode).arg(out, err);
    }
    QJsonObject json() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
};

void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
}

class WatchCli : public QObject {
    Q_OBJECT

    QTemporaryDir home_;

    QString path(const QString &name) const { return home_.filePath(name); }
    QStringList lib(const QString &name = QStringLiteral("lib")) const
    {
        return {QStringLiteral("--library"), home_.filePath(name),       QStringLiteral("--max-pixels"),
                QStringLiteral("65536"),     QStringLiteral("--device"), QStringLiteral("cpu")};
    }
    QProcessEnvironment environment() const
    {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home_.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home_.filePath(QStringLiteral("data")));
        return env;
    }
    Run cli(const QStringList &args) const
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(kCli, args);
        process.closeWriteChannel();
        if (!process.waitForFinished(120000))
            process.kill();
        Run r;
        r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        r.out = QString::fromUtf8(process.readAllStandardOutput());
        r.err = QString::fromUtf8(process.readAllStandardError());
        return r;
    }
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
};

} // namespace

QTEST_GUILESS_MAIN(WatchCli)
#include "test_watch_cli.moc"
