#pragma once
// Who a model folder is, for recording an embedding space: its repository name and a hash of the files
// that define it. Never guessed from the output dimension: two models of one width are not compatible.

#include "common/result.h"

#include <filesystem>
#include <string>

namespace cortex::embedding {

struct ModelIdentity {
    std::string name; // "Qwen/Qwen3-VL-Embedding-2B" from a Hugging Face cache path, else the folder name
    std::string
        hash; // SHA-256 (hex) of config.json, the weights index, the first shard's header and first MiB
};

// Reads only small files (config.json, model.safetensors.index.json, the first safetensors header).
// Errors name the folder and the file that is missing.
Result<ModelIdentity> identifyModel(const std::filesystem::path &modelDir);

} // namespace cortex::embedding
