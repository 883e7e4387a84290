// Video segments as search results in the Search tab (issue 16, item 4), against a library ingested by
// the window's session: a clip encoded at test time (10 s at 10 fps, each frame showing its number:
// tests/video/clip_writer.h) cut into 4-second segments, beside a PDF, embedded by the pixel-hash
// encoder (support/pixel_hash_encoder.h: deterministic, no model). Checked by objectName:
//   - a video hit's card: its time range, the "Video (preview)" label, its frame strip where a snippet
//     would be (a PDF hit beside it still shows its page); type:video lists only video segments;
//   - the clip's subtitle words find their segment and show under its strip;
//   - its preview steps through the segment's frames, one a second, and never leaves the segment;
//   - Open starts the player at the segment's start when the player takes a start time (mpv, VLC,
//     Celluloid), else opens the file and says where the segment starts. Programs go through the
//     page's DesktopLauncher (application/open_document.h): no program is started.

#include "application/open_document.h"
#include "ingest/extract/image_conversion.h"
#include "session/library_session.h"
#include "support/pdf_writer.h"
#include "support/pixel_hash_encoder.h"
#include "ui/search/preview_pane.h"
#include "ui/search/result_card_delegate.h"
#include "ui/search/search_page.h"
#include "ui/search/search_results_model.h"
#include "ui/search_page_driver.h"
#include "ui/session_fixture.h"
#include "video/clip_writer.h"

#include <QApplication>
#include <QCheckBox>
#include <QFileInfo>
#include <QHash>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace cortex;
using cortex::ui::PreviewPane;
using cortex::ui::ResultCardDelegate;
using cortex::ui::SearchResultsModel;

namespace {

constexpr int kFps = 10;
constexpr int kFrames = 100; // 10 s: with a 4-second window, segments [0, 4], [4, 8] and [8, 10]
constexpr double kSegmentSeconds = 4;

// The number a frame of the clip shows (-1 when unreadable or no image).
int frameNumber(const QImage &image)
{
    if (image.isNull())
        return -1;
    return test::readFrameNumber(ingest::toModelImage(image.convertToFormat(QImage::Format_RGB888)));
}

} // namespace

class TestSearchVideoResults : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void videoCardShowsTimeRangeLabelAndStrip();
    void typeVideoListsOnlySegments();
    void subtitleWordsShowUnderTheStrip();
    void previewStepsThroughTheSegmentsFrames();
    void previewShowsTheSubtitleLineOfTheFrame();
    void openStartsThePlayerAtTheSegment_data();
    void openStartsThePlayerAtTheSegment();
    void cleanupTestCase();

private:
    // A search for `text` in `page` (reranking off, everything listed); false when no hit came.
    bool search(ui::SearchPage &page, const QString &text);
    // The row of the video segment starting at `startSeconds`, or of the PDF hit on `pdfPage`; -1.
    static int segmentRow(ui::SearchPage &page, double startSeconds);
    static int pdfRow(ui::SearchPage &page, int pdfPage);
    // A Search tab on the session, shown.
    std::unique_ptr<ui::SearchPage> shownPage();

    QTemporaryDir dir_;
    QString clip_, pdf_;
    std::unique_ptr<session::LibrarySession> session_;
};

