// HTML extraction: visible text in reading order (scripts, styles and comments dropped, entities
// decoded, blocks on lines of their own), the images a saved page keeps beside it or inline, and the
// hostile cases: markup that never ends, references out of the page's folder, pages on the web.

#include "ingest/extract/extractor.h"
#include "ingest/extract/html_text.h"

#include "ingest_test_support.h"

#include <QBuffer>
#include <QDir>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

using namespace cortex::ingest;
using cortex::test::pngBytes;
using cortex::test::writeFile;

namespace {

QStringList textsOf(const ExtractedDocument &document)
{
    QStringList texts;
    for (const auto &item : document.items)
        if (item.kind == cortex::ItemKind::Text)
            texts.append(item.text);
    return texts;
}

} // namespace

class TestExtractHtml : public QObject {
    Q_OBJECT

private slots:
    void parse_data()
    {
        QTest::addColumn<QString>("html");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("text");

        QTest::newRow("paragraphs") << "<html><body><p>One  two\nthree</p><p>Four</p></body></html>"
                                    << ""
                                    << "One two three\nFour\n";
        QTest::newRow("title and head") << "<head><title> Quarterly   report </title><meta charset=utf-8>"
                                           "<style>p{color:red}</style></head><body>Body</body>"
                                        << "Quarterly report"
                                        << "Body\n";
        QTest::newRow("script, style, comment dropped")
            << "a<script>var x = '<p>no</p>';</script>b<!-- <p>hidden</p> -->c<style>.x{}</style>d"
            << ""
            << "abcd";
        QTest::newRow("entities") << "Fish &amp; chips &lt;3 &#8364;5 &#x41; &eacute;t&eacute; &nosuch; a&b"
                                  << "" << QString::fromUtf8("Fish & chips <3 €5 A été &nosuch; a&b");
        QTest::newRow("bad numeric references")
            << "&#0; &#xD800; &#99999999;"
            << "" << QString::fromUtf8("\xef\xbf\xbd \xef\xbf\xbd \xef\xbf\xbd");
        QTest::newRow("br and lists") << "<ul><li>one<li>two</ul>x<br>y"
                                      << ""
                                      << "one\ntwo\nx\ny";
        QTest::newRow("table cells") << "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"
                                     << ""
                                     << "a\tb\nc\n";
        QTest::newRow("pre keeps spaces") << "<pre>x  =  1\n  y</pre>z   w"
                                          << ""
                                          << "x  =  1\n  y\nz w";
        QTest::newRow("attributes with > in quotes") << "<a title=\"a > b\" href='x'>link</a> text"
                                                     << ""
                                                     << "link text";
        QTest::newRow("img alt is text") << "see <img src=\"a.png\" alt=\"the chart\"> here"
                                         << ""
                                         << "see the chart here";
        QTest::newRow("literal less-than") << "if a < b and c <= d"
                                           << ""
                                           << "if a < b and c <= d";
        QTest::newRow("upper-case tags") << "<P>x</P><SCRIPT>y</SCRIPT>z"
                                         << ""
                                         << "x\nz";
        QTest::newRow("unterminated comment") << "before<!-- never closed <p>x</p>"
                                              << ""
                                              << "before";
        QTest::newRow("unterminated tag") << "before<a href=\"x"
                                          << ""
                                          << "before";
        QTest::newRow("unterminated script") << "before<script>x = 1"
                                             << ""
                                             << "before";
        QTest::newRow("doctype and CDATA") << "<!DOCTYPE html><?xml version=\"1.0\"?>text"
                                           << ""
                                           << "text";
        QTest::newRow("svg labels dropped") << "a<svg><text>label</text></svg>b"
                                            << ""
                                            << "ab";
    }

    void parse()
    {
        QFETCH(QString, html);
        QFETCH(QString, title);
        QFETCH(QString, text);
        const auto content = cortex::ingest::detail::parseHtml(html);
        QCOMPARE(content.title, title);
        QCOMPARE(content.text, text);
    }

