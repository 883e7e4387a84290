#include "ui/shell/main_window.h"

#include "application/records.h"
#include "session/library_session.h"
#include "ui/common/format.h"
#include "ui/common/icons.h"
#include "ui/shell/app_controller.h"
#include "ui/shell/first_run_banner.h"
#include "ui/shell/library_problem_banner.h"
#include "ui/shell/model_sidebar.h"
#include "ui/shell/settings_page.h"

#include "ui/collections/collections_page.h"
#include "ui/ingest/ingest_page.h"
#include "ui/ingest/watch_activity_text.h"
#include "ui/maintenance/maintenance_page.h"
#include "ui/search/search_page.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QFileDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QResizeEvent>
#include <QScreen>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace cortex::ui {
namespace {

constexpr auto kGeometryKey = "mainWindow/geometry";
constexpr auto kSplitterKey = "mainWindow/splitter";
constexpr auto kTabKey = "mainWindow/tab";

bool isAncestor(const QWidget *ancestor, const QWidget *widget)
{
    for (; widget; widget = widget->parentWidget())
        if (widget == ancestor)
            return true;
    return false;
}

} // namespace

MainWindow::MainWindow(AppController *controller, QWidget *parent)
    : QMainWindow(parent), controller_(controller)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Cortex"));
    setWindowIcon(applicationIcon());

    tabs_ = new QTabWidget;
    tabs_->setObjectName(QStringLiteral("mainTabs"));
    tabs_->setDocumentMode(true);
    setMinimumSize(kMinimumWindowSize);
    sidebar_ = new ModelSidebar(controller_);

    // The sidebar sits beside the tabs and is shown only while Ingest or Search is current.
    splitter_ = new QSplitter(Qt::Horizontal);
    splitter_->setObjectName(QStringLiteral("mainSplitter"));
    splitter_->addWidget(tabs_);
    splitter_->addWidget(sidebar_);
    splitter_->setStretchFactor(0, 1);
    splitter_->setStretchFactor(1, 0);
    splitter_->setCollapsible(0, false);

    // First run: the banner above everything says that a model is needed and offers to download it.
    auto *banner = new FirstRunBanner(controller_);
    connect(banner, &FirstRunBanner::chooseFolderRequested, this, &MainWindow::chooseEmbeddingModelFolder);
    // A library that cannot be opened (in use by another process, damaged) is said above everything.
    auto *libraryBanner = new LibraryProblemBanner(controller_);
    connect(libraryBanner, &LibraryProblemBanner::settingsRequested, this, [this] { showTab(SettingsTab); });
    auto *central = new QWidget;
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->addWidget(libraryBanner);
    centralLayout->addWidget(banner);
    centralLayout->addWidget(splitter_, 1);
    setCentralWidget(central);

    statusBar()->setObjectName(QStringLiteral("statusBar"));
    jobLabel_ = new QLabel;
    jobLabel_->setObjectName(QStringLiteral("jobStatusLabel"));
    statusBar()->addPermanentWidget(jobLabel_);
    watchLabel_ = new QLabel;
    watchLabel_->setObjectName(QStringLiteral("watchStatusLabel"));
    // Stretches over the free space and never widens the window: a long result is elided by the bar.
    watchLabel_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    statusBar()->addPermanentWidget(watchLabel_, 1);
    computeLabel_ = new QLabel;
    computeLabel_->setObjectName(QStringLiteral("computeStatusLabel"));
    statusBar()->addPermanentWidget(computeLabel_);

    buildPages();
    buildActions();

    connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::onTabChanged);
    connect(sidebar_, &ModelSidebar::migrateRequested, this, [this] { showTab(MaintenanceTab); });
    connect(controller_, &AppController::statusMessage, this,
            [this](const QString &text) { statusBar()->showMessage(text, 15000); });
    connect(controller_, &AppController::settingsChanged, this, &MainWindow::applySearchLimits);
    connect(controller_->session(), &session::LibrarySession::jobAdded, this, &MainWindow::watchJob);
    connect(controller_->session(), &session::LibrarySession::embeddingModelChanged, this,
            &MainWindow::updateComputeStatus);
    connect(controller_->session(), &session::LibrarySession::watchActivityChanged, this, [this] {
        const QString text = watchActivityText(controller_->session()->watchActivity());
        watchLabel_->setText(text);
        watchLabel_->setVisible(!text.isEmpty());
    });
    watchLabel_->hide();
    for (auto *job : controller_->session()->jobs())
        watchJob(job);
    // Ctrl+V reaches a focused text field before any shortcut; see eventFilter().
    qApp->installEventFilter(this);

    restoreWindowState();
    applySearchLimits();
    updateJobStatus();
    updateComputeStatus();
}

