#include "model/model_info.h"

#include "model/weights/checkpoint.h"
#include "model/weights/safetensors.h"
#include "model/weights/tensor_spec.h"

namespace cortex::model {

Result<ModelInfo> inspectModel(const std::filesystem::path &modelDir)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(modelDir, ec))
        return makeError("model folder " + modelDir.string() + " does not exist or is not a folder");
    auto config = loadModelConfig(modelDir / "config.json");
    if (!config)
        return config.error();
    auto checkpoint = Checkpoint::open(modelDir);
    if (!checkpoint)
        return checkpoint.error();

    ModelInfo info;
    info.directory = modelDir;
    info.config = *config;
    info.architecture = config->architecture;
    info.embeddingDimension = config->text.hiddenSize;
    info.tiedEmbeddings = config->text.tieWordEmbeddings;
    for (const auto &spec : qwen3vlTensorSpecs(*config)) {
        const auto n = elementCount(spec.shape);
        info.parameterCount += n;
        if (spec.name.rfind("model.visual.", 0) == 0)
            info.visionParameterCount += n;
    }
    info.weightBytesBFloat16 = static_cast<uint64_t>(info.parameterCount) * 2;
    info.weightBytesFloat32 = static_cast<uint64_t>(info.parameterCount) * 4;
    info.checkpointBytes = checkpoint->totalBytes();
    info.shardCount = checkpoint->shardCount();
    for (const auto &name : checkpoint->names()) {
        const std::string dtype = dtypeName(checkpoint->find(name)->dtype);
        if (info.checkpointDtype.empty())
            info.checkpointDtype = dtype;
        else if (info.checkpointDtype != dtype)
            info.checkpointDtype = "mixed";
    }
    info.hasTokenizer = std::filesystem::exists(modelDir / "tokenizer.json", ec);
    info.hasPreprocessorConfig = std::filesystem::exists(modelDir / "preprocessor_config.json", ec);
    return info;
}

} // namespace cortex::model
