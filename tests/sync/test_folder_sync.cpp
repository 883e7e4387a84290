// A watched folder over a temporary tree, synced with the tiny model (ingest/folder_sync.h): create,
// modify in place, a file still being written, rename, move across folders, delete, editor
// temporaries, the library inside the folder, a symlink loop, the root renamed away and back, a
// permission error, a 5,000-file burst, and changes made while the library was closed. Each ends in
// the library state it should, checked in the database and by keyword. "Now" is passed to the sync,
// so that "still being written" is decided without waiting.

#include "../library/library_fixture.h"
#include "../support/without_file_privileges.h"

#include "ingest/folder_sync.h"
#include "ingest/ingestor.h"
#include "library/library.h"
#include "store/library_db.h"

#include <QGuiApplication>

#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

using namespace cortex;
using namespace cortex::testing;

namespace {

int64_t mtimeNs(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

QString canonical(const QString &path)
{
    return QFileInfo(path).canonicalFilePath();
}

} // namespace

class TestFolderSync : public QObject {
    Q_OBJECT

    std::unique_ptr<embedding::QwenEncoder> encoder_;
    std::shared_ptr<const model::Tokenizer> tokenizer_;

    struct Fixture {
        QTemporaryDir dir;
        std::unique_ptr<library::Library> lib;
        QString root() const { return dir.filePath(QStringLiteral("watched")); }
        QString at(const QString &name) const { return root() + u'/' + name; }
    };

    void open(Fixture &f, const QString &libraryDir = {})
    {
        const QString where = libraryDir.isEmpty() ? f.dir.filePath(QStringLiteral("lib")) : libraryDir;
        auto lib = library::Library::open(where.toStdString());
        QVERIFY2(lib.ok(), lib.ok() ? "" : lib.error().message.c_str());
        f.lib = std::move(lib).value();
    }

    void watch(Fixture &f, const QString &path, const std::string &collection = {},
               int pageImageSide = kDefaultPageImageSide)
    {
        store::WatchedFolderSettings settings;
        settings.collection = collection;
        settings.pageImageSide = pageImageSide;
        auto id = f.lib->write([&](store::LibraryDb &db) -> Status {
            auto added = db.upsertWatchedFolder(path.toStdString(), settings);
            return added ? Status{} : Status(added.error());
        });
        QVERIFY2(id.ok(), id.ok() ? "" : id.error().message.c_str());
    }

    ingest::SyncSummary sync(Fixture &f, int64_t nowNs = 0, double stableSeconds = 0)
    {
        ingest::Ingestor ingestor(*f.lib, *encoder_, tokenizer_);
        ingest::SyncOptions options;
        options.stableSeconds = stableSeconds;
        options.nowNs = nowNs;
        auto summary = ingest::syncWatchedFolders(*f.lib, ingestor, options);
        if (!summary)
            qFatal("sync: %s", summary.error().message.c_str());
        return std::move(summary).value();
    }

    // The files whose documents hold text with this word (FTS5 over the library), by file name.
    static QStringList filesWith(library::Library &lib, const std::string &word)
    {
        auto reader = lib.openReader().value();
        const auto hits = reader->fullTextSearch(word, 100, {}).value();
        std::vector<int64_t> ids;
        for (const auto &h : hits)
            ids.push_back(h.itemId);
        QStringList names;
        const auto views = reader->itemViews(ids).value();
        for (const auto &v : views)
            names << QFileInfo(QString::fromStdString(v.documentPath)).fileName();
        names.sort();
        names.removeDuplicates();
        return names;
    }

    static QStringList documentNames(library::Library &lib)
    {
        auto reader = lib.openReader().value();
        QStringList names;
        const auto documents = reader->documents().value();
        for (const auto &d : documents)
            names << QFileInfo(QString::fromStdString(d.path)).fileName();
        names.sort();
        return names;
    }

