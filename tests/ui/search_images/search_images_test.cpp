// The Search tab's query images against a real library and the tiny test model: a cropped image is
// searched as its crop alone, the text and several images are one query, a chip removes its own image,
// the number and the size of the images are bounded, and the crop dialog's selection (by its API and by
// a mouse drag) is clamped to the image, refused when empty and reset to the whole image.
//
// The references are searches the test makes itself: the same image set directly in the window, or the
// query built by hand and given to the session (search::Query, what the window should have built).

#include <QApplication>
#include <QTest>

#include "application/search_query.h"
#include "library/library_fixture.h"
#include "session/library_session.h"
#include "ui/search/crop_dialog.h"
#include "ui/search/crop_view.h"
#include "ui/search/image_chip.h"
#include "ui/search/query_image_bar.h"
#include "ui/search/search_page.h"
#include "ui/search/search_results_model.h"
#include "ui/session_fixture.h"

#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QPainter>
#include <QPointer>
#include <QPushButton>
#include <QRubberBand>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QToolButton>

#include <cmath>
#include <cstring>
#include <memory>

using namespace cortex;
using cortex::ui::SearchResultsModel;

namespace {

template <typename R> std::string why(const R &answer)
{
    return answer.ok() ? std::string() : answer.error().message;
}

// Enough results that every item of the library is among them, so that two queries are compared on
// all items and not only on the few at the top.
constexpr int kLimit = 200;

// Item id -> similarity to the query (-2 for a hit without a vector).
using Similarities = QMap<qlonglong, double>;

Similarities similarities(const SearchResultsModel &model)
{
    Similarities out;
    for (int i = 0; i < model.rowCount(); ++i) {
        const QModelIndex hit = model.index(i, 0);
        const QVariant score = hit.data(SearchResultsModel::VectorScoreRole);
        out.insert(hit.data(SearchResultsModel::ItemIdRole).toLongLong(),
                   score.isValid() ? score.toDouble() : -2);
    }
    return out;
}

// The same hits with the same similarities (the same query vector gives the same numbers).
bool same(const Similarities &a, const Similarities &b)
{
    if (a.isEmpty() || a.keys() != b.keys())
        return false;
    for (auto it = a.begin(); it != a.end(); ++it)
        if (std::abs(it.value() - b.value(it.key())) > 1e-6)
            return false;
    return true;
}

// What the engine takes, converted here on its own: interleaved RGB rows without padding.
model::Image engineImage(const QImage &source)
{
    const QImage rgb = source.convertToFormat(QImage::Format_RGB888);
    model::Image image;
    image.width = rgb.width();
    image.height = rgb.height();
    image.channels = 3;
    image.pixels.resize(size_t(rgb.width()) * size_t(rgb.height()) * 3);
    for (int y = 0; y < rgb.height(); ++y)
        std::memcpy(image.pixels.data() + size_t(y) * size_t(rgb.width()) * 3, rgb.constScanLine(y),
                    size_t(rgb.width()) * 3);
    return image;
}

QList<ui::ImageChip *> chips(const ui::SearchPage &page)
{
    return page.findChildren<ui::ImageChip *>(QStringLiteral("searchImageChip"));
}

int visibleChips(const ui::SearchPage &page)
{
    int visible = 0;
    for (const ui::ImageChip *chip : chips(page))
        visible += chip->isVisible() ? 1 : 0;
    return visible;
}

// The crop dialog, opened as a user does: a click on the chip's thumbnail.
ui::CropDialog *openCropDialog(ui::SearchPage &page, int chip)
{
    const QList<ui::ImageChip *> all = chips(page);
    if (chip >= all.size() || !all[chip]->isVisible())
        return nullptr;
    QTest::mouseClick(all[chip]->findChild<QToolButton *>(QStringLiteral("searchImageChipThumbnail")),
                      Qt::LeftButton);
    return page.findChild<ui::CropDialog *>(QStringLiteral("searchCropDialog"));
}

// A 160 x 96 image whose pixel (x, y) is (x, y, 7): a crop's corners tell where it was taken.
QImage coordinateImage()
{
    QImage image(160, 96, QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            image.setPixel(x, y, qRgb(x, y, 7));
    return image;
}

bool near(double a, double b, double tolerance)
{
    return std::abs(a - b) <= tolerance;
}

} // namespace

class SearchImagesTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void croppedImageQueryEmbedsOnlyTheCrop();
    void textAndImagesAreOneQuery();
    void removingAChipRemovesThatImageOnly();
    void imagesAreBoundedInNumberAndSize();
    void cropSelectionIsClampedToTheImage_data();
    void cropSelectionIsClampedToTheImage();
    void cropDialogResetAndCancel();
    void cropByMouseDrag();
    void cleanupTestCase();

private:
    Similarities searchWith(ui::SearchPage &page);
    Similarities searchSession(const std::string &text, const QList<QImage> &images);
    // Clicks the dialog's button and waits until the dialog is gone (it deletes itself on close).
    void closeDialog(ui::CropDialog *dialog, const char *button);

