#pragma once
// What `cortex-cli inspect-model` and the Settings page show about a snapshot folder, read from its
// config and checkpoint header without loading any weights.

#include "model/common/result.h"
#include "model/config/model_config.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace cortex::model {

struct ModelInfo {
    std::filesystem::path directory;
    std::string architecture;
    ModelConfig config;
    int64_t parameterCount = 0; // from the tensor table
    int64_t visionParameterCount = 0;
    int64_t embeddingDimension = 0; // = text hidden size
    bool tiedEmbeddings = false;
    std::string checkpointDtype; // dtype of the checkpoint's tensors ("BF16", or "mixed")
    uint64_t checkpointBytes = 0;
    size_t shardCount = 0;
    bool hasTokenizer = false;
    bool hasPreprocessorConfig = false;
    // Memory for the weights alone in each compute dtype (activations come on top).
    uint64_t weightBytesBFloat16 = 0;
    uint64_t weightBytesFloat32 = 0;
};

Result<ModelInfo> inspectModel(const std::filesystem::path &modelDir);

} // namespace cortex::model
