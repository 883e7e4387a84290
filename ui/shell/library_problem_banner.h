#pragma once
// The banner above the tabs while the library folder cannot be opened: the reason as the library
// gives it (the folder, and for a folder in use the other process's pid and what to do), a Retry
// button (after closing the other process, say) and a way to choose another folder in Settings. Without
// it, the only trace was a status-bar message that the next message replaced.

#include <QFrame>

class QLabel;

namespace cortex::ui {

class AppController;

class LibraryProblemBanner : public QFrame {
    Q_OBJECT
public:
    explicit LibraryProblemBanner(AppController *controller, QWidget *parent = nullptr);

signals:
    void settingsRequested();

private:
    void showProblem(const QString &problem);

    AppController *controller_;
    QLabel *label_ = nullptr;
};

} // namespace cortex::ui
