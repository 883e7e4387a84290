#pragma once
// The one table of Qwen3-VL checkpoint tensors: every name exactly as the released checkpoints spell
// it (model.language_model.*, model.visual.*, lm_head.weight) with the shape the config implies.
// The weight loader, cortex-testmodel and inspect-model all read this table.

#include "model/config/model_config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cortex::model {

struct TensorSpec {
    std::string name;
    std::vector<int64_t> shape;
};

// In the order of transformers' named_parameters(); lm_head.weight only when embeddings are untied.
std::vector<TensorSpec> qwen3vlTensorSpecs(const ModelConfig &config);

int64_t elementCount(const std::vector<int64_t> &shape);
std::string shapeToString(const std::vector<int64_t> &shape); // "[64, 3, 2, 16, 16]"

} // namespace cortex::model
