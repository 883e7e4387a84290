#pragma once
// Linear layers in int8 on the CPU: the weights quantised once per output channel (symmetric, the
// largest magnitude of a row maps to 127), the activations quantised per call (dynamic quantisation),
// products accumulated in int32 and returned in float32. For CPUs without native bfloat16, where it
// is several times faster than float32 (docs/BENCHMARKS.md); everything else (norms, attention,
// embeddings) stays float32.
//
// The kernels are libtorch's quantized::linear_dynamic on its oneDNN engine (Debian's libtorch is
// built without FBGEMM; PyTorch's wheels have both, and either serves).

#include "model/common/result.h"

#include <ATen/core/Tensor.h>

#include <memory>
#include <string>
#include <vector>

namespace cortex::model::nn {

// Why int8 cannot run here (empty when it can): libtorch without a quantized CPU engine.
std::string int8Unavailable();

class Int8Weight {
public:
    // `weight` [out, in] and `bias` [out] (or undefined), any floating dtype, on the CPU.
    static std::shared_ptr<const Int8Weight> quantize(const at::Tensor &weight, const at::Tensor &bias);
    // The weights [out_i, in] stacked in order as one layer (fused projections), quantised from the
    // parts without the stacked copy: the same as quantize(at::cat(rowBlocks), bias).
    static std::shared_ptr<const Int8Weight> quantize(const std::vector<at::Tensor> &rowBlocks,
                                                      const at::Tensor &bias);
    ~Int8Weight();

    // x [..., in] float32 -> [..., out] float32.
    at::Tensor apply(const at::Tensor &x) const;
    int64_t inFeatures() const { return inFeatures_; }
    int64_t outFeatures() const { return outFeatures_; }

private:
    Int8Weight() = default;
    struct Packed;
    std::unique_ptr<Packed> packed_;
    int64_t inFeatures_ = 0;
    int64_t outFeatures_ = 0;
};

} // namespace cortex::model::nn
