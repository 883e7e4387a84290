// PDF extraction on a PDF written by QPdfWriter (two text pages around an image-only "scanned" page),
// plus the password-protected, damaged and vanished cases, page re-rendering and streaming.

#include "ingest/extract/extractor.h"

#include "ingest_test_support.h"

#include <QGuiApplication>
#include <QPainter>
#include <QPdfWriter>
#include <QTemporaryDir>
#include <QTest>

using namespace cortex::ingest;
using cortex::ItemKind;
using cortex::test::writeFile;

namespace {

const QString kPageOneText = QStringLiteral("Cortex extracts this page.\nSecond line of page one.");
const QString kPageThreeText = QString::fromUtf8("Grüße aus Köln, page three.");

// Three A4 pages: text; a red picture and no text (what a scanner makes); text with umlauts.
void writeSamplePdf(const QString &path)
{
    QPdfWriter writer(path);
    writer.setResolution(72);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    QPainter painter(&writer);
    painter.setFont(QFont(QStringLiteral("DejaVu Sans"), 14));
    const QStringList lines = kPageOneText.split(u'\n');
    painter.drawText(QPointF(72, 100), lines.at(0));
    painter.drawText(QPointF(72, 130), lines.at(1));
    writer.newPage();
    QImage scan(200, 100, QImage::Format_RGB32);
    scan.fill(qRgb(255, 0, 0));
    painter.drawImage(QRectF(100, 300, 400, 200), scan);
    writer.newPage();
    painter.drawText(QPointF(72, 100), kPageThreeText);
    painter.end();
}

bool isRed(QRgb pixel)
{
    return qRed(pixel) > 200 && qGreen(pixel) < 60 && qBlue(pixel) < 60;
}

bool isWhite(QRgb pixel)
{
    return qRed(pixel) == 255 && qGreen(pixel) == 255 && qBlue(pixel) == 255;
}

} // namespace

