// What the preview pane shows (preview/preview.h), on files the test makes: a PDF page's highlights are
// on the page that has the word and where the word is drawn, none for a word that is absent; a page
// number past the end is clamped; a broken or missing PDF and a broken image are errors that name the
// file; an image is scaled to the bound and a decompression bomb is refused before decoding; chunks
// are joined where they overlap, with the hit's chunk and the words found in the joined text.

#include "ingest/ingest_test_support.h"
#include "preview/preview.h"
#include "support/pdf_writer.h"

#include <QGuiApplication>
#include <QTemporaryDir>
#include <QTest>

using namespace cortex;
using preview::TextRange;

namespace {

// Three A4 pages (595 x 842 points): the words stand where the test knows them to be.
void writeThreePages(const QString &path)
{
    testing::writePdfLines(path,
                           {{{{40, 60}, QStringLiteral("Annual report of the harbour office.")}},
                            {{{40, 60}, QStringLiteral("Appendix: budget tables.")},
                             {{40, 700}, QStringLiteral("The Lighthouse keeper and the lighthouse budget.")}},
                            {{{40, 60}, QStringLiteral("Lighthouses are not counted here.")}}});
}

QString words(const QString &text, const std::vector<TextRange> &ranges)
{
    QStringList out;
    for (const TextRange &r : ranges)
        out << text.mid(r.start, r.length);
    return out.join(QLatin1Char(','));
}

} // namespace

