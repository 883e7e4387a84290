#pragma once
// The models: what the window's sidebar, Settings page and models panel and `cortex-cli models` need,
// written once. The records and the searching, advice and downloading are the hub's (core/hub), which
// both callers share; this header is how the window reaches them, plus what the window alone had done
// itself: describing a model folder, and turning the settings into engine options.

#include "common/result.h"
#include "hub/hub_cache.h"
#include "hub/hub_environment.h"
#include "hub/known_models.h"
#include "hub/model_advice.h"
#include "model/engine_options.h"
#include "settings/settings.h"

#include <QFuture>

#include <filesystem>
#include <string>
#include <vector>

namespace cortex::application {

// What a model snapshot folder holds (read from its config and weights header; it hashes part of the
// weights, so call it on a worker).
struct ModelFolderSummary {
    std::string name;         // the repository's name ("Qwen3-VL-Embedding-2B")
    std::string architecture; // config.json's architecture
    int textLayers = 0;
    int hiddenSize = 0; // 2048: the 2B size, 4096: the 8B size
    int visionBlocks = 0;
};
Result<ModelFolderSummary> describeModelFolder(const std::filesystem::path &folder);

// The models on this computer (the Hugging Face cache and Cortex's models folder), searched on a worker.
QFuture<std::vector<hub::FoundModel>> findModelsOnThisComputer();

// The engine options the settings ask for (device, precision, image pixels, batch size) for the
// embedding model or the reranker. The settings file is user-editable: an unknown device or dtype is
// the automatic choice.
enum class ModelKind { Embedding, Reranker };
model::EngineOptions engineOptions(const settings::Settings &settings, ModelKind kind);

} // namespace cortex::application
