#include "ui/shell/first_run_banner.h"

#include "ui/common/widgets.h"
#include "ui/shell/app_controller.h"
#include "ui/shell/models_panel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace cortex::ui {

FirstRunBanner::FirstRunBanner(AppController *controller, QWidget *parent)
    : QFrame(parent), controller_(controller)
{
    setObjectName(QStringLiteral("firstRunBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);

    label_ = new QLabel;
    label_->setObjectName(QStringLiteral("firstRunLabel"));
    label_->setWordWrap(true);
    progress_ = new QProgressBar;
    progress_->setObjectName(QStringLiteral("firstRunProgressBar"));
    progress_->setRange(0, 1000);
    progress_->setVisible(false);
    downloadButton_ =
        makeButton(QStringLiteral("download"), QString(), QStringLiteral("firstRunDownloadButton"), this);
    cancelButton_ = makeButton(QStringLiteral("process-stop"), tr("Cancel"),
                               QStringLiteral("firstRunCancelButton"), this);
    chooseButton_ = makeButton(QStringLiteral("folder-open"), tr("Choose a Folder…"),
                               QStringLiteral("firstRunChooseButton"), this);

    auto *text = new QVBoxLayout;
    text->addWidget(label_);
    text->addWidget(progress_);
    auto *layout = new QHBoxLayout(this);
    layout->addLayout(text, 1);
    layout->addWidget(downloadButton_);
    layout->addWidget(cancelButton_);
    layout->addWidget(chooseButton_);

    auto *job = controller_->modelDownload();
    connect(downloadButton_, &QPushButton::clicked, this, [this] {
        controller_->startModelDownload(controller_->recommendedEmbeddingModel());
        update();
    });
    connect(cancelButton_, &QPushButton::clicked, job, &session::ModelDownloadJob::cancel);
    connect(chooseButton_, &QPushButton::clicked, this, &FirstRunBanner::chooseFolderRequested);
    connect(job, &session::ModelDownloadJob::progressed, this, [this](const hub::DownloadProgress &p) {
        progress_->setValue(downloadPermille(p));
        label_->setText(describeDownload(controller_->modelDownload()->repoId(), p));
    });
    connect(job, &session::ModelDownloadJob::finished, this, [this](bool ok, const QString &message) {
        update();
        if (!ok) // the reason (or that it was cancelled and resumes) stays in view until the next try
            label_->setText(message);
    });
    connect(controller_, &AppController::modelStatusChanged, this, &FirstRunBanner::update);
    connect(controller_, &AppController::settingsChanged, this, &FirstRunBanner::update);
    connect(controller_, &AppController::gpuDetected, this, &FirstRunBanner::update);
    update();
}

void FirstRunBanner::update()
{
    const bool running = controller_->modelDownload()->isRunning();
    setVisible(controller_->embeddingModelMissing() || running);
    progress_->setVisible(running);
    downloadButton_->setVisible(!running);
    cancelButton_->setVisible(running);
    downloadButton_->setText(tr("Download %1").arg(controller_->recommendedEmbeddingModel()));
    if (!running)
        label_->setText(controller_->modelStatusText());
}

} // namespace cortex::ui
