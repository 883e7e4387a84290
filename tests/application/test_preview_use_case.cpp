// A search hit's preview (application/preview.h) on a real library ingested with the tiny model: a text
// chunk comes with its neighbours from the library and steps chunk by chunk, clamped at both ends; a PDF
// item (a page or a chunk of a page's text) shows its page with the words marked and steps page by page;
// an image item shows its image; an item that is gone and a file that is gone are errors that say so.

#include "../library/library_fixture.h"

#include "application/preview.h"
#include "ingest/ingestor.h"
#include "library/library.h"
#include "store/library_db.h"

#include <QGuiApplication>

using namespace cortex;
using namespace cortex::testing;

namespace {

std::string why(const Result<preview::Preview> &answer)
{
    return answer.ok() ? std::string() : answer.error().message;
}

} // namespace

class TestPreviewUseCase : public QObject {
    Q_OBJECT

    std::unique_ptr<embedding::QwenEncoder> encoder_;
    std::shared_ptr<const model::Tokenizer> tokenizer_;
    QTemporaryDir dir_;
    std::unique_ptr<library::Library> lib_;
    QString notes_, pdf_, image_;
    QString notesText_;

    std::vector<store::ItemRecord> itemsOf(const QString &path)
    {
        auto reader = lib_->openReader().value();
        const auto document = reader->documentByPath(path.toStdString()).value();
        if (!document || !document->contentId)
            qFatal("%s is not in the library", qPrintable(path));
        return reader->itemsOfContent(*document->contentId).value();
    }

    application::PreviewRequest requestFor(int64_t itemId, int step = 0)
    {
        application::PreviewRequest request;
        request.itemId = itemId;
        request.words = {QStringLiteral("lighthouse"), QStringLiteral("marker")};
        request.longSide = 800;
        request.step = step;
        return request;
    }

private slots:
    void initTestCase()
    {
        encoder_ = loadTinyEncoder(CORTEX_TINY_A_DIR);
        tokenizer_ = loadTinyTokenizer();
        notes_ = dir_.filePath(QStringLiteral("notes.txt"));
        for (int i = 0; i < 16; ++i)
            notesText_ += QStringLiteral("Sentence %1 has the marker word and more words after it. ").arg(i);
        writeFile(notes_, notesText_.toUtf8());
        pdf_ = dir_.filePath(QStringLiteral("report.pdf"));
        writePdf(pdf_, {QStringLiteral("Annual report of the harbour."),
                        QStringLiteral("Appendix: the lighthouse budget.")});
        image_ = dir_.filePath(QStringLiteral("red.png"));
        QVERIFY(patternImage(300, 200, Qt::red, Qt::white, 6).save(image_));

        lib_ = library::Library::open(dir_.filePath(QStringLiteral("lib")).toStdString()).value();
        ingest::Ingestor ingestor(*lib_, *encoder_, tokenizer_);
        ingest::IngestOptions options;
        options.chunk.chunkTokens = 24; // many small chunks that overlap, as the chunker stores them
        options.chunk.overlapTokens = 6;
        options.twoPasses = false; // the PDF's page images now
        options.extract.pdfRenderLongSide = 256;
        if (auto s = ingestor.ingest({notes_, pdf_, image_}, options); !s)
            QFAIL(s.error().message.c_str());
    }

