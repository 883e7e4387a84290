// The Ingest and Search tabs end to end: files dropped on the drop zone are ingested (and the broken
// PDF is listed with its reason), a pasted image finds itself, the reranker toggle adds and removes
// rerank scores, and both item models pass QAbstractItemModelTester with data in them.

#include <QApplication>
#include <QTest>

#include "desktop/page_opener.h"
#include "library/library.h"
#include "library/library_fixture.h"
#include "session/library_session.h"
#include "settings/settings.h"
#include "store/library_db.h"
#include "ui/ingest/ingest_jobs_model.h"
#include "ui/ingest/ingest_page.h"
#include "ui/pdf_viewer_fixture.h"
#include "ui/search/search_page.h"
#include "ui/search/search_results_model.h"
#include "ui/session_fixture.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDropEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMap>
#include <QMenu>
#include <QMimeData>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QToolButton>
#include <QUrl>

#include <memory>

using namespace cortex;

namespace {
// QVERIFY2 evaluates its message even when the check passes: only ask a failed answer for its error.
template <typename R> std::string why(const R &answer)
{
    return answer.ok() ? std::string() : answer.error().message;
}
} // namespace
using cortex::session::IngestJob;
using cortex::ui::IngestJobsModel;
using cortex::ui::SearchResultsModel;

class IngestSearchTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void dropFilesAndIngest();
    void pauseIsCancelThenResume();
    void viewsFollowARunningJob();
    void interruptedJobIsOfferedForResume();
    void pastedImageFindsItself();
    void newerSearchSupersedesOlder();
    void rerankerToggleChangesScores();
    void searchPageStates();
    void querySyntaxErrorsShowBesideTheQuery();
    void groupedByDocument();
    void openStartsTheViewerAtThePage();
    void modelsPassTheTester();
    void cleanupTestCase();

private:
    bool runSearch(ui::SearchPage &page);

    QTemporaryDir dir_;
    std::unique_ptr<testing::Corpus> corpus_;
    std::unique_ptr<session::LibrarySession> session_;
};

void IngestSearchTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
    corpus_ = std::make_unique<testing::Corpus>(dir_.path());
    session_ = std::make_unique<session::LibrarySession>();
    const std::string ready = testing::openLibraryWithTinyModel(
        *session_, dir_.path() + QStringLiteral("/library"), QStringLiteral(CORTEX_TINY_A_DIR));
    QVERIFY2(ready.empty(), ready.c_str());
}