class TestExtractPdf : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        samplePath_ = dir_.filePath(QStringLiteral("sample.pdf"));
        writeSamplePdf(samplePath_);
    }

    void textAndRenderedPages()
    {
        const auto document = extractFile(samplePath_);
        QVERIFY2(document.ok(), document.ok() ? "" : document.error().message.c_str());
        QCOMPARE(document->type, QStringLiteral("pdf"));
        QCOMPARE(document->pageCount, 3);
        QVERIFY(document->warnings.isEmpty());
        const std::vector<ExtractedItem> &items = document->items;
        QCOMPARE(items.size(), size_t(5));

        const std::vector<std::pair<ItemKind, int>> expected = {{ItemKind::Text, 0},
                                                                {ItemKind::PdfPage, 0},
                                                                {ItemKind::PdfPage, 1},
                                                                {ItemKind::Text, 2},
                                                                {ItemKind::PdfPage, 2}};
        for (size_t i = 0; i < items.size(); ++i) {
            QVERIFY(items[i].kind == expected[i].first);
            QCOMPARE(items[i].page, expected[i].second);
            QCOMPARE(items[i].position, int(i));
        }
        QCOMPARE(items[0].text, kPageOneText);
        QCOMPARE(items[1].text, kPageOneText); // a rendered page carries its text too
        QCOMPARE(items[2].text, QString());    // the scanned page has none
        QCOMPARE(items[3].text, kPageThreeText);

        // A4 portrait with the longer side at the default 1280 pixels, on white.
        for (const size_t i : {size_t(1), size_t(2), size_t(4)}) {
            const QImage &page = items[i].image;
            QCOMPARE(page.height(), 1280);
            QCOMPARE(page.width(), 905);
            QCOMPARE(page.format(), QImage::Format_RGB888);
            QVERIFY(isWhite(page.pixel(5, 5)));
        }
        // The picture spans x 100..500, y 300..500 points; its middle is red.
        const QImage &scanned = items[2].image;
        const double scale = 1280.0 / 841.89;
        QVERIFY(isRed(scanned.pixel(int(300 * scale), int(400 * scale))));
        QVERIFY(items[0].image.isNull());
    }

    void renderSide()
    {
        ExtractOptions options;
        options.pdfRenderLongSide = 200;
        const auto document = extractFile(samplePath_, options);
        QVERIFY(document.ok());
        QCOMPARE(document->items[1].image.size(), QSize(141, 200));
    }

    void textOnlyWithoutRendering()
    {
        ExtractOptions options;
        options.pdfRenderLongSide = 0;
        const auto document = extractFile(samplePath_, options);
        QVERIFY(document.ok());
        QCOMPARE(document->items.size(), size_t(2));
        QCOMPARE(document->items[1].text, kPageThreeText);
        QCOMPARE(document->items[1].page, 2);
    }

    // Issue 9: a PDF of 20,000 pages had no cap. Pages past maxPdfPages are left out with a warning.
    void pagesTruncatedAtTheLimit()
    {
        ExtractOptions options;
        options.pdfRenderLongSide = 0;
        options.maxPdfPages = 1;
        const auto document = extractFile(samplePath_, options);
        QVERIFY(document.ok());
        QCOMPARE(document->pageCount, 3);
        QCOMPARE(document->items.size(), size_t(1));
        QCOMPARE(document->items[0].page, 0);
        QCOMPARE(document->warnings,
                 QStringList{QStringLiteral(
                     "truncated at 1 pages (the PDF has 3; the limit for one PDF is 1 pages)")});
    }

    // The character limit is shared by all the pages.
    void textTruncatedAcrossPages()
    {
        ExtractOptions options;
        options.pdfRenderLongSide = 0;
        options.maxTextChars = 30;
        const auto document = extractFile(samplePath_, options);
        QVERIFY(document.ok());
        QCOMPARE(document->items.size(), size_t(1));
        QCOMPARE(document->items[0].text, kPageOneText.left(30));
        QCOMPARE(document->warnings,
                 QStringList{QStringLiteral("truncated at 30 characters (the limit for one document)")});
    }

    void streamingStopsEarly()
    {
        std::vector<ExtractedItem> received;
        const auto document = extractFile(samplePath_, {}, [&](ExtractedItem &&item) {
            received.push_back(std::move(item));
            return received.size() < 2;
        });
        QVERIFY(document.ok());
        QCOMPARE(document->pageCount, 3);
        QVERIFY(document->items.empty());
        QCOMPARE(received.size(), size_t(2));
        QVERIFY(received[1].kind == ItemKind::PdfPage);
        QCOMPARE(received[1].position, 1);
    }

    void loadPageImage()
    {
        const auto page = loadItemImage(samplePath_, QStringLiteral("pdf"), ItemKind::PdfPage, 1, {});
        QVERIFY2(page.ok(), page.ok() ? "" : page.error().message.c_str());
        QCOMPARE(page->size(), QSize(905, 1280));
        QVERIFY(isRed(page->pixel(456, 608)));

        const auto missing = loadItemImage(samplePath_, QStringLiteral("pdf"), ItemKind::PdfPage, 5, {});
        QVERIFY(!missing.ok());
        QCOMPARE(QString::fromStdString(missing.error().message),
                 QStringLiteral("sample.pdf: page 6 does not exist (the PDF has 3 pages)"));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");

        QTest::newRow("garbage after the header")
            << "corrupt.pdf" << QByteArray("%PDF-1.4\nthis is not a PDF body\n")
            << "corrupt.pdf: the file is not a valid PDF (it may be damaged or incomplete)";
        QTest::newRow("not a PDF at all")
            << "photo.pdf" << QByteArray("\xff\xd8\xff\xe0 JPEG bytes")
            << "photo.pdf: the file is not a valid PDF (it may be damaged or incomplete)";
        QTest::newRow("empty") << "empty.pdf" << QByteArray()
                               << "empty.pdf: the file is not a valid PDF (it may be damaged or incomplete)";
    }

    void errors()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const auto document = extractFile(writeFile(dir_.filePath(name), content));
        QVERIFY(!document.ok());
        QCOMPARE(QString::fromStdString(document.error().message), expected);
    }

    void passwordProtected()
    {
        const QString path = QStringLiteral(CORTEX_TEST_DATA_DIR "/ingest/password-protected.pdf");
        QVERIFY(QFile::exists(path));
        const auto document = extractFile(path);
        QVERIFY(!document.ok());
        QCOMPARE(QString::fromStdString(document.error().message),
                 QStringLiteral("password-protected.pdf: the PDF is password-protected"));
        const auto page = loadItemImage(path, QStringLiteral("pdf"), ItemKind::PdfPage, 0, {});
        QVERIFY(!page.ok());
    }

    void truncatedDoesNotCrash()
    {
        // PDFium repairs what it can: either some pages come out, or a clear error.
        const QByteArray pdf = cortex::test::readFile(samplePath_);
        for (const qsizetype size : {pdf.size() / 3, pdf.size() / 2, pdf.size() - 40}) {
            const QString path = writeFile(dir_.filePath(QStringLiteral("cut.pdf")), pdf.left(size));
            const auto document = extractFile(path);
            if (!document.ok())
                QVERIFY(
                    QString::fromStdString(document.error().message).startsWith(QStringLiteral("cut.pdf: ")));
        }
    }

    void vanished()
    {
        const QString path =
            writeFile(dir_.filePath(QStringLiteral("gone.pdf")), cortex::test::readFile(samplePath_));
        QVERIFY(QFile::remove(path));
        const auto document = extractFile(path);
        QVERIFY(!document.ok());
        QCOMPARE(QString::fromStdString(document.error().message),
                 QStringLiteral("gone.pdf: the file does not exist (it may have been moved or deleted)"));
    }

private:
    QTemporaryDir dir_;
    QString samplePath_;
};

QTEST_MAIN(TestExtractPdf)
#include "test_extract_pdf.moc"