    static store::DocumentRecord documentAt(library::Library &lib, const QString &path)
    {
        auto reader = lib.openReader().value();
        return reader->documentByPath(canonical(path).toStdString())
            .value()
            .value_or(store::DocumentRecord{});
    }

    static store::WatchedFolder folderAt(library::Library &lib, const QString &path)
    {
        auto reader = lib.openReader().value();
        return reader->watchedFolderByPath(path.toStdString()).value().value_or(store::WatchedFolder{});
    }

private slots:
    void initTestCase()
    {
        encoder_ = loadTinyEncoder();
        tokenizer_ = loadTinyTokenizer();
    }

    void createModifyInPlaceDelete()
    {
        Fixture f;
        writeFile(f.at(QStringLiteral("a.txt")), "the apple and the zebra");
        open(f);
        watch(f, f.root());
        auto s = sync(f);
        QCOMPARE(s.folders.size(), size_t(1));
        QCOMPARE(s.folders[0].added, 1);
        QCOMPARE(filesWith(*f.lib, "zebra"), QStringList{QStringLiteral("a.txt")});

        writeFile(f.at(QStringLiteral("a.txt")), "the apple and the okapi, rewritten");
        s = sync(f);
        QCOMPARE(s.folders[0].modified, 1);
        QCOMPARE(filesWith(*f.lib, "okapi"), QStringList{QStringLiteral("a.txt")});
        QVERIFY(filesWith(*f.lib, "zebra").isEmpty());

        // Nothing changed: no job at all.
        s = sync(f);
        QCOMPARE(s.jobs(), 0);
        QCOMPARE(s.folders[0].unchanged, 1);
        QCOMPARE(folderAt(*f.lib, f.root()).stateDetail, std::string("no changes"));

        QVERIFY(QFile::remove(f.at(QStringLiteral("a.txt"))));
        s = sync(f);
        QCOMPARE(s.folders[0].deleted, 1);
        QVERIFY(filesWith(*f.lib, "okapi").isEmpty());
        QVERIFY(documentNames(*f.lib).isEmpty());
    }

    // Each folder's page images: off in one (its PDF gets its text only, no page is rendered), a small
    // size in the other (its PDF's page is embedded as an image too, rendered at that size).
    void pageImagesFollowTheFolder()
    {
        Fixture f;
        const QString scans = f.dir.filePath(QStringLiteral("scans"));
        const QString slides = f.dir.filePath(QStringLiteral("slides"));
        QVERIFY(QDir().mkpath(scans) && QDir().mkpath(slides));
        writePdfLines(scans + QStringLiteral("/memo.pdf"),
                      {{{{40, 60}, QStringLiteral("The memo of the walrus.")}}});
        writePdfLines(slides + QStringLiteral("/deck.pdf"),
                      {{{{40, 60}, QStringLiteral("The deck of the walrus.")}}});
        open(f);
        watch(f, scans, {}, 0);
        watch(f, slides, {}, 256);
        const auto s = sync(f);
        QCOMPARE(s.folders.size(), size_t(2));
        QCOMPARE(filesWith(*f.lib, "walrus"),
                 (QStringList{QStringLiteral("deck.pdf"), QStringLiteral("memo.pdf")}));
        const auto pageImages = [&](const QString &path) {
            auto reader = f.lib->openReader().value();
            const auto document = reader->documentByPath(canonical(path).toStdString()).value();
            if (!document || !document->contentId)
                return -1;
            const auto items = reader->itemsOfContent(*document->contentId);
            if (!items)
                return -1;
            return int(std::count_if(items->begin(), items->end(), [](const store::ItemRecord &item) {
                return item.kind == ItemKind::PdfPage;
            }));
        };
        QCOMPARE(pageImages(scans + QStringLiteral("/memo.pdf")), 0);
        QCOMPARE(pageImages(slides + QStringLiteral("/deck.pdf")), 1);
        for (const auto &folder : s.folders) {
            QVERIFY(folder.job);
            QCOMPARE(folder.job->pageImages.longSide, folder.path == canonical(scans) ? 0 : 256);
        }
    }

