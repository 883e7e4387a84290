// The Maintenance tab: layout, refresh and the embedding inspector (the tasks are in maintenance_tasks.cpp).

#include "ui/maintenance/maintenance_page.h"

#include "session/library_session.h"
#include "ui/common/format.h"
#include "ui/common/icons.h"
#include "ui/common/widgets.h"
#include "ui/maintenance/failed_files_model.h"
#include "ui/maintenance/spaces_model.h"
#include "ui/maintenance/task_progress_panel.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace cortex::ui {

MaintenancePage::MaintenancePage(session::LibrarySession *session, QWidget *parent)
    : QWidget(parent), session_(session), spacesModel_(new SpacesModel(this)),
      failedModel_(new FailedFilesModel(this)), spacesProxy_(new QSortFilterProxyModel(this)),
      failedProxy_(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("maintenancePage"));
    spacesProxy_->setSourceModel(spacesModel_);
    spacesProxy_->setSortRole(SpacesModel::RawValueRole);
    failedProxy_->setSourceModel(failedModel_);
    failedProxy_->setSortRole(FailedFilesModel::RawValueRole);
    failedProxy_->setSortCaseSensitivity(Qt::CaseInsensitive);
    buildLayout();

    connect(session_, &session::LibrarySession::libraryOpened, this, [this] {
        reportView_->clear();
        refresh();
    });
    connect(session_, &session::LibrarySession::libraryChanged, this, &MaintenancePage::refresh);
    connect(session_, &session::LibrarySession::embeddingModelChanged, this, &MaintenancePage::updateModel);
    connect(migrateButton_, &QPushButton::clicked, this, &MaintenancePage::migrate);
    connect(checkButton_, &QPushButton::clicked, this, &MaintenancePage::check);
    connect(rebuildButton_, &QPushButton::clicked, this, &MaintenancePage::rebuildIndex);
    connect(vacuumButton_, &QPushButton::clicked, this, &MaintenancePage::vacuum);
    connect(backupButton_, &QPushButton::clicked, this, &MaintenancePage::chooseBackupFile);
    connect(duplicatesButton_, &QPushButton::clicked, this, &MaintenancePage::findNearDuplicates);

    updateModel();
    if (session_->isLibraryOpen())
        refresh();
}

