// Watched folders in the window, end to end against a real library and the tiny model: a folder added
// is listed and a file created in it becomes searchable by keyword without anything pressed; a paused
// folder takes nothing until it is resumed; Remove… keeps or drops the documents as chosen (or does
// nothing on Cancel); Change… changes the collection; a folder given to ingest is listed; the status line
// says a sync is running and then what it found.

#include <QApplication>
#include <QTest>

#include "application/watched_folders.h"
#include "library/library_fixture.h"
#include "session/library_session.h"
#include "ui/ingest/ingest_page.h"
#include "ui/ingest/watch_activity_text.h"
#include "ui/ingest/watched_folder_edit_dialog.h"
#include "ui/ingest/watched_folders_box.h"
#include "ui/session_fixture.h"

#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>

#include <memory>

using namespace cortex;

namespace {

constexpr int kTimeout = 60000; // bounded: a sync of a file or two with the tiny model takes seconds

template <typename R> std::string why(const R &answer)
{
    return answer.ok() ? std::string() : answer.error().message;
}

void writeFile(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

template <typename T> T *topLevel(const QString &name)
{
    for (auto *w : QApplication::topLevelWidgets())
        if (w->objectName() == name && w->isVisible())
            if (auto *t = qobject_cast<T *>(w))
                return t;
    return nullptr;
}

} // namespace

class WatchedFoldersTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void newFileIsSearchableWithoutAnyPress();
    void pausedFolderTakesNothingUntilResumed();
    void editChangesTheCollectionAndPageImages();
    void removeAsksAndKeepsOrDrops_data();
    void removeAsksAndKeepsOrDrops();
    void ingestedFolderIsListed();
    void openingCatchesUp();
    void cleanupTestCase();

private:
    // Whether a phrase search finds a document whose path ends with `file` (a phrase: every hit holds it).
    bool finds(const QString &word, const QString &file);
    int rowOf(const QString &path) const;
    void select(const QString &path);

    QTemporaryDir dir_;
    QString watched_;
    std::unique_ptr<session::LibrarySession> session_;
    std::unique_ptr<ui::IngestPage> page_;
    QTableWidget *view_ = nullptr;
    QStringList activityTexts_; // every status line the sync showed
};

void WatchedFoldersTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
    session_ = std::make_unique<session::LibrarySession>();
    // Short times so that a test waits seconds, not the window's defaults; polling everywhere would also
    // work, inotify is what a desktop has.
    session_->setWatchTiming(
        {.stableSeconds = 0.3, .pollSeconds = 2, .debounce = std::chrono::milliseconds(100)});
    session_->setWatchingEnabled(true);
    connect(session_.get(), &session::LibrarySession::watchActivityChanged, this, [this] {
        const QString text = ui::watchActivityText(session_->watchActivity());
        if (activityTexts_.isEmpty() || activityTexts_.last() != text)
            activityTexts_ << text;
    });
    const std::string ready = testing::openLibraryWithTinyModel(
        *session_, dir_.path() + QStringLiteral("/library"), QStringLiteral(CORTEX_TINY_A_DIR));
    QVERIFY2(ready.empty(), ready.c_str());

    page_ = std::make_unique<ui::IngestPage>(session_.get());
    page_->resize(1024, 640);
    page_->show();
    auto *tabs = page_->findChild<QTabWidget *>(QStringLiteral("ingestLowerTabs"));
    QVERIFY(tabs);
    tabs->setCurrentIndex(1);
    view_ = page_->findChild<QTableWidget *>(QStringLiteral("watchedFoldersView"));
    QVERIFY(view_);
    QVERIFY(view_->isVisible());

    watched_ = dir_.path() + QStringLiteral("/watched");
    QVERIFY(QDir().mkpath(watched_));
    writeFile(watched_ + QStringLiteral("/first.txt"), "The first note speaks of a marmalade lighthouse.\n");
}