    QTemporaryDir dir_;
    std::unique_ptr<testing::Corpus> corpus_;
    std::unique_ptr<session::LibrarySession> session_;
    QImage red_, blue_;
};

void SearchImagesTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
    corpus_ = std::make_unique<testing::Corpus>(dir_.path());
    red_ = QImage(corpus_->red).convertToFormat(QImage::Format_RGB32);
    blue_ = QImage(corpus_->blue).convertToFormat(QImage::Format_RGB32);
    QVERIFY(!red_.isNull() && !blue_.isNull());
    session_ = std::make_unique<session::LibrarySession>();
    const std::string ready = testing::openLibraryWithTinyModel(
        *session_, dir_.path() + QStringLiteral("/library"), QStringLiteral(CORTEX_TINY_A_DIR));
    QVERIFY2(ready.empty(), ready.c_str());
    session::IngestJob *job = session_->ingest({corpus_->root}, ingest::IngestOptions());
    QTRY_COMPARE_WITH_TIMEOUT(job->state(), session::IngestJob::State::Finished, 120000);
    QVERIFY(job->summary().indexed >= 6);
}

Similarities SearchImagesTest::searchWith(ui::SearchPage &page)
{
    QSignalSpy finished(&page, &ui::SearchPage::searchFinished);
    page.search();
    if (!QTest::qWaitFor([&] { return finished.count() > 0; }, 60000))
        return {};
    return similarities(*page.resultsModel());
}

Similarities SearchImagesTest::searchSession(const std::string &text, const QList<QImage> &images)
{
    search::Query query;
    query.text = text;
    for (const QImage &image : images)
        query.images.push_back(engineImage(image));
    query.candidates = kLimit;
    query.topK = kLimit;
    query.rerank = false;
    auto answer = session_->search(query);
    if (!QTest::qWaitFor([&] { return answer.isFinished(); }, 60000))
        return {};
    const Result<search::SearchResult> result = answer.result(); // kept: the hits live in it
    if (!result)
        return {};
    Similarities out;
    for (const search::Hit &hit : result->hits)
        out.insert(hit.view.item.id, hit.vectorSimilarity.value_or(-2));
    return out;
}

void SearchImagesTest::closeDialog(ui::CropDialog *dialog, const char *button)
{
    QVERIFY(dialog);
    const QPointer<ui::CropDialog> closing(dialog);
    auto *clicked = dialog->findChild<QPushButton *>(QLatin1String(button));
    QVERIFY(clicked && clicked->isEnabled());
    QTest::mouseClick(clicked, Qt::LeftButton);
    QTRY_VERIFY(closing.isNull());
}