void TestSearchVideoResults::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().remove(QStringLiteral("search"));
    QVERIFY(dir_.isValid());
    QVERIFY(QDir().mkpath(dir_.filePath(QStringLiteral("docs"))));
    test::ClipSpec spec; // FFV1 in Matroska: lossless, so every frame's number reads back
    spec.timeBaseDen = kFps;
    spec.frameRate = kFps;
    spec.pts = test::consecutivePts(kFrames);
    test::SubtitleTrack subtitles; // words in the first segment only (SubRip, times in milliseconds)
    subtitles.packets = {{1000, 2000, "Harbour lights at dusk"}};
    spec.subtitleTracks = {subtitles};
    if (!test::canWrite(spec))
        QSKIP("this FFmpeg has no ffv1 encoder or matroska muxer");
    clip_ = dir_.filePath(QStringLiteral("docs/harbour film.mkv"));
    const std::string problem = test::writeClip(clip_.toStdString(), spec);
    QVERIFY2(problem.empty(), problem.c_str());
    pdf_ = dir_.filePath(QStringLiteral("docs/report.pdf"));
    testing::writePdfLines(pdf_, {{{{40, 60}, QStringLiteral("Annual report.")}},
                                  {{{40, 60}, QStringLiteral("The harbour office opened a new pier.")}}});

    session_ = std::make_unique<session::LibrarySession>();
    auto opened = session_->openLibrary(dir_.filePath(QStringLiteral("library")));
    QVERIFY(QTest::qWaitFor([&] { return opened.isFinished(); }, 30000));
    QVERIFY2(opened.result().ok(), opened.result() ? "" : opened.result().error().message.c_str());
    auto loaded =
        session_->loadEmbeddingModelWith([](library::Library *) -> Result<session::ModelHost::Made> {
            session::ModelHost::Made made;
            made.encoder = std::make_unique<testing::PixelHashEncoder>();
            made.tokenizer = testing::loadTinyTokenizer();
            return made;
        });
    QVERIFY(QTest::qWaitFor([&] { return loaded.isFinished(); }, 30000));
    QVERIFY2(loaded.result().ok(), loaded.result() ? "" : loaded.result().error().message.c_str());

    ingest::IngestOptions options;
    options.videoSegmentSeconds = kSegmentSeconds;
    options.extract.pdfRenderLongSide = 256;
    session::IngestJob *job = session_->ingest({dir_.filePath(QStringLiteral("docs"))}, options);
    QTRY_VERIFY_WITH_TIMEOUT(job->state() == session::IngestJob::State::Finished ||
                                 job->state() == session::IngestJob::State::Failed,
                             120000);
    QCOMPARE(job->state(), session::IngestJob::State::Finished);
    QCOMPARE(job->summary().indexed, 2);
}

void TestSearchVideoResults::cleanupTestCase()
{
    session_.reset();
}

std::unique_ptr<ui::SearchPage> TestSearchVideoResults::shownPage()
{
    auto page = std::make_unique<ui::SearchPage>(session_.get());
    page->resize(1200, 700);
    page->show();
    return page;
}

bool TestSearchVideoResults::search(ui::SearchPage &page, const QString &text)
{
    return testing::searchAndWait(page, text, 50, 50);
}

int TestSearchVideoResults::segmentRow(ui::SearchPage &page, double startSeconds)
{
    SearchResultsModel *results = page.resultsModel();
    for (int i = 0; i < results->rowCount(); ++i) {
        const QModelIndex hit = results->index(i, 0);
        if (ItemKind(hit.data(SearchResultsModel::KindRole).toInt()) == ItemKind::VideoSegment &&
            hit.data(SearchResultsModel::StartSecondsRole).toDouble() == startSeconds)
            return i;
    }
    return -1;
}

int TestSearchVideoResults::pdfRow(ui::SearchPage &page, int pdfPage)
{
    SearchResultsModel *results = page.resultsModel();
    for (int i = 0; i < results->rowCount(); ++i) {
        const QModelIndex hit = results->index(i, 0);
        if (hit.data(SearchResultsModel::DocumentTypeRole).toString() == u"pdf" &&
            hit.data(SearchResultsModel::PageRole).toInt() == pdfPage)
            return i;
    }
    return -1;
}