    // A rename and a move into another watched folder keep the document's content and items (no
    // embedding); the moved document joins the collection of the folder it is in now.
    void renameAndMoveKeepTheEmbeddings()
    {
        Fixture f;
        const QString other = f.dir.filePath(QStringLiteral("other"));
        writeFile(f.at(QStringLiteral("x/a.txt")), "a note about the quokka");
        QDir().mkpath(other);
        open(f);
        watch(f, f.root());
        watch(f, other, "Elsewhere");
        sync(f);
        const auto before = documentAt(*f.lib, f.at(QStringLiteral("x/a.txt")));
        QVERIFY(before.contentId.has_value());

        QVERIFY(QFile::rename(f.at(QStringLiteral("x/a.txt")), f.at(QStringLiteral("x/b.txt"))));
        auto s = sync(f);
        QCOMPARE(s.folders[1].moved, 1); // folders by path: "other" sorts before "watched"
        QCOMPARE(s.jobs(), 0);           // nothing embedded
        auto after = documentAt(*f.lib, f.at(QStringLiteral("x/b.txt")));
        QCOMPARE(after.id, before.id);
        QCOMPARE(after.contentId, before.contentId);
        QCOMPARE(filesWith(*f.lib, "quokka"), QStringList{QStringLiteral("b.txt")});

        QVERIFY(QFile::rename(f.at(QStringLiteral("x/b.txt")), other + QStringLiteral("/c.txt")));
        s = sync(f);
        QCOMPARE(s.folders[0].moved + s.folders[1].moved, 1);
        QCOMPARE(s.folders[1].deleted, 0);
        QCOMPARE(s.jobs(), 0);
        after = documentAt(*f.lib, other + QStringLiteral("/c.txt"));
        QCOMPARE(after.id, before.id);
        QCOMPARE(after.contentId, before.contentId);
        QCOMPARE(filesWith(*f.lib, "quokka"), QStringList{QStringLiteral("c.txt")});
        auto reader = f.lib->openReader().value();
        const auto collection = reader->collectionByName("Elsewhere").value();
        QVERIFY(collection.has_value());
        QCOMPARE(reader->collectionsOfDocument(after.id).value(), std::vector<int64_t>{collection->id});
    }

    // Editor and download temporaries and the library's own folder are never taken; a symlink loop is
    // reported and not followed.
    void temporariesLibraryFolderAndSymlinkLoop()
    {
        Fixture f;
        writeFile(f.at(QStringLiteral("real.txt")), "the real document about herons");
        for (const char *name : {"~$real.txt", ".real.txt.swp", "real.txt~", ".#real.txt", "real.txt.part",
                                 "big.pdf.crdownload", "#real.txt#", "notes.tmp"})
            writeFile(f.at(QString::fromLatin1(name)), "herons in a temporary file");
        writeFile(f.at(QStringLiteral("sub/deeper.txt")), "a deeper heron");
        QVERIFY(QFile::link(f.root(), f.at(QStringLiteral("sub/loop"))));
        open(f, f.at(QStringLiteral("library")));
        writeFile(f.at(QStringLiteral("library/readme.txt")), "herons inside the library folder");
        watch(f, f.root());
        const auto s = sync(f);
        QCOMPARE(documentNames(*f.lib),
                 (QStringList{QStringLiteral("deeper.txt"), QStringLiteral("real.txt")}));
        QVERIFY2(s.folders[0].problems.join(u'\n').contains(QStringLiteral("symbolic link loop")),
                 qPrintable(s.folders[0].problems.join(u'\n')));
        QCOMPARE(sync(f).jobs(), 0); // and it stays so
    }

