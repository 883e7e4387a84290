// "Nothing is re-embedded without need" in the window: a new chunk size for a watched folder (Change…)
// asks first, saying how many documents and items would be embedded again and how long that takes, as
// measured from the library's recorded ingestion jobs; Cancel changes nothing (settings, documents,
// search), Embed Again applies it and the sync embeds the documents at the new size. An edit that does
// not touch the chunking asks nothing. A migration to another model (the Maintenance tab) says beside its
// button how many documents it embeds again and how long that takes. Against a real library and the
// tiny models, offscreen.

#include <QApplication>
#include <QTest>

#include "application/watched_folders.h"
#include "library/library_fixture.h"
#include "session/library_session.h"
#include "store/database.h"
#include "store/item_counts.h"
#include "store/library_db.h"
#include "ui/common/format.h"
#include "ui/ingest/ingest_page.h"
#include "ui/ingest/watched_folders_box.h"
#include "ui/maintenance/maintenance_page.h"
#include "ui/session_fixture.h"

#include <QAbstractButton>
#include <QDialog>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>

#include <memory>
#include <set>

using namespace cortex;

namespace {

constexpr int kTimeout = 60000; // bounded: a sync of two small files with the tiny model takes seconds

template <typename T> T *topLevel(const QString &name)
{
    for (auto *w : QApplication::topLevelWidgets())
        if (w->objectName() == name && w->isVisible())
            if (auto *t = qobject_cast<T *>(w))
                return t;
    return nullptr;
}

} // namespace

class ReembedTest : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void editWithoutNewChunkingAsksNothing();
    void newChunkSizeAsksWithTheNumbersAndCancelChangesNothing();
    void embedAgainAppliesItAndTheSyncEmbedsAtTheNewSize();
    void theMigrationSaysHowLongBesideItsButton();

private:
    // The library as a second reader sees it (the session holds the writer).
    std::unique_ptr<store::LibraryDb> readLibrary() const;
    std::vector<store::DocumentRecord> documents() const;
    store::WatchedFolder folder() const;
    bool finds(const QString &phrase);
    // Opens Change… on the folder and sets these values; answers the dialog, accepted.
    void editFolder(int chunk, int overlap, const QString &collection = {});

    QTemporaryDir dir_;
    QString libraryDir_;
    QString watched_;
    std::unique_ptr<session::LibrarySession> session_;
    std::unique_ptr<ui::IngestPage> page_;
    QTableWidget *view_ = nullptr;
};

std::unique_ptr<store::LibraryDb> ReembedTest::readLibrary() const
{
    auto db = store::LibraryDb::open(QString(libraryDir_ + QStringLiteral("/library.db")).toStdString(),
                                     store::OpenMode::ReadOnly);
    if (!db)
        qFatal("%s", db.error().message.c_str());
    return std::move(db).value();
}

std::vector<store::DocumentRecord> ReembedTest::documents() const
{
    return readLibrary()->documents().value();
}

store::WatchedFolder ReembedTest::folder() const
{
    return readLibrary()
        ->watchedFolderByPath(application::watchedPathOf(watched_.toStdString()))
        .value()
        .value_or(store::WatchedFolder{});
}

bool ReembedTest::finds(const QString &phrase)
{
    search::Query query;
    query.text = QString(QLatin1Char('"') + phrase + QLatin1Char('"')).toStdString();
    query.rerank = false;
    query.topK = 20;
    auto answer = session_->search(query);
    if (!QTest::qWaitFor([&] { return answer.isFinished(); }, kTimeout))
        return false;
    const auto result = answer.result();
    return result && !result->hits.empty();
}