void TestSearchVideoResults::videoCardShowsTimeRangeLabelAndStrip()
{
    auto page = shownPage();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));
    QVERIFY(search(*page, QStringLiteral("harbour")));
    auto *view = page->findChild<QListView *>(QStringLiteral("searchResultsView"));
    QVERIFY(view);
    auto *delegate = qobject_cast<ResultCardDelegate *>(view->itemDelegate());
    QVERIFY(delegate);

    // Every segment is listed, each with its own time range and start.
    const QStringList ranges{QStringLiteral("0:00 – 0:04"), QStringLiteral("0:04 – 0:08"),
                             QStringLiteral("0:08 – 0:10")};
    for (int k = 0; k < 3; ++k) {
        const int row = segmentRow(*page, k * kSegmentSeconds);
        QVERIFY2(row >= 0, qPrintable(QStringLiteral("no segment at %1 s").arg(k * kSegmentSeconds)));
        QCOMPARE(page->resultsModel()->index(row, 0).data(SearchResultsModel::TimeRangeRole).toString(),
                 ranges[k]);
    }

    // The card of the segment [4, 8): its name and time range on the title line, no page, the preview
    // label first under it, the middle frame as thumbnail and the strip of frames in the snippet's place.
    const QModelIndex video = page->resultsModel()->index(segmentRow(*page, 4), 0);
    QCOMPARE(video.data(SearchResultsModel::DocumentPathRole).toString(), clip_);
    QCOMPARE(video.data(SearchResultsModel::DocumentTypeRole).toString(), QStringLiteral("video"));
    QCOMPARE(video.data(SearchResultsModel::PageRole).toInt(), 0);
    QCOMPARE(ResultCardDelegate::titleText(video), QStringLiteral("harbour film.mkv — 0:04 – 0:08"));
    QVERIFY2(ResultCardDelegate::labelsText(video).startsWith(QStringLiteral("Video (preview) · ")),
             qPrintable(ResultCardDelegate::labelsText(video)));
    const QPixmap thumbnail = video.data(SearchResultsModel::ThumbnailRole).value<QPixmap>();
    QCOMPARE(thumbnail.size(), QSize(64, 48));
    const QPixmap strip = video.data(SearchResultsModel::FrameStripRole).value<QPixmap>();
    QCOMPARE(strip.height(), 48);
    QVERIFY2(strip.width() >= 2 * 64 && strip.width() % 64 == 0, qPrintable(QString::number(strip.width())));

    view->scrollTo(video);
    QStyleOptionViewItem option;
    option.initFrom(view);
    option.rect = view->visualRect(video);
    const QRect stripRect = ResultCardDelegate::frameStripRect(option, video);
    QVERIFY(!stripRect.isEmpty());
    QVERIFY(option.rect.contains(stripRect));
    QVERIFY(stripRect.height() >= 20); // readable: not squeezed to a line
    // Scaled whole, its shape kept (within a pixel of rounding).
    QVERIFY2(std::abs(stripRect.width() * strip.height() - stripRect.height() * strip.width()) <=
                 strip.width() + strip.height(),
             qPrintable(QStringLiteral("%1x%2").arg(stripRect.width()).arg(stripRect.height())));
    // Painted there: the frames' number blocks are black squares, where a snippet would be light text.
    const QImage painted = view->viewport()->grab().toImage();
    int dark = 0;
    for (int y = stripRect.top(); y <= stripRect.bottom(); ++y)
        for (int x = stripRect.left(); x <= stripRect.right(); ++x)
            dark += qGray(painted.pixel(x, y)) < 40;
    QVERIFY2(
        dark > stripRect.width() * stripRect.height() / 2,
        qPrintable(
            QStringLiteral("%1 dark pixels of %2").arg(dark).arg(stripRect.width() * stripRect.height())));

    // A PDF hit beside it still shows its page, and no video's label or strip.
    const int pdf = pdfRow(*page, 2);
    QVERIFY(pdf >= 0);
    const QModelIndex page2 = page->resultsModel()->index(pdf, 0);
    QCOMPARE(ResultCardDelegate::titleText(page2), QStringLiteral("report.pdf — page 2"));
    QVERIFY(!ResultCardDelegate::labelsText(page2).contains(QStringLiteral("Video")));
    QVERIFY(page2.data(SearchResultsModel::TimeRangeRole).toString().isEmpty());
    QVERIFY(!page2.data(SearchResultsModel::StartSecondsRole).isValid());
    option.rect = view->visualRect(page2);
    QVERIFY(ResultCardDelegate::frameStripRect(option, page2).isEmpty());
}

void TestSearchVideoResults::typeVideoListsOnlySegments()
{
    auto page = shownPage();
    QVERIFY(search(*page, QStringLiteral("harbour type:video")));
    SearchResultsModel *results = page->resultsModel();
    QCOMPARE(results->rowCount(), 3);
    for (int i = 0; i < results->rowCount(); ++i) {
        const QModelIndex hit = results->index(i, 0);
        QCOMPARE(hit.data(SearchResultsModel::KindRole).toInt(), int(ItemKind::VideoSegment));
        QCOMPARE(hit.data(SearchResultsModel::DocumentPathRole).toString(), clip_);
    }
    // And the other way round: type:pdf lists no segment.
    QVERIFY(search(*page, QStringLiteral("harbour type:pdf")));
    for (int i = 0; i < results->rowCount(); ++i)
        QCOMPARE(results->index(i, 0).data(SearchResultsModel::DocumentTypeRole).toString(),
                 QStringLiteral("pdf"));
}