bool WatchedFoldersTest::finds(const QString &word, const QString &file)
{
    search::Query query;
    const QString phrase = QLatin1Char('"') + word + QLatin1Char('"');
    query.text = phrase.toStdString();
    query.rerank = false;
    query.topK = 20;
    auto answer = session_->search(query);
    if (!QTest::qWaitFor([&] { return answer.isFinished(); }, kTimeout))
        return false;
    const auto result = answer.result();
    if (!result)
        return false;
    for (const auto &hit : result->hits)
        if (QString::fromStdString(hit.view.documentPath).endsWith(file))
            return true;
    return false;
}

int WatchedFoldersTest::rowOf(const QString &path) const
{
    const QString clean = QString::fromStdString(application::watchedPathOf(path.toStdString()));
    for (int row = 0; row < view_->rowCount(); ++row)
        if (view_->item(row, ui::WatchedFoldersBox::PathColumn)->text() == clean)
            return row;
    return -1;
}

void WatchedFoldersTest::select(const QString &path)
{
    const int row = rowOf(path);
    QVERIFY(row >= 0);
    view_->selectRow(row);
}

void WatchedFoldersTest::newFileIsSearchableWithoutAnyPress()
{
    store::WatchedFolderSettings settings;
    settings.collection = "notes";
    auto added = application::addWatchedFolder(*session_, watched_.toStdString(), settings);
    QTRY_VERIFY_WITH_TIMEOUT(added.isFinished(), kTimeout);
    QVERIFY2(added.result().ok(), why(added.result()).c_str());
    // Listed, and caught up: the file that was there before is found.
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(watched_) >= 0, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(finds(QStringLiteral("marmalade lighthouse"), QStringLiteral("first.txt")),
                             kTimeout);
    QCOMPARE(view_->item(rowOf(watched_), ui::WatchedFoldersBox::CollectionColumn)->text(),
             QStringLiteral("notes"));
    QTRY_VERIFY_WITH_TIMEOUT(view_->item(rowOf(watched_), ui::WatchedFoldersBox::StateColumn)
                                 ->text()
                                 .startsWith(QStringLiteral("Watching")),
                             kTimeout);
    QVERIFY(view_->item(rowOf(watched_), ui::WatchedFoldersBox::LastSyncColumn)->text() !=
            QStringLiteral("never"));

    // A new file: nothing is pressed, the watcher sees it and the sync takes it.
    QVERIFY(!finds(QStringLiteral("zeppelin quartz"), QStringLiteral("second.txt")));
    activityTexts_.clear();
    writeFile(watched_ + QStringLiteral("/second.txt"), "A zeppelin quartz appears in the second note.\n");
    QTRY_VERIFY_WITH_TIMEOUT(finds(QStringLiteral("zeppelin quartz"), QStringLiteral("second.txt")),
                             kTimeout);
    // The status line said a sync was running, then what it found.
    QTRY_VERIFY_WITH_TIMEOUT(!session_->isSyncingWatchedFolders(), kTimeout);
    const QString texts = activityTexts_.join(QStringLiteral(" | "));
    QVERIFY2(activityTexts_.filter(QStringLiteral("Syncing 1 watched folder")).size() >= 1,
             qPrintable(texts));
    QVERIFY2(activityTexts_.filter(QStringLiteral("Watched folders synced at")).size() >= 1,
             qPrintable(texts));
    QVERIFY2(activityTexts_.filter(QStringLiteral("1 new")).size() >= 1, qPrintable(texts));
}

