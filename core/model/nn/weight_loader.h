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

// Checks the checkpoint against the table before anything is built or allocated: every tensor the
// config implies is there with its shape, and nothing else is (what loadWeights checks again as it
// copies). A config that claims more or larger tensors than the file holds is refused here, in the time
// it takes to compare names, instead of after modules sized by the config were allocated.
Status checkCheckpoint(const Checkpoint &checkpoint, const std::vector<TensorSpec> &table);

// Checkpoint keys may lack the leading "model." (older exports); both spellings are accepted. A group's
// hook (WeightRegistry::onGroupLoaded) runs as soon as its tensors are in, the onLoaded hooks at the end.
Status loadWeights(const Checkpoint &checkpoint, const std::vector<TensorSpec> &table,
                   WeightRegistry &registry, const ComputeTarget &target);

} // namespace cortex::model::nn
