#include "ui/ingest/ingest_page.h"

#include "application/collections.h"
#include "application/library_views.h"
#include "application/query_video.h"
#include "application/records.h"
#include "session/library_session.h"
#include "ui/common/icons.h"
#include "ui/ingest/drop_zone.h"
#include "ui/ingest/ingest_jobs_model.h"
#include "ui/ingest/page_image_choice.h"
#include "ui/ingest/progress_delegate.h"
#include "ui/ingest/watched_folders_box.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace cortex::ui {

using session::IngestJob;

namespace {

QStringList splitPatterns(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString p = part.trimmed();
        if (!p.isEmpty())
            out << p;
    }
    return out;
}

bool isActive(const IngestJob *job)
{
    return job && (job->state() == IngestJob::State::Queued || job->state() == IngestJob::State::Running);
}

} // namespace

IngestPage::IngestPage(session::LibrarySession *session, QWidget *parent) : QWidget(parent), session_(session)
{
    setObjectName(QStringLiteral("ingestPage"));
    jobsModel_ = new IngestJobsModel(session_, this);

    // A vertical splitter keeps both halves usable at 1024x640; the upper half scrolls if squeezed.
    // Start stays outside the scroll area so it is always in view.
    auto *splitter = new QSplitter(Qt::Vertical, this);
    auto *upper = new QWidget(splitter);
    auto *upperLayout = new QVBoxLayout(upper);
    upperLayout->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(upper);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(buildSourceBox());
    upperLayout->addWidget(scroll, 1);
    auto *startRow = new QHBoxLayout;
    startButton_ = new QPushButton(themedIcon(QStringLiteral("media-playback-start")), tr("S&tart"), upper);
    startButton_->setObjectName(QStringLiteral("ingestStartButton"));
    connect(startButton_, &QPushButton::clicked, this, &IngestPage::start);
    messageLabel_ = new QLabel(upper);
    messageLabel_->setObjectName(QStringLiteral("ingestMessageLabel"));
    messageLabel_->setWordWrap(true);
    startRow->addWidget(startButton_);
    startRow->addWidget(messageLabel_, 1);
    upperLayout->addLayout(startRow);
    splitter->addWidget(upper);
    splitter->addWidget(buildJobsBox());
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(session_, &session::LibrarySession::libraryOpened, this, [this] {
        refreshCollections();
        refreshInterrupted();
    });
    connect(session_, &session::LibrarySession::libraryChanged, this, [this] {
        refreshCollections();
        refreshInterrupted();
        updatePageImageCost(); // a finished job may have measured it
    });
    connect(session_, &session::LibrarySession::embeddingModelChanged, this,
            &IngestPage::updatePageImageCost);
    connect(jobsModel_, &QAbstractItemModel::dataChanged, this, [this] {
        updateButtons();
        showFailures();
    });
    connect(session_, &session::LibrarySession::jobAdded, this, [this] { updateButtons(); });
    refreshCollections();
    refreshInterrupted();
    updateButtons();
    updatePageImageCost();
}

void IngestPage::updatePageImageCost()
{
    pageImageCostLabel_->setText(pageImageCostText(*session_, pageImagesCombo_->currentData().toInt()));
}