void IngestSearchTest::dropFilesAndIngest()
{
    ui::IngestPage page(session_.get());
    page.resize(1024, 640);
    page.show();
    auto *zone = page.findChild<QWidget *>(QStringLiteral("ingestDropZone"));
    QVERIFY(zone);

    // What a file manager drops: file URLs (here the whole corpus folder).
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(corpus_->root)});
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(zone, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(zone, &drop);
    QCOMPARE(page.pendingPaths(), QStringList{corpus_->root});

    auto *collection = page.findChild<QComboBox *>(QStringLiteral("ingestCollectionCombo"));
    QVERIFY(collection);
    collection->setCurrentText(QStringLiteral("corpus"));
    // Page images: the standard size is preselected and the cost not known before anything is measured;
    // this job renders its PDF pages at 960 px.
    QSettings().remove(QStringLiteral("pageImageCosts"));
    auto *pageImages = page.findChild<QComboBox *>(QStringLiteral("ingestPageImagesCombo"));
    auto *cost = page.findChild<QLabel *>(QStringLiteral("ingestPageImageCostLabel"));
    QVERIFY(pageImages && cost);
    QCOMPARE(pageImages->currentData().toInt(), 1280);
    pageImages->setCurrentIndex(pageImages->findData(960));
    QVERIFY2(cost->text().contains(QStringLiteral("not measured yet")), qPrintable(cost->text()));
    auto *start = page.findChild<QPushButton *>(QStringLiteral("ingestStartButton"));
    QVERIFY(start && start->isEnabled());
    QTest::mouseClick(start, Qt::LeftButton);

    IngestJobsModel *model = page.jobsModel();
    QCOMPARE(model->rowCount(), 1);
    const QModelIndex state = model->index(0, IngestJobsModel::StateColumn);
    QTRY_COMPARE_WITH_TIMEOUT(state.data(IngestJobsModel::RawValueRole).toInt(),
                              int(IngestJob::State::Finished), 120000);
    QCOMPARE(model->jobAt(0)->collection(), QStringLiteral("corpus"));
    QCOMPARE(model->jobAt(0)->summary().pageImages.longSide, 960);
    QVERIFY(model->jobAt(0)->summary().pageImages.pages >= 2); // report.pdf's two pages
    // Measured now: the cost is shown for 960 px, and estimated from it for the other sizes.
    QTRY_VERIFY2(cost->text().startsWith(QStringLiteral("About ")), qPrintable(cost->text()));
    QVERIFY2(cost->text().contains(QStringLiteral("CPU, ")), qPrintable(cost->text()));
    pageImages->setCurrentIndex(pageImages->findData(1600));
    QVERIFY2(cost->text().contains(QStringLiteral("estimated from 960 px pages")), qPrintable(cost->text()));
    pageImages->setCurrentIndex(pageImages->findData(0));
    QVERIFY2(cost->text().startsWith(QStringLiteral("Only text")), qPrintable(cost->text()));
    QVERIFY(model->index(0, IngestJobsModel::FailedColumn).data(IngestJobsModel::RawValueRole).toLongLong() >=
            1);
    QCOMPARE(model->index(0, IngestJobsModel::ProgressColumn)
                 .data(IngestJobsModel::ProgressFractionRole)
                 .toDouble(),
             1.0);

    // The job is selected after Start; its failures name broken.pdf with a reason.
    auto *failures = page.findChild<QListWidget *>(QStringLiteral("ingestFailuresView"));
    QVERIFY(failures);
    QTRY_VERIFY(failures->count() >= 1);
    bool brokenListed = false;
    for (int i = 0; i < failures->count(); ++i) {
        const QString text = failures->item(i)->text();
        if (text.contains(QStringLiteral("broken.pdf")) &&
            text.size() > text.indexOf(QStringLiteral("broken.pdf")) + 12)
            brokenListed = true;
    }
    QVERIFY2(brokenListed, qPrintable(failures->item(0)->text()));

    // What an indexed file left out is listed too: a PDF cut at the page limit says so.
    {
        const QString longPdf = dir_.path() + QStringLiteral("/long/three-pages.pdf");
        QDir().mkpath(dir_.path() + QStringLiteral("/long"));
        testing::writePdf(longPdf, {QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")});
        ingest::IngestOptions options;
        options.extract.maxPdfPages = 2;
        IngestJob *cut = session_->ingest({longPdf}, options);
        QTRY_COMPARE_WITH_TIMEOUT(cut->state(), IngestJob::State::Finished, 60000);
        page.findChild<QTableView *>(QStringLiteral("ingestJobsView"))
            ->setCurrentIndex(model->index(model->rowCount() - 1, 0));
        QTRY_VERIFY(failures->count() >= 1);
        QVERIFY2(failures->item(0)->text().contains(QStringLiteral("truncated at 2 pages")),
                 qPrintable(failures->item(0)->text()));
    }

    // A finished job cannot be cancelled or resumed.
    QVERIFY(!page.findChild<QPushButton *>(QStringLiteral("ingestCancelButton"))->isEnabled());
    QVERIFY(!page.findChild<QPushButton *>(QStringLiteral("ingestResumeButton"))->isEnabled());
}

void IngestSearchTest::pauseIsCancelThenResume()
{
    // Enough files that the job is still running when the GUI thread sees its first file.
    const QString folder = dir_.path() + QStringLiteral("/many");
    for (int i = 0; i < 60; ++i)
        testing::writeFile(
            folder + QStringLiteral("/note-%1.txt").arg(i),
            QStringLiteral("Note %1 about the pause and resume of ingestion jobs.").arg(i).toUtf8());
    ui::IngestPage page(session_.get());
    page.show();
    page.addPaths({folder});
    auto *cancel = page.findChild<QPushButton *>(QStringLiteral("ingestCancelButton"));
    auto *resume = page.findChild<QPushButton *>(QStringLiteral("ingestResumeButton"));
    QVERIFY(cancel && resume);
    QVERIFY(!cancel->isEnabled());
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("ingestStartButton")), Qt::LeftButton);
    IngestJobsModel *model = page.jobsModel();
    IngestJob *job = model->jobAt(model->rowCount() - 1);
    QVERIFY(job && job->paths() == QStringList{folder});
    connect(job, &IngestJob::progressed, &page, [cancel](const Progress &p) {
        if (p.stage == "ingesting" && cancel->isEnabled())
            QTest::mouseClick(cancel, Qt::LeftButton);
    });
    QTRY_COMPARE_WITH_TIMEOUT(job->state(), IngestJob::State::Cancelled, 60000);
    QVERIFY(IngestJobsModel::libraryJobId(job) != 0);
    QVERIFY(job->summary().indexed < 60);
    QVERIFY(resume->isEnabled());

    QTest::mouseClick(resume, Qt::LeftButton);
    IngestJob *resumed = model->jobAt(model->rowCount() - 1);
    QVERIFY(resumed != job);
    QCOMPARE(resumed->resumesJob(), IngestJobsModel::libraryJobId(job));
    QTRY_COMPARE_WITH_TIMEOUT(resumed->state(), IngestJob::State::Finished, 60000);
    QCOMPARE(job->summary().indexed + resumed->summary().indexed, 60);
}