    // A folder that disappears (an unmounted drive) is unavailable: its documents stay and are found;
    // when it is back, nothing was lost and nothing is embedded again.
    void disappearanceAndReturn()
    {
        Fixture f;
        writeFile(f.at(QStringLiteral("kept.txt")), "a document about the pangolin");
        open(f);
        watch(f, f.root());
        sync(f);
        const QString away = f.dir.filePath(QStringLiteral("away"));
        QVERIFY(QDir().rename(f.root(), away));
        auto s = sync(f);
        QVERIFY(s.folders[0].unavailable);
        QCOMPARE(s.folders[0].deleted, 0);
        const auto folder = folderAt(*f.lib, f.root());
        QCOMPARE(int(folder.state), int(store::WatchedFolderState::Unavailable));
        QVERIFY2(folder.stateDetail.find("missing") != std::string::npos, folder.stateDetail.c_str());
        QCOMPARE(filesWith(*f.lib, "pangolin"), QStringList{QStringLiteral("kept.txt")});

        QVERIFY(QDir().rename(away, f.root()));
        s = sync(f);
        QVERIFY(!s.folders[0].unavailable);
        QCOMPARE(s.jobs(), 0);
        QCOMPARE(int(folderAt(*f.lib, f.root()).state), int(store::WatchedFolderState::Idle));
        QCOMPARE(filesWith(*f.lib, "pangolin"), QStringList{QStringLiteral("kept.txt")});
    }

