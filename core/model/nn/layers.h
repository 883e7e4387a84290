#pragma once
// The small building blocks of both towers. Member names follow the checkpoint keys
// (".weight", ".bias") so that a module reads like its Hugging Face counterpart.

#include <ATen/core/Tensor.h>

namespace cortex::model::nn {

struct Linear {
    at::Tensor weight; // [out, in]
    at::Tensor bias;   // [out] or undefined
    at::Tensor forward(const at::Tensor &x) const;
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