void ReembedTest::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
    libraryDir_ = dir_.path() + QStringLiteral("/library");
    watched_ = dir_.path() + QStringLiteral("/watched");
    QVERIFY(QDir().mkpath(watched_));
    testing::writeFile(watched_ + QStringLiteral("/a.txt"), "The first note speaks of a copper kettle.\n");
    testing::writeFile(watched_ + QStringLiteral("/b.txt"), "The second note speaks of a velvet lantern.\n");

    session_ = std::make_unique<session::LibrarySession>();
    session_->setWatchTiming(
        {.stableSeconds = 0, .pollSeconds = 600, .debounce = std::chrono::milliseconds(50)}, true);
    session_->setWatchingEnabled(true);
    const std::string ready =
        testing::openLibraryWithTinyModel(*session_, libraryDir_, QStringLiteral(CORTEX_TINY_A_DIR));
    QVERIFY2(ready.empty(), ready.c_str());
    auto added = application::addWatchedFolder(*session_, watched_.toStdString(), {});
    QTRY_VERIFY_WITH_TIMEOUT(added.isFinished(), kTimeout);
    QVERIFY(added.result().ok());
    QTRY_VERIFY_WITH_TIMEOUT(documents().size() == 2 && !session_->isSyncingWatchedFolders(), kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(finds(QStringLiteral("copper kettle")), kTimeout);

    // The speed the estimate uses is the library's own record: its one finished job indexed the 2 files;
    // it is made to have taken 40 s, so that the dialog's numbers are known here (2 files in 40 s: 2
    // documents take 40 s again).
    {
        auto db = store::LibraryDb::open(QString(libraryDir_ + QStringLiteral("/library.db")).toStdString(),
                                         store::OpenMode::ReadWrite)
                      .value();
        const auto jobs = db->jobs().value();
        QCOMPARE(jobs.size(), size_t(1));
        QCOMPARE(jobs[0].doneFiles, int64_t(2));
        QVERIFY(db->database().exec("UPDATE jobs SET created_at = updated_at - 40").ok());
    }

    page_ = std::make_unique<ui::IngestPage>(session_.get());
    page_->resize(1024, 640);
    page_->show();
    auto *tabs = page_->findChild<QTabWidget *>(QStringLiteral("ingestLowerTabs"));
    QVERIFY(tabs);
    tabs->setCurrentIndex(1);
    view_ = page_->findChild<QTableWidget *>(QStringLiteral("watchedFoldersView"));
    QVERIFY(view_);
    QTRY_VERIFY_WITH_TIMEOUT(view_->rowCount() == 1, kTimeout);
}

void ReembedTest::editFolder(int chunk, int overlap, const QString &collection)
{
    view_->selectRow(0);
    auto *edit = page_->findChild<QPushButton *>(QStringLiteral("watchedFolderEditButton"));
    QVERIFY(edit && edit->isEnabled());
    QTest::mouseClick(edit, Qt::LeftButton);
    QDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = topLevel<QDialog>(QStringLiteral("watchedFolderEditDialog"))) != nullptr);
    auto *chunkSpin = dialog->findChild<QSpinBox *>(QStringLiteral("watchedFolderChunkSpin"));
    auto *overlapSpin = dialog->findChild<QSpinBox *>(QStringLiteral("watchedFolderOverlapSpin"));
    auto *collectionEdit = dialog->findChild<QLineEdit *>(QStringLiteral("watchedFolderCollectionEdit"));
    QVERIFY(chunkSpin && overlapSpin && collectionEdit);
    chunkSpin->setValue(chunk);
    overlapSpin->setValue(overlap);
    if (!collection.isEmpty())
        collectionEdit->setText(collection);
    dialog->accept();
}

void ReembedTest::editWithoutNewChunkingAsksNothing()
{
    const auto before = documents();
    editFolder(0, 0, QStringLiteral("notes"));
    QTRY_COMPARE_WITH_TIMEOUT(QString::fromStdString(folder().settings.collection), QStringLiteral("notes"),
                              kTimeout);
    QVERIFY(!topLevel<QMessageBox>(QStringLiteral("reembedConfirmDialog")));
    // Nothing gave up its embeddings.
    const auto after = documents();
    QCOMPARE(after.size(), before.size());
    for (size_t i = 0; i < after.size(); ++i)
        QCOMPARE(after[i].contentId, before[i].contentId);
}

