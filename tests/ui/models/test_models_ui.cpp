// Getting the models in the GUI: the first-run banner, the models found on disk in the Settings tab, and
// a download from a local fake Hub with its progress, all found by objectName under offscreen.

#include <QApplication>
#include <QTest>

#include "hub/fake_hub.h"
#include "hub/hub_cache.h"
#include "session/model_download_job.h"
#include "ui/shell/app_controller.h"
#include "ui/shell/found_models_model.h"
#include "ui/shell/main_window.h"
#include "ui/shell/models_panel.h"
#include "ui/shell/settings_page.h"
#include "ui/window_fixture.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>

#include <memory>

using namespace cortex;
using testing::FakeHub;
using testing::find;

namespace {

constexpr int kTimeout = 60000;
const QString kCommit = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
const QString kRepo = QStringLiteral("Qwen/Qwen3-VL-Embedding-2B");

QMap<QString, FakeHub::File> tinyModelFiles()
{
    return FakeHub::filesOf(QStringLiteral(CORTEX_TINY_A_DIR));
}

// A snapshot of the tiny model in a hub cache, laid out as huggingface_hub does (blobs + relative links).
QString putInHubCache(const QString &cache)
{
    const hub::RepoPaths paths = hub::repoPaths(cache, kRepo);
    const QString snapshot = paths.snapshotDir(kCommit);
    QDir().mkpath(snapshot);
    QDir().mkpath(paths.repoDir + QStringLiteral("/blobs"));
    const auto files = tinyModelFiles();
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        const QString etag = it->lfs ? FakeHub::sha256Hex(it->content) : FakeHub::gitBlobSha1(it->content);
        QFile blob(paths.blob(etag));
        if (!blob.open(QIODevice::WriteOnly) || blob.write(it->content) != it->content.size())
            qFatal("cannot write %s", qPrintable(blob.fileName()));
        QFile::link(QStringLiteral("../../blobs/") + etag, snapshot + QLatin1Char('/') + it.key());
    }
    QDir().mkpath(paths.repoDir + QStringLiteral("/refs"));
    QFile ref(paths.ref(QStringLiteral("main")));
    if (!ref.open(QIODevice::WriteOnly) || ref.write(kCommit.toLatin1()) != kCommit.size())
        qFatal("cannot write the ref");
    return snapshot;
}

} // namespace

class ModelsUiTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir config_;
    std::unique_ptr<QTemporaryDir> work_;

    void writeSettings(const QString &embeddingDir = {})
    {
        settings::Settings s;
        s.device = QStringLiteral("cpu");
        s.maxPixels = 65536;
        s.embeddingModelDir = embeddingDir;
        s.libraryDir = work_->path() + QStringLiteral("/library");
        testing::replaceSettings(s);
    }

    QString cacheDir() const { return work_->path() + QStringLiteral("/hf-cache"); }

    // The tiny model as the official 2B repository on a fake Hub that HF_ENDPOINT points at; slowed a
    // little so that the progress is seen.
    static bool serveTinyModel(FakeHub &hub)
    {
        hub.addRepo(kRepo, QStringLiteral("main"), kCommit, tinyModelFiles());
        hub.setChunkDelayMs(5);
        if (!hub.start())
            return false;
        qputenv("HF_ENDPOINT", hub.endpoint().toUtf8());
        return true;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(config_.isValid());
        testing::isolateWindowSettings(config_.path(), QStringLiteral("CortexModelsTest"),
                                       {"QWEN3_VL_ENABLED", "QWEN3_VL_MODEL_SIZE"});
    }

    void init()
    {
        work_ = std::make_unique<QTemporaryDir>();
        QVERIFY(work_->isValid());
        qputenv("HF_HUB_CACHE", cacheDir().toUtf8());
        qputenv("HF_ENDPOINT", "http://127.0.0.1:9");
        writeSettings();
    }

    // No model anywhere: the banner says so in one sentence and names the recommended model.
    void firstRunBannerOffersTheRecommendedModel()
    {
        ui::AppController controller;
        ui::MainWindow window(&controller);
        window.show();
        controller.start();
        auto *banner = find<QWidget>(&window, "firstRunBanner");
        auto *label = find<QLabel>(&window, "firstRunLabel");
        QTRY_VERIFY_WITH_TIMEOUT(controller.gpu().has_value(), kTimeout);
        QVERIFY(banner->isVisible());
        QVERIFY2(label->text().contains(kRepo), qPrintable(label->text()));
        QVERIFY(find<QPushButton>(&window, "firstRunDownloadButton")->text().contains(kRepo));

        // Choosing a folder instead: a folder dialog opens; the folder chosen there becomes the
        // embedding model, it loads, and the banner goes.
        find<QPushButton>(&window, "firstRunChooseButton")->click();
        QFileDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<QFileDialog *>(QStringLiteral("chooseModelFolderDialog"))));
        QCOMPARE(dialog->fileMode(), QFileDialog::Directory);
        emit dialog->fileSelected(QStringLiteral(CORTEX_TINY_A_DIR)); // what accepting the folder emits
        dialog->close();
        QCOMPARE(controller.storedSettings().embeddingModelDir, QStringLiteral(CORTEX_TINY_A_DIR));
        QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), kTimeout);
    }

    // A complete model in the Hugging Face cache is used on the first run without asking.
    void modelInTheCacheIsAdopted()
    {
        const QString snapshot = putInHubCache(cacheDir());
        ui::AppController controller;
        QSignalSpy messages(&controller, &ui::AppController::statusMessage);
        controller.start();
        QTRY_COMPARE_WITH_TIMEOUT(controller.storedSettings().embeddingModelDir, snapshot, kTimeout);
        QVERIFY(!controller.embeddingModelMissing());
        bool announced = false;
        for (const auto &m : messages)
            announced = announced || m.at(0).toString().contains(snapshot);
        QVERIFY2(announced, "the status bar does not say which model was taken");
        QTRY_VERIFY_WITH_TIMEOUT(controller.modelStatusText().isEmpty(), kTimeout); // it loads
    }

    // The Settings tab lists what is on disk (complete or not) and puts the chosen one into the editor.
    void settingsListFoundModels()
    {
        const QString snapshot = putInHubCache(cacheDir());
        ui::AppController controller;
        ui::SettingsPage page(&controller);
        auto *panel = find<ui::ModelsPanel>(&page, "modelsPanel");
        QAbstractItemModelTester tester(panel->foundModels(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE_WITH_TIMEOUT(panel->foundModels()->rowCount(), 1, kTimeout);
        const hub::FoundModel *found = panel->foundModels()->at(0);
        QCOMPARE(found->path, snapshot);
        QVERIFY(found->complete);

        auto *view = find<QTableView>(&page, "foundModelsView");
        auto *use = find<QPushButton>(&page, "useFoundModelButton");
        QVERIFY(!use->isEnabled()); // nothing selected
        view->selectRow(0);
        QVERIFY(use->isEnabled());
        use->click();
        QCOMPARE(find<QLineEdit>(&page, "embeddingModelDirEdit")->text(), snapshot);

        // A shard deleted from the cache: listed as incomplete, and not offered for use.
        QFile::remove(
            hub::repoPaths(cacheDir(), kRepo).repoDir + QStringLiteral("/blobs/") +
            QFileInfo(QFileInfo(snapshot + QStringLiteral("/model.safetensors")).symLinkTarget()).fileName());
        QSignalSpy refreshed(panel, &ui::ModelsPanel::refreshed);
        find<QPushButton>(&page, "refreshModelsButton")->click();
        // The answer may come before click() returns (a search that finished at once is delivered directly).
        QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), kTimeout);
        QVERIFY(!panel->foundModels()->at(0)->complete);
        QVERIFY(panel->foundModels()->at(0)->missingFiles.contains(QStringLiteral("model.safetensors")));
        view->selectRow(0);
        QVERIFY(!use->isEnabled());
    }

    // Download from the (fake) Hub in the Settings tab: progress shows, the model lands in the cache,
    // becomes the configured embedding model (none was), and appears in the list as complete.
    void downloadFromTheSettingsTab()
    {
        FakeHub hub;
        QVERIFY(serveTinyModel(hub));

        ui::AppController controller;
        ui::SettingsPage page(&controller);
        auto *panel = find<ui::ModelsPanel>(&page, "modelsPanel");
        auto *combo = find<QComboBox>(&page, "downloadRepoCombo");
        auto *bar = find<QProgressBar>(&page, "downloadProgressBar");
        auto *cancel = find<QPushButton>(&page, "cancelDownloadButton");
        QVERIFY(!cancel->isEnabled());
        combo->setCurrentText(kRepo);
        QSignalSpy finished(controller.modelDownload(), &session::ModelDownloadJob::finished);
        QSignalSpy progressed(controller.modelDownload(), &session::ModelDownloadJob::progressed);
        find<QPushButton>(&page, "downloadModelButton")->click();
        QVERIFY(!bar->isHidden());
        QVERIFY(cancel->isEnabled());
        QVERIFY(finished.wait(kTimeout));
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
        QVERIFY(!progressed.isEmpty());

        const QString snapshot = hub::repoPaths(cacheDir(), kRepo).snapshotDir(kCommit);
        QCOMPARE(finished.at(0).at(2).toString(), snapshot);
        QVERIFY(hub::missingModelFiles(snapshot).isEmpty());
        QCOMPARE(controller.storedSettings().embeddingModelDir, snapshot);
        QTRY_COMPARE_WITH_TIMEOUT(panel->foundModels()->rowCount(), 1, kTimeout);
        QVERIFY(panel->foundModels()->at(0)->complete);
        QVERIFY(bar->isHidden());
        QVERIFY(find<QLabel>(&page, "downloadStatusLabel")->text().contains(kRepo));
    }

    // The first run's one click: the banner downloads the recommended model with its progress, the model
    // becomes the configured one and loads, and the banner goes.
    void firstRunBannerDownloadsAndLoadsTheModel()
    {
        FakeHub hub;
        QVERIFY(serveTinyModel(hub));

        ui::AppController controller;
        ui::MainWindow window(&controller);
        window.show();
        controller.start();
        auto *banner = find<QWidget>(&window, "firstRunBanner");
        QTRY_VERIFY_WITH_TIMEOUT(controller.gpu().has_value(), kTimeout);
        QVERIFY(banner->isVisible());
        QSignalSpy finished(controller.modelDownload(), &session::ModelDownloadJob::finished);
        find<QPushButton>(&window, "firstRunDownloadButton")->click();
        QVERIFY(find<QProgressBar>(&window, "firstRunProgressBar")->isVisible());
        QVERIFY(find<QPushButton>(&window, "firstRunCancelButton")->isVisible());
        QVERIFY(finished.wait(kTimeout));
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
        QCOMPARE(controller.storedSettings().embeddingModelDir,
                 hub::repoPaths(cacheDir(), kRepo).snapshotDir(kCommit));
        QTRY_VERIFY_WITH_TIMEOUT(controller.session()->hasEmbeddingModel(), kTimeout);
        QVERIFY(!banner->isVisible());
    }

    // A failed download names the reason where the user started it; nothing is configured.
    void unknownRepositoryIsReported()
    {
        FakeHub hub;
        QVERIFY(hub.start());
        qputenv("HF_ENDPOINT", hub.endpoint().toUtf8());
        ui::AppController controller;
        ui::SettingsPage page(&controller);
        find<QComboBox>(&page, "downloadRepoCombo")->setCurrentText(QStringLiteral("Someone/NoSuchModel"));
        QSignalSpy finished(controller.modelDownload(), &session::ModelDownloadJob::finished);
        find<QPushButton>(&page, "downloadModelButton")->click();
        QVERIFY(finished.wait(kTimeout));
        QVERIFY(!finished.at(0).at(0).toBool());
        const QString text = find<QLabel>(&page, "downloadStatusLabel")->text();
        QVERIFY2(text.contains(QStringLiteral("Someone/NoSuchModel")) &&
                     text.contains(QStringLiteral("not found")),
                 qPrintable(text));
        QVERIFY(controller.storedSettings().embeddingModelDir.isEmpty());
    }
};

QTEST_MAIN(ModelsUiTest)
#include "test_models_ui.moc"