void WatchedFoldersTest::pausedFolderTakesNothingUntilResumed()
{
    select(watched_);
    auto *pause = page_->findChild<QPushButton *>(QStringLiteral("watchedFolderPauseButton"));
    QVERIFY(pause && pause->isEnabled());
    QCOMPARE(pause->text(), QStringLiteral("Pause &Watching"));
    QTest::mouseClick(pause, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(view_->item(rowOf(watched_), ui::WatchedFoldersBox::StateColumn)->text(),
                              QStringLiteral("Paused"), kTimeout);
    select(watched_);
    QCOMPARE(pause->text(), QStringLiteral("Resume &Watching"));

    writeFile(watched_ + QStringLiteral("/third.txt"), "The third note hides a velvet barometer.\n");
    // Sync Now while paused: the sync runs and ends, and still takes nothing from the paused folder.
    const QDateTime before = session_->watchActivity().finishedAt;
    auto *sync = page_->findChild<QPushButton *>(QStringLiteral("watchedFolderSyncButton"));
    QVERIFY(sync && sync->isEnabled());
    QTest::mouseClick(sync, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(
        session_->watchActivity().finishedAt != before && !session_->isSyncingWatchedFolders(), kTimeout);
    QVERIFY(!finds(QStringLiteral("velvet barometer"), QStringLiteral("third.txt")));

    select(watched_);
    QTest::mouseClick(pause, Qt::LeftButton); // Resume: caught up at once
    QTRY_VERIFY_WITH_TIMEOUT(finds(QStringLiteral("velvet barometer"), QStringLiteral("third.txt")),
                             kTimeout);
}

void WatchedFoldersTest::editChangesTheCollectionAndPageImages()
{
    select(watched_);
    auto *edit = page_->findChild<QPushButton *>(QStringLiteral("watchedFolderEditButton"));
    QVERIFY(edit && edit->isEnabled());
    QTest::mouseClick(edit, Qt::LeftButton);
    QDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = topLevel<QDialog>(QStringLiteral("watchedFolderEditDialog"))) != nullptr);
    auto *collection = dialog->findChild<QLineEdit *>(QStringLiteral("watchedFolderCollectionEdit"));
    auto *exclude = dialog->findChild<QLineEdit *>(QStringLiteral("watchedFolderExcludeEdit"));
    QVERIFY(collection && exclude);
    QCOMPARE(collection->text(), QStringLiteral("notes"));
    collection->setText(QStringLiteral("journal"));
    exclude->setText(QStringLiteral("drafts, *.tmp"));
    // Page images: the folder's (the standard size), turned off; the line beside says what that means.
    auto *pageImages = dialog->findChild<QComboBox *>(QStringLiteral("watchedFolderPageImagesCombo"));
    auto *cost = dialog->findChild<QLabel *>(QStringLiteral("watchedFolderPageImageCostLabel"));
    QVERIFY(pageImages && cost);
    QCOMPARE(pageImages->currentData().toInt(), kDefaultPageImageSide);
    QVERIFY2(!cost->text().isEmpty(), "no cost line for the standard size");
    pageImages->setCurrentIndex(pageImages->findData(0));
    QVERIFY2(cost->text().startsWith(QStringLiteral("Only text is embedded")), qPrintable(cost->text()));
    dialog->accept();
    QTRY_COMPARE_WITH_TIMEOUT(view_->item(rowOf(watched_), ui::WatchedFoldersBox::CollectionColumn)->text(),
                              QStringLiteral("journal"), kTimeout);
    auto *box = page_->findChild<ui::WatchedFoldersBox *>(QStringLiteral("watchedFoldersBox"));
    QVERIFY(box);
    const auto &f = box->folders()[size_t(rowOf(watched_))];
    QCOMPARE(f.settings.excludePatterns, (std::vector<std::string>{"drafts", "*.tmp"}));
    QCOMPARE(f.settings.pageImageSide, 0);
}

void WatchedFoldersTest::removeAsksAndKeepsOrDrops_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<bool>("listed");
    QTest::addColumn<bool>("searchable");
    QTest::newRow("cancel") << QString() << true << true;
    QTest::newRow("keep") << QStringLiteral("watchedFolderKeepButton") << false << true;
    QTest::newRow("drop") << QStringLiteral("watchedFolderDropButton") << false << false;
}