QWidget *IngestPage::buildSourceBox()
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);

    dropZone_ = new DropZone(box);
    connect(dropZone_, &DropZone::pathsDropped, this, &IngestPage::addPaths);
    layout->addWidget(dropZone_);

    auto *buttons = new QHBoxLayout;
    auto *addFiles = new QPushButton(themedIcon(QStringLiteral("document-open")), tr("&Add Files…"), box);
    addFiles->setObjectName(QStringLiteral("ingestAddFilesButton"));
    connect(addFiles, &QPushButton::clicked, this, &IngestPage::chooseFiles);
    auto *addFolder = new QPushButton(themedIcon(QStringLiteral("folder-open")), tr("Add Fol&der…"), box);
    addFolder->setObjectName(QStringLiteral("ingestAddFolderButton"));
    connect(addFolder, &QPushButton::clicked, this, &IngestPage::chooseFolder);
    clearPathsButton_ = new QPushButton(themedIcon(QStringLiteral("edit-clear")), tr("C&lear List"), box);
    clearPathsButton_->setObjectName(QStringLiteral("ingestClearPathsButton"));
    connect(clearPathsButton_, &QPushButton::clicked, this, &IngestPage::clearPaths);
    buttons->addWidget(addFiles);
    buttons->addWidget(addFolder);
    buttons->addWidget(clearPathsButton_);
    buttons->addStretch();
    layout->addLayout(buttons);

    pathsList_ = new QListWidget(box);
    pathsList_->setObjectName(QStringLiteral("ingestPathsList"));
    pathsList_->setMinimumHeight(48);
    pathsList_->setMaximumHeight(90); // leaves room for the options below at 1024x640
    layout->addWidget(pathsList_);

    auto *form = new QFormLayout;
    collectionCombo_ = new QComboBox(box);
    collectionCombo_->setObjectName(QStringLiteral("ingestCollectionCombo"));
    collectionCombo_->setEditable(true);
    collectionCombo_->setInsertPolicy(QComboBox::NoInsert);
    collectionCombo_->lineEdit()->setPlaceholderText(tr("No collection"));
    collectionCombo_->setToolTip(tr("The collection the documents join; type a new name to create one."));
    form->addRow(tr("C&ollection:"), collectionCombo_);
    includeEdit_ = new QLineEdit(box);
    includeEdit_->setObjectName(QStringLiteral("ingestIncludeEdit"));
    includeEdit_->setPlaceholderText(tr("e.g. *.pdf, *.md (empty: every supported type)"));
    form->addRow(tr("Incl&ude:"), includeEdit_);
    excludeEdit_ = new QLineEdit(box);
    excludeEdit_->setObjectName(QStringLiteral("ingestExcludeEdit"));
    excludeEdit_->setPlaceholderText(tr("e.g. .git, node_modules, *.tmp"));
    form->addRow(tr("E&xclude:"), excludeEdit_);
    auto *chunkRow = new QHBoxLayout;
    chunkTokensSpin_ = new QSpinBox(box);
    chunkTokensSpin_->setObjectName(QStringLiteral("ingestChunkTokensSpin"));
    chunkTokensSpin_->setRange(16, 8192);
    chunkTokensSpin_->setValue(ingest::ChunkOptions{}.chunkTokens);
    chunkTokensSpin_->setSuffix(tr(" tokens"));
    overlapSpin_ = new QSpinBox(box);
    overlapSpin_->setObjectName(QStringLiteral("ingestOverlapSpin"));
    overlapSpin_->setRange(0, 4096);
    overlapSpin_->setValue(ingest::ChunkOptions{}.overlapTokens);
    overlapSpin_->setSuffix(tr(" tokens"));
    chunkRow->addWidget(chunkTokensSpin_);
    chunkRow->addWidget(new QLabel(tr("overlap:"), box));
    chunkRow->addWidget(overlapSpin_);
    chunkRow->addStretch();
    // A row holding a layout gets no buddy from addRow(); give the label one so its shortcut works.
    auto *chunkLabel = new QLabel(tr("Chun&ks:"), box);
    chunkLabel->setBuddy(chunkTokensSpin_);
    form->addRow(chunkLabel, chunkRow);

    // Rendered PDF pages find charts, scans and slides that have no text, and cost far more than text:
    // the choice shows what a page costs here, as earlier ingestion measured it.
    pageImagesCombo_ = new QComboBox(box);
    pageImagesCombo_->setObjectName(QStringLiteral("ingestPageImagesCombo"));
    fillPageImageSizes(pageImagesCombo_, ingest::ExtractOptions{}.pdfRenderLongSide);
    pageImageCostLabel_ = new QLabel(box);
    pageImageCostLabel_->setObjectName(QStringLiteral("ingestPageImageCostLabel"));
    pageImageCostLabel_->setWordWrap(true);
    auto *pageImagesLabel = new QLabel(tr("&Page images:"), box);
    pageImagesLabel->setBuddy(pageImagesCombo_);
    form->addRow(pageImagesLabel, pageImagesCombo_);
    form->addRow(QString(), pageImageCostLabel_);
    connect(pageImagesCombo_, &QComboBox::currentIndexChanged, this, &IngestPage::updatePageImageCost);
    layout->addLayout(form);

    layout->addStretch();
    return box;
}