// Issue 13: "a cropped image query embeds only the crop". An image of two halves (red.png and blue.png
// side by side) cropped to the red half in the crop dialog finds what red.png set directly finds, with
// the same similarities, and not what the whole image finds.
void SearchImagesTest::croppedImageQueryEmbedsOnlyTheCrop()
{
    QImage both(red_.width() + blue_.width(), std::max(red_.height(), blue_.height()), QImage::Format_RGB32);
    both.fill(Qt::white);
    {
        QPainter painter(&both);
        painter.drawImage(0, 0, red_);
        painter.drawImage(red_.width(), 0, blue_);
    }
    const QRect redHalf(QPoint(0, 0), red_.size());
    QCOMPARE(both.copy(redHalf), red_); // the crop below is red.png's pixels and nothing else

    ui::SearchPage page(session_.get());
    page.setSearchLimits(kLimit, kLimit);
    page.resize(1024, 640);
    page.show();
    auto *status = page.findChild<QLabel *>(QStringLiteral("searchStatusLabel"));

    // The references: red.png set directly, and the uncropped image.
    page.setQueryImage(red_);
    const Similarities direct = searchWith(page);
    QVERIFY2(!direct.isEmpty(), qPrintable(status->text()));
    page.setQueryImage(both);
    const Similarities whole = searchWith(page);
    QVERIFY2(!whole.isEmpty(), qPrintable(status->text()));
    QVERIFY(!same(direct, whole)); // the halves together are another query

    // Crop to the red half: OK puts the crop in the chip and searches with it at once.
    QSignalSpy finished(&page, &ui::SearchPage::searchFinished);
    ui::CropDialog *dialog = openCropDialog(page, 0);
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->selection(), both.rect()); // not cropped yet: all of it is selected
    dialog->setSelection(redHalf);
    QCOMPARE(dialog->croppedImage(), red_);
    closeDialog(dialog, "searchCropOkButton");
    QCOMPARE(page.queryImages(), QList<QImage>{red_});
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    const Similarities cropped = similarities(*page.resultsModel());
    QVERIFY2(same(cropped, direct), qPrintable(status->text()));
    QVERIFY(!same(cropped, whole));
    const QModelIndex first = page.resultsModel()->index(0, 0);
    QVERIFY(first.data(SearchResultsModel::DocumentPathRole)
                .toString()
                .endsWith(QStringLiteral("images/red.png")));
    QVERIFY(first.data(SearchResultsModel::VectorScoreRole).toDouble() > 0.99);

    // The chip shows the crop and says its size and what it was cropped from.
    ui::ImageChip *chip = chips(page).front();
    QCOMPARE(chip->image(), red_);
    const QString size = QStringLiteral("%1 × %2 pixels, cropped from %3 × %4")
                             .arg(red_.width())
                             .arg(red_.height())
                             .arg(both.width())
                             .arg(both.height());
    QVERIFY2(chip->toolTip().contains(size), qPrintable(chip->toolTip()));

    // Cancel keeps the crop; the dialog opens on the whole image with the crop selected.
    dialog = openCropDialog(page, 0);
    QVERIFY(dialog);
    QCOMPARE(dialog->selection(), redHalf);
    dialog->setSelection(QRect(5, 5, 10, 10));
    closeDialog(dialog, "searchCropCancelButton");
    QCOMPARE(page.queryImages(), QList<QImage>{red_});

    // Reset and OK: the whole image again, searched at once, as the uncropped image was.
    dialog = openCropDialog(page, 0);
    QVERIFY(dialog);
    QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("searchCropResetButton")),
                      Qt::LeftButton);
    QCOMPARE(dialog->selection(), both.rect());
    closeDialog(dialog, "searchCropOkButton");
    QCOMPARE(page.queryImages(), QList<QImage>{both});
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 60000);
    QVERIFY(same(similarities(*page.resultsModel()), whole));
    QVERIFY2(!chip->toolTip().contains(QStringLiteral("cropped")), qPrintable(chip->toolTip()));
}

// The text and two images are one query: the window's search gives what the session gives for the
// query built by hand with the text and both images, in order, and differs from each part alone and
// from every pair.
void SearchImagesTest::textAndImagesAreOneQuery()
{
    ui::SearchPage page(session_.get());
    page.setSearchLimits(kLimit, kLimit);
    page.show();
    const std::string text = "harbour boats";
    page.findChild<QLineEdit *>(QStringLiteral("searchQueryEdit"))->setText(QString::fromStdString(text));
    QVERIFY(page.addQueryImage(red_));
    QVERIFY(page.addQueryImage(blue_));
    QCOMPARE(page.queryImages(), (QList<QImage>{red_, blue_}));
    QCOMPARE(visibleChips(page), 2);
    const Similarities mixed = searchWith(page);
    QVERIFY2(!mixed.isEmpty(),
             qPrintable(page.findChild<QLabel *>(QStringLiteral("searchStatusLabel"))->text()));
    QVERIFY(same(mixed, searchSession(text, {red_, blue_})));

    const struct {
        const char *what;
        std::string text;
        QList<QImage> images;
    } parts[] = {
        {"the text alone", text, {}},           {"red.png alone", {}, {red_}},
        {"blue.png alone", {}, {blue_}},        {"both images without the text", {}, {red_, blue_}},
        {"the text and red.png", text, {red_}}, {"the text and blue.png", text, {blue_}},
    };
    for (const auto &part : parts) {
        const Similarities alone = searchSession(part.text, part.images);
        QVERIFY2(!alone.isEmpty(), part.what);
        QVERIFY2(!same(mixed, alone), part.what);
    }
}