MainWindow::~MainWindow()
{
    qApp->removeEventFilter(this);
}

void MainWindow::buildPages()
{
    auto *session = controller_->session();
    pages_[IngestTab] = new IngestPage(session);
    pages_[SearchTab] = new SearchPage(session);
    pages_[CollectionsTab] = new CollectionsPage(session);
    pages_[SettingsTab] = new SettingsPage(controller_);
    pages_[MaintenanceTab] = new MaintenancePage(session);

    tabs_->addTab(pages_[IngestTab], themedIcon(QStringLiteral("document-import")), tr("&Ingest"));
    tabs_->addTab(pages_[SearchTab], themedIcon(QStringLiteral("edit-find")), tr("&Search"));
    tabs_->addTab(pages_[CollectionsTab], themedIcon(QStringLiteral("folder")), tr("&Collections"));
    tabs_->addTab(pages_[SettingsTab], themedIcon(QStringLiteral("configure")), tr("Settin&gs"));
    tabs_->addTab(pages_[MaintenanceTab], themedIcon(QStringLiteral("database-index")), tr("&Maintenance"));
}

void MainWindow::buildActions()
{
    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    auto *addFiles = fileMenu->addAction(themedIcon(QStringLiteral("document-open")), tr("&Add Files…"), this,
                                         &MainWindow::chooseFiles);
    addFiles->setObjectName(QStringLiteral("addFilesAction"));
    addFiles->setShortcut(QKeySequence::Open);
    auto *addFolder = fileMenu->addAction(themedIcon(QStringLiteral("folder-open")), tr("Add F&older…"), this,
                                          &MainWindow::chooseFolder);
    addFolder->setObjectName(QStringLiteral("addFolderAction"));
    fileMenu->addSeparator();
    auto *quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto *editMenu = menuBar()->addMenu(tr("&Edit"));
    auto *find = editMenu->addAction(themedIcon(QStringLiteral("edit-find")), tr("&Find…"), this,
                                     &MainWindow::showSearch);
    find->setObjectName(QStringLiteral("findAction"));
    find->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
    auto *paste = editMenu->addAction(themedIcon(QStringLiteral("edit-paste")), tr("&Paste Image as Query"),
                                      this, &MainWindow::pasteImage);
    paste->setObjectName(QStringLiteral("pasteImageAction"));

    // Ctrl+V on the Search tab when no text field takes it: the clipboard's image becomes the query.
    auto *pasteShortcut = new QShortcut(QKeySequence::Paste, pages_[SearchTab], nullptr, nullptr,
                                        Qt::WidgetWithChildrenShortcut);
    pasteShortcut->setObjectName(QStringLiteral("pasteImageShortcut"));
    connect(pasteShortcut, &QShortcut::activated, this, &MainWindow::pasteImage);

    auto *viewMenu = menuBar()->addMenu(tr("&View"));
    sidebarAction_ = viewMenu->addAction(tr("S&idebar"));
    sidebarAction_->setObjectName(QStringLiteral("toggleSidebarAction"));
    sidebarAction_->setCheckable(true);
    sidebarAction_->setChecked(true);
    sidebarAction_->setShortcut(Qt::Key_F9);
    connect(sidebarAction_, &QAction::triggered, this, [this](bool on) {
        sidebarForced_ = on; // asked for by the user: shown even in a narrow window
        updateSidebarVisibility();
    });

    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Cortex"), this, [this] {
        QMessageBox::about(this, tr("About Cortex"),
                           tr("<b>Cortex</b> %1<br>Searches documents and images with Qwen3-VL embeddings "
                              "and a reranker, on this computer.")
                               .arg(QApplication::applicationVersion()));
    });
}

QWidget *MainWindow::page(Tab tab) const
{
    return tab >= 0 && tab < TabCount ? pages_[tab] : nullptr;
}

void MainWindow::showTab(Tab tab)
{
    tabs_->setCurrentIndex(tab);
}

void MainWindow::showSearch()
{
    showTab(SearchTab);
    static_cast<SearchPage *>(pages_[SearchTab])->focusQuery();
}

void MainWindow::pasteImage()
{
    showTab(SearchTab);
    static_cast<SearchPage *>(pages_[SearchTab])->pasteImageFromClipboard();
}

