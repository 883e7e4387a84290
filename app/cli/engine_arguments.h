#pragma once
// The options every model command shares (--model, --device, --dtype, pixel limits, threads, batch)
// and their environment overrides, turned into model::EngineOptions.

#include "arguments.h"

#include "model/engine_options.h"

#include <vector>

namespace cortex::cli {

std::vector<OptionSpec> engineOptionSpecs();

// `batchVariable` names the environment variable that sets the default batch size
// (QWEN3_VL_EMBED_BATCH_SIZE or QWEN3_VL_RERANK_BATCH_SIZE); --batch-size wins over it.
model::Result<model::EngineOptions> engineOptionsFrom(const Arguments &args, const char *batchVariable);

// Decodes each path; the error names the file.
model::Result<std::vector<model::Image>> loadImages(const std::vector<std::string> &paths);

} // namespace cortex::cli