void MaintenancePage::buildLayout()
{
    auto *spacesBox = new QGroupBox(tr("Embedding spaces"), this);
    modelLabel_ = new QLabel(spacesBox);
    modelLabel_->setObjectName(QStringLiteral("maintenanceModelLabel"));
    modelLabel_->setWordWrap(true);
    modelLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    spacesView_ = makeTable(spacesProxy_, QStringLiteral("spacesView"), spacesBox);
    spacesView_->sortByColumn(SpacesModel::IdColumn, Qt::AscendingOrder);
    spacesView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    spacesView_->horizontalHeader()->setSectionResizeMode(SpacesModel::CompatibilityColumn,
                                                          QHeaderView::Stretch);
    migrateButton_ = makeButton(QStringLiteral("view-refresh"), tr("Migrate to the loaded model"),
                                QStringLiteral("migrateButton"), spacesBox);
    migrateHint_ = new QLabel(spacesBox);
    migrateHint_->setObjectName(QStringLiteral("migrateHintLabel"));
    migrateHint_->setWordWrap(true);
    auto *migrateRow = new QHBoxLayout;
    migrateRow->addWidget(migrateHint_, 1);
    migrateRow->addWidget(migrateButton_);
    auto *spacesLayout = new QVBoxLayout(spacesBox);
    spacesLayout->addWidget(modelLabel_);
    spacesLayout->addWidget(spacesView_, 1);
    spacesLayout->addLayout(migrateRow);

    auto *healthBox = new QGroupBox(tr("Library health"), this);
    checkButton_ = makeButton(QStringLiteral("dialog-ok"), tr("Check integrity"),
                              QStringLiteral("checkButton"), healthBox);
    rebuildButton_ = makeButton(QStringLiteral("database-index"), tr("Rebuild index"),
                                QStringLiteral("rebuildIndexButton"), healthBox);
    rebuildButton_->setToolTip(tr("Build the vector indexes again from the vectors in the database"));
    vacuumButton_ =
        makeButton(QStringLiteral("edit-clear"), tr("Vacuum"), QStringLiteral("vacuumButton"), healthBox);
    vacuumButton_->setToolTip(tr("Give the space of deleted documents back to the disk"));
    backupButton_ = makeButton(QStringLiteral("document-save"), tr("Back up…"),
                               QStringLiteral("backupButton"), healthBox);
    backupButton_->setToolTip(tr("Copy the database to a file while the library stays in use"));
    duplicatesButton_ = makeButton(QStringLiteral("edit-copy"), tr("Find near-duplicates"),
                                   QStringLiteral("nearDuplicatesButton"), healthBox);
    duplicatesButton_->setToolTip(tr("List the items that look alike in different documents (the similarity "
                                     "is set in Settings)"));
    reportView_ = new QPlainTextEdit(healthBox);
    reportView_->setObjectName(QStringLiteral("checkReportView"));
    reportView_->setReadOnly(true);
    reportView_->setPlaceholderText(tr("Check the library to see its report here."));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(checkButton_);
    buttons->addWidget(rebuildButton_);
    buttons->addWidget(vacuumButton_);
    buttons->addWidget(backupButton_);
    buttons->addWidget(duplicatesButton_);
    buttons->addStretch(1);
    auto *healthLayout = new QVBoxLayout(healthBox);
    healthLayout->addLayout(buttons);
    healthLayout->addWidget(reportView_, 1);

    auto *failedBox = new QGroupBox(tr("Failed files"), this);
    failedView_ = makeTable(failedProxy_, QStringLiteral("failedFilesView"), failedBox);
    failedView_->setTextElideMode(Qt::ElideMiddle);
    failedView_->sortByColumn(FailedFilesModel::TimeColumn, Qt::DescendingOrder);
    failedView_->horizontalHeader()->setStretchLastSection(false);
    failedView_->horizontalHeader()->setSectionResizeMode(FailedFilesModel::PathColumn, QHeaderView::Stretch);
    failedView_->horizontalHeader()->setSectionResizeMode(FailedFilesModel::ReasonColumn,
                                                          QHeaderView::Stretch);
    failedView_->horizontalHeader()->setSectionResizeMode(FailedFilesModel::TimeColumn,
                                                          QHeaderView::ResizeToContents);
    auto *failedLayout = new QVBoxLayout(failedBox);
    failedLayout->addWidget(failedView_);

    // Three panes that each shrink: the page must fit 1024x640.
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(spacesBox);
    splitter->addWidget(healthBox);
    splitter->addWidget(failedBox);

    progress_ = new TaskProgressPanel(QStringLiteral("maintenance"), this);
    statusLabel_ = new QLabel(this);
    statusLabel_->setObjectName(QStringLiteral("maintenanceStatusLabel"));
    statusLabel_->setWordWrap(true);
    statusLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(progress_);
    layout->addWidget(statusLabel_);
}

void MaintenancePage::refresh()
{
    const uint64_t generation = ++refreshGeneration_;
    if (!session_->isLibraryOpen()) {
        spacesModel_->setSpaces({});
        failedModel_->setDocuments({});
        updateActions();
        return;
    }
    application::libraryOverview(*session_).then(
        this, [this, generation](Result<application::LibraryOverview> answer) {
            if (generation != refreshGeneration_)
                return; // a newer refresh is on its way
            if (!answer) {
                showError(QString::fromStdString(answer.error().message));
                return;
            }
            spacesModel_->setSpaces(std::move(answer->spaces));
            failedModel_->setDocuments(std::move(answer->failed));
            updateActions();
        });
    application::libraryReembedding(*session_).then(
        this, [this, generation](const Result<application::ReembedEstimate> &answer) {
            if (generation != refreshGeneration_)
                return;
            migrationEstimate_ = answer ? std::optional(*answer) : std::nullopt;
            updateActions();
        });
}