// Removing a chip removes its own image; the images after it move up with their crops.
void SearchImagesTest::removingAChipRemovesThatImageOnly()
{
    ui::SearchPage page(session_.get());
    page.show();
    const QImage green = testing::patternImage(80, 80, Qt::green, Qt::black, 4);
    QVERIFY(page.addQueryImage(red_));
    QVERIFY(page.addQueryImage(blue_));
    // A pasted image is added to the others (and searched with them at once).
    QSignalSpy finished(&page, &ui::SearchPage::searchFinished);
    QGuiApplication::clipboard()->setImage(green);
    page.pasteImageFromClipboard();
    QCOMPARE(page.queryImages().size(), 3);
    QCOMPARE(page.queryImages().at(2).convertToFormat(green.format()), green);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(visibleChips(page), 3);

    const QRect part(10, 10, 40, 30);
    ui::CropDialog *dialog = openCropDialog(page, 2);
    QVERIFY(dialog);
    dialog->setSelection(part);
    closeDialog(dialog, "searchCropOkButton");
    const QImage greenPart = page.queryImages().at(2);
    QCOMPARE(greenPart.convertToFormat(green.format()), green.copy(part));

    // The middle chip's remove button.
    QTest::mouseClick(chips(page).at(1)->findChild<QToolButton *>(QStringLiteral("searchImageChipRemove")),
                      Qt::LeftButton);
    QCOMPARE(page.queryImages(), (QList<QImage>{red_, greenPart}));
    QCOMPARE(visibleChips(page), 2);
    QCOMPARE(chips(page).at(0)->image(), red_);
    QCOMPARE(chips(page).at(1)->image(), greenPart);
    dialog = openCropDialog(page, 1); // the crop moved with its image
    QVERIFY(dialog);
    QCOMPARE(dialog->selection(), part);
    closeDialog(dialog, "searchCropCancelButton");

    QTest::mouseClick(chips(page).at(0)->findChild<QToolButton *>(QStringLiteral("searchImageChipRemove")),
                      Qt::LeftButton);
    QCOMPARE(page.queryImages(), QList<QImage>{greenPart});
    QCOMPARE(visibleChips(page), 1);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 60000); // the crop searched too
}

// At most QueryImageBar::kMaxImages images, each at most application::kMaxQueryImagePixels: past
// either, the image is refused with the reason in the status line and nothing is searched.
void SearchImagesTest::imagesAreBoundedInNumberAndSize()
{
    ui::SearchPage page(session_.get());
    page.show();
    auto *status = page.findChild<QLabel *>(QStringLiteral("searchStatusLabel"));
    const int most = ui::QueryImageBar::kMaxImages;
    QList<QImage> added;
    for (int i = 0; i < most; ++i) {
        QImage image(16 + i, 16, QImage::Format_RGB32);
        image.fill(QColor::fromHsv(i * 60, 255, 255));
        QVERIFY(page.addQueryImage(image));
        added << image;
    }
    QCOMPARE(visibleChips(page), most);

    QImage extra(20, 20, QImage::Format_RGB32);
    extra.fill(Qt::black);
    QGuiApplication::clipboard()->setImage(extra);
    page.pasteImageFromClipboard();
    QCOMPARE(page.queryImages(), added);
    // The refusal is what the status line says: a search would have replaced it with "Searching…".
    QVERIFY2(status->text().contains(QStringLiteral("at most %1").arg(most)), qPrintable(status->text()));
    QVERIFY(!page.addQueryImage(extra));

    // Removing one makes room again.
    QTest::mouseClick(
        chips(page).at(most - 1)->findChild<QToolButton *>(QStringLiteral("searchImageChipRemove")),
        Qt::LeftButton);
    QVERIFY(page.addQueryImage(extra));
    QCOMPARE(page.queryImages().size(), most);

    // The size: one pixel row more than the limit is refused, the limit itself is taken. (Mono images:
    // a 50-megapixel one is a few megabytes.)
    const int width = 10000;
    const int rows = int(application::kMaxQueryImagePixels / width);
    QCOMPARE(int64_t(width) * rows, application::kMaxQueryImagePixels);
    page.setQueryImage({});
    QImage over(width, rows + 1, QImage::Format_Mono);
    over.fill(0);
    QVERIFY(!page.addQueryImage(over));
    QVERIFY(page.queryImages().isEmpty());
    QVERIFY2(status->text().contains(QStringLiteral("%1 × %2 pixels").arg(width).arg(rows + 1)),
             qPrintable(status->text()));
    QImage at(width, rows, QImage::Format_Mono);
    at.fill(0);
    QVERIFY(page.addQueryImage(at));
    QCOMPARE(page.queryImages().size(), 1);
}

