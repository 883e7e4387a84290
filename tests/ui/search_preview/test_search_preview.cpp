// The Search tab's preview pane end to end: after a search, a PDF hit shows its page with the query's
// words marked and scrolled into view, previous/next page; a text hit shows its chunk among its
// neighbours with the words marked, previous/next chunk; an image hit shows its image and zooms; Space
// on the results and the toggle button hide and show the pane, remembered with its width; Enter,
// Ctrl+Enter, a double-click and a Ctrl+double-click open the hit; a file gone since shows its name.

#include <QApplication>
#include <QTest>

#include "desktop/page_opener.h"
#include "library/library_fixture.h"
#include "session/library_session.h"
#include "support/pdf_writer.h"
#include "ui/pdf_viewer_fixture.h"
#include "ui/search/preview_pane.h"
#include "ui/search/search_page.h"
#include "ui/search/search_results_model.h"
#include "ui/search_page_driver.h"
#include "ui/session_fixture.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QTextBrowser>
#include <QToolButton>

#include <memory>
#include <optional>

using namespace cortex;
using cortex::ui::PreviewPane;
using cortex::ui::SearchResultsModel;

class SearchPreviewTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void pdfHitShowsItsPageWithHighlights();
    void textHitShowsHighlightedWords();
    void imageHitZooms();
    void spaceAndTheButtonToggleThePreview();
    void enterAndDoubleClickOpenTheHit();
    void goneFileIsNamed();
    void cleanupTestCase();

private:
    // A search for `text` in a page of its own (shown, reranking off); false when no answer came.
    bool search(ui::SearchPage &page, const QString &text);
    // The row of the first hit whose path ends with `file` (and that is on `page` when it is given).
    static int rowOf(ui::SearchPage &page, const QString &file, int pageNumber = 0);
    static PreviewPane *pane(ui::SearchPage &page)
    {
        return page.findChild<PreviewPane *>(QStringLiteral("searchPreviewPane"));
    }
    // The page's preview pane once it shows something other than "Loading" (null if it never does).
    static PreviewPane *settledPane(ui::SearchPage &page);

    QTemporaryDir dir_;
    QString pdf_, notes_, photo_;
    std::unique_ptr<session::LibrarySession> session_;
};

void SearchPreviewTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().remove(QStringLiteral("search"));
    QVERIFY(dir_.isValid());
    // A PDF whose second page has "lighthouse" near its foot (the pane scrolls down to it).
    pdf_ = dir_.filePath(QStringLiteral("docs/report.pdf"));
    QDir().mkpath(dir_.filePath(QStringLiteral("docs")));
    testing::writePdfLines(
        pdf_, {{{{40, 60}, QStringLiteral("Annual report of the harbour office.")}},
               {{{40, 60}, QStringLiteral("Appendix: budget tables.")},
                {{40, 780}, QStringLiteral("The lighthouse keeper asked for a new lighthouse lamp.")}},
               {{{40, 60}, QStringLiteral("Minutes of the meeting.")}}});
    // A text of many small chunks; "zebrafinch" only in the middle.
    notes_ = dir_.filePath(QStringLiteral("docs/notes.txt"));
    QString notes;
    for (int i = 0; i < 12; ++i)
        notes += i == 6
                     ? QStringLiteral("A rare zebrafinch was seen near the old mill on day %1. ").arg(i)
                     : QStringLiteral("Day %1 passed quietly at the harbour with nothing to report. ").arg(i);
    testing::writeFile(notes_, notes.toUtf8());
    photo_ = dir_.filePath(QStringLiteral("docs/photo.png"));
    QVERIFY(testing::patternImage(800, 600, Qt::darkCyan, Qt::white, 8).save(photo_));

    session_ = std::make_unique<session::LibrarySession>();
    const std::string ready = testing::openLibraryWithTinyModel(
        *session_, dir_.filePath(QStringLiteral("library")), QStringLiteral(CORTEX_TINY_A_DIR));
    QVERIFY2(ready.empty(), ready.c_str());
    ingest::IngestOptions options;
    options.chunk.chunkTokens = 24;
    options.chunk.overlapTokens = 6;
    options.extract.pdfRenderLongSide = 256;
    session::IngestJob *job = session_->ingest({dir_.filePath(QStringLiteral("docs"))}, options);
    QTRY_VERIFY_WITH_TIMEOUT(job->state() == session::IngestJob::State::Finished ||
                                 job->state() == session::IngestJob::State::Failed,
                             120000);
    QCOMPARE(job->state(), session::IngestJob::State::Finished);
    QCOMPARE(job->summary().indexed, 3);
}

