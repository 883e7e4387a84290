// The application shell under the offscreen platform, widgets found by objectName.

#include <QApplication>
#include <QTest>

#include "application/watched_folders.h"
#include "embedding/encoder.h"
#include "model/nn/cpu_features.h"
#include "session/library_session.h"
#include "ui/shell/app_controller.h"
#include "ui/shell/main_window.h"
#include "ui/shell/model_sidebar.h"
#include "ui/shell/settings_page.h"
#include "ui/window_fixture.h"
#if __has_include("ui/search/search_page.h")
#include "ui/search/search_page.h"
#endif

#include <QAbstractButton>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QGroupBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMultiMap>
#include <QPainter>
#include <QPdfWriter>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>

#include <memory>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

using namespace cortex;
using ui::MainWindow;

namespace {

constexpr int kTimeout = 30000;

const char *const kVariables[] = {"QWEN3_VL_ENABLED",
                                  "QWEN3_VL_MODEL_SIZE",
                                  "QWEN3_VL_MRL_DIM",
                                  "QWEN3_VL_RERANKER_ENABLED",
                                  "QWEN3_VL_RERANKER_SIZE",
                                  "QWEN3_VL_RERANKER_TOP_K",
                                  "QWEN3_VL_RERANKER_CANDIDATES",
                                  "QWEN3_VL_EMBED_BATCH_SIZE",
                                  "QWEN3_VL_RERANK_BATCH_SIZE"};

template <typename T> T *find(QObject *root, const char *name)
{
    auto *w = root->findChild<T *>(QLatin1String(name));
    if (!w)
        qFatal("no %s named %s", T::staticMetaObject.className(), name);
    return w;
}

// Unsets a variable when the test ends, however it ends.
struct EnvGuard {
    const char *name;
    EnvGuard(const char *n, const QByteArray &value) : name(n) { qputenv(n, value); }
    ~EnvGuard() { qunsetenv(name); }
};

} // namespace

class ShellTest : public QObject {
    Q_OBJECT
private:
    QTemporaryDir config_;
    std::unique_ptr<QTemporaryDir> library_;

