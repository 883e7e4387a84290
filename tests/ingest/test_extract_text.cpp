// Plain text and Markdown extraction: encodings, empty and binary files, the size limit, and the errors
// for files that are gone or of an unsupported type.

#include "ingest/extract/extractor.h"

#include "ingest_test_support.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace cortex::ingest;
using cortex::test::writeFile;

class TestExtractText : public QObject {
    Q_OBJECT

private slots:
    void extract_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("expected"); // the one Text item's text; empty: no item

        QTest::newRow("ascii") << "notes.txt" << QByteArray("Hello, Cortex.\nSecond line.") << "text"
                               << "Hello, Cortex.\nSecond line.";
        QTest::newRow("markdown") << "README.md" << QByteArray("# Title\n\n* one\n* two\n") << "markdown"
                                  << "# Title\n\n* one\n* two";
        QTest::newRow("utf-8 multi-byte") << "de.txt"
                                          << QByteArray("Gr\xc3\xbc\xc3\x9f"
                                                        "e, \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80")
                                          << "text" << QString::fromUtf8("Grüße, 日本 😀");
        QTest::newRow("utf-8 BOM stripped") << "bom.txt" << QByteArray("\xef\xbb\xbfwith BOM") << "text"
                                            << "with BOM";
        QTest::newRow("invalid utf-8 replaced") << "bad.txt"
                                                << QByteArray("a\xff"
                                                              "b\xc3")
                                                << "text"
                                                << QString::fromUtf8("a\xef\xbf\xbd"
                                                                     "b\xef\xbf\xbd");
        QTest::newRow("CRLF and CR become LF") << "dos.txt" << QByteArray("one\r\ntwo\rthree\r\n") << "text"
                                               << "one\ntwo\nthree";
        QTest::newRow("utf-16le with BOM") << "wide.txt" << QByteArray("\xff\xfeh\0i\0\n\0", 8) << "text"
                                           << "hi";
        QTest::newRow("utf-16be with BOM") << "wide-be.txt" << QByteArray("\xfe\xff\0h\0i", 6) << "text"
                                           << "hi";
        QTest::newRow("empty file") << "empty.txt" << QByteArray() << "text"
                                    << "";
        QTest::newRow("whitespace only") << "blank.md" << QByteArray(" \n\t\n") << "markdown"
                                         << "";
        QTest::newRow("NUL after 8 KB is text")
            << "late.txt" << QByteArray(9000, 'x') + QByteArray(1, '\0') << "text" << QString(9000, u'x');
    }

    void extract()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QString, type);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const auto document = extractFile(writeFile(dir.filePath(name), content));
        QVERIFY2(document.ok(), document.ok() ? "" : document.error().message.c_str());
        QCOMPARE(document->type, type);
        QCOMPARE(document->pageCount, 0);
        if (expected.isEmpty()) {
            QCOMPARE(document->items.size(), size_t(0));
            return;
        }
        QCOMPARE(document->items.size(), size_t(1));
        const ExtractedItem &item = document->items.front();
        QVERIFY(item.kind == cortex::ItemKind::Text);
        QCOMPARE(item.page, -1);
        QCOMPARE(item.position, 0);
        QVERIFY(item.image.isNull());
        // NUL characters are dropped from text (the late NUL case).
        QCOMPARE(item.text, expected);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");

        QTest::newRow("binary") << "program.txt"
                                << QByteArray("\x7f"
                                              "ELF\x02\x01\x01\0\0\0",
                                              10)
                                << "program.txt: the file looks binary (it has NUL bytes), not like text";
        QTest::newRow("unsupported type")
            << "movie.mp4" << QByteArray("not a movie") << "movie.mp4: this type of file is not supported";
    }

    void errors()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const auto document = extractFile(writeFile(dir.filePath(name), content));
        QVERIFY(!document.ok());
        QCOMPARE(QString::fromStdString(document.error().message), expected);
    }

    // Issue 9: a text longer than the per-document limit is cut with a warning, never refused whole and
    // never read whole.
    void truncatedAtTheCharacterLimit()
    {
        QTemporaryDir dir;
        ExtractOptions options;
        options.maxTextChars = 1000;
        const QString path = writeFile(dir.filePath(QStringLiteral("big.log")), QByteArray(1001, 'a'));
        auto document = extractFile(path, options);
        QVERIFY(document.ok());
        QCOMPARE(document->items.size(), size_t(1));
        QCOMPARE(document->items[0].text.size(), qsizetype(1000));
        QCOMPARE(document->warnings,
                 QStringList{QStringLiteral("truncated at 1000 characters (the limit for one document)")});
        // Exactly at the limit is whole, without a warning.
        writeFile(path, QByteArray(1000, 'a'));
        document = extractFile(path, options);
        QVERIFY(document.ok());
        QCOMPARE(document->items[0].text.size(), qsizetype(1000));
        QVERIFY(document->warnings.isEmpty());
        // A file of many megabytes is read only as far as the limit reaches.
        writeFile(path, QByteArray(64 << 20, 'b'));
        document = extractFile(path, options);
        QVERIFY(document.ok());
        QCOMPARE(document->items[0].text, QString(1000, u'b'));
        QCOMPARE(document->warnings.size(), qsizetype(1));
    }

    void truncationKeepsSurrogatePairsWhole()
    {
        QTemporaryDir dir;
        ExtractOptions options;
        options.maxTextChars = 4; // "a", one emoji (2 units) and the first half of the next one
        const QString path = writeFile(dir.filePath(QStringLiteral("emoji.txt")),
                                       QByteArray("a\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"));
        const auto document = extractFile(path, options);
        QVERIFY(document.ok());
        QCOMPARE(document->items[0].text, QString::fromUtf8("a\xf0\x9f\x98\x80"));
        QCOMPARE(document->warnings.size(), qsizetype(1));
    }

    void nulBytesAfterTheSniffedStartAreDropped()
    {
        QTemporaryDir dir;
        QByteArray content(9000, 'x');
        content += QByteArray("\0\0abc", 5);
        const auto document = extractFile(writeFile(dir.filePath(QStringLiteral("late-nul.txt")), content));
        QVERIFY(document.ok());
        QCOMPARE(document->items[0].text, QString(9000, u'x') + QStringLiteral("abc"));
    }

    void vanishedFile()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir.filePath(QStringLiteral("gone.md")), "soon gone");
        QVERIFY(QFile::remove(path));
        const auto document = extractFile(path);
        QVERIFY(!document.ok());
        QCOMPARE(QString::fromStdString(document.error().message),
                 QStringLiteral("gone.md: the file does not exist (it may have been moved or deleted)"));
    }

    void folderIsRefused()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("notes.txt")));
        const auto document = extractFile(dir.filePath(QStringLiteral("notes.txt")));
        QVERIFY(!document.ok());
        QCOMPARE(QString::fromStdString(document.error().message),
                 QStringLiteral("notes.txt: this is a folder, not a file"));
    }

    void streamingCallback()
    {
        QTemporaryDir dir;
        const QString path = writeFile(dir.filePath(QStringLiteral("a.txt")), "streamed");
        std::vector<ExtractedItem> received;
        const auto document = extractFile(path, {}, [&](ExtractedItem &&item) {
            received.push_back(std::move(item));
            return true;
        });
        QVERIFY(document.ok());
        QVERIFY(document->items.empty());
        QCOMPARE(received.size(), size_t(1));
        QCOMPARE(received.front().text, QStringLiteral("streamed"));
    }
};

QTEST_GUILESS_MAIN(TestExtractText)
#include "test_extract_text.moc"