void SearchImagesTest::cropSelectionIsClampedToTheImage_data()
{
    QTest::addColumn<QRect>("asked");
    QTest::addColumn<QRect>("expected"); // within the 160 x 96 image; empty: nothing selected
    QTest::newRow("inside") << QRect(10, 5, 20, 30) << QRect(10, 5, 20, 30);
    QTest::newRow("over the right and bottom edges") << QRect(150, 90, 50, 50) << QRect(150, 90, 10, 6);
    QTest::newRow("over the left and top edges") << QRect(-10, -20, 30, 40) << QRect(0, 0, 20, 20);
    QTest::newRow("larger than the image") << QRect(-5, -5, 500, 500) << QRect(0, 0, 160, 96);
    QTest::newRow("outside the image") << QRect(200, 10, 10, 10) << QRect();
    QTest::newRow("zero width") << QRect(10, 10, 0, 20) << QRect();
    QTest::newRow("zero height") << QRect(10, 10, 20, 0) << QRect();
    QTest::newRow("one pixel") << QRect(159, 95, 1, 1) << QRect(159, 95, 1, 1);
}

// setSelection clamps to the image; an empty selection disables OK and crops nothing; a crop's pixels
// are the image's pixels at the selection.
void SearchImagesTest::cropSelectionIsClampedToTheImage()
{
    QFETCH(QRect, asked);
    QFETCH(QRect, expected);
    const QImage image = coordinateImage();
    ui::CropDialog dialog(image);
    auto *ok = dialog.findChild<QPushButton *>(QStringLiteral("searchCropOkButton"));
    QVERIFY(ok && ok->isEnabled());
    dialog.setSelection(asked);
    QCOMPARE(dialog.selection().isEmpty(), expected.isEmpty());
    QCOMPARE(ok->isEnabled(), !expected.isEmpty());
    const QImage cropped = dialog.croppedImage();
    if (expected.isEmpty()) {
        QVERIFY(cropped.isNull());
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("searchCropSizeLabel"))
                    ->text()
                    .contains(QStringLiteral("Nothing selected")));
        return;
    }
    QCOMPARE(dialog.selection(), expected);
    QCOMPARE(cropped.size(), expected.size());
    QCOMPARE(cropped.pixel(0, 0), qRgb(expected.left(), expected.top(), 7));
    QCOMPARE(cropped.pixel(cropped.width() - 1, cropped.height() - 1),
             qRgb(expected.right(), expected.bottom(), 7));
}

// Reset selects the whole image again (and enables OK after an empty selection); the dialog starts from
// the crop it is given; Cancel rejects.
void SearchImagesTest::cropDialogResetAndCancel()
{
    const QImage image = coordinateImage();
    ui::CropDialog dialog(image, QRect(20, 10, 30, 30));
    dialog.show();
    QCOMPARE(dialog.selection(), QRect(20, 10, 30, 30));
    auto *ok = dialog.findChild<QPushButton *>(QStringLiteral("searchCropOkButton"));
    auto *reset = dialog.findChild<QPushButton *>(QStringLiteral("searchCropResetButton"));
    QVERIFY(ok && reset);
    dialog.setSelection(QRect(30, 30, 0, 0));
    QVERIFY(!ok->isEnabled());
    QTest::mouseClick(reset, Qt::LeftButton);
    QCOMPARE(dialog.selection(), image.rect());
    QVERIFY(ok->isEnabled());
    QCOMPARE(dialog.croppedImage(), image);
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("searchCropCancelButton")),
                      Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(!dialog.isVisible());
}