void IngestSearchTest::viewsFollowARunningJob()
{
    // A broken file first (the scanner sorts), then enough notes that the job runs for a while.
    const QString folder = dir_.path() + QStringLiteral("/live");
    testing::writeFile(folder + QStringLiteral("/000-broken.pdf"), "%PDF-1.7 this is not a PDF");
    for (int i = 0; i < 120; ++i)
        testing::writeFile(
            folder + QStringLiteral("/note-%1.txt").arg(i, 3, 10, QLatin1Char('0')),
            QStringLiteral("Live note %1 about views that follow the library.").arg(i).toUtf8());
    session_->setLiveRefreshInterval(std::chrono::milliseconds(20));
    ui::IngestPage page(session_.get());
    page.show();
    page.addPaths({folder});
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("ingestStartButton")), Qt::LeftButton);
    IngestJob *job = page.jobsModel()->jobAt(page.jobsModel()->rowCount() - 1);
    QVERIFY(job);

    // libraryChanged (which every tab refreshes on) comes while the job still runs, not only at its end.
    int changesWhileRunning = 0;
    connect(session_.get(), &session::LibrarySession::libraryChanged, &page,
            [&] { changesWhileRunning += job->state() == IngestJob::State::Running ? 1 : 0; });
    // The problems list names the broken file while the job still runs.
    auto *failures = page.findChild<QListWidget *>(QStringLiteral("ingestFailuresView"));
    QVERIFY(failures);
    bool brokenShownWhileRunning = false;
    connect(failures->model(), &QAbstractItemModel::rowsInserted, &page, [&] {
        for (int i = 0; i < failures->count(); ++i)
            if (failures->item(i)->text().contains(QStringLiteral("000-broken.pdf")) &&
                job->state() == IngestJob::State::Running)
                brokenShownWhileRunning = true;
    });
    QTRY_COMPARE_WITH_TIMEOUT(job->state(), IngestJob::State::Finished, 120000);
    session_->setLiveRefreshInterval(session::LibrarySession::kLiveRefreshInterval);
    QVERIFY(changesWhileRunning >= 1);
    QVERIFY(brokenShownWhileRunning);
    // After the end, the list shows the job's summary: the broken file is still there.
    QTRY_VERIFY(failures->count() >= 1);
    QVERIFY(failures->item(0)->text().contains(QStringLiteral("000-broken.pdf")));
}