QWidget *IngestPage::buildJobsBox()
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);

    interruptedBanner_ = new QFrame(box);
    interruptedBanner_->setObjectName(QStringLiteral("ingestInterruptedBanner"));
    interruptedBanner_->setFrameShape(QFrame::StyledPanel);
    auto *bannerLayout = new QHBoxLayout(interruptedBanner_);
    auto *warn = new QLabel(interruptedBanner_);
    warn->setPixmap(themedIcon(QStringLiteral("dialog-warning")).pixmap(22, 22));
    interruptedLabel_ = new QLabel(interruptedBanner_);
    interruptedLabel_->setWordWrap(true);
    auto *resumeInterrupted = new QPushButton(themedIcon(QStringLiteral("media-playback-start")),
                                              tr("Resume &Jobs"), interruptedBanner_);
    resumeInterrupted->setObjectName(QStringLiteral("ingestResumeInterruptedButton"));
    connect(resumeInterrupted, &QPushButton::clicked, this, &IngestPage::resumeInterrupted);
    bannerLayout->addWidget(warn);
    bannerLayout->addWidget(interruptedLabel_, 1);
    bannerLayout->addWidget(resumeInterrupted);
    interruptedBanner_->hide();
    layout->addWidget(interruptedBanner_);

    auto *splitter = new QSplitter(Qt::Horizontal, box);
    auto *jobsBox = new QGroupBox(tr("Jobs"), splitter);
    auto *jobsLayout = new QVBoxLayout(jobsBox);
    jobsView_ = new QTableView(jobsBox);
    jobsView_->setObjectName(QStringLiteral("ingestJobsView"));
    jobsView_->setModel(jobsModel_);
    jobsView_->setItemDelegateForColumn(IngestJobsModel::ProgressColumn, new ProgressDelegate(jobsView_));
    jobsView_->setItemDelegateForColumn(IngestJobsModel::PageImagesColumn, new ProgressDelegate(jobsView_));
    jobsView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    jobsView_->setSelectionMode(QAbstractItemView::SingleSelection);
    jobsView_->verticalHeader()->hide();
    jobsView_->setWordWrap(false);
    jobsView_->setTextElideMode(Qt::ElideMiddle);
    auto *header = jobsView_->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(IngestJobsModel::PathsColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(IngestJobsModel::ProgressColumn, QHeaderView::Fixed);
    header->resizeSection(IngestJobsModel::ProgressColumn, 110);
    connect(jobsView_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateButtons();
        showFailures();
    });
    jobsLayout->addWidget(jobsView_);
    auto *jobButtons = new QHBoxLayout;
    cancelButton_ = new QPushButton(themedIcon(QStringLiteral("process-stop")), tr("Ca&ncel"), jobsBox);
    cancelButton_->setObjectName(QStringLiteral("ingestCancelButton"));
    cancelButton_->setToolTip(
        tr("Stops after the current file. What is done stays; to pause a job, cancel it "
           "and resume it later."));
    connect(cancelButton_, &QPushButton::clicked, this, &IngestPage::cancelSelected);
    resumeButton_ =
        new QPushButton(themedIcon(QStringLiteral("media-playback-start")), tr("&Resume"), jobsBox);
    resumeButton_->setObjectName(QStringLiteral("ingestResumeButton"));
    resumeButton_->setToolTip(
        tr("Continues a cancelled job with the files it has not done yet (pause = cancel, "
           "then resume)."));
    connect(resumeButton_, &QPushButton::clicked, this, &IngestPage::resumeSelected);
    jobButtons->addWidget(cancelButton_);
    jobButtons->addWidget(resumeButton_);
    jobButtons->addStretch();
    jobsLayout->addLayout(jobButtons);

    auto *failuresBox = new QGroupBox(tr("Problems of the selected job"), splitter);
    auto *failuresLayout = new QVBoxLayout(failuresBox);
    failuresView_ = new QListWidget(failuresBox);
    failuresView_->setObjectName(QStringLiteral("ingestFailuresView"));
    failuresView_->setWordWrap(true);
    failuresLayout->addWidget(failuresView_);
    splitter->addWidget(jobsBox);
    splitter->addWidget(failuresBox);
    // The job table has seven columns and the problems wrap: at 2:1 a 1024-pixel window left the paths
    // column a sliver with its header cut on both sides.
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    // The watched folders share the lower half with the jobs: both are long lists, and a third pane
    // would leave none of them readable in the smallest window.
    auto *tabs = new QTabWidget(box);
    tabs->setObjectName(QStringLiteral("ingestLowerTabs"));
    tabs->addTab(splitter, tr("Jobs"));
    tabs->addTab(new WatchedFoldersBox(session_, tabs), tr("Watched Folders"));
    layout->addWidget(tabs, 1);
    return box;
}

