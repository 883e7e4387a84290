#pragma once
// Strict, named weight loading: every tensor of the table (weights/tensor_spec.h) must be in the
// checkpoint with the expected shape, and every checkpoint tensor must be used. Each tensor goes
// straight from the memory-mapped file to the target device and dtype (one copy, never two). On the
// CPU in the checkpoint's own dtype there is no copy until a hook makes one: its slot holds a read-only
// view of the mapped file, which the group hooks fuse or quantise from (an int8 load's peak and time,
// docs/BENCHMARKS.md); what no hook replaced is copied out before loadWeights returns, so no loaded
// tensor ever refers to the file.

#include "model/common/result.h"
#include "model/nn/device.h"
#include "model/weights/tensor_spec.h"

#include <functional>
#include <string>

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
// Hooks may read their tensors but must not write into them or keep views of them (copies only: cat,
// to, quantise). On an error the registry's slots may still view the checkpoint: discard them with it.
// `isLookupTable` names the tensors of which a forward pass reads a few rows (token embeddings): on the
// CPU they stay in the checkpoint's dtype where it is no wider than the target's, and the rows read are
// converted then, the same numbers (bit for bit) for half the memory of a float32 table.
Status loadWeights(const Checkpoint &checkpoint, const std::vector<TensorSpec> &table,
                   WeightRegistry &registry, const ComputeTarget &target,
                   const std::function<bool(const std::string &)> &isLookupTable = nullptr);

} // namespace cortex::model::nn