void IngestSearchTest::interruptedJobIsOfferedForResume()
{
    // What a killed process leaves behind: a job recorded as running with its files still pending.
    std::vector<std::string> files;
    for (int i = 0; i < 3; ++i) {
        const QString path = dir_.path() + QStringLiteral("/killed/left-%1.txt").arg(i);
        testing::writeFile(path, QStringLiteral("Left over %1 by a killed ingestion.").arg(i).toUtf8());
        files.push_back(path.toStdString());
    }
    auto created = session_->run<int64_t>([files](library::Library &lib) -> Result<int64_t> {
        int64_t id = 0;
        const Status s = lib.write([&](store::LibraryDb &db) -> Status {
            auto job = db.createJob("ingest", "{}", files);
            if (!job)
                return job.error();
            id = *job;
            return db.setJobState(id, store::JobState::Running);
        });
        if (!s)
            return s.error();
        return id;
    });
    QTRY_VERIFY_WITH_TIMEOUT(created.isFinished(), 30000);
    QVERIFY2(created.result().ok(), why(created.result()).c_str());
    const int64_t jobId = created.result().value();

    ui::IngestPage page(session_.get());
    page.show();
    auto *banner = page.findChild<QWidget *>(QStringLiteral("ingestInterruptedBanner"));
    QVERIFY(banner);
    QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 30000);
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("ingestResumeInterruptedButton")),
                      Qt::LeftButton);
    QVERIFY(!banner->isVisible());
    IngestJob *resumed = page.jobsModel()->jobAt(page.jobsModel()->rowCount() - 1);
    QCOMPARE(resumed->resumesJob(), jobId);
    QTRY_COMPARE_WITH_TIMEOUT(resumed->state(), IngestJob::State::Finished, 60000);
    QCOMPARE(resumed->summary().indexed, 3);
}

bool IngestSearchTest::runSearch(ui::SearchPage &page)
{
    QSignalSpy finished(&page, &ui::SearchPage::searchFinished);
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("searchButton")), Qt::LeftButton);
    return QTest::qWaitFor([&] { return finished.count() > 0; }, 60000);
}

void IngestSearchTest::pastedImageFindsItself()
{
    ui::SearchPage page(session_.get());
    page.resize(1024, 640);
    page.show();
    page.findChild<QCheckBox *>(QStringLiteral("searchRerankCheck"))->setChecked(false);

    const QImage red(corpus_->red);
    QVERIFY(!red.isNull());
    QGuiApplication::clipboard()->setImage(red);
    // Pasting an image searches with it at once.
    QSignalSpy pasted(&page, &ui::SearchPage::searchFinished);
    page.pasteImageFromClipboard();
    auto *chip = page.findChild<QWidget *>(QStringLiteral("searchImageChip"));
    QVERIFY(chip && chip->isVisible());
    QCOMPARE(page.queryImage().size(), red.size());
    QTRY_COMPARE_WITH_TIMEOUT(pasted.count(), 1, 60000);
    auto *status = page.findChild<QLabel *>(QStringLiteral("searchStatusLabel"));
    SearchResultsModel *results = page.resultsModel();
    QVERIFY2(results->rowCount() > 0, qPrintable(status->text()));
    const QModelIndex first = results->index(0, 0);
    QVERIFY2(first.data(SearchResultsModel::DocumentPathRole)
                 .toString()
                 .endsWith(QStringLiteral("images/red.png")),
             qPrintable(first.data(SearchResultsModel::DocumentPathRole).toString()));
    QVERIFY(!first.data(SearchResultsModel::ThumbnailRole).value<QPixmap>().isNull());
    QVERIFY(first.data(SearchResultsModel::VectorScoreRole).toDouble() > 0.99);
    QVERIFY(!first.data(SearchResultsModel::RerankScoreRole).isValid());

    // Find Similar with an image hit: its stored vector is the query (nothing embedded again, no image
    // or text put into the query), the status says what the results are similar to, and the item
    // itself is not among them.
    const qlonglong redItem = first.data(SearchResultsModel::ItemIdRole).toLongLong();
    QVERIFY(redItem > 0);
    QSignalSpy similar(&page, &ui::SearchPage::searchFinished);
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("searchFindSimilarButton")),
                      Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(similar.count(), 1, 60000);
    QVERIFY(page.queryImage().isNull());
    QVERIFY(page.findChild<QLineEdit *>(QStringLiteral("searchQueryEdit"))->text().isEmpty());
    QVERIFY2(status->text().contains(QStringLiteral("Similar to “red.png”")), qPrintable(status->text()));
    QVERIFY(results->rowCount() > 0);
    for (int i = 0; i < results->rowCount(); ++i)
        QVERIFY(results->index(i, 0).data(SearchResultsModel::ItemIdRole).toLongLong() != redItem);
    page.setQueryImage(red);
    QVERIFY(chip->isVisible());

    // Removing the chip clears the query image; an empty query asks for one instead of searching.
    QTest::mouseClick(page.findChild<QWidget *>(QStringLiteral("searchImageChipRemove")), Qt::LeftButton);
    QVERIFY(page.queryImage().isNull());
    QVERIFY(!chip->isVisible());

    // An image file dropped on the query field becomes the query image too.
    auto *query = page.findChild<QLineEdit *>(QStringLiteral("searchQueryEdit"));
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(corpus_->blue)});
    QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(query, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(query, &drop);
    QCOMPARE(page.queryImage().size(), QImage(corpus_->blue).size());
    QVERIFY(chip->isVisible());
}

