#pragma once
// The banner above the tabs while no embedding model is configured (the first run): one sentence that
// says so and names the model the VRAM table recommends, a button that downloads it (with progress and
// cancel right there), and one that opens a folder dialog to choose a model instead. It hides itself once a
// model is configured.

#include <QFrame>

class QLabel;
class QProgressBar;
class QPushButton;

namespace cortex::ui {

class AppController;

class FirstRunBanner : public QFrame {
    Q_OBJECT
public:
    explicit FirstRunBanner(AppController *controller, QWidget *parent = nullptr);

signals:
    void chooseFolderRequested();

private:
    void update();

    AppController *controller_;
    QLabel *label_ = nullptr;
    QProgressBar *progress_ = nullptr;
    QPushButton *downloadButton_ = nullptr;
    QPushButton *cancelButton_ = nullptr;
    QPushButton *chooseButton_ = nullptr;
};

} // namespace cortex::ui