// The clip's subtitles are its first segment's words: a search for one of them lists that segment first
// (found by its words), and its card keeps a line under the frame strip for them, highlighted.
void TestSearchVideoResults::subtitleWordsShowUnderTheStrip()
{
    auto page = shownPage();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));
    QVERIFY(search(*page, QStringLiteral("dusk")));
    const QModelIndex first = page->resultsModel()->index(0, 0);
    QCOMPARE(first.data(SearchResultsModel::DocumentPathRole).toString(), clip_);
    QCOMPARE(first.data(SearchResultsModel::StartSecondsRole).toDouble(), 0.0);
    QVERIFY(first.data(SearchResultsModel::KeywordRankRole).isValid());
    const QString html = first.data(SearchResultsModel::SnippetHtmlRole).toString();
    QVERIFY2(html.contains(QStringLiteral("Harbour lights at")) && html.contains(QStringLiteral("dusk")),
             qPrintable(html));
    // The segment [4, 8) has no words: its strip takes the whole snippet area, the first one's a line less.
    const int silent = segmentRow(*page, 4);
    QVERIFY(silent >= 0);
    auto *view = page->findChild<QListView *>(QStringLiteral("searchResultsView"));
    QStyleOptionViewItem option;
    option.initFrom(view);
    view->scrollTo(first);
    option.rect = view->visualRect(first);
    const QRect card = option.rect;
    const QRect stripRect = ResultCardDelegate::frameStripRect(option, first);
    option.rect = view->visualRect(page->resultsModel()->index(silent, 0));
    const QRect silentStrip =
        ResultCardDelegate::frameStripRect(option, page->resultsModel()->index(silent, 0));
    QVERIFY(!stripRect.isEmpty() && !silentStrip.isEmpty());
    QVERIFY2(stripRect.height() < silentStrip.height(),
             qPrintable(QStringLiteral("%1 vs %2").arg(stripRect.height()).arg(silentStrip.height())));
    QVERIFY(stripRect.height() >= 16);
    // Text is painted in the line under the strip: glyph pixels unlike the card's background there (the
    // commonest colour of the line, whether the card is selected or not).
    const QImage painted = view->viewport()->grab().toImage();
    const int lineHeight = QFontMetrics(view->font()).lineSpacing();
    const QRect line(stripRect.left(), stripRect.bottom() + 1, card.right() - stripRect.left(),
                     std::min(lineHeight, card.bottom() - stripRect.bottom()));
    QHash<QRgb, int> colours;
    for (int y = line.top(); y <= line.bottom(); ++y)
        for (int x = line.left(); x <= line.right(); ++x)
            ++colours[painted.pixel(x, y)];
    QVERIFY(!colours.isEmpty());
    QRgb background = colours.constBegin().key();
    for (auto it = colours.constBegin(); it != colours.constEnd(); ++it)
        if (it.value() > colours.value(background))
            background = it.key();
    int ink = 0;
    for (int y = line.top(); y <= line.bottom(); ++y)
        for (int x = line.left(); x <= line.right(); ++x)
            ink += std::abs(qGray(painted.pixel(x, y)) - qGray(background)) > 80;
    QVERIFY2(ink > 20, qPrintable(QStringLiteral("%1 glyph pixels under the strip").arg(ink)));
}