void IngestSearchTest::newerSearchSupersedesOlder()
{
    ui::SearchPage page(session_.get());
    page.findChild<QCheckBox *>(QStringLiteral("searchRerankCheck"))->setChecked(false);
    auto *query = page.findChild<QLineEdit *>(QStringLiteral("searchQueryEdit"));
    QSignalSpy finished(&page, &ui::SearchPage::searchFinished);
    query->setText(QStringLiteral("revenue"));
    QTest::keyClick(query, Qt::Key_Return); // Enter searches too
    query->setText(QStringLiteral("zebrafinch"));
    QTest::keyClick(query, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    // The first answer shown is the newer search's: the older one, whenever it comes, is dropped.
    QCOMPARE(page.resultsModel()->queryText(), QStringLiteral("zebrafinch"));
    QVERIFY(page.resultsModel()->rowCount() > 0);
    // BM25 finds the one document with the word (the tiny model's vectors are arbitrary, so not first).
    int gammaRow = -1;
    for (int i = 0; i < page.resultsModel()->rowCount(); ++i)
        if (page.resultsModel()
                ->index(i, 0)
                .data(SearchResultsModel::DocumentPathRole)
                .toString()
                .endsWith(QStringLiteral("gamma.txt")))
            gammaRow = i;
    QVERIFY(gammaRow >= 0);
    page.findChild<QListView *>(QStringLiteral("searchResultsView"))
        ->setCurrentIndex(page.resultsModel()->index(gammaRow, 0));

    // Find Similar with a text hit: its stored vector is the query; the chunk is not pasted into the
    // query field, and the status names the document.
    const qlonglong gammaItem =
        page.resultsModel()->index(gammaRow, 0).data(SearchResultsModel::ItemIdRole).toLongLong();
    QSignalSpy again(&page, &ui::SearchPage::searchFinished);
    QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("searchFindSimilarButton")),
                      Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(again.count(), 1, 60000);
    QVERIFY(query->text().isEmpty());
    QVERIFY(page.queryImage().isNull());
    auto *status = page.findChild<QLabel *>(QStringLiteral("searchStatusLabel"));
    QVERIFY2(status->text().contains(QStringLiteral("Similar to “gamma.txt”")), qPrintable(status->text()));
    for (int i = 0; i < page.resultsModel()->rowCount(); ++i)
        QVERIFY(page.resultsModel()->index(i, 0).data(SearchResultsModel::ItemIdRole).toLongLong() !=
                gammaItem);

    // Find Near-Duplicates (the context menu): Find Similar cut at the similarity set in Settings.
    for (const int percent : {50, 100}) {
        {
            QSettings store;
            auto saved = settings::load(store);
            saved.nearDuplicatePercent = percent;
            settings::save(saved, store);
        }
        auto *view = page.findChild<QListView *>(QStringLiteral("searchResultsView"));
        QVERIFY(page.resultsModel()->rowCount() > 0);
        emit view->customContextMenuRequested(view->visualRect(page.resultsModel()->index(0, 0)).center());
        QMenu *menu = nullptr;
        QTRY_VERIFY((menu = page.findChild<QMenu *>()) != nullptr);
        QAction *nearDuplicates = menu->findChild<QAction *>(QStringLiteral("searchNearDuplicatesAction"));
        QVERIFY(nearDuplicates);
        QSignalSpy done(&page, &ui::SearchPage::searchFinished);
        nearDuplicates->trigger();
        const QPointer<QMenu> closing(menu);
        menu->close(); // deletes itself (WA_DeleteOnClose): the next round finds a new one
        QTRY_VERIFY(closing.isNull());
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 60000);
        QVERIFY2(
            status->text().contains(
                QStringLiteral("near-duplicates: similarity at least %1").arg(percent / 100.0, 0, 'f', 2)),
            qPrintable(status->text()));
        for (int i = 0; i < page.resultsModel()->rowCount(); ++i)
            QVERIFY(page.resultsModel()->index(i, 0).data(SearchResultsModel::VectorScoreRole).toDouble() >=
                    percent / 100.0);
        if (percent == 50)
            QVERIFY(page.resultsModel()->rowCount() > 0); // for the next round's menu
    }
}

