#pragma once
// The application's state outside the widgets: the settings (stored in QSettings, QWEN3_VL_* applied on
// top) and the LibrarySession they configure. Applying new settings saves them and reloads only what
// they change (library, embedding model, reranker). Everything slow runs in the session's workers.

#include "application/models.h"
#include "session/library_session.h"
#include "session/model_choice.h"
#include "session/model_download_job.h"
#include "settings/settings.h"
#include "ui/common/latest_request.h"

#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

namespace cortex::application {
class LibraryApi;
}

namespace cortex::ui {

class AppController : public QObject {
    Q_OBJECT
public:
    explicit AppController(QObject *parent = nullptr); // reads the settings; loads nothing yet
    ~AppController() override;

    // Opens the library and loads the configured models (all in the background).
    void start();

    session::LibrarySession *session() const { return session_; }

    // The effective settings: the stored ones with the environment's overrides applied.
    const settings::Settings &settings() const { return effective_; }
    // The settings as stored in QSettings (what the Settings page edits).
    const settings::Settings &storedSettings() const { return stored_; }
    // The QWEN3_VL_* variables that override stored values ("QWEN3_VL_RERANKER_TOP_K", ...).
    QStringList overriddenKeys() const { return overridden_; }
    // Variables that are set but invalid, one sentence each (they are ignored).
    QStringList environmentProblems() const { return problems_; }

    // Saves `stored` and reloads what changed; overridden members keep their environment values.
    void applySettings(const settings::Settings &stored);

    // Loads the reranker again (after it failed), with the current settings.
    void retryReranker();
    // Loads the embedding model again with the current settings (after the sidebar unloaded it).
    void reloadEmbeddingModel() { loadEmbeddingModel(); }

    // The library folder in use (the setting, or the platform default).
    QString libraryDirectory() const;

    // The GPU as detected in the background by start(); nullopt until known.
    std::optional<session::GpuInfo> gpu() const { return gpu_; }
    // The VRAM table's recommendation for the detected GPU (CPU only until detected).
    session::ModelChoice recommendedModels() const;
    // The official embedding model to use, from the size setting or the recommendation ("2B" when the
    // setting names no official size).
    hub::KnownModel recommendedEmbedding() const;
    // Its repository: "Qwen/Qwen3-VL-Embedding-2B".
    QString recommendedEmbeddingModel() const { return recommendedEmbedding().repoId; }

    // Whether the reranker is loaded on demand: the size is automatic and the VRAM table says so.
    bool rerankerOnDemand() const;

    // One sentence about the embedding model ("No embedding model is configured: ...", a load error, or
    // empty when it is loaded).
    QString modelStatusText() const { return modelStatus_; }

    // True while the models are enabled and no embedding model folder is configured (the first run).
    bool embeddingModelMissing() const;

    // Models on this computer (Hugging Face cache, Cortex's models folder), searched on a worker.
    QFuture<std::vector<hub::FoundModel>> findModels() const;
    // The one model download (into the Hugging Face cache; HF_ENDPOINT/HF_TOKEN apply). When it
    // completes and no model of its role is configured yet, it becomes the configured one.
    session::ModelDownloadJob *modelDownload() const { return download_; }
    bool startModelDownload(const QString &repoId);

    // The library API (application/library_api.h), off by default: turning it on starts serving at once
    // and stores the choice; off stops it.
    void setLibraryApiEnabled(bool enabled);
    const application::LibraryApi &libraryApi() const { return *libraryApi_; }
    // Why the library API does not serve although it is on (the address and the reason), or empty.
    QString libraryApiProblem() const { return libraryApiProblem_; }
    // Replaces the API's token (the one in use stops working at once); an error names the token file.
    Status replaceLibraryApiToken();

    model::EngineOptions embeddingOptions() const;
    model::EngineOptions rerankerOptions() const;

signals:
    void settingsChanged();
    void gpuDetected();
    void modelStatusChanged(const QString &text);
    // The library API started, stopped, failed to start or has a new token.
    void libraryApiChanged();
    // A message for the status bar (an error naming the folder and the reason, or a short notice).
    void statusMessage(const QString &text);
    // The library folder could not be opened (the reason, naming the folder), or empty once it is open.
    void libraryProblemChanged(const QString &problem);

public:
    QString libraryProblem() const { return libraryProblem_; }
    void retryLibrary() { openLibrary(); }

private:
    void openLibrary();
    void loadEmbeddingModel();
    // The settings' model server, connected on the model worker once no library is being opened.
    void loadServedEmbeddingModel(uint64_t generation);
    // The local model's fingerprint into the open library, so that a server of its weights is admitted
    // later (application/served_models.h).
    void recordFingerprint();
    void loadReranker();
    void setModelStatus(const QString &text);
    // Starts the library API as the settings say (or stops it), and says so with libraryApiChanged.
    void updateLibraryApi();
    void updateMissingModelText();
    void adoptFoundModels(); // first run: a complete model found on disk becomes the configured one
    void onDownloadFinished(bool ok, const QString &message, const QString &snapshotDir);

    session::LibrarySession *session_;
    settings::Settings stored_;
    settings::Settings effective_;
    QStringList overridden_;
    QStringList problems_;
    std::optional<session::GpuInfo> gpu_;
    QString modelStatus_;
    QString libraryProblem_; // why the library folder could not be opened; empty when it is open
    bool started_ = false;
    int librariesOpening_ = 0; // openLibrary calls not answered yet
    bool searchedForModels_ = false;
    session::ModelDownloadJob *download_;
    LatestRequest embeddingLoad_;
    std::unique_ptr<application::LibraryApi> libraryApi_; // before the session is destroyed (a child)
    QString libraryApiProblem_; // a late answer for a model that was replaced is ignored
};

} // namespace cortex::ui