    // A file is taken only once it has not changed for stableSeconds: appended to "while it is being
    // copied", it waits, and is taken whole.
    void fileStillBeingWritten()
    {
        Fixture f;
        open(f);
        QDir().mkpath(f.root());
        watch(f, f.root());
        const QString file = f.at(QStringLiteral("copy.txt"));
        writeFile(file, "the first half about the narwhal");
        auto s = sync(f, mtimeNs(file) + 1'000'000'000, 3);
        QCOMPARE(s.folders[0].settling, QStringList{canonical(file)});
        QCOMPARE(s.jobs(), 0);
        QVERIFY(documentNames(*f.lib).isEmpty());

        QFile append(file);
        QVERIFY(append.open(QIODevice::Append));
        append.write(" and the second half about the axolotl");
        append.close();
        s = sync(f, mtimeNs(file) + 2'000'000'000, 3);
        QCOMPARE(s.folders[0].settling.size(), 1);
        QVERIFY(documentNames(*f.lib).isEmpty());

        s = sync(f, mtimeNs(file) + 4'000'000'000, 3);
        QCOMPARE(s.folders[0].added, 1);
        QCOMPARE(filesWith(*f.lib, "axolotl"), QStringList{QStringLiteral("copy.txt")});
        QCOMPARE(filesWith(*f.lib, "narwhal"), QStringList{QStringLiteral("copy.txt")});
    }

    // A file that cannot be read is a failed document with the reason, and the sync goes on. Root reads
    // every file, so as root (CI) the sync runs without the two capabilities that allow it: the same
    // kernel refusal (EACCES) a user meets.
    void permissionErrorIsAFailedFile()
    {
        Fixture f;
        writeFile(f.at(QStringLiteral("open.txt")), "an open file about lemurs");
        writeFile(f.at(QStringLiteral("closed.txt")), "a closed file about lemurs");
        QVERIFY(QFile::setPermissions(f.at(QStringLiteral("closed.txt")), QFileDevice::Permissions{}));
        open(f);
        watch(f, f.root());
        std::optional<WithoutFilePrivileges> unprivileged;
        unprivileged.emplace();
        if (::geteuid() == 0 && !unprivileged->active())
            QSKIP("root whose capabilities cannot be lowered reads every file");
        const auto s = sync(f);
        unprivileged.reset();
        QCOMPARE(filesWith(*f.lib, "lemurs"), QStringList{QStringLiteral("open.txt")});
        QVERIFY(s.folders[0].job.has_value());
        QCOMPARE(s.folders[0].job->failed, 1);
        auto reader = f.lib->openReader().value();
        const auto failed = reader->failedDocuments().value();
        QCOMPARE(failed.size(), size_t(1));
        QVERIFY2(failed[0].error.find("closed.txt") != std::string::npos, failed[0].error.c_str());
        QVERIFY2(failed[0].error.find("Permission denied") != std::string::npos, failed[0].error.c_str());
        QFile::setPermissions(f.at(QStringLiteral("closed.txt")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }

    // A burst of 5,000 new files is one job, not 5,000. Most of them share one content (stored and
    // embedded once, so that the test costs seconds on two cores); every hundredth has its own words.
    void burstIsOneJob()
    {
        Fixture f;
        constexpr int kFiles = 5000;
        for (int i = 0; i < kFiles; ++i)
            writeFile(f.at(QStringLiteral("burst/d%1/f%2.txt").arg(i / 100).arg(i)),
                      i % 100 == 0 ? QStringLiteral("burst file %1 word%1").arg(i).toUtf8()
                                   : QByteArray("a burst file like many others"));
        open(f);
        watch(f, f.root());
        const auto s = sync(f);
        QCOMPARE(s.jobs(), 1);
        QCOMPARE(s.folders[0].added, kFiles);
        QCOMPARE(s.folders[0].job->files, kFiles);
        QCOMPARE(s.folders[0].job->failed, 0);
        QCOMPARE(documentNames(*f.lib).size(), kFiles);
        QCOMPARE(filesWith(*f.lib, "word4300"), QStringList{QStringLiteral("f4300.txt")});
        QCOMPARE(sync(f).folders[0].unchanged, kFiles);
    }

    // Changes made while the library was closed are found by the next sync: the start-up catch-up.
    void catchUpAfterClosed()
    {
        Fixture f;
        writeFile(f.at(QStringLiteral("stays.txt")), "stays about the ibis");
        writeFile(f.at(QStringLiteral("changes.txt")), "changes about the tapir");
        writeFile(f.at(QStringLiteral("goes.txt")), "goes about the dingo");
        writeFile(f.at(QStringLiteral("moves.txt")), "moves about the gecko");
        open(f);
        watch(f, f.root());
        sync(f);
        f.lib.reset(); // closed

        writeFile(f.at(QStringLiteral("changes.txt")), "changed about the wombat now");
        QVERIFY(QFile::remove(f.at(QStringLiteral("goes.txt"))));
        QVERIFY(QFile::rename(f.at(QStringLiteral("moves.txt")), f.at(QStringLiteral("moved.txt"))));
        writeFile(f.at(QStringLiteral("new.txt")), "new about the civet");

        open(f);
        const auto s = sync(f);
        QCOMPARE(s.folders[0].added, 1);
        QCOMPARE(s.folders[0].modified, 1);
        QCOMPARE(s.folders[0].moved, 1);
        QCOMPARE(s.folders[0].deleted, 1);
        QCOMPARE(s.folders[0].unchanged, 1);
        QCOMPARE(s.jobs(), 1);
        QCOMPARE(documentNames(*f.lib),
                 (QStringList{QStringLiteral("changes.txt"), QStringLiteral("moved.txt"),
                              QStringLiteral("new.txt"), QStringLiteral("stays.txt")}));
        QCOMPARE(filesWith(*f.lib, "wombat"), QStringList{QStringLiteral("changes.txt")});
        QVERIFY(filesWith(*f.lib, "tapir").isEmpty());
        QVERIFY(filesWith(*f.lib, "dingo").isEmpty());
        QCOMPARE(filesWith(*f.lib, "gecko"), QStringList{QStringLiteral("moved.txt")});
        QCOMPARE(filesWith(*f.lib, "civet"), QStringList{QStringLiteral("new.txt")});
    }
};

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    TestFolderSync test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_folder_sync.moc"
