#include "ui/shell/app_controller.h"

#include "application/library_api.h"
#include "application/models.h"
#include "application/served_models.h"

#include <QSettings>
#include <QtConcurrent/QtConcurrentRun>

namespace cortex::ui {
namespace {

bool embeddingInputsDiffer(const settings::Settings &a, const settings::Settings &b)
{
    return a.modelsEnabled != b.modelsEnabled || a.embeddingModelDir != b.embeddingModelDir ||
           a.mrlDim != b.mrlDim || a.embedBatchSize != b.embedBatchSize || a.device != b.device ||
           a.dtype != b.dtype || a.minPixels != b.minPixels || a.maxPixels != b.maxPixels ||
           a.embeddingModelUrl != b.embeddingModelUrl || a.embeddingModelName != b.embeddingModelName ||
           a.embeddingModelToken != b.embeddingModelToken;
}

bool rerankerInputsDiffer(const settings::Settings &a, const settings::Settings &b)
{
    return a.modelsEnabled != b.modelsEnabled || a.rerankerEnabled != b.rerankerEnabled ||
           a.rerankerModelDir != b.rerankerModelDir || a.rerankBatchSize != b.rerankBatchSize ||
           a.device != b.device || a.dtype != b.dtype || a.minPixels != b.minPixels ||
           a.maxPixels != b.maxPixels || a.rerankerModelUrl != b.rerankerModelUrl ||
           a.rerankerModelName != b.rerankerModelName || a.rerankerModelToken != b.rerankerModelToken;
}

// What the window's watched-folder syncs ingest with (cortex-cli watch's options, from the settings).
ingest::IngestOptions watchSyncOptions(const settings::Settings &s)
{
    ingest::IngestOptions o;
    o.chunk.chunkTokens = s.chunkTokens;
    o.chunk.overlapTokens = s.chunkOverlap;
    o.embedBatch = s.embedBatchSize;
    o.videoSegmentSeconds = ingest::videoSegmentSecondsOf(s.videoSegmentSeconds);
    return o;
}

} // namespace

AppController::AppController(QObject *parent)
    : QObject(parent), session_(new session::LibrarySession(this)),
      download_(new session::ModelDownloadJob(this)),
      libraryApi_(std::make_unique<application::LibraryApi>(*session_))
{
    connect(download_, &session::ModelDownloadJob::finished, this,
            [this](bool ok, const QString &message, const QString &snapshotDir, bool) {
                onDownloadFinished(ok, message, snapshotDir);
            });
    QSettings store;
    stored_ = settings::load(store);
    effective_ = stored_;
    overridden_ = settings::applyEnvironment(effective_, &problems_);
    // A model that did not fit on the GPU and now runs on the CPU: say so where the user looks.
    connect(session_, &session::LibrarySession::modelNotice, this, &AppController::statusMessage);
}

AppController::~AppController() = default;

void AppController::start()
{
    if (started_)
        return;
    started_ = true;
    for (const auto &p : problems_)
        emit statusMessage(p);
    // CUDA initialisation can take seconds: never on the GUI thread.
    QtConcurrent::run(&session::detectGpu).then(this, [this](const session::GpuInfo &gpu) {
        gpu_ = gpu;
        emit gpuDetected();
        // The reranker started loading before the GPU was known: switch it to on demand if the table says so.
        if (rerankerOnDemand() && !session_->isRerankerOnDemand() && !session_->rerankerDirectory().isEmpty())
            loadReranker();
        updateMissingModelText();
    });
    // The window keeps the library's watched folders in sync while it runs (cortex-cli watch's loop).
    session_->setWatchSyncOptions(watchSyncOptions(effective_));
    session_->setWatchingEnabled(true);
    openLibrary();
    loadEmbeddingModel();
    loadReranker();
    updateLibraryApi(); // it answers 503 until the library is open
}

QString AppController::libraryDirectory() const
{
    return effective_.libraryDir.isEmpty() ? settings::defaultLibraryDir() : effective_.libraryDir;
}

session::ModelChoice AppController::recommendedModels() const
{
    return session::chooseModels(gpu_.value_or(session::GpuInfo{}));
}

hub::KnownModel AppController::recommendedEmbedding() const
{
    const QString size = effective_.modelSize.compare(QLatin1String("auto"), Qt::CaseInsensitive) == 0
                             ? recommendedModels().embeddingSize
                             : effective_.modelSize;
    return hub::officialModel(hub::ModelRole::Embedding, size)
        .value_or(*hub::officialModel(hub::ModelRole::Embedding, QStringLiteral("2B")));
}

model::EngineOptions AppController::embeddingOptions() const
{
    return application::engineOptions(effective_, application::ModelKind::Embedding);
}

model::EngineOptions AppController::rerankerOptions() const
{
    return application::engineOptions(effective_, application::ModelKind::Reranker);
}

void AppController::applySettings(const settings::Settings &stored)
{
    const settings::Settings before = effective_;
    stored_ = stored;
    {
        QSettings store;
        settings::save(stored_, store);
    }
    effective_ = stored_;
    problems_.clear();
    overridden_ = settings::applyEnvironment(effective_, &problems_);
    if (started_) {
        if (libraryDirectory() !=
            (before.libraryDir.isEmpty() ? settings::defaultLibraryDir() : before.libraryDir))
            openLibrary();
        if (embeddingInputsDiffer(before, effective_))
            loadEmbeddingModel();
        if (rerankerInputsDiffer(before, effective_))
            loadReranker();
        if (before.apiEnabled != effective_.apiEnabled || before.apiListen != effective_.apiListen ||
            before.rerankerTopK != effective_.rerankerTopK ||
            before.rerankerCandidates != effective_.rerankerCandidates)
            updateLibraryApi();
        if (before.videoSegmentSeconds != effective_.videoSegmentSeconds)
            session_->setWatchSyncOptions(watchSyncOptions(effective_)); // the next sync's new videos
        updateMissingModelText();
    }
    emit settingsChanged();
}

void AppController::setLibraryApiEnabled(bool enabled)
{
    if (stored_.apiEnabled == enabled && libraryApi_->isServing() == enabled && libraryApiProblem_.isEmpty())
        return;
    // Stored at once, apart from the page's other edits (which Apply saves).
    stored_.apiEnabled = enabled;
    effective_.apiEnabled = enabled;
    {
        QSettings store;
        store.setValue(QStringLiteral("api/enabled"), enabled);
    }
    updateLibraryApi();
}

void AppController::updateLibraryApi()
{
    libraryApiProblem_.clear();
    if (!effective_.apiEnabled) {
        libraryApi_->stop();
        emit libraryApiChanged();
        return;
    }
    application::LibraryApiOptions options;
    options.listen = effective_.apiListen;
    options.defaults = {effective_.rerankerTopK, effective_.rerankerCandidates};
    if (const Status started = libraryApi_->start(options); !started) {
        libraryApiProblem_ = QString::fromStdString(started.error().message);
        emit statusMessage(tr("The library API is not served: %1").arg(libraryApiProblem_));
    }
    emit libraryApiChanged();
}

Status AppController::replaceLibraryApiToken()
{
    auto token = libraryApi_->replaceToken();
    emit libraryApiChanged();
    if (!token)
        return token.error();
    return {};
}

void AppController::retryReranker()
{
    loadReranker();
}

void AppController::openLibrary()
{
    const QString dir = libraryDirectory();
    ++librariesOpening_;
    session_->openLibrary(dir).then(this, [this](const Status &status) {
        --librariesOpening_;
        // A served model is checked against the library it writes (its fingerprint): connected again for
        // the library now open.
        if (librariesOpening_ == 0 && effective_.modelsEnabled &&
            application::isServed(effective_, application::ModelKind::Embedding))
            loadEmbeddingModel();
        else if (status)
            recordFingerprint();
        // The reason names the folder already.
        libraryProblem_ = status ? QString() : QString::fromStdString(status.error().message);
        if (!status)
            emit statusMessage(tr("Cannot open the library: %1").arg(libraryProblem_));
        emit libraryProblemChanged(libraryProblem_);
    });
}

void AppController::loadEmbeddingModel()
{
    const auto generation = embeddingLoad_.start();
    if (!effective_.modelsEnabled) {
        setModelStatus(tr("The models are turned off (QWEN3_VL_ENABLED or the settings): search and "
                          "ingestion need the embedding model."));
        return;
    }
    if (application::isServed(effective_, application::ModelKind::Embedding)) {
        loadServedEmbeddingModel(generation);
        return;
    }
    if (effective_.embeddingModelDir.isEmpty()) {
        updateMissingModelText();
        adoptFoundModels();
        return;
    }
    const QString dir = effective_.embeddingModelDir;
    setModelStatus(tr("Loading the embedding model from %1…").arg(dir));
    session_->loadEmbeddingModel(dir, embeddingOptions(), effective_.mrlDim)
        .then(this, [this, dir, generation](const Status &status) {
            if (!embeddingLoad_.isLatest(generation))
                return;
            if (status) {
                setModelStatus({});
                recordFingerprint();
                return;
            }
            const QString text = tr("Cannot load the embedding model from %1: %2")
                                     .arg(dir, QString::fromStdString(status.error().message));
            setModelStatus(text);
            emit statusMessage(text);
        });
}

void AppController::loadServedEmbeddingModel(uint64_t generation)
{
    const QString url = effective_.embeddingModelUrl.trimmed();
    if (librariesOpening_ > 0) {
        // Connected once the library is open (openLibrary), so that the model is checked against it.
        setModelStatus(tr("Connecting to the model server at %1 once the library is open…").arg(url));
        return;
    }
    setModelStatus(tr("Connecting to the model server at %1…").arg(url));
    application::useServedEmbeddingModel(*session_, effective_)
        .then(this, [this, generation](const Status &status) {
            if (!embeddingLoad_.isLatest(generation))
                return;
            if (status) {
                setModelStatus({});
                return;
            }
            // The reason names the server.
            const QString text = tr("Cannot use the served embedding model: %1")
                                     .arg(QString::fromStdString(status.error().message));
            setModelStatus(text);
            emit statusMessage(text);
        });
}

void AppController::recordFingerprint()
{
    application::recordLibraryFingerprint(*session_).then(this, [this](const Status &status) {
        if (!status)
            emit statusMessage(tr("The model's fingerprint was not recorded in the library: %1")
                                   .arg(QString::fromStdString(status.error().message)));
    });
}

void AppController::loadReranker()
{
    if (effective_.modelsEnabled && effective_.rerankerEnabled &&
        application::isServed(effective_, application::ModelKind::Reranker)) {
        application::useServedReranker(*session_, effective_);
        return;
    }
    if (!effective_.modelsEnabled || !effective_.rerankerEnabled || effective_.rerankerModelDir.isEmpty()) {
        session_->disableReranker();
        return;
    }
    // The VRAM table's 16-24 GB row: the 8B embedding model leaves room for the reranker only while a
    // search reranks.
    if (rerankerOnDemand())
        session_->loadRerankerOnDemand(effective_.rerankerModelDir, rerankerOptions());
    else
        session_->loadReranker(effective_.rerankerModelDir, rerankerOptions());
}

bool AppController::rerankerOnDemand() const
{
    return effective_.rerankerSize.compare(QLatin1String("auto"), Qt::CaseInsensitive) == 0 &&
           recommendedModels().rerankerOnDemand;
}

void AppController::setModelStatus(const QString &text)
{
    if (text == modelStatus_)
        return;
    modelStatus_ = text;
    emit modelStatusChanged(text);
}

bool AppController::embeddingModelMissing() const
{
    return effective_.modelsEnabled && effective_.embeddingModelDir.isEmpty() &&
           !application::isServed(effective_, application::ModelKind::Embedding);
}

void AppController::updateMissingModelText()
{
    if (!embeddingModelMissing())
        return;
    const hub::KnownModel known = recommendedEmbedding();
    setModelStatus(tr("No embedding model is configured: download %1 (about %2 GB, recommended for this "
                      "computer), or choose a model folder in Settings.")
                       .arg(known.repoId)
                       .arg(known.approxDownloadGb, 0, 'f', 1));
}

QFuture<std::vector<hub::FoundModel>> AppController::findModels() const
{
    return application::findModelsOnThisComputer();
}

void AppController::adoptFoundModels()
{
    if (searchedForModels_ || !embeddingModelMissing())
        return;
    searchedForModels_ = true;
    findModels().then(this, [this](const std::vector<hub::FoundModel> &found) {
        if (!embeddingModelMissing())
            return;
        const QString embeddingSize = recommendedEmbedding().size;
        const auto embedding = hub::adviseModel(hub::ModelRole::Embedding, embeddingSize, found);
        if (!embedding.found)
            return;
        settings::Settings s = stored_;
        s.embeddingModelDir = embedding.found->path;
        // A reranker on disk is taken only where the VRAM table recommends one (not on the CPU).
        const QString rerankerSize = recommendedModels().rerankerSize;
        if (s.rerankerModelDir.isEmpty() && !rerankerSize.isEmpty())
            if (const auto reranker = hub::adviseModel(hub::ModelRole::Reranker, rerankerSize, found);
                reranker.found)
                s.rerankerModelDir = reranker.found->path;
        emit statusMessage(tr("Using %1 found in %2.").arg(embedding.found->repoId, embedding.found->path));
        applySettings(s);
    });
}

bool AppController::startModelDownload(const QString &repoId)
{
    const hub::HubEnvironment environment = hub::HubEnvironment::fromSystem();
    hub::DownloadRequest request;
    request.repoId = repoId.trimmed();
    request.cacheDir = environment.cacheDir;
    request.endpoint = environment.endpoint;
    request.token = environment.token;
    return download_->start(request);
}

void AppController::onDownloadFinished(bool ok, const QString &message, const QString &snapshotDir)
{
    emit statusMessage(message);
    if (!ok)
        return;
    // The downloaded model becomes the configured one only where none is configured: never replace
    // a folder the user chose (that would silently switch the library's embedding space).
    settings::Settings s = stored_;
    const hub::ModelRole role = hub::roleFromName(download_->repoId());
    if (role == hub::ModelRole::Embedding && s.embeddingModelDir.isEmpty())
        s.embeddingModelDir = snapshotDir;
    else if (role == hub::ModelRole::Reranker && s.rerankerModelDir.isEmpty())
        s.rerankerModelDir = snapshotDir;
    else
        return;
    applySettings(s);
}

} // namespace cortex::ui