void WatchedFoldersTest::removeAsksAndKeepsOrDrops()
{
    QFETCH(QString, button);
    QFETCH(bool, listed);
    QFETCH(bool, searchable);
    if (rowOf(watched_) < 0) { // removed by the row before: watched again (its documents are there)
        auto added = application::addWatchedFolder(*session_, watched_.toStdString(), {});
        QTRY_VERIFY_WITH_TIMEOUT(added.isFinished(), kTimeout);
        QVERIFY2(added.result().ok(), why(added.result()).c_str());
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(watched_) >= 0, kTimeout);
    }
    QVERIFY(finds(QStringLiteral("zeppelin quartz"), QStringLiteral("second.txt")));
    select(watched_);
    auto *remove = page_->findChild<QPushButton *>(QStringLiteral("watchedFolderRemoveButton"));
    QVERIFY(remove && remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QMessageBox *dialog = nullptr;
    QTRY_VERIFY((dialog = topLevel<QMessageBox>(QStringLiteral("watchedFolderRemoveDialog"))) != nullptr);
    // Nothing is chosen for the user: the default button is Cancel.
    QCOMPARE(dialog->defaultButton(), dialog->button(QMessageBox::Cancel));
    auto *choice =
        button.isEmpty() ? dialog->button(QMessageBox::Cancel) : dialog->findChild<QPushButton *>(button);
    QVERIFY(choice);
    QTest::mouseClick(choice, Qt::LeftButton);
    QTRY_VERIFY(!topLevel<QMessageBox>(QStringLiteral("watchedFolderRemoveDialog")));
    if (listed) {
        QTest::qWait(300); // a removal would be answered by now; the row must still be there
        QVERIFY(rowOf(watched_) >= 0);
    } else {
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(watched_) < 0, kTimeout);
    }
    QTRY_COMPARE_WITH_TIMEOUT(finds(QStringLiteral("zeppelin quartz"), QStringLiteral("second.txt")),
                              searchable, kTimeout);
    QCOMPARE(finds(QStringLiteral("marmalade lighthouse"), QStringLiteral("first.txt")), searchable);
}

void WatchedFoldersTest::ingestedFolderIsListed()
{
    const QString dropped = dir_.path() + QStringLiteral("/dropped");
    QVERIFY(QDir().mkpath(dropped));
    writeFile(dropped + QStringLiteral("/dropped.txt"), "A dropped note about a copper orchard.\n");
    auto *job = session_->ingest({dropped}, {});
    QTRY_COMPARE_WITH_TIMEOUT(job->state(), session::IngestJob::State::Finished, kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(rowOf(dropped) >= 0, kTimeout);
    // And it is watched from then on.
    writeFile(dropped + QStringLiteral("/later.txt"), "A later note about a tin harbour.\n");
    QTRY_VERIFY_WITH_TIMEOUT(finds(QStringLiteral("tin harbour"), QStringLiteral("later.txt")), kTimeout);
}

void WatchedFoldersTest::openingCatchesUp()
{
    // A change while no window watched: the next session finds it when the library opens.
    page_.reset();
    session_.reset();
    const QString dropped = dir_.path() + QStringLiteral("/dropped");
    writeFile(dropped + QStringLiteral("/offline.txt"), "Written while closed: a saffron kettle.\n");
    session_ = std::make_unique<session::LibrarySession>();
    session_->setWatchTiming(
        {.stableSeconds = 0.3, .pollSeconds = 2, .debounce = std::chrono::milliseconds(100)});
    session_->setWatchingEnabled(true);
    // The catch-up waits for the model, and does not need anything pressed.
    const std::string ready = testing::openLibraryWithTinyModel(
        *session_, dir_.path() + QStringLiteral("/library"), QStringLiteral(CORTEX_TINY_A_DIR));
    QVERIFY2(ready.empty(), ready.c_str());
    QTRY_VERIFY_WITH_TIMEOUT(finds(QStringLiteral("saffron kettle"), QStringLiteral("offline.txt")),
                             kTimeout);
}

void WatchedFoldersTest::cleanupTestCase()
{
    page_.reset();
    session_.reset();
}

QTEST_MAIN(WatchedFoldersTest)
#include "watched_folders_test.moc"
