#include "model/nn/layers.h"

#include "model/nn/int8_linear.h"
#include "model/nn/split_products.h"

#include <ATen/ATen.h>

namespace cortex::model::nn {

at::Tensor Linear::forward(const at::Tensor &x) const
{
    if (int8)
        return int8->apply(x);
    return linearProduct(x, weight, bias);
}

int64_t Linear::inFeatures() const
{
    return int8 ? int8->inFeatures() : weight.size(1);
}

void Linear::quantizeToInt8()
{
    if (!weight.defined())
        return;
    int8 = Int8Weight::quantize(weight, bias);
    weight = at::Tensor();
    bias = at::Tensor();
}

at::Tensor LayerNorm::forward(const at::Tensor &x) const
{
    return at::layer_norm(x, {weight.size(0)}, weight, bias, eps);
}

at::Tensor RmsNorm::forward(const at::Tensor &x) const
{
    const auto inputType = x.scalar_type();
    const auto h = x.to(at::kFloat);
    const auto variance = h.pow(2).mean(-1, /*keepdim=*/true);
    return weight * (h * at::rsqrt(variance + eps)).to(inputType);
}

at::Tensor rotateHalf(const at::Tensor &x)
{
    const auto half = x.size(-1) / 2;
    const auto a = x.narrow(-1, 0, half);
    const auto b = x.narrow(-1, half, half);
    return at::cat({-b, a}, -1);
}

} // namespace cortex::model::nn
