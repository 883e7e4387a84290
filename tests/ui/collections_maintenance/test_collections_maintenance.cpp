// The Collections and Maintenance tabs driven through their widgets (found by objectName), with a
// library ingested by the tiny test model tiny-a; tiny-b is "another model" for the inspector.

#include <QApplication>
#include <QTest>

#include "library/library_fixture.h"

#include "ingest/ingestor.h"
#include "library/library.h"
#include "session/library_session.h"
#include "settings/settings.h"
#include "store/library_db.h"
#include "ui/collections/collections_model.h"
#include "ui/collections/collections_page.h"
#include "ui/collections/documents_model.h"
#include "ui/maintenance/failed_files_model.h"
#include "ui/maintenance/maintenance_page.h"
#include "ui/maintenance/spaces_model.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>

using namespace cortex;
using namespace cortex::testing;

namespace {

constexpr int kTimeout = 30000;

// The row (in the view's order) whose cell in `column` shows `text`; -1 when none.
int rowWithText(const QTableView *view, int column, const QString &text)
{
    const auto *model = view->model();
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->index(r, column).data().toString() == text)
            return r;
    return -1;
}

QMessageBox *visibleMessageBox()
{
    for (QWidget *w : QApplication::topLevelWidgets())
        if (auto *box = qobject_cast<QMessageBox *>(w); box && box->isVisible())
            return box;
    return nullptr;
}

} // namespace