void TestSearchVideoResults::previewStepsThroughTheSegmentsFrames()
{
    auto page = shownPage();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));
    auto *pane = page->findChild<PreviewPane *>(QStringLiteral("searchPreviewPane"));
    auto *next = page->findChild<QToolButton *>(QStringLiteral("searchPreviewNext"));
    auto *previous = page->findChild<QToolButton *>(QStringLiteral("searchPreviewPrevious"));
    auto *position = page->findChild<QLabel *>(QStringLiteral("searchPreviewPosition"));
    QVERIFY(pane && next && previous && position);
    QVERIFY(pane->isVisible());
    QVERIFY(search(*page, QStringLiteral("harbour type:video")));
    const int row = segmentRow(*page, 4);
    QVERIFY(row >= 0);
    auto *view = page->findChild<QListView *>(QStringLiteral("searchResultsView"));
    const QModelIndex hit = page->resultsModel()->index(row, 0);
    view->setCurrentIndex(hit);
    QTRY_COMPARE_WITH_TIMEOUT(pane->itemId(), hit.data(SearchResultsModel::ItemIdRole).toLongLong(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(pane->state(), PreviewPane::State::VideoFrame, 30000);

    // The segment's first frame, then one a second up to its last: 4, 5, 6, 7 s (frames 40 to 70).
    QCOMPARE(pane->count(), 4);
    const auto expectFrame = [&](int shown) {
        QCOMPARE(pane->position(), shown);
        QCOMPARE(pane->shownSeconds(), 4.0 + (shown - 1));
        QCOMPARE(frameNumber(pane->shownImage()), (4 + (shown - 1)) * kFps);
        QVERIFY2(position->text().contains(QStringLiteral("Frame %1 of 4").arg(shown)),
                 qPrintable(position->text()));
    };
    expectFrame(1);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(!previous->isEnabled());
    const auto click = [&](QToolButton *button) {
        QSignalSpy shown(pane, &PreviewPane::previewShown);
        QTest::mouseClick(button, Qt::LeftButton);
        return QTest::qWaitFor([&] { return shown.count() > 0; }, 30000) &&
               pane->state() == PreviewPane::State::VideoFrame;
    };
    for (int shown = 2; shown <= 4; ++shown) {
        QVERIFY(next->isEnabled());
        QVERIFY(click(next));
        expectFrame(shown);
        if (QTest::currentTestFailed())
            return;
    }
    // At the segment's last frame: next is off and a press does nothing (frame 80 is the next segment's).
    QVERIFY(!next->isEnabled());
    pane->showNext();
    QCOMPARE(pane->state(), PreviewPane::State::VideoFrame);
    expectFrame(4);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(previous->isEnabled());
    QVERIFY(click(previous));
    expectFrame(3);
}

// Under the frame the pane shows the subtitle line on screen at its time, the query's word marked: the cue
// "Harbour lights at dusk" is shown from 1 s to 2 s, so the first segment's frames at 0 s and 2 s have no
// line and the one at 1 s has it.
void TestSearchVideoResults::previewShowsTheSubtitleLineOfTheFrame()
{
    auto page = shownPage();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));
    auto *pane = page->findChild<PreviewPane *>(QStringLiteral("searchPreviewPane"));
    auto *caption = page->findChild<QLabel *>(QStringLiteral("searchPreviewCaption"));
    QVERIFY(pane && caption);
    QVERIFY(search(*page, QStringLiteral("dusk")));
    const QModelIndex first = page->resultsModel()->index(0, 0);
    QCOMPARE(first.data(SearchResultsModel::StartSecondsRole).toDouble(), 0.0);
    page->findChild<QListView *>(QStringLiteral("searchResultsView"))->setCurrentIndex(first);
    QTRY_COMPARE_WITH_TIMEOUT(pane->itemId(), first.data(SearchResultsModel::ItemIdRole).toLongLong(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(pane->state(), PreviewPane::State::VideoFrame, 30000);
    QCOMPARE(pane->shownSeconds(), 0.0);
    QVERIFY(!caption->isVisible());
    QCOMPARE(pane->captionText(), QString());

    const auto step = [&] {
        QSignalSpy shown(pane, &PreviewPane::previewShown);
        pane->showNext();
        return QTest::qWaitFor([&] { return shown.count() > 0; }, 30000) &&
               pane->state() == PreviewPane::State::VideoFrame;
    };
    QVERIFY(step());
    QCOMPARE(pane->shownSeconds(), 1.0);
    QVERIFY(caption->isVisible());
    QCOMPARE(pane->captionText(), QStringLiteral("Harbour lights at dusk"));
    QCOMPARE(pane->highlightCount(), 1);
    QVERIFY2(caption->text().contains(QStringLiteral(">dusk</span>")), qPrintable(caption->text()));

    QVERIFY(step());
    QCOMPARE(pane->shownSeconds(), 2.0);
    QVERIFY(!caption->isVisible());
    QCOMPARE(pane->captionText(), QString());
}

void TestSearchVideoResults::openStartsThePlayerAtTheSegment_data()
{
    QTest::addColumn<QString>("player"); // what the desktop names for the file's type
    QTest::addColumn<QString>("program");
    QTest::addColumn<QStringList>("options"); // before the file
    QTest::addRow("mpv") << "mpv"
                         << "mpv" << QStringList{QStringLiteral("--start=4")};
    QTest::addRow("mpv desktop id") << "io.mpv.Mpv.desktop"
                                    << "mpv" << QStringList{QStringLiteral("--start=4")};
    QTest::addRow("vlc") << "vlc.desktop"
                         << "vlc" << QStringList{QStringLiteral("--start-time=4")};
    QTest::addRow("celluloid") << "io.github.celluloid_player.Celluloid.desktop"
                               << "celluloid" << QStringList{QStringLiteral("--mpv-start=4")};
    // No start option: the file opens through the desktop, from its beginning.
    QTest::addRow("totem") << "org.gnome.Totem.desktop" << QString() << QStringList();
    QTest::addRow("unknown player") << "smplayer.desktop" << QString() << QStringList();
    QTest::addRow("no player") << QString() << QString() << QStringList();
}

void TestSearchVideoResults::openStartsThePlayerAtTheSegment()
{
    QFETCH(QString, player);
    QFETCH(QString, program);
    QFETCH(QStringList, options);
    auto page = shownPage();
    QList<desktop::ViewerCommand> started;
    QStringList openedPaths;
    QStringList askedFor;
    application::DesktopLauncher launcher;
    launcher.start = [&](const desktop::ViewerCommand &command) {
        started << command;
        return true;
    };
    launcher.openPath = [&](const QString &path) {
        openedPaths << path;
        return true;
    };
    launcher.videoPlayerFor = [&](const QString &file) {
        askedFor << file;
        return player;
    };
    launcher.pdfViewer = [] {
        return QStringLiteral("org.kde.okular.desktop");
    };
    page->setDesktopLauncher(launcher);

    QVERIFY(search(*page, QStringLiteral("harbour")));
    auto *view = page->findChild<QListView *>(QStringLiteral("searchResultsView"));
    auto *open = page->findChild<QPushButton *>(QStringLiteral("searchOpenButton"));
    auto *status = page->findChild<QLabel *>(QStringLiteral("searchStatusLabel"));
    QVERIFY(view && open && status);
    const int row = segmentRow(*page, 4);
    QVERIFY(row >= 0);
    view->setCurrentIndex(page->resultsModel()->index(row, 0));
    QVERIFY(open->isEnabled());
    QTest::mouseClick(open, Qt::LeftButton);

    QCOMPARE(askedFor, QStringList{clip_});
    if (!program.isEmpty()) {
        QCOMPARE(started.size(), 1);
        QCOMPARE(started.front().program, program);
        QCOMPARE(started.front().arguments, options + QStringList{clip_});
        QVERIFY(openedPaths.isEmpty());
        QVERIFY2(status->text().contains(QStringLiteral("at 0:04")), qPrintable(status->text()));
    } else {
        QVERIFY(started.isEmpty());
        QCOMPARE(openedPaths, QStringList{clip_});
        QVERIFY2(status->text().contains(QStringLiteral("from the beginning")) &&
                     status->text().contains(QStringLiteral("0:04")),
                 qPrintable(status->text()));
    }

    // A PDF hit beside it still opens at its page, through the same launcher.
    started.clear();
    openedPaths.clear();
    const int pdf = pdfRow(*page, 2);
    QVERIFY(pdf >= 0);
    view->setCurrentIndex(page->resultsModel()->index(pdf, 0));
    QTest::mouseClick(open, Qt::LeftButton);
    QCOMPARE(started.size(), 1);
    QCOMPARE(started.front().program, QStringLiteral("okular"));
    QCOMPARE(started.front().arguments, (QStringList{QStringLiteral("--page"), QStringLiteral("2"), pdf_}));
    QVERIFY(openedPaths.isEmpty());

    // Show in Folder opens the video's folder through it too.
    view->setCurrentIndex(page->resultsModel()->index(row, 0));
    QTest::mouseClick(page->findChild<QPushButton *>(QStringLiteral("searchRevealButton")), Qt::LeftButton);
    QCOMPARE(openedPaths, QStringList{QFileInfo(clip_).absolutePath()});
    QCOMPARE(started.size(), 1);
}

QTEST_MAIN(TestSearchVideoResults)
#include "test_search_video_results.moc"
