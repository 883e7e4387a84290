#pragma once
// The panel beside Ingest and Search: what hardware Cortex found and what the VRAM table recommends (with
// a manual override, and a note when the loaded models go beyond the advice), the loaded embedding model,
// the reranker's state (with Retry after a failure), Unload/Load for both models, the candidates/top-K
// limits, and a warning when the library's vectors come from another model.

#include "application/records.h"
#include "ui/common/latest_request.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace cortex::ui {

class AppController;

class ModelSidebar : public QWidget {
    Q_OBJECT
public:
    explicit ModelSidebar(AppController *controller, QWidget *parent = nullptr);

signals:
    // The user asked to migrate the library to the loaded model (the Maintenance tab does it).
    void migrateRequested();

private:
    void updateHardware();
    void updateSettings();
    void updateEmbedding();
    void updateReranker(const search::RerankerStatus &status);
    void updateChoiceNote();
    void unloadEmbedding();
    bool rerankerConfigured() const;
    void checkSpaces();
    void writeModelSize();
    void writeLimits();

    AppController *controller_;
    QLabel *gpuLabel_;
    QLabel *choiceLabel_;
    QLabel *choiceNoteLabel_;
    QComboBox *modelSizeCombo_;
    QLabel *embeddingLabel_;
    QLabel *computeLabel_;        // where it runs and in which dtype, and why
    QLabel *statusLabel_;         // a load or connection in progress or failed while a model is loaded
    QLabel *embeddingErrorLabel_; // why an unload was refused
    QPushButton *embeddingUnloadButton_;
    QPushButton *embeddingLoadButton_;
    QLabel *mismatchLabel_;
    QPushButton *migrateButton_;
    QLabel *rerankerLabel_;
    QProgressBar *rerankerProgress_;
    QPushButton *retryButton_;
    QPushButton *rerankerUnloadButton_;
    QPushButton *rerankerLoadButton_;
    QSpinBox *candidatesSpin_;
    QSpinBox *topKSpin_;
    LatestRequest spaceCheck_; // answers to an older check are dropped
};

} // namespace cortex::ui
