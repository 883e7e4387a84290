#pragma once
// A progress bar with a line of text and a Cancel button for one long task at a time; it polls a
// TaskProgress while the task runs and hides itself when it is done.

#include "ui/maintenance/task_progress.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace cortex::ui {

class TaskProgressPanel : public QWidget {
    Q_OBJECT
public:
    // The children are named prefix + "Progress", "ProgressLabel" and "CancelButton".
    explicit TaskProgressPanel(const QString &objectNamePrefix, QWidget *parent = nullptr);
    ~TaskProgressPanel() override; // cancels a running task: nobody will show its answer

    std::shared_ptr<TaskProgress> start(const QString &title);
    void finish();
    bool isRunning() const { return task_ != nullptr; }

private:
    void poll();

    QLabel *label_;
    QProgressBar *bar_;
    QPushButton *cancelButton_;
    QTimer timer_;
    QString title_;
    std::shared_ptr<TaskProgress> task_;
};

} // namespace cortex::ui
