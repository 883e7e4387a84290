// The folder scanner on a tree made in a temporary folder: supported types, include and exclude globs,
// symbolic links (to files, to folders, loops, broken), explicit files, and cancellation.

#include "ingest/file_scanner.h"

#include "ingest_test_support.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace cortex::ingest;

class TestFileScanner : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        dir_.emplace();
        QVERIFY(dir_->isValid());
        // canonical: the temporary folder itself may be reached through a link (/tmp on some systems).
        root_ = QFileInfo(dir_->path()).canonicalFilePath();
        for (const char *file : {"docs/report.pdf", "docs/notes.txt", "docs/README.md",
                                 "docs/deep/er/photo.JPG", "docs/deep/er/song.mp3", "docs/draft.tmp",
                                 "docs/.git/config.txt", "docs/node_modules/pkg/readme.md",
                                 "docs/slides.pptx", "docs/secret-notes.txt", "other/letter.docx"})
            touch(QString::fromLatin1(file));
    }

    void cleanup() { dir_.reset(); }

    void patterns_data()
    {
        QTest::addColumn<QStringList>("include");
        QTest::addColumn<QStringList>("exclude");
        QTest::addColumn<QStringList>("expected"); // relative to the root, sorted

        const QStringList all = {
            QStringLiteral("docs/.git/config.txt"),   QStringLiteral("docs/README.md"),
            QStringLiteral("docs/deep/er/photo.JPG"), QStringLiteral("docs/node_modules/pkg/readme.md"),
            QStringLiteral("docs/notes.txt"),         QStringLiteral("docs/report.pdf"),
            QStringLiteral("docs/secret-notes.txt"),  QStringLiteral("docs/slides.pptx")};
        QTest::newRow("every supported type") << QStringList() << QStringList() << all;
        QTest::newRow("include pdf and images")
            << QStringList{QStringLiteral("*.pdf"), QStringLiteral("*.jpg")} << QStringList()
            << QStringList{QStringLiteral("docs/deep/er/photo.JPG"), QStringLiteral("docs/report.pdf")};
        QTest::newRow("include an unsupported type finds nothing")
            << QStringList{QStringLiteral("*.mp3")} << QStringList() << QStringList();
        QTest::newRow("exclude folders and a glob")
            << QStringList()
            << QStringList{QStringLiteral(".git"), QStringLiteral("node_modules"), QStringLiteral("secret*")}
            << QStringList{QStringLiteral("docs/README.md"), QStringLiteral("docs/deep/er/photo.JPG"),
                           QStringLiteral("docs/notes.txt"), QStringLiteral("docs/report.pdf"),
                           QStringLiteral("docs/slides.pptx")};
        QTest::newRow("exclude a middle folder")
            << QStringList{QStringLiteral("*.jpg")} << QStringList{QStringLiteral("er")} << QStringList();
        QTest::newRow("include and exclude")
            << QStringList{QStringLiteral("*.txt")} << QStringList{QStringLiteral(".*")}
            << QStringList{QStringLiteral("docs/notes.txt"), QStringLiteral("docs/secret-notes.txt")};
    }

    void patterns()
    {
        QFETCH(QStringList, include);
        QFETCH(QStringList, exclude);
        QFETCH(QStringList, expected);
        ScanOptions options;
        options.includePatterns = include;
        options.excludePatterns = exclude;
        const ScanResult result = scanPaths({path(QStringLiteral("docs"))}, options);
        QCOMPARE(result.problems, QStringList());
        QCOMPARE(result.files, absolute(expected));
        QVERIFY(!result.cancelled);
    }

    void severalRootsAreMergedSortedAndUnique()
    {
        // The same folder twice, a file inside it, a relative path with "..": each file once.
        const ScanResult result = scanPaths(
            {path(QStringLiteral("other")), path(QStringLiteral("docs")),
             path(QStringLiteral("docs/notes.txt")), path(QStringLiteral("other/../docs"))},
            ScanOptions{{QStringLiteral("*.txt"), QStringLiteral("*.docx")}, {QStringLiteral(".git")}, true});
        QCOMPARE(result.files,
                 absolute({QStringLiteral("docs/notes.txt"), QStringLiteral("docs/secret-notes.txt"),
                           QStringLiteral("other/letter.docx")}));
    }

    // A folder named in skipFolders (the library's own, inside a watched folder) is not entered.
    void skippedFolderIsNotEntered()
    {
        ScanOptions options;
        options.skipFolders << QFileInfo(path(QStringLiteral("docs/deep"))).canonicalFilePath();
        const ScanResult all = scanPaths({path(QStringLiteral("docs"))});
        const ScanResult skipped = scanPaths({path(QStringLiteral("docs"))}, options);
        QStringList expected;
        for (const QString &file : all.files)
            if (!file.startsWith(options.skipFolders.front() + u'/'))
                expected << file;
        QVERIFY(expected.size() < all.files.size()); // the fixture has files there
        QCOMPARE(skipped.files, expected);
    }

    void explicitFile()
    {
        // A file given by hand counts even under an excluded folder name; an unsupported one does not.
        const ScanResult result = scanPaths(
            {path(QStringLiteral("docs/.git/config.txt")), path(QStringLiteral("docs/deep/er/song.mp3"))},
            ScanOptions{{}, {QStringLiteral(".git")}, true});
        QCOMPARE(result.files, absolute({QStringLiteral("docs/.git/config.txt")}));
        QCOMPARE(result.unsupported, QStringList{path(QStringLiteral("docs/deep/er/song.mp3")) +
                                                 QStringLiteral(": unsupported type (MP3)")});
    }

    void unsupportedInFoldersCounted()
    {
        // song.mp3 and draft.tmp are counted, not named; nothing given by name is unsupported.
        const ScanResult result = scanPaths({path(QStringLiteral("docs"))});
        QCOMPARE(result.unsupportedInFolders, 2);
        QVERIFY(result.unsupported.isEmpty());
    }

    void specialFilesAreNeverOpened()
    {
        // A named pipe without an extension would block open() forever if the scanner looked at its
        // first bytes; one called .txt would be listed as a document.
        const QString pipe = path(QStringLiteral("docs/pipe"));
        const QString pipeTxt = path(QStringLiteral("docs/pipe.txt"));
        QCOMPARE(::mkfifo(QFile::encodeName(pipe).constData(), 0600), 0);
        QCOMPARE(::mkfifo(QFile::encodeName(pipeTxt).constData(), 0600), 0);
        const ScanResult folder = scanPaths({path(QStringLiteral("docs"))});
        QVERIFY(!folder.files.contains(pipe) && !folder.files.contains(pipeTxt));
        QVERIFY(folder.problems.contains(
            pipe + QStringLiteral(": this is a named pipe (FIFO), not a regular file; not read")));
        QVERIFY(folder.problems.contains(
            pipeTxt + QStringLiteral(": this is a named pipe (FIFO), not a regular file; not read")));

        const ScanResult named = scanPaths({pipe, pipeTxt, QStringLiteral("/dev/null")});
        QVERIFY(named.files.isEmpty());
        QCOMPARE(named.namedNotRegular, (QStringList{pipe, pipeTxt, QStringLiteral("/dev/null")}));
    }

    void missingPath()
    {
        const ScanResult result = scanPaths({path(QStringLiteral("nowhere"))});
        QVERIFY(result.files.isEmpty());
        QCOMPARE(result.problems,
                 QStringList{path(QStringLiteral("nowhere")) + QStringLiteral(": the path does not exist")});
    }

    void symlinkLoopReportedOnce()
    {
        // docs/deep/up -> docs and docs/deep/er/again -> docs/deep: two ways back up.
        QVERIFY(QFile::link(path(QStringLiteral("docs")), path(QStringLiteral("docs/deep/up"))));
        QVERIFY(QFile::link(path(QStringLiteral("docs/deep")), path(QStringLiteral("docs/deep/er/again"))));
        QVERIFY(QFile::link(path(QStringLiteral("docs/deep")), path(QStringLiteral("docs/deep/er/again2"))));
        ScanOptions options;
        options.includePatterns = {QStringLiteral("*.jpg")};
        const ScanResult result = scanPaths({path(QStringLiteral("docs"))}, options);
        QCOMPARE(result.files, absolute({QStringLiteral("docs/deep/er/photo.JPG")}));
        QCOMPARE(result.problems.size(), qsizetype(2)); // docs once, docs/deep once (not once per link)
        for (const QString &problem : result.problems)
            QVERIFY2(problem.contains(QStringLiteral("symbolic link loop")), qPrintable(problem));
        QVERIFY(result.problems.at(0).startsWith(path(QStringLiteral("docs/deep/er/again")) + u':') ||
                result.problems.at(1).startsWith(path(QStringLiteral("docs/deep/er/again")) + u':'));
    }

    void brokenLink()
    {
        QVERIFY(
            QFile::link(path(QStringLiteral("docs/removed.pdf")), path(QStringLiteral("docs/dangling.pdf"))));
        const ScanResult result =
            scanPaths({path(QStringLiteral("docs"))}, ScanOptions{{QStringLiteral("*.pdf")}, {}, true});
        QCOMPARE(result.files, absolute({QStringLiteral("docs/report.pdf")}));
        QCOMPARE(result.problems, QStringList{path(QStringLiteral("docs/dangling.pdf")) +
                                              QStringLiteral(": broken symbolic link to ") +
                                              path(QStringLiteral("docs/removed.pdf"))});
        // Not following links: the broken one is not looked at.
        QVERIFY(scanPaths({path(QStringLiteral("docs"))}, ScanOptions{{QStringLiteral("*.pdf")}, {}, false})
                    .problems.isEmpty());
    }

    void linksResolveToCanonicalPaths()
    {
        // A link to a file elsewhere lists the file where it really is; a link to a folder already
        // scanned adds nothing.
        QVERIFY(
            QFile::link(path(QStringLiteral("other/letter.docx")), path(QStringLiteral("docs/link.docx"))));
        QVERIFY(QFile::link(path(QStringLiteral("docs/deep")), path(QStringLiteral("docs/alias"))));
        ScanOptions options;
        options.includePatterns = {QStringLiteral("*.docx"), QStringLiteral("*.jpg")};
        const ScanResult result = scanPaths({path(QStringLiteral("docs"))}, options);
        QCOMPARE(result.files,
                 absolute({QStringLiteral("docs/deep/er/photo.JPG"), QStringLiteral("other/letter.docx")}));
        QVERIFY(result.problems.isEmpty());

        options.followSymlinks = false;
        QCOMPARE(scanPaths({path(QStringLiteral("docs"))}, options).files,
                 absolute({QStringLiteral("docs/deep/er/photo.JPG")}));
    }

    void unreadableFolder()
    {
        // root reads every folder whatever its mode, so this can only be checked as another user.
        if (geteuid() == 0)
            QSKIP("running as root: a folder cannot be made unreadable with chmod");
        QFile::setPermissions(path(QStringLiteral("docs/deep")), QFileDevice::Permissions());
        const ScanResult result =
            scanPaths({path(QStringLiteral("docs"))}, ScanOptions{{QStringLiteral("*.pdf")}, {}, true});
        QFile::setPermissions(path(QStringLiteral("docs/deep")),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QCOMPARE(result.files, absolute({QStringLiteral("docs/report.pdf")}));
        QCOMPARE(result.problems,
                 QStringList{path(QStringLiteral("docs/deep")) +
                             QStringLiteral(": the folder cannot be read (permission denied)")});
    }

    void cancelled()
    {
        int polls = 0;
        const ScanResult result = scanPaths({path(QStringLiteral("docs"))}, {}, [&] { return ++polls > 3; });
        QVERIFY(result.cancelled);
        QVERIFY(result.files.size() < 8);
    }

private:
    QString path(const QString &relative) const { return root_ + u'/' + relative; }

    QStringList absolute(const QStringList &relative) const
    {
        QStringList out;
        for (const QString &r : relative)
            out.append(path(r));
        return out;
    }

    void touch(const QString &relative)
    {
        const QString file = path(relative);
        QVERIFY(QDir().mkpath(QFileInfo(file).path()));
        cortex::test::writeFile(file, "x");
    }

    std::optional<QTemporaryDir> dir_;
    QString root_;
};

QTEST_GUILESS_MAIN(TestFileScanner)
#include "test_file_scanner.moc"
