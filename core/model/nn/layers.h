#pragma once
// The small building blocks of both towers. Member names follow the checkpoint keys
// (".weight", ".bias") so that a module reads like its Hugging Face counterpart.

#include <ATen/core/Tensor.h>

#include <memory>

namespace cortex::model::nn {

class Int8Weight;

struct Linear {
    at::Tensor weight; // [out, in]; undefined once quantised
    at::Tensor bias;   // [out] or undefined
    // Set by quantizeToInt8 (the int8 dtype): forward then runs in int8 and weight/bias are freed.
    std::shared_ptr<const Int8Weight> int8;
    at::Tensor forward(const at::Tensor &x) const;
    int64_t inFeatures() const;
    // Replaces the float weights by their int8 form (int8_linear.h); no-op when there are none.
    void quantizeToInt8();
};

struct LayerNorm {
    at::Tensor weight;
    at::Tensor bias;
    double eps = 1e-6;
    at::Tensor forward(const at::Tensor &x) const;
};

// Qwen3 RMSNorm: normalise in float32, cast back to the input dtype, then scale.
struct RmsNorm {
    at::Tensor weight;
    double eps = 1e-6;
    at::Tensor forward(const at::Tensor &x) const;
};

// Splits the last dimension in two halves (a, b) and returns (-b, a), as transformers' rotate_half.
at::Tensor rotateHalf(const at::Tensor &x);

} // namespace cortex::model::nn
