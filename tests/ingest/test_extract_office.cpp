// DOCX, PPTX and ODT, built in the test with libzip: exact text, embedded images (tiny and broken ones
// skipped with a warning), slide order, and the guards against zip bombs, damaged zips and bad XML.

#include "ingest/extract/extractor.h"
#include "ingest/extract/office_xml.h"

#include "ingest_test_support.h"

#include <QBuffer>
#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>

#include <zip.h>

#include <list>
#include <utility>
#include <vector>

using namespace cortex::ingest;
using cortex::ItemKind;
using cortex::test::pngBytes;

namespace {

using Entries = std::vector<std::pair<QString, QByteArray>>;

// Writes a zip with the entries in order; the first is stored uncompressed (ODF's "mimetype" rule).
QString writeZip(const QString &path, const Entries &entries)
{
    int error = 0;
    zip_t *archive = zip_open(QFile::encodeName(path).constData(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (!archive)
        qFatal("zip_open failed: %d", error);
    std::list<QByteArray> keep; // libzip reads the buffers when it closes the archive
    bool first = true;
    for (const auto &[name, bytes] : entries) {
        keep.push_back(bytes);
        zip_source_t *source =
            zip_source_buffer(archive, keep.back().constData(), zip_uint64_t(keep.back().size()), 0);
        const zip_int64_t index = zip_file_add(archive, name.toUtf8().constData(), source, ZIP_FL_ENC_UTF_8);
        if (index < 0)
            qFatal("zip_file_add failed: %s", zip_strerror(archive));
        if (first)
            zip_set_file_compression(archive, zip_uint64_t(index), ZIP_CM_STORE, 0);
        first = false;
    }
    if (zip_close(archive) != 0)
        qFatal("zip_close failed");
    return path;
}

const QByteArray kContentTypes = "<?xml version=\"1.0\"?><Types "
                                 "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";

QByteArray docxBody(const QByteArray &body)
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
           "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>" +
           body + "</w:body></w:document>";
}

const QByteArray kDocxBody = docxBody(
    // Tab stop definitions in the paragraph properties are not text.
    "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
    "<w:r><w:t>Quarterly </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>report</w:t></w:r></w:p>"
    "<w:p><w:r><w:t xml:space=\"preserve\">Name:</w:t><w:tab/><w:t>Gr\xc3\xbc\xc3\x9f"
    "e</w:t>"
    "<w:br/><w:t>next line</w:t></w:r></w:p>"
    "<w:p/>"
    "<w:p><w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del>"
    "<w:r><w:t>Kept &amp; escaped &lt;ok&gt;</w:t></w:r></w:p>"
    "<w:p><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:r><w:t>Box text</w:t></w:r></mc:Choice>"
    "<mc:Fallback><w:r><w:t>Box text</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>"
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell 1</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>cell 2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    "<w:sectPr/>");

const QString kDocxText =
    QString::fromUtf8("Quarterly report\nName:\tGrüße\nnext line\n\nKept & escaped <ok>\n"
                      "Box text\ncell 1\ncell 2");

QByteArray slide(const QByteArray &paragraphs)
{
    return "<?xml version=\"1.0\"?><p:sld xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
           "xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"><p:cSld><p:spTree><p:sp>"
           "<p:txBody>" +
           paragraphs + "</p:txBody></p:sp></p:spTree></p:cSld></p:sld>";
}

QByteArray slideRels(const QStringList &images)
{
    QByteArray xml = "<?xml version=\"1.0\"?><Relationships "
                     "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
    int id = 1;
    xml += "<Relationship Id=\"rId0\" "
           "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
           "slideLayout\" Target=\"../slideLayouts/slideLayout1.xml\"/>";
    for (const QString &image : images)
        xml += "<Relationship Id=\"rId" + QByteArray::number(id++) +
               "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" "
               "Target=\"" +
               image.toUtf8() + "\"/>";
    xml += "<Relationship Id=\"rIdX\" "
           "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
           "image\" Target=\"https://example.org/remote.png\" TargetMode=\"External\"/>";
    return xml + "</Relationships>";
}

const QByteArray kOdtContent =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
    "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\">\n"
    "  <office:body>\n    <office:text>\n"
    "      <text:h text:outline-level=\"1\">Field   notes</text:h>\n"
    "      <text:p>Spaces<text:s text:c=\"3\"/>kept,\n        collapsed <text:span>across</text:span> "
    "spans.</text:p>\n"
    "      <text:p>Tab<text:tab/>and<text:line-break/>break</text:p>\n"
    "      <text:list><text:list-item><text:p>List item "
    "\xe6\x97\xa5\xe6\x9c\xac</text:p></text:list-item></text:list>\n"
    "      <text:p>Note<text:note><text:note-citation>1</text:note-citation><text:note-body>"
    "<text:p>The footnote.</text:p></text:note-body></text:note> end.</text:p>\n"
    "    </office:text>\n  </office:body>\n</office:document-content>\n";

const QString kOdtText =
    QString::fromUtf8("Field notes\nSpaces   kept, collapsed across spans.\nTab\tand\nbreak\n"
                      "List item 日本\nThe footnote.\nNote end.");

QString message(const cortex::Result<ExtractedDocument> &result)
{
    return result.ok() ? QString() : QString::fromStdString(result.error().message);
}

} // namespace

class TestExtractOffice : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void docx()
    {
        const QString path =
            writeZip(dir_.filePath(QStringLiteral("report.docx")),
                     {{QStringLiteral("[Content_Types].xml"), kContentTypes},
                      {QStringLiteral("word/document.xml"), kDocxBody},
                      {QStringLiteral("word/media/image10.png"), pngBytes(40, 40, qRgb(0, 0, 255))},
                      {QStringLiteral("word/media/image2.png"), pngBytes(64, 48, qRgb(255, 0, 0))},
                      {QStringLiteral("word/media/bullet.png"), pngBytes(8, 8, qRgb(0, 0, 0))},
                      {QStringLiteral("word/media/line.png"), pngBytes(300, 2, qRgb(0, 0, 0))},
                      {QStringLiteral("word/media/image3.emf"), QByteArray("\x01\0\0\0 EMF", 8)}});
        const auto document = extractFile(path);
        QVERIFY2(document.ok(), qPrintable(message(document)));
        QCOMPARE(document->type, QStringLiteral("docx"));
        QCOMPARE(document->pageCount, 0);
        const auto &items = document->items;
        QCOMPARE(items.size(), size_t(4));
        QVERIFY(items[0].kind == ItemKind::Text);
        QCOMPARE(items[0].text, kDocxText);
        QCOMPARE(items[0].page, -1);
        // Media in natural order; the 8x8 bullet is skipped, the 300x2 rule is wide enough to stay.
        QStringList names;
        for (size_t i = 1; i < items.size(); ++i) {
            QVERIFY(items[i].kind == ItemKind::Image);
            QCOMPARE(items[i].position, int(i));
            names.append(items[i].imageName);
        }
        QCOMPARE(names, (QStringList{QStringLiteral("word/media/image2.png"),
                                     QStringLiteral("word/media/image10.png"),
                                     QStringLiteral("word/media/line.png")}));
        QCOMPARE(items[1].image.size(), QSize(64, 48));
        QCOMPARE(items[1].image.pixel(10, 10), qRgb(255, 0, 0));
        // The EMF cannot be decoded: skipped, and said so.
        QCOMPARE(document->warnings.size(), qsizetype(1));
        QVERIFY2(document->warnings.at(0).startsWith(QStringLiteral("word/media/image3.emf: ")),
                 qPrintable(document->warnings.at(0)));

