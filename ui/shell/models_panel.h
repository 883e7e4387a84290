#pragma once
// "Models on this computer" on the Settings tab: the Qwen3-VL models found in the Hugging Face cache and
// Cortex's models folder (complete or not), a button that puts the selected one into the settings, and
// the download of an official (or any typed) repository with its progress, rate, time left and cancel.
// A cancelled download resumes where it stopped when started again.

#include <QGroupBox>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace cortex::hub {
struct DownloadProgress;
}

namespace cortex::ui {

class AppController;
class FoundModelsModel;

class ModelsPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit ModelsPanel(AppController *controller, QWidget *parent = nullptr);

    FoundModelsModel *foundModels() const { return found_; }

public slots:
    void refresh(); // searches the disk again (on a worker)

signals:
    // The user wants the selected model as the embedding model (embedding = true) or the reranker.
    void modelChosen(bool embedding, const QString &folder);
    void refreshed(); // the list shows the latest search

private:
    void startDownload();
    void showProgress(const hub::DownloadProgress &progress);
    void downloadFinished(bool ok, const QString &message, bool cancelled);
    void updateButtons();

    AppController *controller_;
    FoundModelsModel *found_;
    QTableView *view_ = nullptr;
    QPushButton *useButton_ = nullptr;
    QComboBox *repoCombo_ = nullptr;
    QPushButton *downloadButton_ = nullptr;
    QPushButton *cancelButton_ = nullptr;
    QProgressBar *progressBar_ = nullptr;
    QLabel *statusLabel_ = nullptr;
};

// "Downloading Qwen/...: 1.2 of 4.3 GB, 25 MB/s, 2 min left (config.json, file 3 of 15)": one line for a
// download's progress, and the same as a progress bar value out of 1000; the panel and the first-run
// banner show both.
QString describeDownload(const QString &repoId, const hub::DownloadProgress &progress);
int downloadPermille(const hub::DownloadProgress &progress);

} // namespace cortex::ui
