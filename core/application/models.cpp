#include "application/models.h"

#include "embedding/model_identity.h"
#include "model/config/model_config.h"

#include <QtConcurrent/QtConcurrentRun>

namespace cortex::application {

Result<ModelFolderSummary> describeModelFolder(const std::filesystem::path &folder)
{
    auto identity = embedding::identifyModel(folder);
    if (!identity)
        return identity.error();
    auto config = model::loadModelConfig(folder / "config.json");
    if (!config)
        return config.error();
    return ModelFolderSummary{identity->name, config->architecture, int(config->text.numHiddenLayers),
                              int(config->text.hiddenSize), int(config->vision.depth)};
}

QFuture<std::vector<hub::FoundModel>> findModelsOnThisComputer()
{
    return QtConcurrent::run([] { return hub::findModels(hub::defaultSearchRoots()); });
}

model::EngineOptions engineOptions(const settings::Settings &settings, ModelKind kind)
{
    model::EngineOptions o;
    if (settings.device.compare(QLatin1String("cpu"), Qt::CaseInsensitive) == 0)
        o.device = model::DevicePreference::Cpu;
    else if (settings.device.compare(QLatin1String("cuda"), Qt::CaseInsensitive) == 0)
        o.device = model::DevicePreference::Cuda;
    else
        o.device = model::DevicePreference::Auto;
    const auto dtype = model::parseDTypePreference(settings.dtype.toLower().toStdString());
    o.dtype = dtype ? *dtype : model::DTypePreference::Auto;
    o.minPixels = settings.minPixels;
    o.maxPixels = settings.maxPixels;
    o.batchSize = kind == ModelKind::Reranker ? settings.rerankBatchSize : settings.embedBatchSize;
    return o;
}

} // namespace cortex::application