void IngestPage::addPaths(const QStringList &paths)
{
    for (const QString &path : paths) {
        const QString clean = QDir::cleanPath(path);
        if (clean.isEmpty() || pending_.contains(clean))
            continue;
        pending_ << clean;
        auto *item = new QListWidgetItem(
            themedIcon(QFileInfo(clean).isDir() ? QStringLiteral("folder") : QStringLiteral("text-plain")),
            QDir::toNativeSeparators(clean), pathsList_);
        item->setToolTip(QDir::toNativeSeparators(clean));
    }
    messageLabel_->clear();
    updateButtons();
}

void IngestPage::chooseFiles()
{
    // Non-modal (open()) so the GUI keeps running while the dialog is up.
    auto *dialog = new QFileDialog(this, tr("Add Files"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFiles);
    connect(dialog, &QFileDialog::filesSelected, this, &IngestPage::addPaths);
    dialog->open();
}

void IngestPage::chooseFolder()
{
    auto *dialog = new QFileDialog(this, tr("Add Folder"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::Directory);
    dialog->setOption(QFileDialog::ShowDirsOnly);
    connect(dialog, &QFileDialog::filesSelected, this, &IngestPage::addPaths);
    dialog->open();
}

void IngestPage::clearPaths()
{
    pending_.clear();
    pathsList_->clear();
    updateButtons();
}

void IngestPage::start()
{
    if (pending_.isEmpty()) {
        messageLabel_->setText(tr("Add files or folders first (drop them above or use the buttons)."));
        return;
    }
    if (const QString reason = session_->notReadyReason(); !reason.isEmpty()) {
        messageLabel_->setText(reason);
        return;
    }
    ingest::IngestOptions options;
    options.collection = collectionCombo_->currentText().trimmed();
    options.scan.includePatterns = splitPatterns(includeEdit_->text());
    options.scan.excludePatterns = splitPatterns(excludeEdit_->text());
    options.chunk.chunkTokens = chunkTokensSpin_->value();
    options.chunk.overlapTokens = qMin(overlapSpin_->value(), chunkTokensSpin_->value() - 1);
    options.extract.pdfRenderLongSide = pageImagesCombo_->currentData().toInt();
    // The Settings tab's window, as it is when the job starts (a resumed job keeps its own).
    options.videoSegmentSeconds = ingest::videoSegmentSecondsOf(application::videoSegmentSeconds());
    IngestJob *job = session_->ingest(pending_, options);
    messageLabel_->setText(tr("Started: %n file(s) or folder(s).", nullptr, int(pending_.size())));
    clearPaths();
    selectJob(job);
}

IngestJob *IngestPage::selectedJob() const
{
    const QModelIndexList rows = jobsView_->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : jobsModel_->jobAt(rows.first().row());
}

void IngestPage::selectJob(IngestJob *job)
{
    const int row = jobsModel_->rowOf(job);
    if (row >= 0)
        jobsView_->selectRow(row);
    updateButtons();
    showFailures();
}

void IngestPage::cancelSelected()
{
    if (IngestJob *job = selectedJob(); isActive(job)) {
        job->cancel();
        updateButtons();
    }
}

void IngestPage::resumeSelected()
{
    IngestJob *job = selectedJob();
    const int64_t id = IngestJobsModel::libraryJobId(job);
    if (!job || job->state() != IngestJob::State::Cancelled || id == 0)
        return;
    selectJob(session_->resume(id));
}

void IngestPage::resumeInterrupted()
{
    const QList<int64_t> ids = interruptedJobIds_;
    interruptedJobIds_.clear();
    interruptedBanner_->hide();
    IngestJob *last = nullptr;
    for (int64_t id : ids)
        last = session_->resume(id);
    if (last)
        selectJob(last);
}

void IngestPage::updateButtons()
{
    IngestJob *job = selectedJob();
    cancelButton_->setEnabled(isActive(job) && !job->cancelRequested());
    resumeButton_->setEnabled(job && job->state() == IngestJob::State::Cancelled &&
                              IngestJobsModel::libraryJobId(job) != 0);
    clearPathsButton_->setEnabled(!pending_.isEmpty());
    startButton_->setEnabled(!pending_.isEmpty());
}

void IngestPage::showFailures()
{
    IngestJob *job = selectedJob();
    // A running job's failures are in the library, committed file by file: asked for again only when
    // its count of failed files or the selection changed, not for every progress report.
    if (job && job->state() == IngestJob::State::Running) {
        const int64_t failed = job->lastProgress().failed;
        if (liveFailuresShown_.first == job && liveFailuresShown_.second == failed)
            return;
        liveFailuresShown_ = {job, failed};
        showLiveFailures(job);
        return;
    }
    liveFailuresShown_ = {nullptr, -1};
    liveFailuresRequest_.invalidate(); // an answer for a job that has ended meanwhile is dropped
    failuresView_->clear();
    if (!job)
        return;
    if (job->state() == IngestJob::State::Failed) {
        auto *item =
            new QListWidgetItem(themedIcon(QStringLiteral("dialog-error")), job->error(), failuresView_);
        item->setToolTip(job->error());
        return;
    }
    const auto summary = job->summary();
    for (const auto &failure : summary.failures)
        addFailureItem(failure);
    // Indexed, with something left out ("truncated at N pages"): said, never silent.
    for (const auto &warning : summary.warnings) {
        const QString text = tr("%1\n%2").arg(QDir::toNativeSeparators(warning.path), warning.reason);
        auto *item = new QListWidgetItem(themedIcon(QStringLiteral("dialog-warning")), text, failuresView_);
        item->setData(Qt::UserRole, warning.path);
        item->setToolTip(text);
    }
    for (const QString &problem : summary.scanProblems) {
        auto *item =
            new QListWidgetItem(themedIcon(QStringLiteral("dialog-warning")), problem, failuresView_);
        item->setToolTip(problem);
    }
}

void IngestPage::showLiveFailures(IngestJob *job)
{
    const auto request = liveFailuresRequest_.start();
    QPointer<IngestJob> guard(job);
    session_->jobFailures(IngestJobsModel::libraryJobId(job))
        .then(this, [this, request, guard](const Result<std::vector<ingest::FileFailure>> &failures) {
            if (!liveFailuresRequest_.isLatest(request) || !guard || guard != selectedJob())
                return;
            failuresView_->clear();
            if (!failures) {
                auto *item =
                    new QListWidgetItem(themedIcon(QStringLiteral("dialog-error")),
                                        QString::fromStdString(failures.error().message), failuresView_);
                item->setToolTip(item->text());
                return;
            }
            for (const auto &failure : *failures)
                addFailureItem(failure);
        });
}

void IngestPage::addFailureItem(const ingest::FileFailure &failure)
{
    const QString text = tr("%1\n%2").arg(QDir::toNativeSeparators(failure.path), failure.reason);
    auto *item = new QListWidgetItem(themedIcon(QStringLiteral("dialog-error")), text, failuresView_);
    item->setData(Qt::UserRole, failure.path);
    item->setToolTip(text);
}

void IngestPage::refreshCollections()
{
    if (!session_->isLibraryOpen())
        return;
    const auto request = collectionsRequest_.start();
    application::listCollections(*session_).then(
        this, [this, request](const Result<std::vector<store::CollectionInfo>> &entries) {
            if (!collectionsRequest_.isLatest(request) || !entries)
                return; // a newer refresh is on its way; or no list (the combo stays editable)
            const QString current = collectionCombo_->currentText();
            collectionCombo_->clear();
            for (const auto &c : *entries)
                collectionCombo_->addItem(QString::fromStdString(c.name));
            collectionCombo_->setCurrentText(current);
        });
}

void IngestPage::refreshInterrupted()
{
    if (!session_->isLibraryOpen())
        return;
    // While a job of this session runs, the library lists it as unfinished too: ask again afterwards.
    for (auto *job : session_->jobs())
        if (isActive(job))
            return;
    // So does a background sync's job while it runs.
    if (session_->isSyncingWatchedFolders())
        return;
    const auto request = interruptedRequest_.start();
    application::unfinishedIngestJobs(*session_).then(this, [this, request](
                                                                const Result<std::vector<int64_t>> &ids) {
        if (!interruptedRequest_.isLatest(request))
            return;
        interruptedJobIds_ = ids ? QList<int64_t>(ids->begin(), ids->end()) : QList<int64_t>{};
        // A job cancelled in this session is resumed from its own row, not from the banner.
        for (auto *job : session_->jobs())
            interruptedJobIds_.removeAll(IngestJobsModel::libraryJobId(job));
        if (interruptedJobIds_.isEmpty()) {
            interruptedBanner_->hide();
            return;
        }
        interruptedLabel_->setText(tr("There is an interrupted ingestion job (%n job(s)) in this library. "
                                      "Resume it?",
                                      nullptr, int(interruptedJobIds_.size())));
        interruptedBanner_->show();
    });
}

} // namespace cortex::ui