    void imageSourcesInOrder()
    {
        const auto content = cortex::ingest::detail::parseHtml(
            u"<img src=a.png><IMG SRC='b&amp;c.png'/><img alt=x><img src = \"d.png\" >");
        QCOMPARE(content.imageSources,
                 QStringList({QStringLiteral("a.png"), QStringLiteral("b&c.png"), QStringLiteral("d.png")}));
    }

    void declaredCharset()
    {
        using cortex::ingest::detail::declaredHtmlCharset;
        QCOMPARE(declaredHtmlCharset("<meta charset=\"ISO-8859-1\">"), QByteArray("iso-8859-1"));
        QCOMPARE(declaredHtmlCharset("<meta http-equiv=Content-Type content='text/html; charset=utf-8'>"),
                 QByteArray("utf-8"));
        QCOMPARE(declaredHtmlCharset("<p>no declaration</p>"), QByteArray());
    }

    // Markup that never closes, repeated megabytes long: every case must finish (one pass over the
    // input) and keep only what precedes it. A quadratic parser takes hours here.
    void pathologicalMarkup_data()
    {
        QTest::addColumn<QString>("unit");
        QTest::newRow("open tags") << "<a ";
        QTest::newRow("comment openers") << "<!--";
        QTest::newRow("quotes") << "<a x='";
        QTest::newRow("ampersands") << "&&#&amp";
        QTest::newRow("less-than") << "<";
        QTest::newRow("script openers") << "<script>";
        QTest::newRow("end tags") << "</";
        QTest::newRow("whitespace") << " \n\t ";
    }

    void pathologicalMarkup()
    {
        QFETCH(QString, unit);
        QString html = QStringLiteral("start ");
        while (html.size() < 4'000'000)
            html += unit;
        const auto content = cortex::ingest::detail::parseHtml(html);
        QVERIFY(content.text.startsWith(u"start"));
        QVERIFY(content.text.size() <= html.size());
    }

    void savedPageWithImages()
    {
        QTemporaryDir dir;
        QDir(dir.path()).mkpath(QStringLiteral("page_files"));
        writeFile(dir.filePath(QStringLiteral("page_files/chart.png")), pngBytes(64, 48, Qt::red));
        writeFile(dir.filePath(QStringLiteral("page_files/icon.png")),
                  pngBytes(8, 8, Qt::blue)); // too small to say anything
        writeFile(dir.filePath(QStringLiteral("secret.png")), pngBytes(64, 64, Qt::green));
        const QByteArray inlinePng = pngBytes(40, 40, Qt::yellow).toBase64();
        const QString page =
            writeFile(dir.filePath(QStringLiteral("page_files/../page.html")),
                      "<html><head><title>Revenue</title></head><body><h1>Revenue 2026</h1>"
                      "<img src=\"page_files/chart.png\"><img src=\"page_files/chart.png\">"
                      "<img src=\"page_files/icon.png\"><img src=\"https://example.org/remote.png\">"
                      "<img src=\"page_files/missing.png\"><img src=\"data:image/png;base64," +
                          inlinePng + "\"></body></html>");
        auto document = extractFile(page, {});
        QVERIFY2(document, document ? "" : document.error().message.c_str());
        QCOMPARE(document->type, QStringLiteral("html"));
        QCOMPARE(textsOf(*document), QStringList({QStringLiteral("Revenue\n\nRevenue 2026")}));
        QStringList names;
        for (const auto &item : document->items)
            if (item.kind == cortex::ItemKind::Image)
                names.append(item.imageName);
        QCOMPARE(names, QStringList({QStringLiteral("page_files/chart.png"), QStringLiteral("data:#5")}));
        QCOMPARE(document->items[1].image.size(), QSize(64, 48));
        QCOMPARE(document->warnings.size(), 2); // the missing file, the remote image
        QVERIFY(document->warnings.join(u'\n').contains(u"missing.png"));
        QVERIFY(document->warnings.join(u'\n').contains(u"not fetched"));

        // Loaded again by name, as search and thumbnails do.
        auto chart = loadItemImage(page, QStringLiteral("html"), cortex::ItemKind::Image, -1,
                                   QStringLiteral("page_files/chart.png"), {});
        QVERIFY(chart);
        QCOMPARE(chart->size(), QSize(64, 48));
        auto inlined = loadItemImage(page, QStringLiteral("html"), cortex::ItemKind::Image, -1,
                                     QStringLiteral("data:#5"), {});
        QVERIFY(inlined);
        QCOMPARE(inlined->size(), QSize(40, 40));
    }