    void textChunkComesWithItsNeighbours()
    {
        const auto items = itemsOf(notes_);
        QVERIFY(items.size() >= 6);
        const int hit = 2;
        auto shown = application::previewItem(*lib_, requestFor(items[hit].id));
        QVERIFY2(shown.ok(), why(shown).c_str());
        QCOMPARE(shown->kind, preview::PreviewKind::Text);
        QCOMPARE(shown->path, notes_);
        QCOMPARE(shown->index, hit);
        QCOMPARE(shown->count, int(items.size()));
        // The chunk before, the hit's and the one after, joined where they overlap: a part of the file.
        QCOMPARE(shown->text.mid(shown->focus.start, shown->focus.length),
                 QString::fromStdString(items[hit].text));
        QVERIFY2(notesText_.contains(shown->text), qPrintable(shown->text));
        QVERIFY(shown->text.size() < qsizetype(items[hit - 1].text.size() + items[hit].text.size() +
                                               items[hit + 1].text.size())); // the overlaps once
        QVERIFY(shown->text.startsWith(QString::fromStdString(items[hit - 1].text)));
        QVERIFY(shown->text.endsWith(QString::fromStdString(items[hit + 1].text)));
        QVERIFY(shown->focus.start > 0);
        QVERIFY(!shown->matches.empty());
        for (const auto &m : shown->matches)
            QCOMPARE(shown->text.mid(m.start, m.length), QStringLiteral("marker"));

        // Next and previous chunk; clamped at the first and the last.
        auto next = application::previewItem(*lib_, requestFor(items[hit].id, 1));
        QVERIFY2(next.ok(), why(next).c_str());
        QCOMPARE(next->index, hit + 1);
        QCOMPARE(next->text.mid(next->focus.start, next->focus.length),
                 QString::fromStdString(items[hit + 1].text));
        auto first = application::previewItem(*lib_, requestFor(items[hit].id, -10));
        QVERIFY(first.ok());
        QCOMPARE(first->index, 0);
        QCOMPARE(first->focus.start, 0);
        auto last = application::previewItem(*lib_, requestFor(items[hit].id, 1000));
        QVERIFY(last.ok());
        QCOMPARE(last->index, int(items.size()) - 1);
        QCOMPARE(last->focus.start + last->focus.length, int(last->text.size()));
    }

    void pdfItemShowsItsPage()
    {
        const auto items = itemsOf(pdf_);
        int checked = 0;
        for (const auto &item : items) {
            if (item.page != 1)
                continue;
            // The page's text chunk and the page image both show page 2, with the word marked.
            auto page = application::previewItem(*lib_, requestFor(item.id));
            QVERIFY2(page.ok(), why(page).c_str());
            QCOMPARE(page->kind, preview::PreviewKind::Page);
            QCOMPARE(page->index, 1);
            QCOMPARE(page->count, 2);
            QCOMPARE(page->highlights.size(), 1);
            QCOMPARE(std::max(page->image.width(), page->image.height()), 800);
            auto before = application::previewItem(*lib_, requestFor(item.id, -1));
            QVERIFY(before.ok());
            QCOMPARE(before->index, 0);
            QVERIFY(before->highlights.isEmpty());
            ++checked;
        }
        QCOMPARE(checked, 2); // a Text and a PdfPage item
    }

    void imageItemShowsItsImage()
    {
        const auto items = itemsOf(image_);
        QCOMPARE(items.size(), size_t(1));
        auto shown = application::previewItem(*lib_, requestFor(items[0].id));
        QVERIFY2(shown.ok(), why(shown).c_str());
        QCOMPARE(shown->kind, preview::PreviewKind::Image);
        QCOMPARE(shown->image.size(), QSize(300, 200));
        QCOMPARE(shown->count, 0);
    }

    void goneItemsAndFilesAreErrors()
    {
        auto noItem = application::previewItem(*lib_, requestFor(987654321));
        QVERIFY(!noItem.ok());
        QVERIFY2(QString::fromStdString(noItem.error().message)
                     .contains(QStringLiteral("no longer in the library")),
                 noItem.error().message.c_str());

        const auto items = itemsOf(pdf_);
        QVERIFY(QFile::remove(pdf_));
        auto gone = application::previewItem(*lib_, requestFor(items.front().id));
        QVERIFY(!gone.ok());
        QVERIFY2(QString::fromStdString(gone.error().message).contains(QStringLiteral("report.pdf")),
                 gone.error().message.c_str());
    }
};

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    TestPreviewUseCase test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_preview_use_case.moc"
