#include "ui/shell/library_problem_banner.h"

#include "ui/common/icons.h"
#include "ui/common/widgets.h"
#include "ui/shell/app_controller.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace cortex::ui {

LibraryProblemBanner::LibraryProblemBanner(AppController *controller, QWidget *parent)
    : QFrame(parent), controller_(controller)
{
    setObjectName(QStringLiteral("libraryProblemBanner"));
    setFrameShape(QFrame::StyledPanel);
    auto *icon = new QLabel(this);
    icon->setPixmap(themedIcon(QStringLiteral("dialog-error")).pixmap(22, 22));
    label_ = new QLabel(this);
    label_->setObjectName(QStringLiteral("libraryProblemLabel"));
    label_->setWordWrap(true);
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *retry =
        makeButton(QStringLiteral("view-refresh"), tr("Retry"), QStringLiteral("libraryRetryButton"), this);
    connect(retry, &QPushButton::clicked, controller_, &AppController::retryLibrary);
    auto *settings = makeButton(QStringLiteral("configure"), tr("Choose Another Folder…"),
                                QStringLiteral("libraryChooseFolderButton"), this);
    connect(settings, &QPushButton::clicked, this, &LibraryProblemBanner::settingsRequested);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(icon, 0, Qt::AlignTop);
    layout->addWidget(label_, 1);
    layout->addWidget(retry);
    layout->addWidget(settings);
    connect(controller_, &AppController::libraryProblemChanged, this, &LibraryProblemBanner::showProblem);
    showProblem(controller_->libraryProblem());
}

void LibraryProblemBanner::showProblem(const QString &problem)
{
    label_->setText(tr("The library cannot be opened: %1").arg(problem));
    setVisible(!problem.isEmpty());
}

} // namespace cortex::ui