void MaintenancePage::updateModel()
{
    if (session_->hasEmbeddingModel()) {
        const auto id = session_->embeddingIdentity();
        spacesModel_->setConfigured(id);
        modelLabel_->setText(tr("Loaded embedding model: %1, %2 dimensions (%3).")
                                 .arg(QString::fromStdString(id.modelName))
                                 .arg(id.storedDim())
                                 .arg(QString::fromStdString(id.dtype)));
    } else {
        spacesModel_->setConfigured(std::nullopt);
        modelLabel_->setText(tr("No embedding model is loaded: compatibility cannot be judged."));
    }
    updateActions();
}

std::optional<store::SpaceIdentity> MaintenancePage::activeIdentity() const
{
    if (const auto *active = store::activeSpaceIn(spacesModel_->spaces()))
        return active->identity;
    return std::nullopt;
}

bool MaintenancePage::busy() const
{
    return progress_->isRunning() || quickTasks_ > 0;
}

void MaintenancePage::updateActions()
{
    const bool open = session_->isLibraryOpen();
    const bool idle = !busy();
    checkButton_->setEnabled(open && idle);
    rebuildButton_->setEnabled(open && idle && !spacesModel_->spaces().empty());
    vacuumButton_->setEnabled(open && idle);
    backupButton_->setEnabled(open && idle);
    duplicatesButton_->setEnabled(open && idle);

    // A migration moves the library's active space to the loaded model; it needs both, and a difference.
    const auto active = activeIdentity();
    const bool hasModel = session_->hasEmbeddingModel();
    const bool differs = hasModel && active && !(*active == session_->embeddingIdentity());
    migrateButton_->setEnabled(open && idle && differs);
    if (!open)
        migrateHint_->setText(tr("No library is open."));
    else if (!active)
        migrateHint_->setText(tr("The library holds no vectors yet; the first ingestion decides its model."));
    else if (!hasModel)
        migrateHint_->setText(tr("Load an embedding model (Settings) to compare it with the library."));
    else if (differs)
        migrateHint_->setText(tr("The library's vectors were made with %1 (%2 dimensions). Migrating embeds "
                                 "every item again with the loaded model in the background; search keeps "
                                 "using the old vectors until it is complete, and it can be cancelled and "
                                 "resumed.")
                                  .arg(QString::fromStdString(active->modelName))
                                  .arg(active->storedDim()) +
                              migrationEstimateText());
    else
        migrateHint_->setText(tr("The library uses the loaded model: nothing to migrate."));
}

QString MaintenancePage::migrationEstimateText() const
{
    if (!migrationEstimate_)
        return {};
    const auto &e = *migrationEstimate_;
    const QString what =
        tr(" That is %n document(s)", nullptr, int(e.documents)) + tr(" (%n item(s))", nullptr, int(e.items));
    if (!e.seconds)
        return what + tr("; how long it takes is unknown: no ingestion of this library has been timed yet.");
    return what + tr(", about %1 as measured from this library's last ingestions (%n file(s) in %2).",
                     nullptr, int(e.measuredFiles))
                      .arg(formatDuration(*e.seconds), formatDuration(double(e.measuredSeconds)));
}

void MaintenancePage::showMessage(const QString &text)
{
    statusLabel_->setStyleSheet(QString());
    statusLabel_->setText(text);
}

void MaintenancePage::showError(const QString &text)
{
    statusLabel_->setStyleSheet(QStringLiteral("QLabel { color: #da4453; font-weight: bold; }"));
    statusLabel_->setText(text);
}

} // namespace cortex::ui