void MainWindow::chooseFiles()
{
    // open(), not exec(): no nested event loop; the dialog deletes itself.
    auto *dialog = new QFileDialog(this, tr("Add Files to the Library"));
    dialog->setObjectName(QStringLiteral("addFilesDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFiles);
    dialog->setNameFilters({tr("Documents and images (*.txt *.md *.pdf *.docx *.pptx *.odt *.png *.jpg "
                               "*.jpeg *.webp *.bmp *.gif *.svg)"),
                            tr("All files (*)")});
    connect(dialog, &QFileDialog::filesSelected, this, &MainWindow::addPaths);
    dialog->open();
}

void MainWindow::chooseFolder()
{
    auto *dialog = new QFileDialog(this, tr("Add a Folder to the Library"));
    dialog->setObjectName(QStringLiteral("addFolderDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    connect(dialog, &QFileDialog::filesSelected, this, &MainWindow::addPaths);
    dialog->open();
}

void MainWindow::addPaths(const QStringList &paths)
{
    if (paths.isEmpty())
        return;
    showTab(IngestTab);
    static_cast<IngestPage *>(pages_[IngestTab])->addPaths(paths);
}

void MainWindow::applySearchLimits()
{
    const auto &s = controller_->settings();
    static_cast<SearchPage *>(pages_[SearchTab])->setSearchLimits(s.rerankerCandidates, s.rerankerTopK);
}

void MainWindow::updateSidebarVisibility()
{
    // Beside Ingest and Search only, and only where the window leaves the page room enough: in a narrow
    // window the page takes the whole width (View > Sidebar, F9, brings it back).
    const int index = tabs_->currentIndex();
    const bool wide = width() >= kSidebarMinWindowWidth;
    const bool wanted = sidebarAction_->isChecked() && (wide || sidebarForced_);
    sidebar_->setVisible(wanted && (index == IngestTab || index == SearchTab));
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    if ((event->oldSize().width() >= kSidebarMinWindowWidth) != (width() >= kSidebarMinWindowWidth))
        sidebarForced_ = false; // crossing the threshold: back to the automatic choice
    updateSidebarVisibility();
}

void MainWindow::onTabChanged(int index)
{
    updateSidebarVisibility();
    if (!restoring_) {
        QSettings store;
        store.setValue(QLatin1String(kTabKey), index);
    }
}

void MainWindow::restoreWindowState()
{
    restoring_ = true;
    QSettings store;
    if (!restoreGeometry(store.value(QLatin1String(kGeometryKey)).toByteArray())) {
        // First start: 1280x800, or less on a small screen.
        QSize size(1280, 800);
        if (const auto *screen = QGuiApplication::primaryScreen())
            size = size.boundedTo(screen->availableSize() * 0.9);
        resize(size);
    }
    if (!splitter_->restoreState(store.value(QLatin1String(kSplitterKey)).toByteArray()))
        splitter_->setSizes({width() - 270, 270});
    const int tab = store.value(QLatin1String(kTabKey), int(SearchTab)).toInt();
    tabs_->setCurrentIndex(tab >= 0 && tab < TabCount ? tab : int(SearchTab));
    restoring_ = false;
    onTabChanged(tabs_->currentIndex());
}

void MainWindow::saveWindowState() const
{
    QSettings store;
    store.setValue(QLatin1String(kGeometryKey), saveGeometry());
    store.setValue(QLatin1String(kSplitterKey), splitter_->saveState());
    store.setValue(QLatin1String(kTabKey), tabs_->currentIndex());
}

QList<session::IngestJob *> MainWindow::activeJobs() const
{
    QList<session::IngestJob *> active;
    for (session::IngestJob *job : controller_->session()->jobs())
        if (job->state() == session::IngestJob::State::Queued ||
            job->state() == session::IngestJob::State::Running)
            active << job;
    return active;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Quitting while files are ingested asks first, and never leaves the process running without a
    // window: "Pause and Quit" cancels the jobs (they resume later where they stopped) and the window
    // stays, saying so, until they have stopped.
    const QList<session::IngestJob *> active = activeJobs();
    if (active.isEmpty()) {
        saveWindowState();
        QMainWindow::closeEvent(event);
        return;
    }
    event->ignore();
    if (pausingToQuit_)
        return; // already stopping: the window closes by itself
    auto *box =
        new QMessageBox(QMessageBox::Question, tr("Quit Cortex"),
                        tr("%n ingestion job(s) still running. Pause them and quit? They can be resumed "
                           "later from where they stopped.",
                           nullptr, int(active.size())),
                        QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("quitDuringWorkDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *pause = box->addButton(tr("&Pause and Quit"), QMessageBox::AcceptRole);
    pause->setObjectName(QStringLiteral("pauseAndQuitButton"));
    QPushButton *keep = box->addButton(tr("&Keep Working"), QMessageBox::RejectRole);
    keep->setObjectName(QStringLiteral("keepWorkingButton"));
    box->setDefaultButton(keep);
    connect(box, &QMessageBox::finished, this, [this, box, pause] {
        if (box->clickedButton() == pause)
            pauseAndQuit();
    });
    box->open();
}

void MainWindow::pauseAndQuit()
{
    pausingToQuit_ = true;
    const QList<session::IngestJob *> active = activeJobs();
    for (session::IngestJob *job : active) {
        job->cancel();
        connect(job, &session::IngestJob::stateChanged, this, [this] {
            if (activeJobs().isEmpty())
                close();
        });
    }
    statusBar()->showMessage(tr("Pausing: the current file is finished first, then Cortex quits…"));
    if (active.isEmpty())
        close();
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    // A focused QLineEdit takes Ctrl+V before any shortcut; let it paste text, but turn an image on the
    // clipboard into the query when the focus is anywhere on the Search tab.
    if (event->type() == QEvent::KeyPress && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Paste) &&
        tabs_->currentIndex() == SearchTab) {
        auto *widget = qobject_cast<QWidget *>(watched);
        if (widget && isAncestor(pages_[SearchTab], widget)) {
            const QMimeData *data = QGuiApplication::clipboard()->mimeData();
            if (data && data->hasImage() && !data->hasText()) {
                pasteImage();
                return true;
            }
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::watchJob(session::IngestJob *job)
{
    connect(job, &session::IngestJob::progressed, this, &MainWindow::updateJobStatus);
    connect(job, &session::IngestJob::stateChanged, this, &MainWindow::updateJobStatus);
    connect(job, &session::IngestJob::finished, this, [this](const ingest::IngestSummary &summary) {
        QString text = summary.cancelled
                           ? tr("Ingestion stopped: %n file(s) indexed.", nullptr, int(summary.indexed))
                           : tr("Ingestion finished: %n file(s) indexed.", nullptr, int(summary.indexed));
        if (summary.failed > 0)
            text += QLatin1Char(' ') +
                    tr("%n file(s) failed (see the Ingest tab).", nullptr, int(summary.failed));
        statusBar()->showMessage(text, 15000);
    });
    connect(job, &session::IngestJob::failed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Ingestion failed: %1").arg(message), 15000);
    });
    updateJobStatus();
}

void MainWindow::updateComputeStatus()
{
    const auto compute = controller_->session()->embeddingCompute();
    computeLabel_->setText(formatCompute(compute));
    computeLabel_->setToolTip(QString::fromStdString(compute.reason));
    computeLabel_->setVisible(!compute.device.empty());
}

void MainWindow::updateJobStatus()
{
    const session::IngestJob *running = nullptr;
    int queued = 0;
    for (const auto *job : controller_->session()->jobs()) {
        if (job->state() == session::IngestJob::State::Running)
            running = job;
        else if (job->state() == session::IngestJob::State::Queued)
            ++queued;
    }
    QString text;
    if (running) {
        const auto p = running->lastProgress();
        if (p.stage == ingest::kPageImagesStage)
            text = tr("Embedding page images %1/%2…").arg(p.done).arg(p.total);
        else
            text = p.total > 0 ? tr("Ingesting %1/%2 files…").arg(p.done).arg(p.total) : tr("Ingesting…");
    }
    if (queued > 0)
        text +=
            (text.isEmpty() ? QString() : QStringLiteral(" · ")) + tr("%n job(s) queued", nullptr, queued);
    jobLabel_->setText(text);
    jobLabel_->setVisible(!text.isEmpty());
}

void MainWindow::chooseEmbeddingModelFolder()
{
    // open(), not exec(): no nested event loop. The chosen folder becomes the configured embedding
    // model; loading it says in the banner, the sidebar and the status bar whether it is one.
    auto *dialog = new QFileDialog(this, tr("Choose the Folder of a Qwen3-VL-Embedding Model"),
                                   controller_->storedSettings().embeddingModelDir);
    dialog->setObjectName(QStringLiteral("chooseModelFolderDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &folder) {
        if (folder.isEmpty())
            return;
        settings::Settings s = controller_->storedSettings();
        s.embeddingModelDir = folder;
        controller_->applySettings(s);
    });
    dialog->open();
}

} // namespace cortex::ui
