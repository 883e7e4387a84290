#include "ui/shell/model_sidebar.h"

#include "application/maintenance.h"
#include "application/records.h"
#include "ui/common/format.h"
#include "ui/common/icons.h"
#include "ui/common/widgets.h"
#include "ui/shell/app_controller.h"
#include "ui/shell/model_choice_note.h"
#include "ui/shell/settings_fields.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace cortex::ui {
namespace {

QLabel *wrappingLabel(const char *objectName)
{
    auto *label = new QLabel;
    label->setObjectName(QLatin1String(objectName));
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString modelName(const store::SpaceIdentity &id)
{
    return QString::fromStdString(id.modelName);
}

// Buttons side by side under a model's status (only the ones that apply are visible at a time).
QHBoxLayout *buttonRow(std::initializer_list<QPushButton *> buttons)
{
    auto *row = new QHBoxLayout;
    for (auto *b : buttons)
        row->addWidget(b);
    row->addStretch(1);
    return row;
}

} // namespace

ModelSidebar::ModelSidebar(AppController *controller, QWidget *parent)
    : QWidget(parent), controller_(controller)
{
    setObjectName(QStringLiteral("modelSidebar"));

    // Hardware and the automatic choice.
    gpuLabel_ = wrappingLabel("gpuLabel");
    choiceLabel_ = wrappingLabel("modelChoiceLabel");
    choiceNoteLabel_ = wrappingLabel("modelChoiceNoteLabel");
    modelSizeCombo_ = new QComboBox;
    modelSizeCombo_->setObjectName(QStringLiteral("sidebarModelSizeCombo"));
    modelSizeCombo_->addItem(tr("Automatic"), QStringLiteral("auto"));
    modelSizeCombo_->addItem(tr("2B"), QStringLiteral("2B"));
    modelSizeCombo_->addItem(tr("8B"), QStringLiteral("8B"));
    auto *hardware = new QGroupBox(tr("Hardware"));
    auto *hardwareLayout = new QFormLayout(hardware);
    hardwareLayout->setRowWrapPolicy(QFormLayout::WrapLongRows);
    hardwareLayout->addRow(gpuLabel_);
    hardwareLayout->addRow(choiceLabel_);
    hardwareLayout->addRow(choiceNoteLabel_);
    hardwareLayout->addRow(tr("Model size:"), modelSizeCombo_);

    // The embedding model and the library's space.
    embeddingLabel_ = wrappingLabel("embeddingModelLabel");
    computeLabel_ = wrappingLabel("embeddingComputeLabel");
    statusLabel_ = wrappingLabel("embeddingStatusLabel");
    statusLabel_->hide();
    embeddingErrorLabel_ = wrappingLabel("embeddingUnloadErrorLabel");
    embeddingErrorLabel_->hide();
    embeddingUnloadButton_ = makeButton(QStringLiteral("list-remove"), tr("Unload"),
                                        QStringLiteral("embeddingUnloadButton"), this);
    embeddingUnloadButton_->setToolTip(
        tr("Free the embedding model's memory (search and ingestion need it)"));
    embeddingLoadButton_ = makeButton(QStringLiteral("media-playback-start"), tr("Load"),
                                      QStringLiteral("embeddingLoadButton"), this);
    embeddingLoadButton_->setToolTip(tr("Load the embedding model from the folder in Settings"));
    mismatchLabel_ = wrappingLabel("spaceMismatchLabel");
    mismatchLabel_->setForegroundRole(QPalette::Highlight);
    migrateButton_ = new QPushButton(themedIcon(QStringLiteral("view-refresh")), tr("Migrate…"));
    migrateButton_->setObjectName(QStringLiteral("migrateButton"));
    migrateButton_->setToolTip(tr("Re-embed the library with the loaded model (Maintenance tab)"));
    auto *embedding = new QGroupBox(tr("Embedding model"));
    auto *embeddingLayout = new QVBoxLayout(embedding);
    embeddingLayout->addWidget(embeddingLabel_);
    embeddingLayout->addWidget(computeLabel_);
    embeddingLayout->addWidget(statusLabel_);
    embeddingLayout->addLayout(buttonRow({embeddingUnloadButton_, embeddingLoadButton_}));
    embeddingLayout->addWidget(embeddingErrorLabel_);
    embeddingLayout->addWidget(mismatchLabel_);
    embeddingLayout->addWidget(migrateButton_, 0, Qt::AlignLeft);

    // The reranker.
    rerankerLabel_ = wrappingLabel("rerankerStatusLabel");
    rerankerProgress_ = new QProgressBar;
    rerankerProgress_->setObjectName(QStringLiteral("rerankerProgress"));
    rerankerProgress_->setRange(0, 0); // busy: the loader reports no steps
    rerankerProgress_->setTextVisible(false);
    rerankerProgress_->setMaximumHeight(fontMetrics().height() / 2 + 4);
    retryButton_ = new QPushButton(themedIcon(QStringLiteral("view-refresh")), tr("Retry"));
    retryButton_->setObjectName(QStringLiteral("rerankerRetryButton"));
    rerankerUnloadButton_ =
        makeButton(QStringLiteral("list-remove"), tr("Unload"), QStringLiteral("rerankerUnloadButton"), this);
    rerankerUnloadButton_->setToolTip(tr("Free the reranker's memory (searches are then not reranked)"));
    rerankerLoadButton_ = makeButton(QStringLiteral("media-playback-start"), tr("Load"),
                                     QStringLiteral("rerankerLoadButton"), this);
    rerankerLoadButton_->setToolTip(tr("Load the reranker from the folder in Settings"));
    auto *reranker = new QGroupBox(tr("Reranker"));
    auto *rerankerLayout = new QVBoxLayout(reranker);
    rerankerLayout->addWidget(rerankerLabel_);
    rerankerLayout->addWidget(rerankerProgress_);
    rerankerLayout->addLayout(buttonRow({retryButton_, rerankerUnloadButton_, rerankerLoadButton_}));

    // The search limits (also on the Settings tab).
    candidatesSpin_ = new QSpinBox;
    candidatesSpin_->setObjectName(QStringLiteral("candidatesSpin"));
    candidatesSpin_->setRange(1, 1000);
    candidatesSpin_->setToolTip(tr("How many candidates the first stage hands to the reranker"));
    topKSpin_ = new QSpinBox;
    topKSpin_->setObjectName(QStringLiteral("topKSpin"));
    topKSpin_->setRange(1, 1000);
    topKSpin_->setToolTip(tr("How many results a search shows"));
    auto *limits = new QGroupBox(tr("Search"));
    auto *limitsLayout = new QFormLayout(limits);
    limitsLayout->addRow(tr("Candidates:"), candidatesSpin_);
    limitsLayout->addRow(tr("Top K:"), topKSpin_);

    // A scroll area keeps every part reachable in a short window.
    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(hardware);
    contentLayout->addWidget(embedding);
    contentLayout->addWidget(reranker);
    contentLayout->addWidget(limits);
    contentLayout->addStretch(1);
    auto *scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    setMinimumWidth(220);

    auto *session = controller_->session();
    connect(controller_, &AppController::gpuDetected, this, &ModelSidebar::updateHardware);
    connect(controller_, &AppController::settingsChanged, this, &ModelSidebar::updateSettings);
    connect(controller_, &AppController::modelStatusChanged, this, &ModelSidebar::updateEmbedding);
    connect(session, &session::LibrarySession::embeddingModelChanged, this, &ModelSidebar::updateEmbedding);
    connect(session, &session::LibrarySession::libraryOpened, this, &ModelSidebar::checkSpaces);
    connect(session, &session::LibrarySession::libraryChanged, this, &ModelSidebar::checkSpaces);
    connect(session, &session::LibrarySession::rerankerStatusChanged, this, &ModelSidebar::updateReranker);
    connect(retryButton_, &QPushButton::clicked, controller_, &AppController::retryReranker);
    connect(rerankerLoadButton_, &QPushButton::clicked, controller_, &AppController::retryReranker);
    connect(rerankerUnloadButton_, &QPushButton::clicked, session, &session::LibrarySession::disableReranker);
    connect(embeddingLoadButton_, &QPushButton::clicked, controller_, &AppController::reloadEmbeddingModel);
    connect(embeddingUnloadButton_, &QPushButton::clicked, this, &ModelSidebar::unloadEmbedding);
    connect(migrateButton_, &QPushButton::clicked, this, &ModelSidebar::migrateRequested);
    connect(modelSizeCombo_, &QComboBox::activated, this, &ModelSidebar::writeModelSize);
    connect(candidatesSpin_, &QSpinBox::valueChanged, this, &ModelSidebar::writeLimits);
    connect(topKSpin_, &QSpinBox::valueChanged, this, &ModelSidebar::writeLimits);

    updateHardware();
    updateSettings();
    updateEmbedding();
    updateReranker(session->rerankerStatus());
}

void ModelSidebar::updateHardware()
{
    const auto gpu = controller_->gpu();
    if (!gpu) {
        gpuLabel_->setText(tr("Detecting the GPU…"));
        choiceLabel_->clear();
    } else {
        gpuLabel_->setText(
            gpu->available ? tr("GPU: %1, %2 free of %3")
                                 .arg(gpu->name, formatBytes(gpu->freeBytes), formatBytes(gpu->totalBytes))
                           : tr("CPU only: no CUDA GPU was found."));
        choiceLabel_->setText(controller_->recommendedModels().reason);
    }
    updateChoiceNote();
    modelSizeCombo_->setItemText(
        0, gpu ? tr("Automatic (%1)").arg(controller_->recommendedModels().embeddingSize) : tr("Automatic"));
}

void ModelSidebar::updateSettings()
{
    const auto &s = controller_->settings();
    const QStringList overridden = overriddenFields(controller_->overriddenKeys());
    const auto lock = [&](QWidget *editor, const char *field) {
        const bool isOverridden = overridden.contains(QLatin1String(field));
        editor->setEnabled(!isOverridden);
        editor->setToolTip(isOverridden
                               ? tr("Overridden by %1").arg(variableForSettingsField(QLatin1String(field)))
                               : QString());
    };
    {
        const QSignalBlocker block(modelSizeCombo_);
        const int index = modelSizeCombo_->findData(s.modelSize, Qt::UserRole, Qt::MatchFixedString);
        modelSizeCombo_->setCurrentIndex(index < 0 ? 0 : index);
    }
    {
        const QSignalBlocker blockCandidates(candidatesSpin_);
        const QSignalBlocker blockTopK(topKSpin_);
        candidatesSpin_->setValue(s.rerankerCandidates);
        topKSpin_->setValue(s.rerankerTopK);
    }
    lock(modelSizeCombo_, "modelSize");
    lock(candidatesSpin_, "rerankerCandidates");
    lock(topKSpin_, "rerankerTopK");
    updateHardware();
}

void ModelSidebar::updateEmbedding()
{
    auto *session = controller_->session();
    bool unloaded = false;
    const QString server = session->embeddingModelServer();
    if (session->hasEmbeddingModel() && !server.isEmpty()) {
        // A served model: where, and under which name (the library's space may carry another).
        const auto id = session->embeddingIdentity();
        embeddingLabel_->setText(tr("Served by %1 (%2), %3 dimensions")
                                     .arg(server, session->embeddingServedModel())
                                     .arg(id.storedDim()));
        embeddingLabel_->setToolTip(server);
    } else if (session->hasEmbeddingModel()) {
        const auto id = session->embeddingIdentity();
        embeddingLabel_->setText(
            id.mrlDim > 0
                ? tr("%1, %2 dimensions (%3 stored)").arg(modelName(id)).arg(id.outputDim).arg(id.mrlDim)
                : tr("%1, %2 dimensions").arg(modelName(id)).arg(id.outputDim));
        embeddingLabel_->setToolTip(session->embeddingModelDirectory());
        // "Runs on: CPU, bfloat16 (bfloat16: the CPU computes it natively (AVX512_BF16))".
        const auto compute = session->embeddingCompute();
        computeLabel_->setText(
            tr("Runs on: %1 (%2)").arg(formatCompute(compute), QString::fromStdString(compute.reason)));
    } else {
        // The controller's message is empty only after a successful load (it reports loading, errors and
        // a missing folder): without a model now, it was unloaded, and its folder can be loaded again.
        const QString status = controller_->modelStatusText();
        const auto &s = controller_->settings();
        unloaded = status.isEmpty() && s.modelsEnabled &&
                   (!s.embeddingModelDir.isEmpty() || !s.embeddingModelUrl.trimmed().isEmpty());
        if (!status.isEmpty())
            embeddingLabel_->setText(status);
        else if (unloaded)
            embeddingLabel_->setText(tr("Unloaded: search and ingestion need the embedding model."));
        else
            embeddingLabel_->setText(tr("No embedding model is loaded."));
        embeddingLabel_->setToolTip({});
    }
    computeLabel_->setVisible(session->hasEmbeddingModel() && server.isEmpty()); // a server's is its own
    // The model loaded stays while another loads or after it failed: both are said under it.
    const QString status = controller_->modelStatusText();
    statusLabel_->setText(status);
    statusLabel_->setVisible(session->hasEmbeddingModel() && !status.isEmpty());
    embeddingUnloadButton_->setVisible(session->hasEmbeddingModel());
    embeddingLoadButton_->setVisible(unloaded);
    checkSpaces();
}

void ModelSidebar::unloadEmbedding()
{
    embeddingUnloadButton_->setEnabled(false);
    embeddingErrorLabel_->hide();
    controller_->session()->unloadEmbeddingModel().then(this, [this](const Status &status) {
        embeddingUnloadButton_->setEnabled(true);
        // A refusal (an ingestion job needs the model) stays until the next try.
        if (!status)
            embeddingErrorLabel_->setText(QString::fromStdString(status.error().message));
        embeddingErrorLabel_->setVisible(!status);
    });
}

void ModelSidebar::updateReranker(const search::RerankerStatus &status)
{
    const QString reason = QString::fromStdString(status.message);
    switch (status.state) {
    case search::RerankerState::Disabled:
        // Configured yet disabled: only the Unload button gets there (the controller loads what is
        // configured).
        rerankerLabel_->setText(rerankerConfigured() ? tr("Unloaded: searches are not reranked.")
                                : !controller_->settings().rerankerEnabled ? tr("Disabled (turned off)")
                                : controller_->settings().rerankerModelDir.isEmpty()
                                    ? tr("Disabled (no reranker folder in Settings)")
                                    : tr("Disabled"));
        break;
    case search::RerankerState::Loading:
        rerankerLabel_->setText(tr("Loading…"));
        break;
    case search::RerankerState::Ready:
        if (const QString server = controller_->session()->rerankerServer(); !server.isEmpty())
            rerankerLabel_->setText(
                tr("Served by %1 (%2)").arg(server, controller_->session()->rerankerServedModel()));
        else
            rerankerLabel_->setText(
                controller_->session()->isRerankerOnDemand() ? tr("Ready (loaded on demand)") : tr("Ready"));
        break;
    case search::RerankerState::Failed:
        rerankerLabel_->setText(tr("Failed: %1").arg(reason));
        break;
    case search::RerankerState::OnDemand:
        rerankerLabel_->setText(tr("On demand: the first search that reranks loads it, and it is freed "
                                   "again when no search has used it for two minutes."));
        break;
    }
    rerankerProgress_->setVisible(status.state == search::RerankerState::Loading);
    retryButton_->setVisible(status.state == search::RerankerState::Failed);
    rerankerUnloadButton_->setVisible(status.state == search::RerankerState::Ready);
    rerankerLoadButton_->setVisible(status.state == search::RerankerState::Disabled && rerankerConfigured());
    updateChoiceNote();
}

bool ModelSidebar::rerankerConfigured() const
{
    const auto &s = controller_->settings();
    return s.modelsEnabled && s.rerankerEnabled &&
           (!s.rerankerModelDir.isEmpty() || !s.rerankerModelUrl.trimmed().isEmpty());
}

void ModelSidebar::updateChoiceNote()
{
    // The recommendation above is advice; this says where the loaded models go beyond it.
    const QString note = controller_->gpu()
                             ? loadedBeyondRecommendation(controller_->recommendedModels(),
                                                          controller_->session()->rerankerStatus().state,
                                                          controller_->session()->isRerankerOnDemand())
                             : QString();
    choiceNoteLabel_->setText(note);
    choiceNoteLabel_->setVisible(!note.isEmpty());
}

void ModelSidebar::checkSpaces()
{
    const auto check = spaceCheck_.start();
    auto *session = controller_->session();
    if (!session->isLibraryOpen() || !session->hasEmbeddingModel()) {
        mismatchLabel_->hide();
        migrateButton_->hide();
        return;
    }
    application::librarySpaces(*session).then(
        this, [this, check](const Result<std::vector<store::SpaceInfo>> &spaces) {
            if (!spaceCheck_.isLatest(check))
                return; // the model or the library changed meanwhile
            const auto identity = controller_->session()->embeddingIdentity();
            const store::SpaceInfo *other = nullptr;
            bool matches = false;
            if (spaces) {
                for (const auto &space : *spaces) {
                    if (space.state != store::SpaceState::Active)
                        continue;
                    if (space.identity == identity)
                        matches = true;
                    else if (!other)
                        other = &space;
                }
            }
            const bool mismatch = other && !matches;
            if (mismatch)
                mismatchLabel_->setText(
                    tr("This library's vectors were made with %1 (%2 dimensions), not with the loaded "
                       "model. Searches cannot mix the two: migrate the library to the loaded model, or load "
                       "%1.")
                        .arg(modelName(other->identity))
                        .arg(other->identity.storedDim()));
            else if (!spaces)
                mismatchLabel_->setText(QString::fromStdString(spaces.error().message));
            mismatchLabel_->setVisible(mismatch || !spaces);
            migrateButton_->setVisible(mismatch);
        });
}

void ModelSidebar::writeModelSize()
{
    auto stored = controller_->storedSettings();
    stored.modelSize = modelSizeCombo_->currentData().toString();
    controller_->applySettings(stored);
}

void ModelSidebar::writeLimits()
{
    auto stored = controller_->storedSettings();
    // An overridden spin box shows the environment's value, which must not end up in the stored settings.
    if (candidatesSpin_->isEnabled())
        stored.rerankerCandidates = candidatesSpin_->value();
    if (topKSpin_->isEnabled())
        stored.rerankerTopK = topKSpin_->value();
    controller_->applySettings(stored);
}

} // namespace cortex::ui
