#include "engine_arguments.h"

#include <cstdlib>

namespace cortex::cli {

std::vector<OptionSpec> engineOptionSpecs()
{
    return {
        {"model", true, false, "Hugging Face snapshot folder of Qwen3-VL-Embedding or -Reranker"},
        {"device", true, false, "auto (default), cpu or cuda"},
        {"dtype", true, false,
         "auto (default: bfloat16 on CUDA and on a CPU that computes it natively (AVX512_BF16 or AMX-BF16), "
         "else float32), float32, bfloat16 or int8 (CPU: linear layers in int8, for processors without "
         "native bfloat16)"},
        {"min-pixels", true, false, "smallest image area after resizing (default 4096)"},
        {"max-pixels", true, false, "largest image area after resizing (default 1843200)"},
        {"threads", true, false, "CPU threads (default: every core)"},
        {"batch-size", true, false, "sequences per forward pass"},
        {"json", false, false, "print the result as JSON"},
    };
}

model::Result<model::EngineOptions> engineOptionsFrom(const Arguments &args, const char *batchVariable)
{
    model::EngineOptions options;
    if (auto device = model::parseDevicePreference(args.valueOr("device", "auto")); device)
        options.device = *device;
    else
        return device.error();
    if (auto dtype = model::parseDTypePreference(args.valueOr("dtype", "auto")); dtype)
        options.dtype = *dtype;
    else
        return dtype.error();

    long long batchDefault = options.batchSize;
    if (const char *env = batchVariable ? std::getenv(batchVariable) : nullptr) {
        char *end = nullptr;
        batchDefault = std::strtoll(env, &end, 10);
        if (end == env || *end != '\0' || batchDefault <= 0)
            return model::makeError(std::string(batchVariable) + " must be a positive integer, got '" + env +
                                    "'");
    }
    const auto batch = args.integer("batch-size", batchDefault);
    const auto minPixels = args.integer("min-pixels", options.minPixels);
    const auto maxPixels = args.integer("max-pixels", options.maxPixels);
    const auto threads = args.integer("threads", 0);
    for (const auto *r : {&batch, &minPixels, &maxPixels, &threads})
        if (!*r)
            return r->error();
    if (*batch <= 0)
        return model::makeError("--batch-size must be positive");
    options.batchSize = static_cast<int>(*batch);
    options.minPixels = *minPixels;
    options.maxPixels = *maxPixels;
    options.cpuThreads = static_cast<int>(*threads);
    return options;
}

model::Result<std::vector<model::Image>> loadImages(const std::vector<std::string> &paths)
{
    std::vector<model::Image> images;
    for (const auto &path : paths) {
        auto image = model::decodeImageFile(path);
        if (!image)
            return image.error();
        images.push_back(std::move(*image));
    }
    return images;
}

} // namespace cortex::cli