// What the Search tab shows around the hits: what to do before the first search (with the library's
// size), a Rerank box that is unticked and disabled while no reranker is set up, the previous hits
// dimmed while a newer search runs, keyword-only hits said as such, whole-word highlights, and a tab
// order that reaches the paste button.
void IngestSearchTest::searchPageStates()
{
    session_->disableReranker();
    ui::SearchPage page(session_.get());
    page.resize(1024, 640);
    page.show();
    auto *empty = page.findChild<QLabel *>(QStringLiteral("searchEmptyState"));
    QVERIFY(empty);
    // (dropFilesAndIngest ran before: the library holds the corpus.)
    QTRY_VERIFY(empty->isVisible() && empty->text().contains(QStringLiteral("searchable item")));
    QVERIFY(empty->text().contains(QStringLiteral("paste")));

    auto *rerank = page.findChild<QCheckBox *>(QStringLiteral("searchRerankCheck"));
    QVERIFY(!rerank->isEnabled());
    QVERIFY(!rerank->isChecked());
    QVERIFY(rerank->toolTip().contains(QStringLiteral("Settings")));

    // Words are highlighted whole, as the keyword index matches them.
    QCOMPARE(ui::highlightWords(QStringLiteral("It has been its best"),
                                {QStringLiteral("be"), QStringLiteral("it")}),
             QStringLiteral("<b>It</b> has been its best"));
    auto *query = page.findChild<QLineEdit *>(QStringLiteral("searchQueryEdit"));
    query->setText(QStringLiteral("lighthouse"));
    QVERIFY(runSearch(page));
    SearchResultsModel *results = page.resultsModel();
    QVERIFY(results->rowCount() > 0);
    QVERIFY(!empty->isVisible());
    // The hit whose text has the word is a keyword match too, with its rank among them.
    bool keywordHit = false;
    for (int i = 0; i < results->rowCount(); ++i) {
        const QModelIndex hit = results->index(i, 0);
        if (hit.data(SearchResultsModel::SnippetRole)
                .toString()
                .contains(QStringLiteral("lighthouse"), Qt::CaseInsensitive)) {
            QVERIFY(hit.data(SearchResultsModel::KeywordRankRole).toInt() >= 1);
            keywordHit = true;
        }
    }
    QVERIFY(keywordHit);

    // A newer search marks the hits on screen as the previous query's until its answer comes.
    QSignalSpy finished(&page, &ui::SearchPage::searchFinished);
    query->setText(QStringLiteral("harbour"));
    page.search();
    QVERIFY(results->index(0, 0).data(SearchResultsModel::StaleRole).toBool());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QVERIFY(results->rowCount() == 0 || !results->index(0, 0).data(SearchResultsModel::StaleRole).toBool());

    // Tab from the query field reaches the paste button next.
    auto *paste = page.findChild<QPushButton *>(QStringLiteral("searchPasteImageButton"));
    QCOMPARE(query->nextInFocusChain(), static_cast<QWidget *>(paste));
}