        const auto image = loadItemImage(path, QStringLiteral("docx"), ItemKind::Image, -1,
                                         QStringLiteral("word/media/image10.png"));
        QVERIFY(image.ok());
        QCOMPARE(image->size(), QSize(40, 40));
        const auto missing = loadItemImage(path, QStringLiteral("docx"), ItemKind::Image, -1,
                                           QStringLiteral("word/media/nothing.png"));
        QVERIFY(!missing.ok());
        QVERIFY(QString::fromStdString(missing.error().message).startsWith(QStringLiteral("report.docx: ")));
    }

    void pptx()
    {
        // slide10 after slide2: numeric order, not the zip's or the alphabet's.
        const QString path = writeZip(
            dir_.filePath(QStringLiteral("talk.pptx")),
            {{QStringLiteral("[Content_Types].xml"), kContentTypes},
             {QStringLiteral("ppt/presentation.xml"), QByteArray("<?xml version=\"1.0\"?><p:presentation "
                                                                 "xmlns:p=\"urn:p\"/>")},
             {QStringLiteral("ppt/slides/slide10.xml"), slide("<a:p><a:r><a:t>Thanks</a:t></a:r></a:p>")},
             {QStringLiteral("ppt/slides/slide1.xml"),
              slide("<a:p><a:r><a:t>Title </a:t></a:r><a:r><a:t>slide</a:t></a:r></a:p>"
                    "<a:p><a:r><a:t>Subtitle</a:t></a:r><a:br/><a:r><a:t>second line</a:t></a:r></a:p>")},
             {QStringLiteral("ppt/slides/slide2.xml"),
              slide(
                  "<a:p><a:fld type=\"slidenum\"><a:t>2</a:t></a:fld><a:r><a:t> Results</a:t></a:r></a:p>")},
             {QStringLiteral("ppt/slides/_rels/slide2.xml.rels"),
              slideRels({QStringLiteral("../media/chart.png")})},
             {QStringLiteral("ppt/slides/_rels/slide10.xml.rels"),
              slideRels({QStringLiteral("../media/chart.png"), QStringLiteral("/ppt/media/logo.png")})},
             {QStringLiteral("ppt/media/chart.png"), pngBytes(100, 50, qRgb(0, 255, 0))},
             {QStringLiteral("ppt/media/logo.png"), pngBytes(50, 50, qRgb(0, 0, 255))},
             {QStringLiteral("ppt/media/unused.png"), pngBytes(50, 50, qRgb(0, 0, 0))}});
        const auto document = extractFile(path);
        QVERIFY2(document.ok(), qPrintable(message(document)));
        QCOMPARE(document->type, QStringLiteral("pptx"));
        QCOMPARE(document->pageCount, 3);
        QVERIFY(document->warnings.isEmpty());
        const auto &items = document->items;
        QCOMPARE(items.size(), size_t(5));
        QVERIFY(items[0].kind == ItemKind::Text);
        QCOMPARE(items[0].text, QStringLiteral("Title slide\nSubtitle\nsecond line"));
        QCOMPARE(items[0].page, 0);
        QCOMPARE(items[1].text, QStringLiteral("2 Results"));
        QCOMPARE(items[1].page, 1);
        QVERIFY(items[2].kind == ItemKind::Image);
        QCOMPARE(items[2].imageName, QStringLiteral("ppt/media/chart.png"));
        QCOMPARE(items[2].page, 1);
        QCOMPARE(items[3].text, QStringLiteral("Thanks"));
        QCOMPARE(items[3].page, 2);
        // The chart again on slide 10 is not repeated; the logo is new there.
        QCOMPARE(items[4].imageName, QStringLiteral("ppt/media/logo.png"));
        QCOMPARE(items[4].page, 2);
    }