class TestPreview : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private slots:
    void findsWholeWordsInAnyCase()
    {
        const QString text =
            QStringLiteral("To be or not to BE: been there, be-all. Straße und STRASSE straße");
        QCOMPARE(words(text, preview::findWords(text, {QStringLiteral("be")})), QStringLiteral("be,BE,be"));
        QCOMPARE(words(text, preview::findWords(text, {QStringLiteral("straße"), QStringLiteral("not")})),
                 QStringLiteral("not,Straße,straße"));
        QVERIFY(preview::findWords(text, {}).empty());
        QVERIFY(preview::findWords(text, {QString()}).empty());
        QVERIFY(preview::findWords(text, {QStringLiteral("absent")}).empty());
        // A word with the regular expression's own characters is matched as it is written.
        QCOMPARE(words(QStringLiteral("a.b axb"),
                       preview::findWords(QStringLiteral("a.b axb"), {QStringLiteral("a.b")})),
                 QStringLiteral("a.b"));
    }

    void pdfHighlightsAreOnThePageWithTheWord()
    {
        const QString pdf = dir_.filePath(QStringLiteral("report.pdf"));
        writeThreePages(pdf);
        const QStringList query{QStringLiteral("lighthouse")};

        auto page2 = preview::pdfPage(pdf, 1, query, 1000);
        QVERIFY2(page2.ok(), page2.ok() ? "" : page2.error().message.c_str());
        QCOMPARE(page2->kind, preview::PreviewKind::Page);
        QCOMPARE(page2->index, 1);
        QCOMPARE(page2->count, 3);
        QCOMPARE(page2->path, pdf);
        QCOMPARE(page2->image.height(), 1000); // the longer side of an A4 page
        QVERIFY(qAbs(page2->image.width() - 1000 * 595 / 842) <= 1);
        // "Lighthouse" and "lighthouse", not "Lighthouses" (page 3), in reading order on the line drawn at
        // 700 points of 842.
        QCOMPARE(page2->highlights.size(), 2);
        const QRectF image(QPointF(0, 0), QSizeF(page2->image.size()));
        for (const QRectF &r : page2->highlights) {
            QVERIFY(image.contains(r));
            QVERIFY2(qAbs(r.center().y() / image.height() - 696.0 / 842) < 0.02,
                     qPrintable(QString::number(r.center().y() / image.height())));
            QVERIFY(r.width() > r.height()); // a word, not a letter or the whole line
            QVERIFY(r.width() < image.width() / 3);
        }
        QVERIFY(page2->highlights[0].left() < page2->highlights[1].left());

        // The other pages have no such word; an absent word has no highlights anywhere.
        for (const int page : {0, 2}) {
            auto other = preview::pdfPage(pdf, page, query, 600);
            QVERIFY(other.ok());
            QCOMPARE(other->index, page);
            QVERIFY(other->highlights.isEmpty());
            QVERIFY(!other->image.isNull());
        }
        auto absent = preview::pdfPage(pdf, 1, {QStringLiteral("zebrafinch")}, 600);
        QVERIFY(absent.ok());
        QVERIFY(absent->highlights.isEmpty());
        // A word on page 1 is found there, at its line.
        auto page1 = preview::pdfPage(pdf, 0, {QStringLiteral("harbour")}, 842);
        QVERIFY(page1.ok());
        QCOMPARE(page1->highlights.size(), 1);
        QVERIFY(qAbs(page1->highlights[0].center().y() - 56) < 12);

        // Steps past either end show the first or the last page; the size is bounded.
        auto past = preview::pdfPage(pdf, 7, query, 100000);
        QVERIFY(past.ok());
        QCOMPARE(past->index, 2);
        QCOMPARE(std::max(past->image.width(), past->image.height()), 4096);
        auto before = preview::pdfPage(pdf, -3, query, 10);
        QVERIFY(before.ok());
        QCOMPARE(before->index, 0);
        QCOMPARE(std::max(before->image.width(), before->image.height()), 256);
    }

    void brokenAndMissingFilesAreNamed()
    {
        const QString broken = test::writeFile(dir_.filePath(QStringLiteral("broken.pdf")),
                                               "%PDF-1.7\nthis is not really a PDF\n");
        auto bad = preview::pdfPage(broken, 0, {QStringLiteral("word")}, 800);
        QVERIFY(!bad.ok());
        QVERIFY2(QString::fromStdString(bad.error().message).startsWith(QStringLiteral("broken.pdf: ")),
                 bad.error().message.c_str());

        auto gone = preview::pdfPage(dir_.filePath(QStringLiteral("gone.pdf")), 0, {}, 800);
        QVERIFY(!gone.ok());
        QVERIFY2(QString::fromStdString(gone.error().message).contains(QStringLiteral("gone.pdf")),
                 gone.error().message.c_str());
        QVERIFY(QString::fromStdString(gone.error().message).contains(QStringLiteral("does not exist")));

        const QString notImage = test::writeFile(dir_.filePath(QStringLiteral("photo.png")), "not a picture");
        auto noImage = preview::image(notImage, QStringLiteral("image"), ItemKind::Image, -1,
                                      QStringLiteral("photo.png"), 800);
        QVERIFY(!noImage.ok());
        QVERIFY2(QString::fromStdString(noImage.error().message).startsWith(QStringLiteral("photo.png: ")),
                 noImage.error().message.c_str());
    }

    void imagesAreBounded()
    {
        const QString big = test::writeFile(dir_.filePath(QStringLiteral("big.png")),
                                            test::pngBytes(3000, 2000, Qt::darkGreen));
        auto shown = preview::image(big, QStringLiteral("image"), ItemKind::Image, -1,
                                    QStringLiteral("big.png"), 1024);
        QVERIFY2(shown.ok(), shown.ok() ? "" : shown.error().message.c_str());
        QCOMPARE(shown->kind, preview::PreviewKind::Image);
        QCOMPARE(shown->image.size(), QSize(1024, 682)); // 3000 x 2000 scaled as QSize::scaled does
        QCOMPARE(shown->count, 0);
        QVERIFY(shown->highlights.isEmpty());

        // Smaller images are not enlarged.
        const QString small =
            test::writeFile(dir_.filePath(QStringLiteral("small.png")), test::pngBytes(96, 64, Qt::red));
        auto little = preview::image(small, QStringLiteral("image"), ItemKind::Image, -1,
                                     QStringLiteral("small.png"), 4096);
        QVERIFY(little.ok());
        QCOMPARE(little->image.size(), QSize(96, 64));

        // A header that claims 40000 x 40000 pixels is refused before anything is decoded.
        const QString bomb = test::writeFile(dir_.filePath(QStringLiteral("bomb.png")),
                                             test::pngHeaderOnly(40000, 40000, true));
        auto refused = preview::image(bomb, QStringLiteral("image"), ItemKind::Image, -1,
                                      QStringLiteral("bomb.png"), 1024);
        QVERIFY(!refused.ok());
        QVERIFY2(QString::fromStdString(refused.error().message).startsWith(QStringLiteral("bomb.png: ")),
                 refused.error().message.c_str());
        QVERIFY2(QString::fromStdString(refused.error().message).contains(QStringLiteral("40000")),
                 refused.error().message.c_str());
    }

    void chunksAreJoinedWhereTheyOverlap()
    {
        // As the chunker stores them: each exactly as in the text, neighbours sharing an overlap.
        const QString whole = QStringLiteral(
            "The northern division reported its revenue. Revenue grew by twelve percent in the spring. "
            "The harbour office counted seagulls. Nobody counted the revenue of the seagulls.");
        const QString a = whole.left(60);
        const QString b = whole.mid(45, 60); // 15 characters shared with a
        const QString c = whole.mid(90);     // 15 characters shared with b
        QCOMPARE(preview::chunkOverlap(a, b), 15);
        QCOMPARE(preview::chunkOverlap(b, c), 15);

        const QStringList query{QStringLiteral("revenue")};
        const preview::Preview joined = preview::textAround({a, b, c}, 1, query);
        QCOMPARE(joined.kind, preview::PreviewKind::Text);
        QCOMPARE(joined.text, whole);
        QCOMPARE(joined.focus, (TextRange{45, 60}));
        QCOMPARE(joined.text.mid(joined.focus.start, joined.focus.length), b);
        QCOMPARE(words(joined.text, joined.matches), QStringLiteral("revenue,Revenue,revenue"));

        // The first chunk of a document has nothing before it; the focus is then the first part.
        const preview::Preview first = preview::textAround({a, b}, 0, query);
        QCOMPARE(first.focus, (TextRange{0, 60}));
        QCOMPARE(first.text, whole.left(105));

        // Chunks that do not overlap are put one after the other; a short common run is chance, not
        // an overlap ("the end" + "end of it" stays as written).
        QCOMPARE(preview::chunkOverlap(QStringLiteral("One chunk. "), QStringLiteral("Another one.")), 0);
        QCOMPARE(preview::chunkOverlap(QStringLiteral("until the end"), QStringLiteral("end of it all")), 0);
        const preview::Preview apart =
            preview::textAround({QStringLiteral("First part. "), QStringLiteral("Second part.")}, 1, {});
        QCOMPARE(apart.text, QStringLiteral("First part. Second part."));
        QCOMPARE(apart.focus, (TextRange{12, 12}));
        QVERIFY(apart.matches.empty());

        // The longest overlap wins where the text repeats itself.
        const QString repeated = QStringLiteral("abcdefgh abcdefgh abcdefgh");
        QCOMPARE(preview::chunkOverlap(repeated, repeated), int(repeated.size()));
        QCOMPARE(preview::chunkOverlap(QStringLiteral("xx abcdefgh abcdefgh"),
                                       QStringLiteral("abcdefgh abcdefgh yy")),
                 17);
    }
};

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv); // Qt Pdf and the image plugins
    TestPreview test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_preview.moc"
