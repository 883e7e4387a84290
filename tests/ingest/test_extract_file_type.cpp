// detectFileType: the extension decides, magic bytes only for files without a known one.

#include "ingest/extract/file_type.h"

#include "ingest_test_support.h"

#include <QTemporaryDir>
#include <QTest>

using cortex::ingest::detectFileType;

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
        QTest::newRow("unsupported extension") << "movie.mp4" << QByteArray("%PDF-") << "";
        QTest::newRow("html is not ingested") << "page.html" << QByteArray("<html>") << "";
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
};

QTEST_GUILESS_MAIN(TestFileType)
#include "test_extract_file_type.moc"