    void odt()
    {
        const QString path =
            writeZip(dir_.filePath(QStringLiteral("essay.odt")),
                     {{QStringLiteral("mimetype"), QByteArray("application/vnd.oasis.opendocument.text")},
                      {QStringLiteral("content.xml"), kOdtContent},
                      {QStringLiteral("Pictures/photo.png"), pngBytes(80, 60, qRgb(255, 0, 0))},
                      {QStringLiteral("Thumbnails/thumbnail.png"), pngBytes(80, 60, qRgb(0, 0, 0))}});
        const auto document = extractFile(path);
        QVERIFY2(document.ok(), qPrintable(message(document)));
        QCOMPARE(document->type, QStringLiteral("odt"));
        const auto &items = document->items;
        QCOMPARE(items.size(), size_t(2));
        QCOMPARE(items[0].text, kOdtText);
        QCOMPARE(items[1].imageName, QStringLiteral("Pictures/photo.png"));
        QCOMPARE(items[1].image.size(), QSize(80, 60));
    }

    void emptyDocumentHasNoItems()
    {
        const QString path = writeZip(dir_.filePath(QStringLiteral("blank.docx")),
                                      {{QStringLiteral("[Content_Types].xml"), kContentTypes},
                                       {QStringLiteral("word/document.xml"), docxBody("<w:p/><w:p/>")}});
        const auto document = extractFile(path);
        QVERIFY2(document.ok(), qPrintable(message(document)));
        QVERIFY(document->items.empty());
    }

