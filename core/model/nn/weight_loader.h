#pragma once
// Strict, named weight loading: every tensor of the table (weights/tensor_spec.h) must be in the
// checkpoint with the expected shape, and every checkpoint tensor must be used. Each tensor goes
// straight from the memory-mapped file to the target device and dtype (one copy, never two).

#include "model/common/result.h"
#include "model/nn/device.h"
#include "model/weights/tensor_spec.h"

namespace cortex::model {
class Checkpoint;
}

namespace cortex::model::nn {

class WeightRegistry;

// Checkpoint keys may lack the leading "model." (older exports); both spellings are accepted.
Status loadWeights(const Checkpoint &checkpoint, const std::vector<TensorSpec> &table,
                   const WeightRegistry &registry, const ComputeTarget &target);

} // namespace cortex::model::nn
