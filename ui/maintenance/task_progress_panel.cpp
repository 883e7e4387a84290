#include "ui/maintenance/task_progress_panel.h"

#include "ui/common/format.h"
#include "ui/common/icons.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace cortex::ui {

TaskProgressPanel::TaskProgressPanel(const QString &prefix, QWidget *parent)
    : QWidget(parent), label_(new QLabel(this)), bar_(new QProgressBar(this)),
      cancelButton_(new QPushButton(themedIcon(QStringLiteral("process-stop")), tr("Cancel"), this))
{
    bar_->setObjectName(prefix + QStringLiteral("Progress"));
    label_->setObjectName(prefix + QStringLiteral("ProgressLabel"));
    cancelButton_->setObjectName(prefix + QStringLiteral("CancelButton"));
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label_->setMinimumWidth(120);
    label_->setSizePolicy(QSizePolicy::Ignored,
                          QSizePolicy::Preferred); // long file names must not widen the page

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(label_, 2);
    layout->addWidget(bar_, 1);
    layout->addWidget(cancelButton_);

    connect(cancelButton_, &QPushButton::clicked, this, [this] {
        if (task_) {
            task_->cancel();
            cancelButton_->setEnabled(false);
            label_->setText(tr("%1: cancelling…").arg(title_));
        }
    });
    timer_.setInterval(100);
    connect(&timer_, &QTimer::timeout, this, &TaskProgressPanel::poll);
    setVisible(false);
}

TaskProgressPanel::~TaskProgressPanel()
{
    if (task_)
        task_->cancel();
}

std::shared_ptr<TaskProgress> TaskProgressPanel::start(const QString &title)
{
    if (task_)
        task_->cancel();
    task_ = TaskProgress::create();
    title_ = title;
    label_->setText(title);
    bar_->setRange(0, 0); // busy until the first report with a total
    cancelButton_->setEnabled(true);
    setVisible(true);
    timer_.start();
    return task_;
}

void TaskProgressPanel::finish()
{
    timer_.stop();
    task_.reset();
    setVisible(false);
}

void TaskProgressPanel::poll()
{
    if (!task_ || task_->cancelled())
        return;
    const auto p = task_->take();
    if (!p)
        return;
    if (p->total > 0) {
        // QProgressBar holds ints; scale to permille so huge counts never overflow.
        bar_->setRange(0, 1000);
        bar_->setValue(int(1000.0 * double(p->done) / double(p->total)));
    }
    QString text = p->stage.empty() ? title_ : QString::fromStdString(p->stage);
    if (p->total > 0)
        text += tr(" — %1 of %2").arg(p->done).arg(p->total);
    if (p->etaSeconds >= 0)
        text += tr(", %1 left").arg(formatDuration(p->etaSeconds));
    if (!p->current.empty())
        text += QStringLiteral(" — ") + QString::fromStdString(p->current);
    label_->setText(text);
    label_->setToolTip(text);
}

} // namespace cortex::ui
