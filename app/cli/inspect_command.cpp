#include "arguments.h"
#include "commands.h"
#include "json_output.h"

#include "model/model_info.h"
#include "model/nn/device.h"

#include <iostream>

namespace cortex::cli {

int runInspectModel(const std::vector<std::string> &argv)
{
    const std::vector<OptionSpec> specs = {
        {"model", true, false, "model folder"},
        {"device", true, false, "auto (default), cpu or cuda: where the model would run"},
        {"dtype", true, false, "auto (default), float32, bfloat16 or int8: the compute dtype asked for"},
        {"json", false, false, "print the result as JSON"},
    };
    auto args = Arguments::parse(argv, specs);
    if (!args)
        return usageError(args.error().message);
    if (!args->has("model"))
        return usageError("inspect-model needs --model DIR");
    const auto device = model::parseDevicePreference(args->valueOr("device", "auto"));
    if (!device)
        return usageError(device.error().message);
    const auto dtype = model::parseDTypePreference(args->valueOr("dtype", "auto"));
    if (!dtype)
        return usageError(dtype.error().message);
    auto info = model::inspectModel(*args->value("model"));
    if (!info)
        return fail(info.error().message);
    // Where and in which dtype the model would run here, and why (the choice `embed` and `bench` make).
    const auto target = model::resolveComputeTarget(*device, *dtype);
    if (!target)
        return fail(target.error().message);
    const auto &t = info->config.text;
    const auto &v = info->config.vision;
    const nlohmann::json out = {
        {"directory", info->directory.string()},
        {"architecture", info->architecture},
        {"parameters", info->parameterCount},
        {"vision_parameters", info->visionParameterCount},
        {"hidden_size", t.hiddenSize},
        {"output_dimension", info->embeddingDimension},
        {"layers", t.numHiddenLayers},
        {"attention_heads", t.numAttentionHeads},
        {"key_value_heads", t.numKeyValueHeads},
        {"vision_depth", v.depth},
        {"vision_hidden_size", v.hiddenSize},
        {"deepstack_visual_indexes", v.deepstackVisualIndexes},
        {"tied_embeddings", info->tiedEmbeddings},
        {"checkpoint_dtype", info->checkpointDtype},
        {"checkpoint_bytes", info->checkpointBytes},
        {"shards", info->shardCount},
        {"has_tokenizer", info->hasTokenizer},
        {"has_preprocessor_config", info->hasPreprocessorConfig},
        {"memory_bytes", {{"bfloat16", info->weightBytesBFloat16}, {"float32", info->weightBytesFloat32}}},
        {"compute",
         {{"device", target->device.str()},
          {"dtype", model::dtypeName(*target)},
          {"reason", target->dtypeReason}}},
    };
    if (args->has("json")) {
        printJson(out);
    } else {
        const auto gib = [](uint64_t b) {
            return double(b) / (1024.0 * 1024.0 * 1024.0);
        };
        std::cout << info->architecture << " at " << info->directory.string() << "\n"
                  << "  parameters " << info->parameterCount << " (vision " << info->visionParameterCount
                  << ")\n"
                  << "  hidden size " << t.hiddenSize << ", " << t.numHiddenLayers
                  << " layers, output dimension " << info->embeddingDimension << ", "
                  << (info->tiedEmbeddings ? "tied" : "separate") << " lm_head\n"
                  << "  checkpoint " << info->checkpointDtype << ", " << info->shardCount << " shard(s), "
                  << gib(info->checkpointBytes) << " GiB\n"
                  << "  weights need " << gib(info->weightBytesBFloat16) << " GiB in bfloat16, "
                  << gib(info->weightBytesFloat32) << " GiB in float32\n"
                  << "  runs on " << model::describe(*target) << " here (" << target->dtypeReason << ")\n";
    }
    return 0;
}

} // namespace cortex::cli
