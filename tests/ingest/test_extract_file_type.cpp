// detectFileType: the extension decides, magic bytes only for files without a known one.

#include "ingest/extract/file_type.h"

#include "ingest_test_support.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace cortex::ingest;

class TestFileType : public QObject {
    Q_OBJECT

private slots:
    void detect_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected"); // empty: not ingested

        QTest::newRow("txt") << "notes.txt" << QByteArray("hello") << "text";
        QTest::newRow("upper-case extension") << "NOTES.TXT" << QByteArray("hello") << "text";
        QTest::newRow("markdown") << "README.md" << QByteArray("# Title") << "markdown";
        QTest::newRow("pdf") << "report.pdf" << QByteArray("%PDF-1.7") << "pdf";
        QTest::newRow("jpeg") << "photo.JPEG" << QByteArray() << "image";
        QTest::newRow("webp") << "a.webp" << QByteArray() << "image";
        QTest::newRow("tiff") << "scan.tif" << QByteArray() << "image";
        QTest::newRow("docx") << "letter.docx" << QByteArray() << "docx";
        QTest::newRow("pptx") << "talk.pptx" << QByteArray() << "pptx";
        QTest::newRow("odt") << "essay.odt" << QByteArray() << "odt";
        QTest::newRow("unsupported extension") << "song.mp3" << QByteArray("%PDF-") << "";
        // Videos by name only: the decoder decides whether the content is one.
        QTest::newRow("mp4") << "movie.mp4" << QByteArray("%PDF-") << "video";
        QTest::newRow("mkv, upper case") << "TALK.MKV" << QByteArray() << "video";
        QTest::newRow("webm") << "clip.webm" << QByteArray() << "video";
        QTest::newRow("mov") << "demo.mov" << QByteArray() << "video";
        QTest::newRow("m4v") << "demo.m4v" << QByteArray() << "video";
        QTest::newRow("avi") << "old.avi" << QByteArray() << "video";
        QTest::newRow("html") << "page.html" << QByteArray("<html>") << "html";
        QTest::newRow("svg") << "drawing.svg" << QByteArray("<svg/>") << "svg";
        QTest::newRow("svg, upper case") << "DRAWING.SVG" << QByteArray("<svg/>") << "svg";
        QTest::newRow("svgz is not ingested") << "drawing.svgz" << QByteArray("\x1f\x8b") << "";
        QTest::newRow("no extension, SVG content") << "drawing" << QByteArray("<svg/>") << "";
        QTest::newRow("no extension, PDF magic") << "scan_0001" << QByteArray("%PDF-1.4\n") << "pdf";
        QTest::newRow("no extension, PNG magic")
            << "picture" << QByteArray("\x89PNG\r\n\x1a\n....", 12) << "image";
        QTest::newRow("no extension, JPEG magic") << "camera" << QByteArray("\xff\xd8\xff\xe0", 4) << "image";
        QTest::newRow("no extension, text") << "Makefile" << QByteArray("all:\n") << "";
        QTest::newRow("text that starts with BM")
            << "BMW" << QByteArray("BMW annual report, 2023 edition") << "";
        QTest::newRow("odt magic") << "essay"
                                   << QByteArray("PK\x03\x04", 4) + QByteArray(26, '\0') +
                                          "mimetypeapplication/vnd.oasis.opendocument.text"
                                   << "odt";
    }

    void detect()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = cortex::test::writeFile(dir.filePath(name), content);
        const std::optional<QString> type = detectFileType(path);
        QCOMPARE(type.value_or(QString()), expected);
    }

    void missingFileWithKnownExtension()
    {
        // The extension is enough: the extractor then reports the missing file with its reason.
        QCOMPARE(detectFileType(QStringLiteral("/nonexistent/report.pdf")).value_or(QString()),
                 QStringLiteral("pdf"));
        QVERIFY(!detectFileType(QStringLiteral("/nonexistent/blob")).has_value());
    }

    void imageFormatFromLeadingBytes_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QString>("format"); // empty: refused
        QTest::addColumn<QString>("looksLike");
        QTest::newRow("png") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << "png"
                             << "PNG";
        QTest::newRow("jpeg") << QByteArray("\xff\xd8\xff\xe0", 4) << "jpeg"
                              << "JPEG";
        QTest::newRow("gif") << QByteArray("GIF89a") << "gif"
                             << "GIF";
        QTest::newRow("webp") << QByteArray("RIFF\0\0\0\0WEBPVP8 ", 16) << "webp"
                              << "WEBP";
        QTest::newRow("tiff") << QByteArray("II*\0", 4) << "tiff"
                              << "TIFF";
        QTest::newRow("svg") << QByteArray("<svg xmlns='http://www.w3.org/2000/svg'/>") << ""
                             << "SVG";
        QTest::newRow("svg after a declaration")
            << QByteArray("\xef\xbb\xbf<?xml version='1.0'?>\n<!-- c -->\n<svg>") << ""
            << "SVG";
        QTest::newRow("html") << QByteArray("  <!DOCTYPE html><html>") << ""
                              << "HTML";
        QTest::newRow("xml") << QByteArray("<?xml version='1.0'?><root/>") << ""
                             << "XML";
        QTest::newRow("pdf") << QByteArray("%PDF-1.7") << ""
                             << "PDF";
        QTest::newRow("zip") << QByteArray("PK\x03\x04rest", 8) << ""
                             << "a ZIP archive";
        QTest::newRow("xpm is text") << QByteArray("/* XPM */\nstatic char *x[] = {") << ""
                                     << "text";
        QTest::newRow("binary") << QByteArray("\x7f"
                                              "ELF\x02\x01",
                                              6)
                                << ""
                                << "unknown binary data";
        QTest::newRow("empty") << QByteArray() << ""
                               << "empty";
    }

    void imageFormatFromLeadingBytes()
    {
        QFETCH(QByteArray, head);
        QFETCH(QString, format);
        QFETCH(QString, looksLike);
        QCOMPARE(QString::fromLatin1(imageFormatFromContent(head).value_or(QByteArray())), format);
        QCOMPARE(describeContent(head), looksLike);
    }

    void contentMustFitTheType()
    {
        QVERIFY(contentMismatch(QStringLiteral("text"), "\x89PNG").isEmpty());
        QCOMPARE(contentMismatch(QStringLiteral("pdf"), QByteArray()), QStringLiteral("the file is empty"));
        QCOMPARE(contentMismatch(QStringLiteral("pdf"), "hello"),
                 QStringLiteral("not a PDF (it looks like text)"));
        QCOMPARE(contentMismatch(QStringLiteral("docx"), "%PDF-1.4"),
                 QStringLiteral("not a DOCX document (a ZIP archive) (it looks like PDF)"));
        QVERIFY(contentMismatch(QStringLiteral("image"), "GIF87a").isEmpty());
        // HTML has no signature: a saved page may start with anything (its extractor refuses binary).
        QVERIFY(contentMismatch(QStringLiteral("html"), "<!DOCTYPE html><html>").isEmpty());
        QVERIFY(contentMismatch(QStringLiteral("html"), "\n<p>no head</p>").isEmpty());
        QVERIFY(
            contentMismatch(QStringLiteral("image"), "<svg/>").contains(QStringLiteral("it looks like SVG")));
        QVERIFY(contentMismatch(QStringLiteral("svg"), "<?xml version='1.0'?>\n<svg>").isEmpty());
        QCOMPARE(contentMismatch(QStringLiteral("svg"), "\x89PNG\r\n\x1a\n"),
                 QStringLiteral("not an SVG image (it looks like PNG)"));
        QCOMPARE(contentMismatch(QStringLiteral("svg"), "<html><body>"),
                 QStringLiteral("not an SVG image (it looks like HTML)"));
    }

    void specialFilesAreNamedAndNeverOpened()
    {
        QTemporaryDir dir;
        const QString pipe = dir.filePath(QStringLiteral("pipe"));
        QCOMPARE(::mkfifo(QFile::encodeName(pipe).constData(), 0600), 0);
        // Without an extension the type would come from the first bytes: a pipe must not be opened.
        QVERIFY(!detectFileType(pipe).has_value());
        QCOMPARE(notRegularFileReason(pipe),
                 QStringLiteral("this is a named pipe (FIFO), not a regular file"));
        QCOMPARE(notRegularFileReason(QStringLiteral("/dev/zero")),
                 QStringLiteral("this is a character device, not a regular file"));
        QCOMPARE(notRegularFileReason(dir.path()), QStringLiteral("this is a folder, not a file"));
        QVERIFY(notRegularFileReason(dir.filePath(QStringLiteral("gone")))
                    .startsWith(QStringLiteral("the file does not exist")));
        QString reason;
        QVERIFY(!readHead(pipe, 16, &reason).has_value());
        QCOMPARE(reason, QStringLiteral("this is a named pipe (FIFO), not a regular file"));
        QVERIFY(!readHead(QStringLiteral("/dev/urandom"), 16, &reason).has_value());
        const QString file = cortex::test::writeFile(dir.filePath(QStringLiteral("a.txt")), "abc");
        QCOMPARE(readHead(file, 16, &reason).value_or(QByteArray()), QByteArray("abc"));
        QCOMPARE(unsupportedTypeName(dir.filePath(QStringLiteral("x.xcf"))), QStringLiteral("XCF"));
    }
};

QTEST_GUILESS_MAIN(TestFileType)
#include "test_extract_file_type.moc"