    void nothingOutsideThePageFolderIsRead()
    {
        QTemporaryDir dir;
        QDir(dir.path()).mkpath(QStringLiteral("site"));
        writeFile(dir.filePath(QStringLiteral("outside.png")), pngBytes(64, 64, Qt::green));
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("outside.png")),
                            dir.filePath(QStringLiteral("site/link.png"))));
        const QString page = writeFile(dir.filePath(QStringLiteral("site/index.html")),
                                       "<p>x</p><img src=\"../outside.png\"><img src=\"" +
                                           dir.filePath(QStringLiteral("outside.png")).toUtf8() +
                                           "\"><img src=\"link.png\"><img src=\"%2e%2e/outside.png\">");
        auto document = extractFile(page, {});
        QVERIFY(document);
        for (const auto &item : document->items)
            QVERIFY(item.kind == cortex::ItemKind::Text);
        QCOMPARE(document->warnings.size(), 4);
        auto again = loadItemImage(page, QStringLiteral("html"), cortex::ItemKind::Image, -1,
                                   QStringLiteral("../outside.png"), {});
        QVERIFY(!again);
        QVERIFY(QString::fromStdString(again.error().message).contains(u"outside the page's folder"));
    }

    void latin1PageAndBinaryFile()
    {
        QTemporaryDir dir;
        const QString latin =
            writeFile(dir.filePath(QStringLiteral("alt.htm")), "<meta charset=\"iso-8859-1\"><p>Stra\xdf"
                                                               "e</p>");
        auto document = extractFile(latin, {});
        QVERIFY(document);
        QCOMPARE(textsOf(*document), QStringList({QString::fromUtf8("Straße")}));

        const QString binary =
            writeFile(dir.filePath(QStringLiteral("blob.html")), QByteArray("<p>\0\0\0", 6));
        auto refused = extractFile(binary, {});
        QVERIFY(!refused);
        QVERIFY(QString::fromStdString(refused.error().message).contains(u"blob.html"));
    }

    void visibleTextIsCutAtTheDocumentLimit()
    {
        QTemporaryDir dir;
        const QString page =
            writeFile(dir.filePath(QStringLiteral("long.html")), "<p>" + QByteArray(5000, 'a') + "</p>");
        ExtractOptions options;
        options.maxTextChars = 100;
        auto document = extractFile(page, options);
        QVERIFY(document);
        QCOMPARE(textsOf(*document).join(QString()).size(), 100);
        QVERIFY2(document->warnings.join(u'\n').contains(u"truncated at 100 characters"),
                 qPrintable(document->warnings.join(u'\n')));
    }

    void tooManyImagesAreTruncatedWithAWarning()
    {
        QTemporaryDir dir;
        QByteArray html = "<p>gallery</p>";
        for (int i = 0; i < 70; ++i) {
            writeFile(dir.filePath(QStringLiteral("img%1.png").arg(i)), pngBytes(40, 40 + i, Qt::gray));
            html += "<img src=\"img" + QByteArray::number(i) + ".png\">";
        }
        const QString page = writeFile(dir.filePath(QStringLiteral("gallery.html")), html);
        auto document = extractFile(page, {});
        QVERIFY(document);
        int images = 0;
        for (const auto &item : document->items)
            images += item.kind == cortex::ItemKind::Image ? 1 : 0;
        QCOMPARE(images, 64);
        QVERIFY(document->warnings.join(u'\n').contains(u"truncated at 64 images"));
    }
};

QTEST_GUILESS_MAIN(TestExtractHtml)
#include "test_extract_html.moc"
