#include "ui/shell/app_controller.h"

#include <QSettings>
#include <QtConcurrent/QtConcurrentRun>

namespace cortex::ui {
namespace {

model::DevicePreference devicePreference(const QString &device)
{
    if (device.compare(QLatin1String("cpu"), Qt::CaseInsensitive) == 0)
        return model::DevicePreference::Cpu;
    if (device.compare(QLatin1String("cuda"), Qt::CaseInsensitive) == 0)
        return model::DevicePreference::Cuda;
    return model::DevicePreference::Auto;
}

bool embeddingInputsDiffer(const settings::Settings &a, const settings::Settings &b)
{
    return a.modelsEnabled != b.modelsEnabled || a.embeddingModelDir != b.embeddingModelDir ||
           a.mrlDim != b.mrlDim || a.embedBatchSize != b.embedBatchSize || a.device != b.device ||
           a.minPixels != b.minPixels || a.maxPixels != b.maxPixels;
}

bool rerankerInputsDiffer(const settings::Settings &a, const settings::Settings &b)
{
    return a.modelsEnabled != b.modelsEnabled || a.rerankerEnabled != b.rerankerEnabled ||
           a.rerankerModelDir != b.rerankerModelDir || a.rerankBatchSize != b.rerankBatchSize ||
           a.device != b.device || a.minPixels != b.minPixels || a.maxPixels != b.maxPixels;
}

} // namespace

AppController::AppController(QObject *parent) : QObject(parent), session_(new session::LibrarySession(this))
{
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
        updateMissingModelText();
    });
    openLibrary();
    loadEmbeddingModel();
    loadReranker();
}

QString AppController::libraryDirectory() const
{
    return effective_.libraryDir.isEmpty() ? settings::defaultLibraryDir() : effective_.libraryDir;
}

session::ModelChoice AppController::recommendedModels() const
{
    return session::chooseModels(gpu_.value_or(session::GpuInfo{}));
}

QString AppController::recommendedEmbeddingModel() const
{
    const QString size = effective_.modelSize.compare(QLatin1String("auto"), Qt::CaseInsensitive) == 0
                             ? recommendedModels().embeddingSize
                             : effective_.modelSize.toUpper();
    return QStringLiteral("Qwen/Qwen3-VL-Embedding-%1").arg(size);
}

model::EngineOptions AppController::embeddingOptions() const
{
    model::EngineOptions o;
    o.device = devicePreference(effective_.device);
    o.minPixels = effective_.minPixels;
    o.maxPixels = effective_.maxPixels;
    o.batchSize = effective_.embedBatchSize;
    return o;
}

model::EngineOptions AppController::rerankerOptions() const
{
    model::EngineOptions o = embeddingOptions();
    o.batchSize = effective_.rerankBatchSize;
    return o;
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
        updateMissingModelText();
    }
    emit settingsChanged();
}

void AppController::retryReranker()
{
    loadReranker();
}

void AppController::openLibrary()
{
    const QString dir = libraryDirectory();
    session_->openLibrary(dir).then(this, [this, dir](const Status &status) {
        if (!status)
            emit statusMessage(tr("Cannot open the library %1: %2")
                                   .arg(dir, QString::fromStdString(status.error().message)));
    });
}

void AppController::loadEmbeddingModel()
{
    const uint64_t generation = ++embeddingGeneration_;
    if (!effective_.modelsEnabled) {
        setModelStatus(tr("The models are turned off (QWEN3_VL_ENABLED or the settings): search and "
                          "ingestion need the embedding model."));
        return;
    }
    if (effective_.embeddingModelDir.isEmpty()) {
        updateMissingModelText();
        return;
    }
    const QString dir = effective_.embeddingModelDir;
    setModelStatus(tr("Loading the embedding model from %1…").arg(dir));
    session_->loadEmbeddingModel(dir, embeddingOptions(), effective_.mrlDim)
        .then(this, [this, dir, generation](const Status &status) {
            if (generation != embeddingGeneration_)
                return;
            if (status) {
                setModelStatus({});
                return;
            }
            const QString text = tr("Cannot load the embedding model from %1: %2")
                                     .arg(dir, QString::fromStdString(status.error().message));
            setModelStatus(text);
            emit statusMessage(text);
        });
}

void AppController::loadReranker()
{
    if (!effective_.modelsEnabled || !effective_.rerankerEnabled || effective_.rerankerModelDir.isEmpty()) {
        session_->disableReranker();
        return;
    }
    session_->loadReranker(effective_.rerankerModelDir, rerankerOptions());
}

void AppController::setModelStatus(const QString &text)
{
    if (text == modelStatus_)
        return;
    modelStatus_ = text;
    emit modelStatusChanged(text);
}

void AppController::updateMissingModelText()
{
    if (effective_.modelsEnabled && effective_.embeddingModelDir.isEmpty())
        setModelStatus(tr("No embedding model is configured: download %1 (recommended for this computer) "
                          "and choose its folder in Settings.")
                           .arg(recommendedEmbeddingModel()));
}

} // namespace cortex::ui
