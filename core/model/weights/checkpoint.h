#pragma once
// A model folder's weights: one model.safetensors, or model.safetensors.index.json with its shards
// (the Hugging Face layout). All files stay mapped for the Checkpoint's lifetime, so the TensorViews
// it hands out stay valid until it is destroyed.

#include "model/common/result.h"
#include "model/weights/safetensors.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cortex::model {

class Checkpoint {
public:
    static Result<Checkpoint> open(const std::filesystem::path &modelDir);

    Checkpoint(Checkpoint &&) noexcept = default;
    Checkpoint &operator=(Checkpoint &&) noexcept = default;

    const TensorView *find(std::string_view name) const;
    std::vector<std::string> names() const; // sorted
    uint64_t totalBytes() const;            // tensor data only, all shards
    size_t shardCount() const { return shards_.size(); }
    const std::filesystem::path &directory() const { return directory_; }

private:
    Checkpoint() = default;
    Status add(std::unique_ptr<SafetensorsFile> shard);

    std::filesystem::path directory_;
    std::vector<std::unique_ptr<SafetensorsFile>> shards_;
    // Values point into shards_' tensors, which never move (each shard is heap-allocated).
    std::unordered_map<std::string, const TensorView *> byName_;
};

} // namespace cortex::model