    void xmlZipBombRefused()
    {
        // 2 MB of XML that deflates to a few KB, against a 1 MB limit (the default is 256 MB).
        const QByteArray huge = docxBody("<w:p><w:r><w:t>" + QByteArray(2 << 20, 'a') + "</w:t></w:r></w:p>");
        const QString path = writeZip(dir_.filePath(QStringLiteral("bomb.docx")),
                                      {{QStringLiteral("[Content_Types].xml"), kContentTypes},
                                       {QStringLiteral("word/document.xml"), huge}});
        QVERIFY(QFileInfo(path).size() < 100'000);
        ExtractOptions options;
        options.maxZipXmlBytes = 1 << 20;
        const auto document = extractFile(path, options);
        QVERIFY(!document.ok());
        QCOMPARE(message(document),
                 QStringLiteral("bomb.docx: the part word/document.xml inflates to %1 bytes, more "
                                "than the limit of 1048576 (a damaged file or a zip bomb)")
                     .arg(huge.size()));
    }

    void imageZipBombSkipped()
    {
        ExtractOptions options;
        options.maxImagePixels = 1000; // an image entry may inflate to 4000 bytes
        const QString path = writeZip(
            dir_.filePath(QStringLiteral("pictures.docx")),
            {{QStringLiteral("[Content_Types].xml"), kContentTypes},
             {QStringLiteral("word/document.xml"), docxBody("<w:p><w:r><w:t>text</w:t></w:r></w:p>")},
             {QStringLiteral("word/media/big.bmp"), QByteArray("BM") + QByteArray(5000, '\0')}});
        const auto document = extractFile(path, options);
        QVERIFY2(document.ok(), qPrintable(message(document)));
        QCOMPARE(document->items.size(), size_t(1));
        QCOMPARE(document->warnings.size(), qsizetype(1));
        QVERIFY2(
            document->warnings.at(0).contains(QStringLiteral("word/media/big.bmp inflates to 5002 bytes")),
            qPrintable(document->warnings.at(0)));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");

        QTest::newRow("not a zip")
            << "fake.docx" << QByteArray("This is a text file renamed to .docx")
            << "fake.docx: the file is not a valid DOCX document (damaged zip archive: ";
        QTest::newRow("empty") << "empty.pptx" << QByteArray()
                               << "empty.pptx: the file is not a valid PPTX document";
        const QByteArray zip = cortex::test::readFile(
            writeZip(dir_.filePath(QStringLiteral("whole.zip")),
                     {{QStringLiteral("content.xml"), kOdtContent},
                      {QStringLiteral("Pictures/p.png"), pngBytes(64, 64, qRgb(0, 0, 0))}}));
        QTest::newRow("truncated zip")
            << "cut.odt" << zip.left(zip.size() / 2)
            << "cut.odt: the file is not a valid ODT document (damaged zip archive: ";
    }

    void errors()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const auto document = extractFile(cortex::test::writeFile(dir_.filePath(name), content));
        QVERIFY(!document.ok());
        QVERIFY2(message(document).startsWith(expected), qPrintable(message(document)));
    }

    void missingPart()
    {
        const QString path = writeZip(dir_.filePath(QStringLiteral("nobody.docx")),
                                      {{QStringLiteral("[Content_Types].xml"), kContentTypes}});
        const auto document = extractFile(path);
        QVERIFY(!document.ok());
        QCOMPARE(message(document),
                 QStringLiteral(
                     "nobody.docx: the file is not a valid DOCX document (it has no word/document.xml)"));
    }