// "Group by document": one card per document, the report's other pages listed under its card by the
// Right key and hidden by Left, and the flat list back when unticked.
void IngestSearchTest::groupedByDocument()
{
    session_->disableReranker();
    ui::SearchPage page(session_.get());
    page.resize(1024, 640);
    page.show();
    page.setSearchLimits(20, 20);
    page.findChild<QLineEdit *>(QStringLiteral("searchQueryEdit"))->setText(QStringLiteral("lighthouse"));
    QVERIFY(runSearch(page));
    SearchResultsModel *results = page.resultsModel();
    const int hits = results->rowCount();
    QMap<QString, int> hitsOf;
    for (int r = 0; r < hits; ++r)
        ++hitsOf[results->index(r, 0).data(SearchResultsModel::DocumentPathRole).toString()];
    QVERIFY2(hitsOf.value(corpus_->pdf) >= 2, "the two-page report has several hits (pages, page images)");

    auto *group = page.findChild<QCheckBox *>(QStringLiteral("searchGroupCheck"));
    QVERIFY(group);
    group->setChecked(true);
    QCOMPARE(results->rowCount(), int(hitsOf.size()));
    int report = -1;
    for (int r = 0; r < results->rowCount(); ++r) {
        const QModelIndex card = results->index(r, 0);
        const QString path = card.data(SearchResultsModel::DocumentPathRole).toString();
        QCOMPARE(card.data(SearchResultsModel::GroupMoreRole).toInt(), hitsOf.value(path) - 1);
        if (path == corpus_->pdf)
            report = r;
    }
    QVERIFY(report >= 0);

    auto *view = page.findChild<QListView *>(QStringLiteral("searchResultsView"));
    view->setFocus();
    view->setCurrentIndex(results->index(report, 0));
    QTest::keyClick(view, Qt::Key_Right);
    QCOMPARE(results->rowCount(), int(hitsOf.size()) + hitsOf.value(corpus_->pdf) - 1);
    for (int k = 1; k < hitsOf.value(corpus_->pdf); ++k) {
        const QModelIndex member = results->index(report + k, 0);
        QVERIFY(member.data(SearchResultsModel::GroupMemberRole).toBool());
        QCOMPARE(member.data(SearchResultsModel::DocumentPathRole).toString(), corpus_->pdf);
    }
    QTest::keyClick(view, Qt::Key_Left);
    QCOMPARE(results->rowCount(), int(hitsOf.size()));
    QCOMPARE(view->currentIndex().row(), report);

    group->setChecked(false);
    QCOMPARE(results->rowCount(), hits);
}

// A mistake in the query language is shown under the query while it is typed and stops the search; a
// filter that names nothing (an unknown collection) is said there too, not answered with no hits.
void IngestSearchTest::querySyntaxErrorsShowBesideTheQuery()
{
    session_->disableReranker();
    ui::SearchPage page(session_.get());
    page.show();
    auto *query = page.findChild<QLineEdit *>(QStringLiteral("searchQueryEdit"));
    auto *error = page.findChild<QLabel *>(QStringLiteral("searchQueryError"));
    auto *status = page.findChild<QLabel *>(QStringLiteral("searchStatusLabel"));
    QVERIFY(query && error && status);
    QVERIFY(page.findChild<QToolButton *>(QStringLiteral("searchHelpButton"))
                ->toolTip()
                .contains(QStringLiteral("in:collection")));
    QVERIFY(!error->isVisible());

    query->setText(QStringLiteral("lighthouse \"annual rep"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("character 12")) &&
                 error->text().contains(QStringLiteral("not closed")),
             qPrintable(error->text()));
    QSignalSpy finished(&page, &ui::SearchPage::searchFinished);
    page.search();
    QCOMPARE(finished.count(), 0); // not searched
    QVERIFY(status->text().contains(QStringLiteral("Correct the query")));

    query->setText(QStringLiteral("lighthouse \"annual report\" type:pdf"));
    QVERIFY(!error->isVisible());
    QVERIFY(runSearch(page));
    SearchResultsModel *results = page.resultsModel();
    QVERIFY(results->rowCount() > 0);
    for (int i = 0; i < results->rowCount(); ++i)
        QVERIFY(results->index(i, 0)
                    .data(SearchResultsModel::SnippetRole)
                    .toString()
                    .contains(QStringLiteral("annual report"), Qt::CaseInsensitive));

    query->setText(QStringLiteral("lighthouse in:nowhere"));
    QVERIFY(!error->isVisible()); // valid syntax; the library says the collection does not exist
    QVERIFY(runSearch(page));
    QTRY_VERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("no collection named 'nowhere'")),
             qPrintable(error->text()));
    QCOMPARE(results->rowCount(), 0);
}

