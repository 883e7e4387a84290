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

    // Runs `hook` once, as soon as every tensor in `names` is loaded, while the rest still loads: a
    // layer fused (and, for int8, quantised) then frees its loaded form before the next layer
    // arrives, so the load's peak is the finished model plus one layer, not the whole model twice.
    // Each name is registered with add() and belongs to one group at most. The tensors a hook sees may
    // be read-only views of the checkpoint's file (weight_loader.h): it may read them and replace them
    // with tensors of its own, never write into them or keep a view of them.
    void onGroupLoaded(const std::vector<std::string> &names, std::function<void()> hook)
    {
        const size_t group = groups_.size();
        groups_.push_back({names.size(), std::move(hook)});
        for (const auto &name : names)
            groupOf_[name] = group;
    }
    // The loader's report that `name` is filled: runs the hook of its group once the group is complete.
    void markLoaded(const std::string &name)
    {
        const auto it = groupOf_.find(name);
        if (it == groupOf_.end())
            return;
        auto &group = groups_[it->second];
        groupOf_.erase(it); // a name counts once
        if (--group.pending == 0)
            group.hook();
    }

    at::Tensor *find(const std::string &name) const
    {
        const auto it = slots_.find(name);
        return it == slots_.end() ? nullptr : it->second;
    }
    const std::map<std::string, at::Tensor *> &slots() const { return slots_; }
    // The registered names that start with `prefix` ("blocks.3." is not a prefix of "blocks.30.").
    std::vector<std::string> namesUnder(const std::string &prefix) const
    {
        std::vector<std::string> names;
        for (auto it = slots_.lower_bound(prefix); it != slots_.end() && it->first.starts_with(prefix); ++it)
            names.push_back(it->first);
        return names;
    }
    void finish() const
    {
        for (const auto &hook : hooks_)
            hook();
    }

private:
    struct Group {
        size_t pending; // names not loaded yet
        std::function<void()> hook;
    };
    std::map<std::string, at::Tensor *> slots_;
    std::vector<std::function<void()>> hooks_;
    std::vector<Group> groups_;
    std::map<std::string, size_t> groupOf_; // name -> its group in groups_, until it is loaded
};

} // namespace cortex::model::nn