bool SearchPreviewTest::search(ui::SearchPage &page, const QString &text)
{
    return testing::searchAndWait(page, text, 20, 10);
}

int SearchPreviewTest::rowOf(ui::SearchPage &page, const QString &file, int pageNumber)
{
    SearchResultsModel *results = page.resultsModel();
    for (int i = 0; i < results->rowCount(); ++i) {
        const QModelIndex hit = results->index(i, 0);
        if (hit.data(SearchResultsModel::DocumentPathRole).toString().endsWith(file) &&
            (pageNumber == 0 || hit.data(SearchResultsModel::PageRole).toInt() == pageNumber))
            return i;
    }
    return -1;
}

PreviewPane *SearchPreviewTest::settledPane(ui::SearchPage &page)
{
    PreviewPane *shown = pane(page);
    return QTest::qWaitFor([shown] { return shown->state() != PreviewPane::State::Loading; }, 30000)
               ? shown
               : nullptr;
}

void SearchPreviewTest::pdfHitShowsItsPageWithHighlights()
{
    ui::SearchPage page(session_.get());
    page.resize(1200, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *pane = page.findChild<PreviewPane *>(QStringLiteral("searchPreviewPane"));
    QVERIFY(pane && pane->isVisible());
    QVERIFY(search(page, QStringLiteral("lighthouse")));
    const int row = rowOf(page, QStringLiteral("report.pdf"), 2);
    QVERIFY(row >= 0);
    auto *view = page.findChild<QListView *>(QStringLiteral("searchResultsView"));
    view->setCurrentIndex(page.resultsModel()->index(row, 0));
    const qlonglong item =
        page.resultsModel()->index(row, 0).data(SearchResultsModel::ItemIdRole).toLongLong();
    QTRY_COMPARE_WITH_TIMEOUT(pane->itemId(), item, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(pane->state(), PreviewPane::State::Page, 30000);

    // The hit's page, both words marked, the first of them in view although it is at the page's foot.
    QCOMPARE(pane->position(), 2);
    QCOMPARE(pane->count(), 3);
    QCOMPARE(pane->highlightCount(), 2);
    QVERIFY(page.findChild<QLabel *>(QStringLiteral("searchPreviewPosition"))
                ->text()
                .contains(QStringLiteral("2")));
    QVERIFY(page.findChild<QLabel *>(QStringLiteral("searchPreviewTitle"))
                ->text()
                .contains(QStringLiteral("report.pdf")));
    auto *area = page.findChild<QScrollArea *>(QStringLiteral("searchPreviewImageArea"));
    QVERIFY(area && area->isVisible());
    QVERIFY(area->verticalScrollBar()->maximum() > 0); // fitted to the width, the page is taller
    QVERIFY(area->verticalScrollBar()->value() > 0);
    const QRectF first = pane->pageHighlights().first();
    const double y = first.center().y() * pane->zoom();
    const int top = area->verticalScrollBar()->value();
    QVERIFY2(
        y >= top && y <= top + area->viewport()->height(),
        qPrintable(QStringLiteral("%1 not in %2..%3").arg(y).arg(top).arg(top + area->viewport()->height())));

    // Next page: no match there; previous twice: the first page; no page before it.
    auto *next = page.findChild<QToolButton *>(QStringLiteral("searchPreviewNext"));
    auto *previous = page.findChild<QToolButton *>(QStringLiteral("searchPreviewPrevious"));
    QVERIFY(next && previous && next->isEnabled() && previous->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(pane->position(), 3, 30000);
    QTRY_COMPARE(pane->state(), PreviewPane::State::Page);
    QCOMPARE(pane->highlightCount(), 0);
    QVERIFY(!next->isEnabled());
    QCOMPARE(area->verticalScrollBar()->value(), 0);
    QTest::mouseClick(previous, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(pane->position(), 2, 30000);
    QTRY_COMPARE(pane->state(), PreviewPane::State::Page);
    QCOMPARE(pane->highlightCount(), 2);
    QTest::mouseClick(previous, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(pane->position(), 1, 30000);
    QVERIFY(!previous->isEnabled());
    // Quick clicks while pages render stop at the last page: one click back is the page before it.
    for (int i = 0; i < 4; ++i)
        QTest::mouseClick(next, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(pane->position(), 3, 30000);
    QTRY_COMPARE(pane->state(), PreviewPane::State::Page);
    QTest::mouseClick(previous, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(pane->position(), 2, 30000);
    QTest::mouseClick(previous, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(pane->position(), 1, 30000);

    // Zoom: in and out by steps, 100%, and back to the fit.
    const double fitted = pane->zoom();
    QTest::mouseClick(page.findChild<QToolButton *>(QStringLiteral("searchPreviewZoomIn")), Qt::LeftButton);
    QVERIFY(pane->zoom() > fitted);
    QTest::mouseClick(page.findChild<QToolButton *>(QStringLiteral("searchPreviewZoomActual")),
                      Qt::LeftButton);
    QCOMPARE(pane->zoom(), 1.0);
    QTest::mouseClick(page.findChild<QToolButton *>(QStringLiteral("searchPreviewZoomFit")), Qt::LeftButton);
    QCOMPARE(pane->zoom(), fitted);

    // Another hit replaces the preview; a search without hits clears it.
    const int notesRow = rowOf(page, QStringLiteral("notes.txt"));
    if (notesRow >= 0) {
        view->setCurrentIndex(page.resultsModel()->index(notesRow, 0));
        QTRY_COMPARE_WITH_TIMEOUT(pane->state(), PreviewPane::State::Text, 30000);
    }
    page.resultsModel()->clear();
    QCOMPARE(pane->state(), PreviewPane::State::Empty);
    QCOMPARE(pane->itemId(), qlonglong(0));
}

void SearchPreviewTest::textHitShowsHighlightedWords()
{
    ui::SearchPage page(session_.get());
    page.resize(1200, 700);
    page.show();
    QVERIFY(search(page, QStringLiteral("zebrafinch")));
    const int row = rowOf(page, QStringLiteral("notes.txt"));
    QVERIFY(row >= 0);
    auto *view = page.findChild<QListView *>(QStringLiteral("searchResultsView"));
    view->setCurrentIndex(page.resultsModel()->index(row, 0));
    const qlonglong item =
        page.resultsModel()->index(row, 0).data(SearchResultsModel::ItemIdRole).toLongLong();
    QTRY_COMPARE_WITH_TIMEOUT(pane(page)->itemId(), item, 5000);
    PreviewPane *pane = settledPane(page);
    QVERIFY(pane);
    QCOMPARE(pane->state(), PreviewPane::State::Text);
    QVERIFY(pane->count() >= 4);
    QVERIFY(pane->position() > 1 && pane->position() < pane->count());
    QVERIFY(pane->highlightCount() >= 1);

    // The text around the chunk is there, the word is marked (yellow, bold) where it stands, and the
    // hit's chunk is tinted.
    auto *text = page.findChild<QTextBrowser *>(QStringLiteral("searchPreviewText"));
    QVERIFY(text && text->isVisible() && text->isReadOnly());
    const QString plain = text->toPlainText();
    QVERIFY(plain.contains(QStringLiteral("zebrafinch")));
    QVERIFY(plain.contains(QStringLiteral("passed quietly")));
    const int at = int(plain.indexOf(QStringLiteral("zebrafinch")));
    QTextCursor cursor(text->document());
    cursor.setPosition(at + 1);
    QCOMPARE(cursor.charFormat().background().color(), QColor(0xff, 0xd8, 0x00));
    QCOMPARE(cursor.charFormat().fontWeight(), int(QFont::Bold));
    cursor.setPosition(at - 3);
    QVERIFY(cursor.charFormat().background().color() != QColor(0xff, 0xd8, 0x00));

    // Next chunk: one further, the word no longer in the hit's chunk but still in the text before it.
    const int was = pane->position();
    QTest::mouseClick(page.findChild<QToolButton *>(QStringLiteral("searchPreviewNext")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(pane->position(), was + 1, 30000);
    QTest::mouseClick(page.findChild<QToolButton *>(QStringLiteral("searchPreviewPrevious")), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(pane->position(), was, 30000);
    QVERIFY(page.findChild<QLabel *>(QStringLiteral("searchPreviewPosition"))
                ->text()
                .contains(QString::number(pane->count())));
    // Text has nothing to zoom.
    QVERIFY(!page.findChild<QToolButton *>(QStringLiteral("searchPreviewZoomIn"))->isVisible());
}

void SearchPreviewTest::imageHitZooms()
{
    ui::SearchPage page(session_.get());
    page.resize(1200, 700);
    page.show();
    page.setQueryImage(QImage(photo_));
    QSignalSpy finished(&page, &ui::SearchPage::searchFinished);
    page.findChild<QCheckBox *>(QStringLiteral("searchRerankCheck"))->setChecked(false);
    page.search();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    const int row = rowOf(page, QStringLiteral("photo.png"));
    QVERIFY(row >= 0);
    page.findChild<QListView *>(QStringLiteral("searchResultsView"))
        ->setCurrentIndex(page.resultsModel()->index(row, 0));
    QTRY_COMPARE_WITH_TIMEOUT(pane(page)->state(), PreviewPane::State::Image, 30000);
    PreviewPane *pane = settledPane(page);
    QVERIFY(pane);
    QCOMPARE(pane->count(), 0);
    QVERIFY(!page.findChild<QToolButton *>(QStringLiteral("searchPreviewNext"))->isVisible());
    // Fitted whole into the pane; +, - and 1 (100%) on the keyboard; Ctrl+wheel.
    const double fitted = pane->zoom();
    auto *area = page.findChild<QScrollArea *>(QStringLiteral("searchPreviewImageArea"));
    QVERIFY(800 * fitted <= area->viewport()->width() + 1 && 600 * fitted <= area->viewport()->height() + 1);
    QTest::keyClick(area, Qt::Key_Plus);
    QVERIFY(pane->zoom() > fitted);
    QTest::keyClick(area, Qt::Key_1);
    QCOMPARE(pane->zoom(), 1.0);
    QTest::keyClick(area, Qt::Key_Minus);
    QVERIFY(pane->zoom() < 1.0);
    auto *canvas = page.findChild<QWidget *>(QStringLiteral("searchPreviewCanvas"));
    const double before = pane->zoom();
    QWheelEvent wheel(QPointF(5, 5), canvas->mapToGlobal(QPointF(5, 5)), QPoint(), QPoint(0, 120),
                      Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(canvas, &wheel);
    QVERIFY(pane->zoom() > before);
    QTest::keyClick(area, Qt::Key_0);
    QCOMPARE(pane->zoom(), fitted);
}

void SearchPreviewTest::spaceAndTheButtonToggleThePreview()
{
    QSettings().remove(QStringLiteral("search"));
    auto page = std::make_unique<ui::SearchPage>(session_.get());
    page->resize(1200, 700);
    page->show();
    QVERIFY(search(*page, QStringLiteral("lighthouse")));
    auto *pane = page->findChild<PreviewPane *>(QStringLiteral("searchPreviewPane"));
    auto *toggle = page->findChild<QPushButton *>(QStringLiteral("searchPreviewToggle"));
    auto *view = page->findChild<QListView *>(QStringLiteral("searchResultsView"));
    QVERIFY(pane && toggle && view);
    QVERIFY(pane->isVisible() && toggle->isChecked());
    QTRY_VERIFY_WITH_TIMEOUT(pane->state() != PreviewPane::State::Loading && pane->itemId() != 0, 30000);

    // Space in the results hides it (nothing is shown or rendered then) and shows it again with the hit.
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Space);
    QVERIFY(!pane->isVisible());
    QVERIFY(!toggle->isChecked());
    QVERIFY(!page->isPreviewVisible());
    QCOMPARE(pane->state(), PreviewPane::State::Empty);
    QCOMPARE(QSettings().value(QStringLiteral("search/previewVisible")).toBool(), false);
    view->setCurrentIndex(page->resultsModel()->index(page->resultsModel()->rowCount() - 1, 0));
    QCOMPARE(pane->state(), PreviewPane::State::Empty);
    QTest::keyClick(view, Qt::Key_Space);
    QVERIFY(pane->isVisible() && toggle->isChecked());
    QCOMPARE(pane->itemId(), page->resultsModel()
                                 ->index(page->resultsModel()->rowCount() - 1, 0)
                                 .data(SearchResultsModel::ItemIdRole)
                                 .toLongLong());
    QTRY_VERIFY_WITH_TIMEOUT(pane->state() != PreviewPane::State::Loading, 30000);

    // The button does the same; the choice and the pane's width outlive the page.
    auto *splitter = page->findChild<QSplitter *>(QStringLiteral("searchSplitter"));
    QVERIFY(splitter);
    splitter->setSizes({800, 380});
    emit splitter->splitterMoved(800, 1);
    const QList<int> sizes = splitter->sizes();
    QTest::mouseClick(toggle, Qt::LeftButton);
    QVERIFY(!pane->isVisible());
    page.reset();

    ui::SearchPage again(session_.get());
    again.resize(1200, 700);
    again.show();
    QVERIFY(!again.isPreviewVisible());
    QVERIFY(!again.findChild<QPushButton *>(QStringLiteral("searchPreviewToggle"))->isChecked());
    QTest::mouseClick(again.findChild<QPushButton *>(QStringLiteral("searchPreviewToggle")), Qt::LeftButton);
    QVERIFY(again.isPreviewVisible());
    QCOMPARE(again.findChild<QSplitter *>(QStringLiteral("searchSplitter"))->sizes(), sizes);
}

void SearchPreviewTest::enterAndDoubleClickOpenTheHit()
{
    ui::SearchPage page(session_.get());
    page.resize(1200, 700);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QList<desktop::ViewerCommand> started;
    page.setViewerLauncher([&](const desktop::ViewerCommand &command) {
        started << command;
        return true;
    });
    QVERIFY(search(page, QStringLiteral("lighthouse")));
    const int row = rowOf(page, QStringLiteral("report.pdf"), 2);
    QVERIFY(row >= 0);
    auto *view = page.findChild<QListView *>(QStringLiteral("searchResultsView"));
    const QModelIndex hit = page.resultsModel()->index(row, 0);
    view->setCurrentIndex(hit);
    view->setFocus();
    std::optional<testing::DefaultPdfViewer> okular(std::in_place, "org.kde.okular.desktop");
    QTest::keyClick(view, Qt::Key_Return);
    QTest::keyClick(view, Qt::Key_Return, Qt::ControlModifier);
    QTest::keyClick(view, Qt::Key_Space); // toggles the preview, opens nothing
    QTest::keyClick(view, Qt::Key_Space);
    QCOMPARE(started.size(), 2);
    view->scrollTo(hit);
    const QPoint centre = view->visualRect(hit).center();
    // What a double-click sends: a click, then the double-click.
    for (const Qt::KeyboardModifier modifier : {Qt::ControlModifier, Qt::NoModifier}) {
        QTest::mouseClick(view->viewport(), Qt::LeftButton, modifier, centre);
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, modifier, centre);
    }
    okular.reset();
    QCOMPARE(started.size(), 4);
    for (const auto &command : started) {
        QCOMPARE(command.program, QStringLiteral("okular"));
        QCOMPARE(command.arguments, QStringList({QStringLiteral("--page"), QStringLiteral("2"),
                                                 hit.data(SearchResultsModel::DocumentPathRole).toString()}));
    }
}

void SearchPreviewTest::goneFileIsNamed()
{
    ui::SearchPage page(session_.get());
    page.resize(1200, 700);
    page.show();
    QVERIFY(search(page, QStringLiteral("lighthouse")));
    const int row = rowOf(page, QStringLiteral("report.pdf"), 2);
    QVERIFY(row >= 0);
    // The search selected its first hit, which may be this one, rendered before the file goes: no hit is
    // current while it goes, so that the hit's preview is asked for only after.
    auto *view = page.findChild<QListView *>(QStringLiteral("searchResultsView"));
    view->setCurrentIndex(QModelIndex());
    QVERIFY(QFile::rename(pdf_, pdf_ + QStringLiteral(".moved")));
    view->setCurrentIndex(page.resultsModel()->index(row, 0));
    QTRY_COMPARE_WITH_TIMEOUT(pane(page)->state(), PreviewPane::State::Error, 30000);
    QVERIFY2(pane(page)->errorText().contains(QStringLiteral("report.pdf")),
             qPrintable(pane(page)->errorText()));
    QVERIFY(page.findChild<QLabel *>(QStringLiteral("searchPreviewMessage"))
                ->text()
                .contains(QStringLiteral("report.pdf")));
    QVERIFY(QFile::rename(pdf_ + QStringLiteral(".moved"), pdf_));
}

void SearchPreviewTest::cleanupTestCase()
{
    session_.reset();
}

QTEST_MAIN(SearchPreviewTest)
#include "test_search_preview.moc"
