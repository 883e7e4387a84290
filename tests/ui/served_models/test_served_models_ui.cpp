// The window with models served by a (fake) vLLM server: the Settings tab's "On a server" with URL and
// token, Test connection showing the served model (or the error naming the server), Apply, the sidebar
// saying where the model is served, the token kept in a settings file only its owner can read, and a
// search answered through the server. Widgets found by objectName under the offscreen platform.

#include "remote/fake_vllm.h"
#include "remote/toy_model.h"

#include "session/library_session.h"
#include "ui/search/search_page.h"
#include "ui/search/search_results_model.h"
#include "ui/shell/app_controller.h"
#include "ui/shell/main_window.h"
#include "ui/window_fixture.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace cortex;
using cortex::testing::accessKeyClashes;
using cortex::testing::FakeVllm;
using cortex::testing::find;
using cortex::testing::ToyServer;

namespace {

constexpr int kTimeout = 60000;

} // namespace

class ServedModelsUiTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir config_;
    std::unique_ptr<QTemporaryDir> work_;

    void writeSettings()
    {
        // With a server, the model folder (the tiny model's) gives the tokenizer that cuts text for
        // ingestion.
        testing::replaceSettings(testing::tinyWindowSettings(work_->path()));
    }

    // Chooses "On a server" for the embedding model and types the server's URL and token.
    static void chooseServer(QWidget *window, const QString &url, const QString &token)
    {
        auto *location = find<QComboBox>(window, "embeddingLocationCombo");
        location->setCurrentIndex(location->findData(QStringLiteral("server")));
        find<QLineEdit>(window, "embeddingModelUrlEdit")->setText(url);
        find<QLineEdit>(window, "embeddingModelTokenEdit")->setText(token);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(config_.isValid());
        testing::isolateWindowSettings(config_.path(), QStringLiteral("CortexServedModelsTest"),
                                       {"QWEN3_VL_ENABLED", "CORTEX_MODEL_TOKEN", "CORTEX_RERANKER_TOKEN"});
    }

    void init()
    {
        work_ = std::make_unique<QTemporaryDir>();
        QVERIFY(work_->isValid());
        writeSettings();
    }

    void settingsPointTheWindowAtAServer()
    {
        FakeVllm server(ToyServer{1});
        QVERIFY(server.start());
        ui::AppController controller;
        ui::MainWindow window(&controller);
        window.resize(1280, 800);
        window.show();
        controller.start();
        auto *session = controller.session();
        QTRY_VERIFY_WITH_TIMEOUT(session->isLibraryOpen() && session->hasEmbeddingModel(), kTimeout);
        QVERIFY(session->embeddingModelServer().isEmpty()); // the folder's model, on this computer

        window.tabs()->setCurrentIndex(ui::MainWindow::SettingsTab);
        QVERIFY(!find<QLineEdit>(&window, "embeddingModelUrlEdit")->isVisible()); // "On this computer"
        chooseServer(&window, server.url(), QStringLiteral("s3cret"));
        auto *url = find<QLineEdit>(&window, "embeddingModelUrlEdit");
        QVERIFY(url->isVisible());
        QCOMPARE(find<QLineEdit>(&window, "embeddingModelTokenEdit")->echoMode(), QLineEdit::Password);
        // Both models on a server: every row visible, the access keys still unique on the tab.
        auto *rerankerLocation = find<QComboBox>(&window, "rerankerLocationCombo");
        rerankerLocation->setCurrentIndex(1);
        QCoreApplication::processEvents();
        const QStringList clashes = accessKeyClashes(&window);
        QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(u'\n')));
        // ... and no button of the server rows is cut in the smallest window.
        window.resize(ui::MainWindow::kMinimumWindowSize);
        QCoreApplication::processEvents();
        for (const char *name : {"embeddingTestConnectionButton", "rerankerTestConnectionButton"}) {
            auto *button = find<QPushButton>(&window, name);
            QVERIFY2(button->isVisibleTo(&window) && button->width() >= button->minimumSizeHint().width(),
                     name);
        }
        window.resize(1280, 800);
        rerankerLocation->setCurrentIndex(0);

        // Test connection: asked off the GUI thread; the served model's name, and the token sent.
        find<QPushButton>(&window, "embeddingTestConnectionButton")->click();
        auto *result = find<QLabel>(&window, "embeddingTestConnectionLabel");
        QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QStringLiteral("Connected")), kTimeout);
        QVERIFY2(result->text().contains(QString::fromLatin1(testing::kToyModel)),
                 qPrintable(result->text()));
        QCOMPARE(server.requests().back().path, QStringLiteral("/v1/models"));
        QCOMPARE(server.requests().back().authorization, QByteArray("Bearer s3cret"));

        // Apply: the session connects, and the sidebar says where the model is served.
        find<QPushButton>(&window, "settingsApplyButton")->click();
        QCOMPARE(controller.storedSettings().embeddingModelUrl, server.url());
        QTRY_COMPARE_WITH_TIMEOUT(session->embeddingModelServer(), server.url(), kTimeout);
        auto *sidebar = find<QLabel>(&window, "embeddingModelLabel");
        QTRY_VERIFY_WITH_TIMEOUT(sidebar->text().startsWith(QStringLiteral("Served by ") + server.url()),
                                 kTimeout);
        QVERIFY2(sidebar->text().contains(QString::fromLatin1(testing::kToyModel)),
                 qPrintable(sidebar->text()));

        // The token is in the settings file, which only its owner can read.
        const QString file = QSettings().fileName();
        QCOMPARE(QSettings().value(QStringLiteral("models/embeddingToken")).toString(),
                 QStringLiteral("s3cret"));
        const QFile::Permissions others =
            QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther;
        QVERIFY2(!(QFile::permissions(file) & others), qPrintable(file));

        // Ingested and searched through the server.
        const QString notes = work_->path() + QStringLiteral("/notes");
        QVERIFY(QDir().mkpath(notes));
        QFile note(notes + QStringLiteral("/lighthouse.txt"));
        QVERIFY(note.open(QIODevice::WriteOnly));
        note.write("The lighthouse keeper's logbook records every passing ship.");
        note.close();
        session::IngestJob *job = session->ingest({notes}, {});
        QTRY_VERIFY_WITH_TIMEOUT(job->state() == session::IngestJob::State::Finished ||
                                     job->state() == session::IngestJob::State::Failed,
                                 kTimeout);
        QVERIFY2(job->state() == session::IngestJob::State::Finished, qPrintable(job->error()));
        window.tabs()->setCurrentIndex(ui::MainWindow::SearchTab);
        auto *page = find<ui::SearchPage>(&window, "searchPage");
        find<QLineEdit>(page, "searchQueryEdit")->setText(QStringLiteral("lighthouse"));
        const auto requestsBefore = server.requests().size();
        QSignalSpy finished(page, &ui::SearchPage::searchFinished);
        find<QPushButton>(page, "searchButton")->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeout);
        QVERIFY2(page->resultsModel()->rowCount() > 0,
                 qPrintable(find<QLabel>(page, "searchStatusLabel")->text()));
        QVERIFY(server.requests().size() > requestsBefore); // the query went to the server
    }

    void badServerIsNamed()
    {
        FakeVllm server(ToyServer{1});
        QVERIFY(server.start());
        ui::AppController controller;
        ui::MainWindow window(&controller);
        window.show();
        controller.start();
        auto *session = controller.session();
        QTRY_VERIFY_WITH_TIMEOUT(session->isLibraryOpen() && session->hasEmbeddingModel(), kTimeout);
        window.tabs()->setCurrentIndex(ui::MainWindow::SettingsTab);

        // Test connection to a port nobody listens on: the error names the server.
        const QString nowhere = QStringLiteral("http://127.0.0.1:%1").arg(testing::closedPort());
        chooseServer(&window, nowhere, {});
        find<QPushButton>(&window, "embeddingTestConnectionButton")->click();
        auto *result = find<QLabel>(&window, "embeddingTestConnectionLabel");
        QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QStringLiteral("Failed")), kTimeout);
        QVERIFY2(result->text().contains(nowhere), qPrintable(result->text()));

        // Applied anyway: the sidebar says why, naming the server; the model loaded before stays.
        find<QPushButton>(&window, "settingsApplyButton")->click();
        auto *sidebar = find<QLabel>(&window, "embeddingStatusLabel");
        QTRY_VERIFY_WITH_TIMEOUT(controller.modelStatusText().contains(nowhere), kTimeout);
        QVERIFY(!sidebar->isHidden()); // the sidebar itself is beside Ingest and Search only
        QVERIFY2(sidebar->text().contains(nowhere), qPrintable(sidebar->text()));
        QVERIFY(session->hasEmbeddingModel());
        QVERIFY(session->embeddingModelServer().isEmpty());

        // "On a server" without a URL is not applied.
        find<QLineEdit>(&window, "embeddingModelUrlEdit")->clear();
        find<QPushButton>(&window, "settingsApplyButton")->click();
        QVERIFY(!find<QLabel>(&window, "settingsErrorLabel")->text().isEmpty());
    }
};

QTEST_MAIN(ServedModelsUiTest)
#include "test_served_models_ui.moc"