class TestCollectionsMaintenance : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString libraryDir_;
    std::unique_ptr<Corpus> corpus_;

    // A session on the test library, with `modelDir` loaded (none when null).
    void openSession(std::unique_ptr<session::LibrarySession> &out, const char *modelDir)
    {
        out = std::make_unique<session::LibrarySession>();
        if (modelDir) {
            auto loaded = out->loadEmbeddingModel(QString::fromUtf8(modelDir), tinyOptions());
            QTRY_VERIFY_WITH_TIMEOUT(loaded.isFinished(), kTimeout);
            QVERIFY2(loaded.result().ok(),
                     loaded.result().ok() ? "" : loaded.result().error().message.c_str());
        }
        auto opened = out->openLibrary(libraryDir_);
        QTRY_VERIFY_WITH_TIMEOUT(opened.isFinished(), kTimeout);
        QVERIFY2(opened.result().ok(), opened.result().ok() ? "" : opened.result().error().message.c_str());
    }

    template <typename T> T *child(QWidget &page, const char *name)
    {
        auto *w = page.findChild<T *>(QString::fromLatin1(name));
        if (!w)
            qFatal("no widget named %s", name);
        return w;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("CortexTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_collections_maintenance"));
        QVERIFY(dir_.isValid());
        corpus_ = std::make_unique<Corpus>(dir_.path());
        libraryDir_ = dir_.path() + QStringLiteral("/library");
        // The library is made directly with core and tiny-a, as cortex-cli ingest would.
        auto encoder = loadTinyEncoder(CORTEX_TINY_A_DIR);
        auto lib = library::Library::open(libraryDir_.toStdString()).value();
        ingest::Ingestor ingestor(*lib, *encoder, loadTinyTokenizer());
        ingest::IngestOptions options;
        options.collection = QStringLiteral("work");
        auto summary = ingestor.ingest({corpus_->root}, options);
        QVERIFY2(summary.ok(), summary.ok() ? "" : summary.error().message.c_str());
    }

    void createRenameTagDeleteCollection()
    {
        std::unique_ptr<session::LibrarySession> session;
        openSession(session, nullptr);
        if (QTest::currentTestFailed())
            return;
        ui::CollectionsPage page(session.get());
        page.resize(1024, 640);
        page.show();
        auto *view = child<QTableView>(page, "collectionsView");
        auto *name = child<QLineEdit>(page, "collectionNameEdit");
        auto *status = child<QLabel>(page, "collectionsStatusLabel");
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1, kTimeout);
        QCOMPARE(view->model()->index(0, ui::CollectionsModel::NameColumn).data().toString(),
                 QStringLiteral("work"));

        // The documents of the selected collection.
        view->selectRow(0);
        auto *documents = child<QTableView>(page, "documentsView");
        QTRY_VERIFY_WITH_TIMEOUT(documents->model()->rowCount() > 3, kTimeout);

        // Create.
        QTest::keyClicks(name, QStringLiteral("projects"));
        QTest::mouseClick(child<QPushButton>(page, "collectionCreateButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 2, kTimeout);
        QVERIFY(rowWithText(view, ui::CollectionsModel::NameColumn, QStringLiteral("projects")) >= 0);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("projects")), kTimeout);

        // A duplicate name is refused, and the reason is shown.
        const QString before = status->text();
        name->setText(QStringLiteral("work"));
        QTest::mouseClick(child<QPushButton>(page, "collectionCreateButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(status->text() != before && !status->text().isEmpty(), kTimeout);
        QCOMPARE(view->model()->rowCount(), 2);

        // Rename.
        view->selectRow(rowWithText(view, ui::CollectionsModel::NameColumn, QStringLiteral("projects")));
        name->setText(QStringLiteral("archive"));
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(page, "collectionRenameButton")->isEnabled(), kTimeout);
        QTest::mouseClick(child<QPushButton>(page, "collectionRenameButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            rowWithText(view, ui::CollectionsModel::NameColumn, QStringLiteral("archive")) >= 0, kTimeout);
        QCOMPARE(rowWithText(view, ui::CollectionsModel::NameColumn, QStringLiteral("projects")), -1);

        // Tags (the renamed collection stays selected).
        auto *tags = child<QLineEdit>(page, "collectionTagsEdit");
        tags->setText(QStringLiteral("finance, 2026 ,finance"));
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(page, "collectionTagsButton")->isEnabled(), kTimeout);
        QTest::mouseClick(child<QPushButton>(page, "collectionTagsButton"), Qt::LeftButton);
        const auto archiveTags = [&] {
            const int row = rowWithText(view, ui::CollectionsModel::NameColumn, QStringLiteral("archive"));
            QStringList tags = view->model()
                                   ->index(row, ui::CollectionsModel::TagsColumn)
                                   .data()
                                   .toString()
                                   .split(QStringLiteral(", "));
            tags.sort();
            return tags;
        };
        QTRY_COMPARE_WITH_TIMEOUT(archiveTags(),
                                  (QStringList{QStringLiteral("2026"), QStringLiteral("finance")}), kTimeout);

        // Delete, after accepting the confirmation.
        view->selectRow(rowWithText(view, ui::CollectionsModel::NameColumn, QStringLiteral("archive")));
        QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(page, "collectionDeleteButton")->isEnabled(), kTimeout);
        QTest::mouseClick(child<QPushButton>(page, "collectionDeleteButton"), Qt::LeftButton);
        QMessageBox *box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((box = visibleMessageBox()) != nullptr, kTimeout);
        QVERIFY(box->informativeText().contains(QStringLiteral("deleted")));
        QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1, kTimeout);
        QCOMPARE(rowWithText(view, ui::CollectionsModel::NameColumn, QStringLiteral("archive")), -1);
    }

    void exportCollection()
    {
        std::unique_ptr<session::LibrarySession> session;
        openSession(session, nullptr);
        if (QTest::currentTestFailed())
            return;
        ui::CollectionsPage page(session.get());
        auto *view = child<QTableView>(page, "collectionsView");
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1, kTimeout);
        view->selectRow(0);
        const QString file = dir_.path() + QStringLiteral("/work.cortex");
        page.exportSelectedTo(file);
        auto *status = child<QLabel>(page, "collectionsStatusLabel");
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("Exported")), kTimeout);
        QVERIFY(QFile::exists(file));
    }

    void importMadeWithAnotherModelIsRefusedWithTheReason()
    {
        // A second library made with tiny-b; the export of tiny-a's "work" cannot go in as it is.
        const QString file = dir_.path() + QStringLiteral("/work.cortex");
        QVERIFY(QFile::exists(file));
        const QString otherDir = dir_.path() + QStringLiteral("/library-b");
        {
            auto encoder = loadTinyEncoder(CORTEX_TINY_B_DIR);
            auto lib = library::Library::open(otherDir.toStdString()).value();
            ingest::Ingestor ingestor(*lib, *encoder, loadTinyTokenizer());
            ingest::IngestOptions options;
            options.collection = QStringLiteral("b");
            QVERIFY(ingestor.ingest({corpus_->alpha}, options).ok());
        }
        session::LibrarySession session;
        auto opened = session.openLibrary(otherDir);
        QTRY_VERIFY_WITH_TIMEOUT(opened.isFinished(), kTimeout);
        QVERIFY(opened.result().ok());
        ui::CollectionsPage page(&session);
        auto *view = child<QTableView>(page, "collectionsView");
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1, kTimeout);
        page.importFrom(file);
        auto *status = child<QLabel>(page, "collectionsStatusLabel");
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("re-embed")), kTimeout);
        QVERIFY(status->text().contains(QStringLiteral("cannot be mixed")));
        QCOMPARE(view->model()->rowCount(), 1);
    }

    void importMadeWithAnotherModelCanBeEmbeddedAgain()
    {
        // With the library's own model (tiny-b) loaded, the page offers to embed the import again.
        const QString file = dir_.path() + QStringLiteral("/work.cortex");
        session::LibrarySession session;
        auto loaded = session.loadEmbeddingModel(QStringLiteral(CORTEX_TINY_B_DIR), tinyOptions());
        QTRY_VERIFY_WITH_TIMEOUT(loaded.isFinished(), kTimeout);
        QVERIFY(loaded.result().ok());
        auto opened = session.openLibrary(dir_.path() + QStringLiteral("/library-b"));
        QTRY_VERIFY_WITH_TIMEOUT(opened.isFinished(), kTimeout);
        QVERIFY(opened.result().ok());
        ui::CollectionsPage page(&session);
        auto *view = child<QTableView>(page, "collectionsView");
        QTRY_COMPARE_WITH_TIMEOUT(view->model()->rowCount(), 1, kTimeout);
        page.importFrom(file);
        QMessageBox *box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((box = visibleMessageBox()) != nullptr, kTimeout);
        QAbstractButton *reembed = nullptr;
        for (auto *b : box->buttons())
            if (b->text().startsWith(QStringLiteral("Re-embed")))
                reembed = b;
        QVERIFY(reembed);
        QTest::mouseClick(reembed, Qt::LeftButton);
        auto *status = child<QLabel>(page, "collectionsStatusLabel");
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("embedded again")), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(
            rowWithText(view, ui::CollectionsModel::NameColumn, QStringLiteral("work")) >= 0, kTimeout);
    }

    void inspectorShowsIncompatibleModel()
    {
        std::unique_ptr<session::LibrarySession> session;
        openSession(session, CORTEX_TINY_B_DIR);
        if (QTest::currentTestFailed())
            return;
        ui::MaintenancePage page(session.get());
        page.resize(1024, 640);
        page.show();
        auto *spaces = child<QTableView>(page, "spacesView");
        QTRY_COMPARE_WITH_TIMEOUT(spaces->model()->rowCount(), 1, kTimeout);
        const QString compat =
            spaces->model()->index(0, ui::SpacesModel::CompatibilityColumn).data().toString();
        QVERIFY2(compat.startsWith(QStringLiteral("incompatible")), qPrintable(compat));
        QVERIFY(spaces->model()
                    ->index(0, ui::SpacesModel::VectorsColumn)
                    .data(ui::SpacesModel::RawValueRole)
                    .toLongLong() > 0);
        QVERIFY(child<QPushButton>(page, "migrateButton")->isEnabled());
    }

    void inspectorShowsCompatibleModel()
    {
        std::unique_ptr<session::LibrarySession> session;
        openSession(session, CORTEX_TINY_A_DIR);
        if (QTest::currentTestFailed())
            return;
        ui::MaintenancePage page(session.get());
        auto *spaces = child<QTableView>(page, "spacesView");
        QTRY_COMPARE_WITH_TIMEOUT(spaces->model()->rowCount(), 1, kTimeout);
        QCOMPARE(spaces->model()->index(0, ui::SpacesModel::CompatibilityColumn).data().toString(),
                 QStringLiteral("compatible"));
        QVERIFY(!child<QPushButton>(page, "migrateButton")->isEnabled());
    }

    void integrityCheckReportsHealthy()
    {
        std::unique_ptr<session::LibrarySession> session;
        openSession(session, nullptr);
        if (QTest::currentTestFailed())
            return;
        ui::MaintenancePage page(session.get());
        auto *spaces = child<QTableView>(page, "spacesView");
        QTRY_COMPARE_WITH_TIMEOUT(spaces->model()->rowCount(), 1, kTimeout);
        QCOMPARE(spaces->model()->index(0, ui::SpacesModel::CompatibilityColumn).data().toString(),
                 QStringLiteral("no model loaded"));
        auto *check = child<QPushButton>(page, "checkButton");
        QVERIFY(check->isEnabled());
        QTest::mouseClick(check, Qt::LeftButton);
        auto *report = child<QPlainTextEdit>(page, "checkReportView");
        QTRY_VERIFY_WITH_TIMEOUT(!report->toPlainText().isEmpty(), kTimeout);
        QVERIFY2(report->toPlainText().startsWith(QStringLiteral("The library is healthy")),
                 qPrintable(report->toPlainText()));
        QVERIFY(report->toPlainText().contains(QStringLiteral("in the index")));
    }

    // The report uses the similarity set in Settings: at 50% the corpus's items group, at 100% none do.
    void nearDuplicatesReportFollowsTheSetting()
    {
        std::unique_ptr<session::LibrarySession> session;
        openSession(session, nullptr);
        if (QTest::currentTestFailed())
            return;
        ui::MaintenancePage page(session.get());
        auto *find = child<QPushButton>(page, "nearDuplicatesButton");
        auto *report = child<QPlainTextEdit>(page, "checkReportView");
        for (const int percent : {50, 100}) {
            {
                QSettings store;
                auto saved = settings::load(store);
                saved.nearDuplicatePercent = percent;
                settings::save(saved, store);
            }
            report->clear();
            QTRY_VERIFY_WITH_TIMEOUT(find->isEnabled(), kTimeout);
            QTest::mouseClick(find, Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(!report->toPlainText().isEmpty(), kTimeout);
            const QString text = report->toPlainText();
            QVERIFY2(
                text.contains(QStringLiteral("(similarity at least %1)").arg(percent / 100.0, 0, 'f', 2)),
                qPrintable(text));
            if (percent == 50)
                QVERIFY2(text.contains(QDir::toNativeSeparators(corpus_->root)), qPrintable(text));
            else
                QVERIFY2(text.startsWith(QStringLiteral("0 group")), qPrintable(text));
        }
    }

    void failedFilesListBrokenPdf()
    {
        std::unique_ptr<session::LibrarySession> session;
        openSession(session, nullptr);
        if (QTest::currentTestFailed())
            return;
        ui::MaintenancePage page(session.get());
        auto *failed = child<QTableView>(page, "failedFilesView");
        QTRY_VERIFY_WITH_TIMEOUT(failed->model()->rowCount() > 0, kTimeout);
        int row = -1;
        for (int r = 0; r < failed->model()->rowCount(); ++r)
            if (failed->model()
                    ->index(r, ui::FailedFilesModel::PathColumn)
                    .data()
                    .toString()
                    .endsWith(QStringLiteral("broken.pdf")))
                row = r;
        QVERIFY(row >= 0);
        QVERIFY(!failed->model()->index(row, ui::FailedFilesModel::ReasonColumn).data().toString().isEmpty());
    }

    void itemModelsPassTheTester()
    {
        std::vector<store::CollectionInfo> collections;
        std::vector<store::DocumentRecord> documents, failedDocuments;
        std::vector<store::SpaceInfo> spaces;
        {
            auto lib = library::Library::open(libraryDir_.toStdString()).value();
            auto reader = lib->openReader().value();
            collections = reader->collections().value();
            documents = reader->documents().value();
            failedDocuments = reader->failedDocuments().value();
            spaces = reader->spaces().value();
        }
        QVERIFY(!collections.empty() && !documents.empty() && !failedDocuments.empty() && !spaces.empty());
        const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;

        ui::CollectionsModel collectionsModel;
        QAbstractItemModelTester t1(&collectionsModel, mode);
        collectionsModel.setCollections(collections);
        QCOMPARE(collectionsModel.rowCount(), int(collections.size()));

        ui::DocumentsModel documentsModel;
        QAbstractItemModelTester t2(&documentsModel, mode);
        documentsModel.setDocuments(documents);
        QCOMPARE(documentsModel.rowCount(), int(documents.size()));

        ui::SpacesModel spacesModel;
        QAbstractItemModelTester t3(&spacesModel, mode);
        spacesModel.setSpaces(spaces);
        spacesModel.setConfigured(spaces.front().identity);
        QCOMPARE(spacesModel.index(0, ui::SpacesModel::CompatibilityColumn)
                     .data(ui::SpacesModel::CompatibilityRole)
                     .toInt(),
                 int(ui::SpacesModel::Compatible));
        spacesModel.setConfigured(std::nullopt);

        ui::FailedFilesModel failedModel;
        QAbstractItemModelTester t4(&failedModel, mode);
        failedModel.setDocuments(failedDocuments);
        QCOMPARE(failedModel.rowCount(), int(failedDocuments.size()));
    }

    // Last: it moves the test library to tiny-b.
    void migrateToTheLoadedModel()
    {
        std::unique_ptr<session::LibrarySession> session;
        openSession(session, CORTEX_TINY_B_DIR);
        if (QTest::currentTestFailed())
            return;
        ui::MaintenancePage page(session.get());
        auto *spaces = child<QTableView>(page, "spacesView");
        auto *migrate = child<QPushButton>(page, "migrateButton");
        QTRY_VERIFY_WITH_TIMEOUT(migrate->isEnabled(), kTimeout);
        QTest::mouseClick(migrate, Qt::LeftButton);
        QVERIFY(child<QWidget>(page, "maintenanceProgress")->isVisibleTo(&page));
        QVERIFY(!migrate->isEnabled());
        auto *status = child<QLabel>(page, "maintenanceStatusLabel");
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("now uses")), 120000);
        // The active space is tiny-b's now.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int r = 0; r < spaces->model()->rowCount(); ++r)
                    if (spaces->model()->index(r, ui::SpacesModel::StateColumn).data().toString() ==
                        QStringLiteral("active"))
                        return spaces->model()
                                   ->index(r, ui::SpacesModel::CompatibilityColumn)
                                   .data()
                                   .toString() == QStringLiteral("compatible");
                return false;
            }(),
            kTimeout);
        QVERIFY(!migrate->isEnabled());
    }
};

QTEST_MAIN(TestCollectionsMaintenance)
#include "test_collections_maintenance.moc"