// "Open" on a PDF page hit starts the default PDF viewer of the user's mimeapps.list at that page.
void IngestSearchTest::openStartsTheViewerAtThePage()
{
    ui::SearchPage page(session_.get());
    QList<desktop::ViewerCommand> started;
    page.setViewerLauncher([&](const desktop::ViewerCommand &command) {
        started << command;
        return true;
    });
    page.findChild<QComboBox *>(QStringLiteral("searchTypeCombo"))->setCurrentIndex(3); // PDF pages
    page.findChild<QLineEdit *>(QStringLiteral("searchQueryEdit"))
        ->setText(QStringLiteral("budget appendix"));
    QVERIFY(runSearch(page));
    SearchResultsModel *results = page.resultsModel();
    QVERIFY(results->rowCount() > 0);
    const QModelIndex hit = results->index(0, 0);
    const int pageNumber = hit.data(SearchResultsModel::PageRole).toInt();
    QVERIFY(pageNumber >= 1);
    {
        const testing::DefaultPdfViewer okular("org.kde.okular.desktop");
        QTest::mouseClick(page.findChild<QPushButton *>(QStringLiteral("searchOpenButton")), Qt::LeftButton);
    }
    QCOMPARE(started.size(), 1);
    QCOMPARE(started.front().program, QStringLiteral("okular"));
    QCOMPARE(started.front().arguments,
             QStringList({QStringLiteral("--page"), QString::number(pageNumber),
                          hit.data(SearchResultsModel::DocumentPathRole).toString()}));
}

void IngestSearchTest::rerankerToggleChangesScores()
{
    session_->loadReranker(QStringLiteral(CORTEX_TINY_A_DIR), testing::tinyOptions());
    QTRY_VERIFY_WITH_TIMEOUT(session_->rerankerStatus().state != search::RerankerState::Loading, 60000);
    QVERIFY2(session_->rerankerStatus().state == search::RerankerState::Ready,
             session_->rerankerStatus().message.c_str());

    ui::SearchPage page(session_.get());
    page.resize(1024, 640);
    page.show();
    page.setSearchLimits(10, 4);
    page.findChild<QLineEdit *>(QStringLiteral("searchQueryEdit"))
        ->setText(QStringLiteral("lighthouse budget"));
    auto *rerank = page.findChild<QCheckBox *>(QStringLiteral("searchRerankCheck"));
    SearchResultsModel *results = page.resultsModel();
    auto *status = page.findChild<QLabel *>(QStringLiteral("searchStatusLabel"));

    rerank->setChecked(true);
    QVERIFY(runSearch(page));
    QVERIFY2(results->rowCount() > 0, qPrintable(status->text()));
    QVERIFY(results->rowCount() <= 4);
    for (int i = 0; i < results->rowCount(); ++i)
        QVERIFY2(results->index(i, 0).data(SearchResultsModel::RerankScoreRole).isValid(),
                 qPrintable(status->text()));
    QVERIFY(status->text().contains(QStringLiteral("reranking")));

    rerank->setChecked(false);
    QVERIFY(runSearch(page));
    QVERIFY(results->rowCount() > 0);
    for (int i = 0; i < results->rowCount(); ++i)
        QVERIFY(!results->index(i, 0).data(SearchResultsModel::RerankScoreRole).isValid());

    // The snippet of a text hit has the query's words in bold.
    bool highlighted = false;
    for (int i = 0; i < results->rowCount(); ++i)
        highlighted |= results->index(i, 0)
                           .data(SearchResultsModel::SnippetHtmlRole)
                           .toString()
                           .contains(QStringLiteral("<b>lighthouse</b>"), Qt::CaseInsensitive);
    QVERIFY(highlighted);
}

void IngestSearchTest::modelsPassTheTester()
{
    IngestJobsModel jobs(session_.get());
    QVERIFY(jobs.rowCount() >= 1);
    QAbstractItemModelTester jobsTester(&jobs, QAbstractItemModelTester::FailureReportingMode::QtTest);

    ui::SearchPage page(session_.get());
    page.findChild<QLineEdit *>(QStringLiteral("searchQueryEdit"))->setText(QStringLiteral("revenue"));
    QAbstractItemModelTester resultsTester(page.resultsModel(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(runSearch(page));
    QVERIFY(page.resultsModel()->rowCount() > 0);

    // A job added while the tester watches (it fails at once: nothing to ingest is still a valid row).
    session_->ingest({dir_.path() + QStringLiteral("/does-not-exist")}, {});
    QCOMPARE(jobs.rowCount(), int(session_->jobs().size()));
    QTRY_VERIFY_WITH_TIMEOUT(jobs.jobAt(jobs.rowCount() - 1)->state() != IngestJob::State::Queued &&
                                 jobs.jobAt(jobs.rowCount() - 1)->state() != IngestJob::State::Running,
                             60000);
}

void IngestSearchTest::cleanupTestCase()
{
    session_.reset();
}

QTEST_MAIN(IngestSearchTest)
#include "ingest_search_test.moc"