void ReembedTest::newChunkSizeAsksWithTheNumbersAndCancelChangesNothing()
{
    const auto before = documents();
    int64_t items = 0;
    {
        auto db = readLibrary();
        for (const auto &d : before)
            items += store::itemCountOfContent(*db, d.contentId.value()).value();
    }
    editFolder(64, 8);
    QMessageBox *box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((box = topLevel<QMessageBox>(QStringLiteral("reembedConfirmDialog"))) != nullptr,
                             kTimeout);
    const QString text = box->text() + QLatin1Char('\n') + box->informativeText();
    QVERIFY2(text.contains(QDir::cleanPath(watched_)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("2 document(s)")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("%1 item(s)").arg(items)), qPrintable(text));
    // 2 documents at 2 files in 40 s: 40 s.
    QVERIFY2(text.contains(QString(QStringLiteral("about ") + ui::formatDuration(40))), qPrintable(text));
    QVERIFY2(text.contains(QString(QStringLiteral("2 file(s) in ") + ui::formatDuration(40))),
             qPrintable(text));
    QVERIFY(box->findChild<QPushButton *>(QStringLiteral("reembedConfirmButton")));

    box->button(QMessageBox::Cancel)->click();
    QTRY_VERIFY(!topLevel<QMessageBox>(QStringLiteral("reembedConfirmDialog")));
    QCoreApplication::processEvents();
    // Nothing changed: the settings, the documents' embeddings, what search finds.
    QCOMPARE(folder().settings.chunkTokens, 0);
    QCOMPARE(folder().settings.overlapTokens, 0);
    const auto after = documents();
    QCOMPARE(after.size(), before.size());
    for (size_t i = 0; i < after.size(); ++i)
        QCOMPARE(after[i].contentId, before[i].contentId);
    QVERIFY(finds(QStringLiteral("velvet lantern")));
}

void ReembedTest::embedAgainAppliesItAndTheSyncEmbedsAtTheNewSize()
{
    // The items' ids (AUTOINCREMENT: an item embedded again never has an old id).
    const auto itemIds = [this] {
        auto db = readLibrary();
        std::set<int64_t> ids;
        const auto all = db->documents().value();
        for (const auto &d : all)
            if (d.contentId)
                for (const int64_t id : std::vector<int64_t>(db->textItemIdsOfContent(*d.contentId).value()))
                    ids.insert(id);
        return ids;
    };
    const auto before = itemIds();
    QVERIFY(!before.empty());
    editFolder(64, 8);
    QMessageBox *box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((box = topLevel<QMessageBox>(QStringLiteral("reembedConfirmDialog"))) != nullptr,
                             kTimeout);
    box->findChild<QPushButton *>(QStringLiteral("reembedConfirmButton"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(folder().settings.chunkTokens, 64, kTimeout);
    QCOMPARE(folder().settings.overlapTokens, 8);
    // The sync embeds both documents again (every item new) and search finds them.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const auto now = documents();
            if (now.size() != 2 || session_->isSyncingWatchedFolders())
                return false;
            for (const auto &d : now)
                if (!d.contentId)
                    return false;
            const auto ids = itemIds();
            for (const int64_t id : ids)
                if (before.count(id))
                    return false;
            return !ids.empty();
        }(),
        kTimeout);
    QTRY_VERIFY_WITH_TIMEOUT(finds(QStringLiteral("copper kettle")), kTimeout);
    QVERIFY(finds(QStringLiteral("velvet lantern")));
}

// Last: the session loads the other tiny model, which the library's vectors are not from.
void ReembedTest::theMigrationSaysHowLongBesideItsButton()
{
    auto loaded = session_->loadEmbeddingModel(QStringLiteral(CORTEX_TINY_B_DIR), testing::tinyOptions());
    QTRY_VERIFY_WITH_TIMEOUT(loaded.isFinished(), kTimeout);
    QVERIFY(loaded.result().ok());
    ui::MaintenancePage page(session_.get());
    auto *hint = page.findChild<QLabel *>(QStringLiteral("migrateHintLabel"));
    QVERIFY(hint);
    // 2 documents; the library measured 2 files in 40 s (its later syncs took under a second: unmeasured).
    QTRY_VERIFY_WITH_TIMEOUT(hint->text().contains(QStringLiteral("2 document(s)")), kTimeout);
    QVERIFY2(hint->text().contains(QStringLiteral("item(s)")), qPrintable(hint->text()));
    QVERIFY2(hint->text().contains(QString(QStringLiteral("about ") + ui::formatDuration(40))),
             qPrintable(hint->text()));
    QVERIFY2(hint->text().contains(QString(QStringLiteral("2 file(s) in ") + ui::formatDuration(40))),
             qPrintable(hint->text()));
}

QTEST_MAIN(ReembedTest)
#include "reembed_test.moc"