    void invalidXml()
    {
        const QString path =
            writeZip(dir_.filePath(QStringLiteral("broken.odt")),
                     {{QStringLiteral("mimetype"), QByteArray("application/vnd.oasis.opendocument.text")},
                      {QStringLiteral("content.xml"), QByteArray("<?xml version=\"1.0\"?>\n<a><b></a>")}});
        const auto document = extractFile(path);
        QVERIFY(!document.ok());
        QVERIFY2(message(document).startsWith(
                     QStringLiteral("broken.odt: the part content.xml is not valid XML (line 2: ")),
                 qPrintable(message(document)));
    }

    // Issue 9: 255 KB of DOCX whose XML inflates to 250 MB of spaces. The ratio guard stops it while it
    // inflates, long before the size limit, whatever the headers say.
    void compressionRatioBombRefused()
    {
        const QByteArray spaces = docxBody(QByteArray(16 << 20, ' ') + "<w:p><w:r><w:t>x</w:t></w:r></w:p>");
        const QString path = writeZip(dir_.filePath(QStringLiteral("spaces.docx")),
                                      {{QStringLiteral("[Content_Types].xml"), kContentTypes},
                                       {QStringLiteral("word/document.xml"), spaces}});
        QVERIFY(QFileInfo(path).size() < 200'000);
        const auto document = extractFile(path);
        QVERIFY(!document.ok());
        QVERIFY2(message(document).startsWith(QStringLiteral("spaces.docx: the part word/document.xml ")) &&
                     message(document).contains(QStringLiteral("more than 200 times its size (a damaged file "
                                                               "or a zip bomb)")),
                 qPrintable(message(document)));
    }

    // Text beyond the per-document limit is cut with a warning; the parser stops reading there.
    void textTruncatedAtTheCharacterLimit()
    {
        QByteArray body;
        for (int i = 0; i < 200; ++i)
            body += "<w:p><w:r><w:t>0123456789</w:t></w:r></w:p>";
        const QString path = writeZip(dir_.filePath(QStringLiteral("long.docx")),
                                      {{QStringLiteral("[Content_Types].xml"), kContentTypes},
                                       {QStringLiteral("word/document.xml"), docxBody(body)}});
        ExtractOptions options;
        options.maxTextChars = 105;
        const auto document = extractFile(path, options);
        QVERIFY2(document.ok(), qPrintable(message(document)));
        QCOMPARE(document->items.size(), size_t(1));
        QVERIFY(document->items[0].text.size() <= 105);
        QVERIFY(document->items[0].text.startsWith(QStringLiteral("0123456789\n0123456789\n")));
        QCOMPARE(document->warnings,
                 QStringList{QStringLiteral("truncated at 105 characters (the limit for one document)")});
    }

    // The budget is shared by all the slides of a presentation: later slides add no text.
    void slidesShareTheCharacterLimit()
    {
        // -> QByteArray: with QT_USE_QSTRINGBUILDER the sum is a builder that refers to `text`.
        const auto slide = [](const QByteArray &text) -> QByteArray {
            return "<p:sld xmlns:p=\"p\" xmlns:a=\"a\"><p:txBody><a:p><a:r><a:t>" + text +
                   "</a:t></a:r></a:p></p:txBody></p:sld>";
        };
        const QString path =
            writeZip(dir_.filePath(QStringLiteral("deck.pptx")),
                     {{QStringLiteral("[Content_Types].xml"), kContentTypes},
                      {QStringLiteral("ppt/presentation.xml"), QByteArray("<p:presentation/>")},
                      {QStringLiteral("ppt/slides/slide1.xml"), slide(QByteArray(60, 'a'))},
                      {QStringLiteral("ppt/slides/slide2.xml"), slide(QByteArray(60, 'b'))},
                      {QStringLiteral("ppt/slides/slide3.xml"), slide(QByteArray(60, 'c'))}});
        ExtractOptions options;
        options.maxTextChars = 100;
        const auto document = extractFile(path, options);
        QVERIFY2(document.ok(), qPrintable(message(document)));
        QCOMPARE(document->items.size(), size_t(2));
        QCOMPARE(document->items[0].text, QString(60, u'a'));
        QCOMPARE(document->items[1].text, QString(40, u'b'));
        QCOMPARE(document->warnings.size(), qsizetype(1));
    }

    // An ODF space count of a billion is not a gigabyte of spaces.
    void odfSpaceCountBounded()
    {
        const QByteArray content =
            "<?xml version=\"1.0\"?><office:document-content "
            "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
            "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>"
            "<text:p>a<text:s text:c=\"1000000000\"/>b</text:p></office:text></office:body>"
            "</office:document-content>";
        const QString path =
            writeZip(dir_.filePath(QStringLiteral("spaced.odt")),
                     {{QStringLiteral("mimetype"), QByteArray("application/vnd.oasis.opendocument.text")},
                      {QStringLiteral("content.xml"), content}});
        ExtractOptions options;
        options.maxTextChars = 1000;
        const auto document = extractFile(path, options);
        QVERIFY2(document.ok(), qPrintable(message(document)));
        QCOMPARE(document->warnings,
                 QStringList{QStringLiteral("truncated at 1000 characters (the limit for one document)")});
        QVERIFY(document->items.empty() || document->items[0].text.size() <= 1000);
    }

    // Without a text limit (the one-argument odfText, as fuzz_office_xml calls it), the largest space
    // count is a run of at most 1024 spaces: no signed overflow (UBSan found it), no huge string.
    void odfSpaceCountWithoutLimit()
    {
        const QByteArray content =
            "<?xml version=\"1.0\"?><office:document-content "
            "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
            "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>"
            "<text:p>a<text:s text:c=\"9223372036854775807\"/>b</text:p></office:text></office:body>"
            "</office:document-content>";
        const auto text = cortex::ingest::detail::odfText(content);
        QVERIFY(text.ok());
        QCOMPARE(text->size(), qsizetype(1 + 1024 + 1));
        QVERIFY(text->startsWith(u'a') && text->endsWith(u'b'));
    }

    void tooManyEntriesRefused()
    {
        Entries entries{{QStringLiteral("[Content_Types].xml"), kContentTypes},
                        {QStringLiteral("word/document.xml"), kDocxBody}};
        for (int i = 0; i < 30; ++i)
            entries.push_back({QStringLiteral("word/media/pad%1.bin").arg(i), QByteArray("x")});
        const QString path = writeZip(dir_.filePath(QStringLiteral("crowded.docx")), entries);
        ExtractOptions options;
        options.maxZipEntries = 20;
        const auto document = extractFile(path, options);
        QVERIFY(!document.ok());
        QCOMPARE(message(document), QStringLiteral("crowded.docx: the DOCX document has 32 parts, more than "
                                                   "the limit of 20 (a damaged file or a zip bomb)"));
    }

    void totalInflatedBytesBounded()
    {
        // Three XML slides of 600 KB each against a total of 1 MB: the second passes the total.
        const auto slide = [](char c) -> QByteArray { // as above: a builder would refer to a temporary
            return "<p:sld xmlns:p=\"p\" xmlns:a=\"a\"><a:p><a:r><a:t>" + QByteArray(600'000, c) +
                   "</a:t></a:r></a:p></p:sld>";
        };
        const QString path =
            writeZip(dir_.filePath(QStringLiteral("heavy.pptx")),
                     {{QStringLiteral("[Content_Types].xml"), kContentTypes},
                      {QStringLiteral("ppt/presentation.xml"), QByteArray("<p:presentation/>")},
                      {QStringLiteral("ppt/slides/slide1.xml"), slide('a')},
                      {QStringLiteral("ppt/slides/slide2.xml"), slide('b')},
                      {QStringLiteral("ppt/slides/slide3.xml"), slide('c')}});
        ExtractOptions options;
        options.maxZipTotalBytes = 1 << 20;
        const auto document = extractFile(path, options);
        QVERIFY(!document.ok());
        QCOMPARE(message(document),
                 QStringLiteral("heavy.pptx: its parts inflate to more than 1048576 bytes in "
                                "all, the limit for one document (a damaged file or a zip "
                                "bomb)"));
    }

private:
    QTemporaryDir dir_;
};

QTEST_MAIN(TestExtractOffice)
#include "test_extract_office.moc"
