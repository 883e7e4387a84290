#include "ui/shell/models_panel.h"

#include "application/models.h"
#include "ui/common/format.h"
#include "ui/common/widgets.h"
#include "ui/shell/app_controller.h"
#include "ui/shell/found_models_model.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace cortex::ui {

QString describeDownload(const QString &repoId, const hub::DownloadProgress &p)
{
    QString text = p.total > 0 ? ModelsPanel::tr("%1 of %2").arg(formatBytes(p.done), formatBytes(p.total))
                               : formatBytes(p.done);
    if (p.bytesPerSecond > 0)
        text += ModelsPanel::tr(", %1/s").arg(formatBytes(int64_t(p.bytesPerSecond)));
    if (p.etaSeconds >= 0)
        text += ModelsPanel::tr(", %1 left").arg(formatDuration(p.etaSeconds));
    text += ModelsPanel::tr(" (%1, file %2 of %3)").arg(p.file).arg(p.fileIndex).arg(p.fileCount);
    if (!p.note.isEmpty())
        text += QStringLiteral(" — ") + p.note;
    return ModelsPanel::tr("Downloading %1: %2").arg(repoId, text);
}

int downloadPermille(const hub::DownloadProgress &p)
{
    return p.total > 0 ? int(1000 * p.done / p.total) : 0;
}

ModelsPanel::ModelsPanel(AppController *controller, QWidget *parent)
    : QGroupBox(tr("Models on this computer"), parent), controller_(controller),
      found_(new FoundModelsModel(this))
{
    setObjectName(QStringLiteral("modelsPanel"));
    auto *layout = new QVBoxLayout(this);

    auto *where = new QLabel(tr("Searched: the Hugging Face cache (%1, shared with Python tools) and %2. "
                                "Downloads go to the Hugging Face cache.")
                                 .arg(hub::HubEnvironment::fromSystem().cacheDir, hub::cortexModelsDir()));
    where->setObjectName(QStringLiteral("modelsSearchedLabel"));
    where->setWordWrap(true);
    where->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(where);

    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(found_);
    view_ = makeTable(proxy, QStringLiteral("foundModelsView"), this);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setMinimumHeight(120);
    view_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view_->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(view_);

    auto *listButtons = new QHBoxLayout;
    useButton_ = makeButton(QStringLiteral("dialog-ok"), tr("Use Selected Model"),
                            QStringLiteral("useFoundModelButton"), this);
    auto *refreshButton = makeButton(QStringLiteral("view-refresh"), tr("Search Again"),
                                     QStringLiteral("refreshModelsButton"), this);
    listButtons->addWidget(useButton_);
    listButtons->addWidget(refreshButton);
    listButtons->addStretch(1);
    layout->addLayout(listButtons);

    auto *downloadRow = new QHBoxLayout;
    repoCombo_ = new QComboBox;
    repoCombo_->setObjectName(QStringLiteral("downloadRepoCombo"));
    repoCombo_->setEditable(true); // any other repository may be typed
    repoCombo_->setInsertPolicy(QComboBox::NoInsert);
    for (const hub::KnownModel &model : hub::officialModels()) {
        repoCombo_->addItem(model.repoId);
        repoCombo_->setItemData(repoCombo_->count() - 1,
                                tr("about %1 GB").arg(model.approxDownloadGb, 0, 'f', 1), Qt::ToolTipRole);
    }
    repoCombo_->setCurrentText(controller_->recommendedEmbeddingModel());
    downloadButton_ =
        makeButton(QStringLiteral("download"), tr("Download"), QStringLiteral("downloadModelButton"), this);
    cancelButton_ = makeButton(QStringLiteral("process-stop"), tr("Cancel"),
                               QStringLiteral("cancelDownloadButton"), this);
    downloadRow->addWidget(new QLabel(tr("Download from the Hub:")));
    downloadRow->addWidget(repoCombo_, 1);
    downloadRow->addWidget(downloadButton_);
    downloadRow->addWidget(cancelButton_);
    layout->addLayout(downloadRow);

    progressBar_ = new QProgressBar;
    progressBar_->setObjectName(QStringLiteral("downloadProgressBar"));
    progressBar_->setRange(0, 1000);
    progressBar_->setVisible(false);
    layout->addWidget(progressBar_);
    statusLabel_ = new QLabel;
    statusLabel_->setObjectName(QStringLiteral("downloadStatusLabel"));
    statusLabel_->setWordWrap(true);
    statusLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(statusLabel_);

    auto *job = controller_->modelDownload();
    connect(refreshButton, &QPushButton::clicked, this, &ModelsPanel::refresh);
    connect(downloadButton_, &QPushButton::clicked, this, &ModelsPanel::startDownload);
    connect(cancelButton_, &QPushButton::clicked, job, &session::ModelDownloadJob::cancel);
    connect(useButton_, &QPushButton::clicked, this, [this, proxy] {
        const QModelIndexList rows = view_->selectionModel()->selectedRows();
        if (rows.isEmpty())
            return;
        const QModelIndex index = proxy->mapToSource(rows.front());
        emit modelChosen(index.data(FoundModelsModel::RoleRole).toInt() != int(hub::ModelRole::Reranker),
                         index.data(FoundModelsModel::PathRole).toString());
    });
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ModelsPanel::updateButtons);
    connect(job, &session::ModelDownloadJob::progressed, this, &ModelsPanel::showProgress);
    connect(job, &session::ModelDownloadJob::finished, this,
            [this](bool ok, const QString &message, const QString &, bool cancelled) {
                downloadFinished(ok, message, cancelled);
            });
    // The first-run banner may start the download: show it here too.
    connect(job, &session::ModelDownloadJob::progressed, this, &ModelsPanel::updateButtons);
    connect(controller_, &AppController::gpuDetected, this, [this] {
        if (!controller_->modelDownload()->isRunning())
            repoCombo_->setCurrentText(controller_->recommendedEmbeddingModel());
    });
    updateButtons();
    refresh();
}

void ModelsPanel::refresh()
{
    controller_->findModels().then(this, [this](const std::vector<hub::FoundModel> &models) {
        found_->setModels(models);
        updateButtons();
        emit refreshed();
    });
}

void ModelsPanel::startDownload()
{
    const QString repo = repoCombo_->currentText().trimmed();
    if (repo.isEmpty())
        return;
    if (!controller_->startModelDownload(repo))
        return;
    statusLabel_->setText(tr("Asking the Hub for the files of %1…").arg(repo));
    progressBar_->setValue(0);
    progressBar_->setVisible(true);
    updateButtons();
}

void ModelsPanel::showProgress(const hub::DownloadProgress &progress)
{
    progressBar_->setVisible(true);
    progressBar_->setValue(downloadPermille(progress));
    statusLabel_->setText(describeDownload(controller_->modelDownload()->repoId(), progress));
}

void ModelsPanel::downloadFinished(bool ok, const QString &message, bool cancelled)
{
    progressBar_->setVisible(false);
    statusLabel_->setText(cancelled ? tr("The download was cancelled; Download resumes it where it stopped.")
                                    : message);
    updateButtons();
    if (ok)
        refresh();
}

void ModelsPanel::updateButtons()
{
    const bool running = controller_->modelDownload()->isRunning();
    downloadButton_->setEnabled(!running);
    repoCombo_->setEnabled(!running);
    cancelButton_->setEnabled(running);
    bool usable = false;
    if (const QModelIndexList rows = view_->selectionModel()->selectedRows(); !rows.isEmpty())
        usable = rows.front().data(FoundModelsModel::CompleteRole).toBool();
    useButton_->setEnabled(usable);
}

} // namespace cortex::ui