    // What a test starts from: the tiny model's engine options and a fresh library.
    void writeSettings(const QString &embeddingDir = {}, const QString &rerankerDir = {},
                       const QString &dtype = QStringLiteral("auto"))
    {
        settings::Settings s;
        s.dtype = dtype;
        s.device = QStringLiteral("cpu");
        s.maxPixels = 65536; // the tiny model's fixture limit
        s.embedBatchSize = 4;
        s.rerankBatchSize = 4;
        s.embeddingModelDir = embeddingDir;
        s.rerankerModelDir = rerankerDir;
        s.libraryDir = library_->path() + QStringLiteral("/library");
        QSettings store;
        store.clear();
        settings::save(s, store);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(config_.isValid());
        Q_INIT_RESOURCE(icons); // cortex_ui is static: its resources need the explicit initialiser
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, config_.path());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, config_.path());
        QCoreApplication::setOrganizationName(QStringLiteral("CortexTest"));
        QCoreApplication::setApplicationName(QStringLiteral("CortexShellTest"));
        for (const char *v : kVariables)
            qunsetenv(v);
    }

    void init()
    {
        library_ = std::make_unique<QTemporaryDir>();
        QVERIFY(library_->isValid());
        writeSettings();
    }

    void settingsPersist()
    {
        {
            ui::AppController controller;
            ui::SettingsPage page(&controller);
            auto *topK = find<QSpinBox>(&page, "rerankerTopKSpin");
            auto *apply = find<QPushButton>(&page, "settingsApplyButton");
            QCOMPARE(topK->value(), 5);
            QVERIFY(topK->isEnabled());
            QVERIFY(!apply->isEnabled()); // nothing changed yet
            topK->setValue(9);
            QVERIFY(apply->isEnabled());
            QTest::mouseClick(apply, Qt::LeftButton);
            QCOMPARE(controller.settings().rerankerTopK, 9);
            QVERIFY(!apply->isEnabled());
        }
        ui::AppController reread;
        QCOMPARE(reread.settings().rerankerTopK, 9);
        QCOMPARE(reread.storedSettings().rerankerTopK, 9);
    }

    void revertShowsStoredValues()
    {
        ui::AppController controller;
        ui::SettingsPage page(&controller);
        auto *edit = find<QLineEdit>(&page, "embeddingModelDirEdit");
        edit->setText(QStringLiteral("/somewhere/else"));
        QTest::mouseClick(find<QPushButton>(&page, "settingsRevertButton"), Qt::LeftButton);
        QVERIFY(edit->text().isEmpty());
        QCOMPARE(controller.storedSettings().embeddingModelDir, QString());
    }

    void environmentOverrides()
    {
        {
            QSettings store;
            store.setValue(QStringLiteral("reranker/topK"), 9);
        }
        EnvGuard env("QWEN3_VL_RERANKER_TOP_K", "3");
        ui::AppController controller;
        QCOMPARE(controller.settings().rerankerTopK, 3);
        QCOMPARE(controller.storedSettings().rerankerTopK, 9);
        QVERIFY(controller.overriddenKeys().contains(QStringLiteral("QWEN3_VL_RERANKER_TOP_K")));

        ui::SettingsPage page(&controller);
        auto *topK = find<QSpinBox>(&page, "rerankerTopKSpin");
        auto *note = find<QLabel>(&page, "rerankerTopKOverrideLabel");
        QVERIFY(!topK->isEnabled());
        QCOMPARE(topK->value(), 3);
        QVERIFY(!note->isHidden());
        QVERIFY2(note->text().contains(QStringLiteral("QWEN3_VL_RERANKER_TOP_K")), qPrintable(note->text()));
        QVERIFY(find<QLabel>(&page, "rerankerCandidatesOverrideLabel")->isHidden());
        QVERIFY(find<QSpinBox>(&page, "rerankerCandidatesSpin")->isEnabled());

        // Applying another change keeps the stored top-K: the environment's value is not saved.
        find<QSpinBox>(&page, "rerankerCandidatesSpin")->setValue(40);
        QTest::mouseClick(find<QPushButton>(&page, "settingsApplyButton"), Qt::LeftButton);
        QSettings store;
        QCOMPARE(store.value(QStringLiteral("reranker/topK")).toInt(), 9);
        QCOMPARE(store.value(QStringLiteral("reranker/candidates")).toInt(), 40);
        QCOMPARE(controller.settings().rerankerTopK, 3);

        // The sidebar's top-K follows the environment too and cannot be edited.
        ui::ModelSidebar sidebar(&controller);
        QCOMPARE(find<QSpinBox>(&sidebar, "topKSpin")->value(), 3);
        QVERIFY(!find<QSpinBox>(&sidebar, "topKSpin")->isEnabled());
        QCOMPARE(find<QSpinBox>(&sidebar, "candidatesSpin")->value(), 40);
    }

    void mainWindowTabsAndLastTab()
    {
        ui::AppController controller;
        {
            MainWindow window(&controller);
            QCOMPARE(window.objectName(), QStringLiteral("mainWindow"));
            auto *tabs = find<QTabWidget>(&window, "mainTabs");
            QCOMPARE(tabs->count(), 5);
            const QStringList expected{QStringLiteral("Ingest"), QStringLiteral("Search"),
                                       QStringLiteral("Collections"), QStringLiteral("Settings"),
                                       QStringLiteral("Maintenance")};
            for (int i = 0; i < tabs->count(); ++i)
                QCOMPARE(tabs->tabText(i).remove(QLatin1Char('&')), expected[i]);
            QVERIFY(window.findChild<QWidget *>(QStringLiteral("statusBar")));
            QVERIFY(window.findChild<QWidget *>(QStringLiteral("settingsPage")));
            window.resize(1100, 700); // wide enough for the sidebar (see smallWindowKeepsControlsReadable)
            tabs->setCurrentIndex(MainWindow::CollectionsTab);
            QVERIFY(window.sidebar()->isHidden()); // only beside Ingest and Search
            tabs->setCurrentIndex(MainWindow::IngestTab);
            QVERIFY(!window.sidebar()->isHidden());
            tabs->setCurrentIndex(MainWindow::MaintenanceTab);
            window.show();
            window.resize(1100, 700);
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.close(); // saves the geometry
        }
        MainWindow again(&controller);
        QCOMPARE(find<QTabWidget>(&again, "mainTabs")->currentIndex(), int(MainWindow::MaintenanceTab));
        QCOMPARE(again.size(), QSize(1100, 700));
    }

    // Alt+letter reaches one thing on each tab: the menu bar's menus, the tab titles, the sidebar and
    // the page's own buttons, labels and group boxes never share an access key.
    void accessKeysAreUniquePerTab()
    {
        ui::AppController controller;
        MainWindow window(&controller);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QStringList clashes;
        for (int tab = 0; tab < window.tabs()->count(); ++tab) {
            window.tabs()->setCurrentIndex(tab);
            QCoreApplication::processEvents();
            const auto check = [&] {
                for (const QString &clash : testing::accessKeyClashes(&window))
                    clashes << window.tabs()->tabText(tab) + QLatin1Char(' ') + clash;
            };
            check();
            // A tab's own tabs (the Ingest tab's Jobs and Watched Folders) show one page at a time: each.
            for (QTabWidget *inner : window.tabs()->widget(tab)->findChildren<QTabWidget *>()) {
                if (!inner->isVisibleTo(&window))
                    continue;
                const int shown = inner->currentIndex();
                for (int page = 0; page < inner->count(); ++page) {
                    inner->setCurrentIndex(page);
                    QCoreApplication::processEvents();
                    check();
                }
                inner->setCurrentIndex(shown);
            }
        }
        clashes.removeDuplicates();
        QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(QStringLiteral("\n"))));
    }

    // A library folder held by another process: the banner says so with the pid (the path once), Search
    // says why it cannot run, and Retry opens it once the other process let go.
    void libraryInUseIsExplainedAndRetried()
    {
        const QString dir = library_->path() + QStringLiteral("/library");
        QVERIFY(QDir().mkpath(dir));
        const QByteArray lockFile = QFile::encodeName(dir + QStringLiteral("/library.lock"));
        const int fd = ::open(lockFile.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        QVERIFY(fd >= 0);
        QCOMPARE(::flock(fd, LOCK_EX | LOCK_NB), 0); // another open file: Cortex's own flock fails on it
        QCOMPARE(::pwrite(fd, "4242", 4, 0), ssize_t(4));

        ui::AppController controller;
        MainWindow window(&controller);
        window.show();
        controller.start();
        auto *banner = find<QWidget>(&window, "libraryProblemBanner");
        auto *label = find<QLabel>(&window, "libraryProblemLabel");
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kTimeout);
        QVERIFY2(label->text().contains(QStringLiteral("pid 4242")), qPrintable(label->text()));
        QCOMPARE(label->text().count(dir), 1);
        QVERIFY(controller.session()->notReadyReason().contains(QStringLiteral("pid 4242")));

        ::close(fd); // the other process is gone
        find<QPushButton>(&window, "libraryRetryButton")->click();
        QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), kTimeout);
        QVERIFY(controller.session()->isLibraryOpen());
    }

    // The window watches the library's folders by itself: a folder added is caught up in the background
    // and the status bar says a sync runs, then what it found.
    void statusBarFollowsTheWatchedFolders()
    {
        writeSettings(QStringLiteral(CORTEX_TINY_A_DIR));
        const QString folder = library_->path() + QStringLiteral("/notes");
        QVERIFY(QDir().mkpath(folder));
        {
            QFile f(folder + QStringLiteral("/note.txt"));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("A note the window finds by itself.\n");
            QVERIFY(f.flush()); // else closing writes it now, and it is "still being written"
            // Written a minute ago: stable already, so the catch-up takes it at once.
            QVERIFY(
                f.setFileTime(QDateTime::currentDateTime().addSecs(-60), QFileDevice::FileModificationTime));
        }
        ui::AppController controller;
        MainWindow window(&controller);
        window.show();
        controller.start();
        auto *session = controller.session();
        QTRY_VERIFY_WITH_TIMEOUT(session->isLibraryOpen() && session->hasEmbeddingModel(), kTimeout);
        auto *label = find<QLabel>(&window, "watchStatusLabel");
        QStringList shown; // every text of the status bar's line, as the window set it
        connect(session, &session::LibrarySession::watchActivityChanged, this, [&] {
            if (shown.isEmpty() || shown.last() != label->text())
                shown << label->text();
        });
        auto added = application::addWatchedFolder(*session, folder.toStdString(), {});
        QTRY_VERIFY_WITH_TIMEOUT(added.isFinished(), kTimeout);
        QVERIFY(added.result().ok());
        QTRY_VERIFY2_WITH_TIMEOUT(shown.filter(QStringLiteral("synced at")).size() >= 1,
                                  qPrintable(shown.join(QStringLiteral(" | "))), kTimeout);
        shown.removeAll(QString());
        const QString all = shown.join(QStringLiteral(" | "));
        QVERIFY2(shown.first().startsWith(QStringLiteral("Syncing 1 watched folder")), qPrintable(all));
        QVERIFY2(shown.last().contains(QStringLiteral("1 new")), qPrintable(all));
        QVERIFY(label->isVisible());
    }

    // Quitting during an ingestion asks; "Keep Working" keeps the window and the job; "Pause and Quit"
    // cancels the job (resumable) and the window closes only once it has stopped: no process is left
    // running without a window.
    void quitDuringAnIngestionAsks()
    {
        writeSettings(QStringLiteral(CORTEX_TINY_A_DIR));
        // One long PDF: the pause must take effect inside it, not after its last page.
        const QString folder = library_->path() + QStringLiteral("/manuals");
        QVERIFY(QDir().mkpath(folder));
        {
            QPdfWriter writer(folder + QStringLiteral("/manual.pdf"));
            writer.setResolution(72);
            QPainter painter(&writer);
            for (int i = 0; i < 150; ++i) {
                if (i)
                    writer.newPage();
                painter.drawText(
                    QRect(40, 40, 500, 700), Qt::TextWordWrap,
                    QStringLiteral("Page %1 about quitting while the library grows.").arg(i + 1));
            }
        }
        ui::AppController controller;
        MainWindow window(&controller);
        window.show();
        controller.start();
        QTRY_VERIFY_WITH_TIMEOUT(controller.session()->isLibraryOpen(), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(controller.session()->hasEmbeddingModel(), kTimeout);
        session::IngestJob *job = controller.session()->ingest({folder}, {});
        QTRY_VERIFY_WITH_TIMEOUT(job->lastProgress().currentPage >= 2, kTimeout);

        const auto dialog = [&] {
            return window.findChild<QMessageBox *>(QStringLiteral("quitDuringWorkDialog"));
        };
        window.close();
        QTRY_VERIFY(dialog() && dialog()->isVisible());
        QTest::mouseClick(find<QPushButton>(dialog(), "keepWorkingButton"), Qt::LeftButton);
        QTRY_VERIFY(!dialog());
        QVERIFY(window.isVisible());

        window.close();
        QTRY_VERIFY(dialog() && dialog()->isVisible());
        const bool runningAtPause = job->state() == session::IngestJob::State::Running;
        QTest::mouseClick(find<QPushButton>(dialog(), "pauseAndQuitButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), kTimeout);
        QVERIFY(job->state() != session::IngestJob::State::Running);
        qInfo("running when paused: %d, indexed %lld", int(runningAtPause),
              static_cast<long long>(job->summary().indexed));
        if (runningAtPause) {
            QCOMPARE(job->state(), session::IngestJob::State::Cancelled);
            QCOMPARE(job->summary().indexed, 0); // paused inside the PDF, resumable there
            QVERIFY(job->lastProgress().currentPage < 150);
        }
    }

    // A small window: never smaller than the minimum, the sidebar makes room for the page below the
    // threshold (F9 brings it back), and no button on any tab is narrower than its text needs.
    void smallWindowKeepsControlsReadable()
    {
        ui::AppController controller;
        MainWindow window(&controller);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resize(400, 300);
        QCOMPARE(window.minimumSize(), MainWindow::kMinimumWindowSize);
        window.resize(MainWindow::kMinimumWindowSize);
        window.tabs()->setCurrentIndex(MainWindow::IngestTab);
        QTRY_VERIFY(window.sidebar()->isHidden());
        QStringList cut;
        for (int tab = 0; tab < window.tabs()->count(); ++tab) {
            window.tabs()->setCurrentIndex(tab);
            QCoreApplication::processEvents();
            for (QAbstractButton *button : window.findChildren<QAbstractButton *>())
                if (button->isVisibleTo(&window) && !button->text().isEmpty() &&
                    button->width() < button->minimumSizeHint().width())
                    cut << QStringLiteral("%1: %2 (%3 < %4)")
                               .arg(window.tabs()->tabText(tab), button->text())
                               .arg(button->width())
                               .arg(button->minimumSizeHint().width());
        }
        QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QStringLiteral("\n"))));

        window.tabs()->setCurrentIndex(MainWindow::IngestTab);
        auto *toggle = window.findChild<QAction *>(QStringLiteral("toggleSidebarAction"));
        QVERIFY(toggle);
        QCOMPARE(toggle->shortcut(), QKeySequence(Qt::Key_F9));
        toggle->trigger(); // off: still hidden
        QVERIFY(window.sidebar()->isHidden());
        toggle->trigger(); // on, asked for: shown although the window is narrow
        QTRY_VERIFY(!window.sidebar()->isHidden());
        window.resize(1280, 800);
        QTRY_VERIFY(!window.sidebar()->isHidden());
    }

    void ctrlFShowsSearch()
    {
        ui::AppController controller;
        MainWindow window(&controller);
        auto *tabs = find<QTabWidget>(&window, "mainTabs");
        tabs->setCurrentIndex(MainWindow::SettingsTab);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QCOMPARE(tabs->currentIndex(), int(MainWindow::SearchTab));
    }

    void folderCheckShowsWhatIsInside()
    {
        ui::AppController controller;
        ui::SettingsPage page(&controller);
        auto *edit = find<QLineEdit>(&page, "embeddingModelDirEdit");
        auto *check = find<QPushButton>(&page, "embeddingModelDirCheckButton");
        auto *result = find<QLabel>(&page, "embeddingModelDirCheckLabel");
        edit->setText(QStringLiteral(CORTEX_TINY_A_DIR));
        QTest::mouseClick(check, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(QStringLiteral("Qwen3VLForConditionalGeneration")),
                                 kTimeout);
        QVERIFY2(result->text().contains(QStringLiteral("tiny-a")), qPrintable(result->text()));

        const QString missing = library_->path() + QStringLiteral("/not-a-model");
        edit->setText(missing);
        QTest::mouseClick(check, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(QStringLiteral("Not usable")), kTimeout);
        QVERIFY2(result->text().contains(QStringLiteral("not-a-model")), qPrintable(result->text()));
    }

    void ctrlOAddsFilesToIngest()
    {
        ui::AppController controller;
        MainWindow window(&controller);
        auto *tabs = find<QTabWidget>(&window, "mainTabs");
        tabs->setCurrentIndex(MainWindow::SearchTab);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_O, Qt::ControlModifier);
        QFileDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<QFileDialog *>(QStringLiteral("addFilesDialog"))),
                                 kTimeout);
        QVERIFY(dialog->isVisible());
        QCOMPARE(tabs->currentIndex(), int(MainWindow::SearchTab)); // nothing chosen yet
        emit dialog->filesSelected({library_->path() + QStringLiteral("/a.txt")});
        QCOMPARE(tabs->currentIndex(), int(MainWindow::IngestTab));
        dialog->close();
    }

    void ctrlVPastesAnImageOnTheSearchTab()
    {
        ui::AppController controller;
        MainWindow window(&controller);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        auto *query =
            window.page(MainWindow::SearchTab)->findChild<QLineEdit *>(QStringLiteral("searchQueryEdit"));
        if (!query)
            QSKIP("the Search page has no searchQueryEdit in this build");
        QTRY_VERIFY(query->hasFocus());
        QImage image(32, 24, QImage::Format_RGB32);
        image.fill(Qt::darkCyan);
        QGuiApplication::clipboard()->setImage(image);
        QTest::keyClick(query, Qt::Key_V, Qt::ControlModifier);
        QVERIFY(query->text().isEmpty()); // the image did not end up as text
#if __has_include("ui/search/search_page.h")
        QCOMPARE(static_cast<ui::SearchPage *>(window.page(MainWindow::SearchTab))->queryImage().size(),
                 image.size());
#endif
        // Text on the clipboard still pastes as text.
        QGuiApplication::clipboard()->setText(QStringLiteral("lighthouse"));
        QTest::keyClick(query, Qt::Key_V, Qt::ControlModifier);
        QCOMPARE(query->text(), QStringLiteral("lighthouse"));
    }

    void sidebarWithoutModels()
    {
        ui::AppController controller;
        ui::ModelSidebar sidebar(&controller);
        controller.start();
        auto *gpu = find<QLabel>(&sidebar, "gpuLabel");
        QTRY_VERIFY_WITH_TIMEOUT(controller.gpu().has_value(), kTimeout);
        if (controller.gpu()->available)
            QVERIFY2(gpu->text().contains(controller.gpu()->name), qPrintable(gpu->text()));
        else
            QVERIFY2(gpu->text().contains(QStringLiteral("CPU only")), qPrintable(gpu->text()));
        QVERIFY(find<QLabel>(&sidebar, "rerankerStatusLabel")->text().startsWith(QStringLiteral("Disabled")));
        QVERIFY(find<QPushButton>(&sidebar, "rerankerRetryButton")->isHidden());
        // No embedding model: one sentence that names the model to download.
        const QString model = controller.recommendedEmbeddingModel();
        QVERIFY(model.startsWith(QStringLiteral("Qwen/Qwen3-VL-Embedding-")));
        QTRY_VERIFY_WITH_TIMEOUT(controller.modelStatusText().contains(model), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(find<QLabel>(&sidebar, "embeddingModelLabel")->text().contains(model),
                                 kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(controller.session()->isLibraryOpen(), kTimeout);
    }

    void rerankerLoadsThenReady()
    {
        writeSettings(QStringLiteral(CORTEX_TINY_A_DIR), QStringLiteral(CORTEX_TINY_A_DIR));
        ui::AppController controller;
        ui::ModelSidebar sidebar(&controller);
        auto *status = find<QLabel>(&sidebar, "rerankerStatusLabel");
        auto *busy = find<QProgressBar>(&sidebar, "rerankerProgress");
        controller.start();
        QVERIFY2(status->text().startsWith(QStringLiteral("Loading")), qPrintable(status->text()));
        QVERIFY(!busy->isHidden());
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Ready"), kTimeout);
        QVERIFY(busy->isHidden());
        QTRY_VERIFY_WITH_TIMEOUT(controller.session()->hasEmbeddingModel(), kTimeout);
        const auto id = controller.session()->embeddingIdentity();
        QTRY_VERIFY_WITH_TIMEOUT(
            find<QLabel>(&sidebar, "embeddingModelLabel")->text().contains(QString::number(id.outputDim)),
            kTimeout);
        QVERIFY(controller.modelStatusText().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(controller.session()->isLibraryOpen(), kTimeout);
        QVERIFY(find<QLabel>(&sidebar, "spaceMismatchLabel")->isHidden());

        // The table's recommendation is advice, and what is loaded beyond it is said beside it: on a
        // CPU-only machine the line once read "No GPU: ... no reranker" next to a ready reranker.
        QTRY_VERIFY_WITH_TIMEOUT(controller.gpu().has_value(), kTimeout);
        const auto choice = controller.recommendedModels();
        auto *advice = find<QLabel>(&sidebar, "modelChoiceLabel");
        auto *note = find<QLabel>(&sidebar, "modelChoiceNoteLabel");
        QVERIFY2(advice->text().startsWith(QStringLiteral("Recommended")), qPrintable(advice->text()));
        if (choice.rerankerSize.isEmpty()) {
            QVERIFY2(advice->text().contains(QStringLiteral("no reranker")), qPrintable(advice->text()));
            QVERIFY(!note->isHidden());
            QVERIFY2(note->text().contains(QStringLiteral("reranker is configured and loaded")),
                     qPrintable(note->text()));
            if (!choice.onGpu)
                QVERIFY2(note->text().contains(QStringLiteral("CPU")), qPrintable(note->text()));
        } else {
            QCOMPARE(note->isHidden(), !choice.rerankerOnDemand);
        }
    }

    // The Precision setting reaches the loaded model, and the sidebar and the status bar say which
    // dtype runs and why (auto: bfloat16 where this CPU computes it natively, from its CPUID).
    void dtypeSettingIsShown_data()
    {
        QTest::addColumn<QString>("setting");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("reason");
        const auto cpu = model::chooseCpuDType(model::readCpuFeatures());
        QTest::newRow("auto") << QStringLiteral("auto")
                              << (cpu.bfloat16 ? QStringLiteral("bfloat16") : QStringLiteral("float32"))
                              << QString::fromStdString(cpu.reason);
        QTest::newRow("float32") << QStringLiteral("float32") << QStringLiteral("float32")
                                 << QStringLiteral("float32: requested");
        QTest::newRow("bfloat16") << QStringLiteral("bfloat16") << QStringLiteral("bfloat16")
                                  << QStringLiteral("bfloat16: requested");
    }

    void dtypeSettingIsShown()
    {
        QFETCH(QString, setting);
        QFETCH(QString, expected);
        QFETCH(QString, reason);
        writeSettings(QStringLiteral(CORTEX_TINY_A_DIR), {}, setting);
        ui::AppController controller;
        MainWindow window(&controller);
        controller.start();
        QTRY_VERIFY_WITH_TIMEOUT(controller.session()->hasEmbeddingModel(), kTimeout);
        const auto compute = controller.session()->embeddingCompute();
        QCOMPARE(QString::fromStdString(compute.dtype), expected);
        QCOMPARE(QString::fromStdString(compute.device), QStringLiteral("cpu"));
        QVERIFY2(QString::fromStdString(compute.reason).startsWith(reason), compute.reason.c_str());
        QCOMPARE(controller.session()->embeddingIdentity().dtype, expected.toStdString());

        auto *sidebarLabel = find<QLabel>(window.sidebar(), "embeddingComputeLabel");
        QTRY_VERIFY_WITH_TIMEOUT(!sidebarLabel->isHidden(), kTimeout);
        QCOMPARE(
            sidebarLabel->text(),
            QStringLiteral("Runs on: CPU, %1 (%2)").arg(expected, QString::fromStdString(compute.reason)));
        auto *status = find<QLabel>(&window, "computeStatusLabel");
        QCOMPARE(status->text(), QStringLiteral("CPU, %1").arg(expected));
        QCOMPARE(status->toolTip(), QString::fromStdString(compute.reason));
    }

    void sidebarUnloadsAndLoadsTheModels()
    {
        writeSettings(QStringLiteral(CORTEX_TINY_A_DIR), QStringLiteral(CORTEX_TINY_A_DIR));
        ui::AppController controller;
        ui::ModelSidebar sidebar(&controller);
        controller.start();
        auto *session = controller.session();
        auto *label = find<QLabel>(&sidebar, "embeddingModelLabel");
        auto *unload = find<QPushButton>(&sidebar, "embeddingUnloadButton");
        auto *load = find<QPushButton>(&sidebar, "embeddingLoadButton");
        QTRY_VERIFY_WITH_TIMEOUT(session->hasEmbeddingModel(), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(!unload->isHidden(), kTimeout);
        QVERIFY(load->isHidden());

        QTest::mouseClick(unload, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!session->hasEmbeddingModel(), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(!load->isHidden(), kTimeout);
        QVERIFY(unload->isHidden());
        QVERIFY2(label->text().startsWith(QStringLiteral("Unloaded")), qPrintable(label->text()));
        QTRY_VERIFY_WITH_TIMEOUT(session->isLibraryOpen(), kTimeout);
        search::Query q;
        q.text = "anything";
        auto answer = session->search(q);
        QTRY_VERIFY_WITH_TIMEOUT(answer.isFinished(), kTimeout);
        QVERIFY(!answer.result().ok()); // no silent reload: the search says no model is loaded

        QTest::mouseClick(load, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(session->hasEmbeddingModel(), kTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(load->isHidden() && !unload->isHidden(), kTimeout);
        QVERIFY(find<QLabel>(&sidebar, "embeddingUnloadErrorLabel")->isHidden());

        // The reranker: Unload while ready, Load after.
        auto *status = find<QLabel>(&sidebar, "rerankerStatusLabel");
        auto *unloadReranker = find<QPushButton>(&sidebar, "rerankerUnloadButton");
        auto *loadReranker = find<QPushButton>(&sidebar, "rerankerLoadButton");
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Ready"), kTimeout);
        QVERIFY(!unloadReranker->isHidden());
        QVERIFY(loadReranker->isHidden());
        QTest::mouseClick(unloadReranker, Qt::LeftButton);
        QVERIFY(session->rerankerStatus().state == search::RerankerState::Disabled);
        QVERIFY2(status->text().startsWith(QStringLiteral("Unloaded")), qPrintable(status->text()));
        QVERIFY(unloadReranker->isHidden());
        QVERIFY(!loadReranker->isHidden());
        QTest::mouseClick(loadReranker, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(status->text(), QStringLiteral("Ready"), kTimeout);
    }

    void sidebarSaysWhyUnloadIsRefused()
    {
        // A job that needs the model keeps it: the sidebar says why instead of unloading.
        const QString folder = library_->path() + QStringLiteral("/notes");
        for (int i = 0; i < 20; ++i) {
            QFile f(folder + QStringLiteral("/n%1.txt").arg(i));
            QVERIFY(QDir().mkpath(folder));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("Note about the lighthouse keeper's logbook.");
        }
        writeSettings(QStringLiteral(CORTEX_TINY_A_DIR));
        ui::AppController controller;
        ui::ModelSidebar sidebar(&controller);
        controller.start();
        auto *session = controller.session();
        QTRY_VERIFY_WITH_TIMEOUT(session->hasEmbeddingModel() && session->isLibraryOpen(), kTimeout);
        auto *unload = find<QPushButton>(&sidebar, "embeddingUnloadButton");
        QTRY_VERIFY_WITH_TIMEOUT(!unload->isHidden(), kTimeout);
        auto *job = session->ingest({folder}, ingest::IngestOptions{});
        QTest::mouseClick(unload, Qt::LeftButton);
        auto *error = find<QLabel>(&sidebar, "embeddingUnloadErrorLabel");
        QTRY_VERIFY_WITH_TIMEOUT(!error->isHidden(), kTimeout);
        QVERIFY2(error->text().contains(QStringLiteral("ingestion job")), qPrintable(error->text()));
        QVERIFY(session->hasEmbeddingModel());
        QTRY_VERIFY_WITH_TIMEOUT(job->state() == session::IngestJob::State::Finished, kTimeout);
    }

    void rerankerFailsWithReasonAndRetry()
    {
        const QString missing = library_->path() + QStringLiteral("/no-such-reranker");
        writeSettings({}, missing);
        ui::AppController controller;
        ui::ModelSidebar sidebar(&controller);
        controller.start();
        auto *status = find<QLabel>(&sidebar, "rerankerStatusLabel");
        auto *retry = find<QPushButton>(&sidebar, "rerankerRetryButton");
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("Failed")), kTimeout);
        QVERIFY2(status->text().contains(QStringLiteral("no-such-reranker")), qPrintable(status->text()));
        QVERIFY(!retry->isHidden());
        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("Failed")), kTimeout);
    }

    void limitsFromTheSidebarAreSaved()
    {
        ui::AppController controller;
        ui::ModelSidebar sidebar(&controller);
        find<QSpinBox>(&sidebar, "candidatesSpin")->setValue(33);
        find<QSpinBox>(&sidebar, "topKSpin")->setValue(7);
        QCOMPARE(controller.settings().rerankerCandidates, 33);
        // The manual override of the automatic model choice is a setting too.
        auto *size = find<QComboBox>(&sidebar, "sidebarModelSizeCombo");
        size->setCurrentIndex(size->findData(QStringLiteral("8B")));
        emit size->activated(size->currentIndex()); // what a user's choice emits
        QCOMPARE(controller.settings().modelSize, QStringLiteral("8B"));
        QCOMPARE(controller.recommendedEmbeddingModel(), QStringLiteral("Qwen/Qwen3-VL-Embedding-8B"));
        ui::AppController reread;
        QCOMPARE(reread.settings().rerankerCandidates, 33);
        QCOMPARE(reread.settings().rerankerTopK, 7);
        QCOMPARE(reread.settings().modelSize, QStringLiteral("8B"));
    }

    void libraryMadeWithAnotherModel()
    {
        // A library ingested with tiny-b, then opened with tiny-a loaded.
        const QString file = library_->path() + QStringLiteral("/note.txt");
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("A rare zebrafinch was observed near the old mill.");
        }
        writeSettings(QStringLiteral(CORTEX_TINY_B_DIR));
        {
            ui::AppController controller;
            MainWindow window(&controller);
            controller.start();
            QTRY_VERIFY_WITH_TIMEOUT(controller.session()->hasEmbeddingModel(), kTimeout);
            QTRY_VERIFY_WITH_TIMEOUT(controller.session()->isLibraryOpen(), kTimeout);
            auto *job = controller.session()->ingest({file}, ingest::IngestOptions{});
            auto *jobLabel = find<QLabel>(&window, "jobStatusLabel");
            QStringList shown; // what the status bar said while the job ran (the window updates first)
            connect(job, &session::IngestJob::progressed, this, [&] { shown << jobLabel->text(); });
            QTRY_VERIFY_WITH_TIMEOUT(job->state() == session::IngestJob::State::Finished, kTimeout);
            QCOMPARE(job->summary().indexed, int64_t(1));
            QVERIFY(jobLabel->text().isEmpty()); // no job runs any more
            QVERIFY(!shown.isEmpty());
            QVERIFY2(shown.constLast().startsWith(QStringLiteral("Ingesting")), qPrintable(shown.join(u'|')));
        }
        writeSettings(QStringLiteral(CORTEX_TINY_A_DIR));
        ui::AppController controller;
        MainWindow window(&controller);
        window.tabs()->setCurrentIndex(MainWindow::SearchTab);
        controller.start();
        auto *mismatch = find<QLabel>(window.sidebar(), "spaceMismatchLabel");
        QTRY_VERIFY_WITH_TIMEOUT(!mismatch->isHidden(), kTimeout);
        QVERIFY2(mismatch->text().contains(QStringLiteral("tiny-b")), qPrintable(mismatch->text()));
        auto *migrate = find<QPushButton>(window.sidebar(), "migrateButton");
        QVERIFY(!migrate->isHidden());
        QTest::mouseClick(migrate, Qt::LeftButton);
        QCOMPARE(window.tabs()->currentIndex(), int(MainWindow::MaintenanceTab));
    }
};

QTEST_MAIN(ShellTest)
#include "test_shell.moc"
