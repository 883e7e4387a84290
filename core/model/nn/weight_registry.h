#pragma once
// Binds checkpoint tensor names to the module members that receive them. Modules register their
// members under the exact checkpoint keys; the loader fills them from the checkpoint.

#include "model/nn/layers.h"

#include <ATen/core/Tensor.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace cortex::model::nn {

class WeightRegistry {
public:
    void add(const std::string &name, at::Tensor &slot) { slots_[name] = &slot; }
    void addLinear(const std::string &prefix, Linear &linear, bool bias = true)
    {
        add(prefix + ".weight", linear.weight);
        if (bias)
            add(prefix + ".bias", linear.bias);
    }
    void addLayerNorm(const std::string &prefix, LayerNorm &norm)
    {
        add(prefix + ".weight", norm.weight);
        add(prefix + ".bias", norm.bias);
    }
    void addRmsNorm(const std::string &prefix, RmsNorm &norm) { add(prefix + ".weight", norm.weight); }

    // Runs after every tensor is loaded (reshapes, fused projections).
    void onLoaded(std::function<void()> hook) { hooks_.push_back(std::move(hook)); }

    at::Tensor *find(const std::string &name) const
    {
        const auto it = slots_.find(name);
        return it == slots_.end() ? nullptr : it->second;
    }
    const std::map<std::string, at::Tensor *> &slots() const { return slots_; }
    void finish() const
    {
        for (const auto &hook : hooks_)
            hook();
    }

private:
    std::map<std::string, at::Tensor *> slots_;
    std::vector<std::function<void()>> hooks_;
};

} // namespace cortex::model::nn