// A real drag with the mouse on the image (scaled to fit the view, centred) selects the pixels under
// it; a drag past the image stops at its edges; a click without a drag selects nothing.
void SearchImagesTest::cropByMouseDrag()
{
    const QImage image = coordinateImage();
    ui::CropDialog dialog(image);
    dialog.resize(700, 520);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    ui::CropView *view = dialog.view();
    QVERIFY(view && view->width() > image.width());
    auto *ok = dialog.findChild<QPushButton *>(QStringLiteral("searchCropOkButton"));
    auto *band = view->findChild<QRubberBand *>(QStringLiteral("searchCropRubberBand"));
    QVERIFY(band);

    // Where an image pixel is on the screen: the image scaled by the smaller of the two ratios, centred.
    const double scale =
        std::min(double(view->width()) / image.width(), double(view->height()) / image.height());
    const QPointF origin((view->width() - image.width() * scale) / 2,
                         (view->height() - image.height() * scale) / 2);
    const auto at = [&](double x, double y) {
        return (origin + QPointF(x, y) * scale).toPoint();
    };
    // One screen pixel is 1 / scale image pixels: the selection's edges are within a pixel of the aim.
    const auto selected = [&](QRect aim) {
        const QRect s = dialog.selection();
        return near(s.left(), aim.left(), 1) && near(s.top(), aim.top(), 1) &&
               near(s.x() + s.width(), aim.x() + aim.width(), 1) &&
               near(s.y() + s.height(), aim.y() + aim.height(), 1);
    };
    const auto describe = [&] {
        const QRect s = dialog.selection();
        return QStringLiteral("selection %1,%2 %3x%4").arg(s.x()).arg(s.y()).arg(s.width()).arg(s.height());
    };

    QTest::mousePress(view, Qt::LeftButton, {}, at(40, 20));
    QTest::mouseMove(view, at(80, 50));
    QVERIFY2(selected(QRect(40, 20, 40, 30)), qPrintable(describe())); // follows the mouse while dragging
    QTest::mouseMove(view, at(120, 80));
    QTest::mouseRelease(view, Qt::LeftButton, {}, at(120, 80));
    QVERIFY2(selected(QRect(40, 20, 80, 60)), qPrintable(describe()));
    QVERIFY(ok->isEnabled());
    QVERIFY(band->isVisible());
    const QRect expectedBand(at(40, 20), at(120, 80));
    QVERIFY2(near(band->geometry().left(), expectedBand.left(), 2) &&
                 near(band->geometry().right(), expectedBand.right(), 2) &&
                 near(band->geometry().top(), expectedBand.top(), 2) &&
                 near(band->geometry().bottom(), expectedBand.bottom(), 2),
             "the rubber band covers the selection");
    const QImage cropped = dialog.croppedImage();
    QCOMPARE(cropped.pixel(0, 0), qRgb(dialog.selection().left(), dialog.selection().top(), 7));

    // Dragged up and to the left, past the image's corner: the selection ends at the image's edges.
    QTest::mousePress(view, Qt::LeftButton, {}, at(100, 50));
    QTest::mouseMove(view, QPoint(-40, -40));
    QTest::mouseRelease(view, Qt::LeftButton, {}, QPoint(-40, -40));
    QCOMPARE(dialog.selection().topLeft(), QPoint(0, 0));
    QVERIFY2(selected(QRect(0, 0, 100, 50)), qPrintable(describe()));
    QTest::mousePress(view, Qt::LeftButton, {}, at(100, 50));
    QTest::mouseMove(view, QPoint(view->width() + 40, view->height() + 40));
    QTest::mouseRelease(view, Qt::LeftButton, {}, QPoint(view->width() + 40, view->height() + 40));
    QCOMPARE(dialog.selection().x() + dialog.selection().width(), image.width());
    QCOMPARE(dialog.selection().y() + dialog.selection().height(), image.height());

    // A click is a zero-size selection: refused.
    QTest::mouseClick(view, Qt::LeftButton, {}, at(60, 60));
    QVERIFY(dialog.selection().isEmpty());
    QVERIFY(!ok->isEnabled());
    QVERIFY(!band->isVisible());
}

void SearchImagesTest::cleanupTestCase()
{
    session_.reset();
}

QTEST_MAIN(SearchImagesTest)
#include "search_images_test.moc"
