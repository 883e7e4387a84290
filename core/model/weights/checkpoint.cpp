#include "model/weights/checkpoint.h"

#include "model/config/model_config.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace cortex::model {

namespace {

constexpr const char *kSingleFile = "model.safetensors";
constexpr const char *kIndexFile = "model.safetensors.index.json";

// The index's weight_map, name -> shard file name, checked for shape and for shard names that would
// leave the model folder.
Result<std::map<std::string, std::string>> readWeightMap(const std::filesystem::path &indexPath)
{
    const std::string file = indexPath.string();
    auto text = readTextFile(indexPath);
    if (!text)
        return text.error();
    nlohmann::json index;
    try {
        index = nlohmann::json::parse(*text);
    } catch (const nlohmann::json::exception &e) {
        return makeError(file + " is not valid JSON: " + e.what());
    }
    if (!index.is_object() || !index.contains("weight_map") || !index["weight_map"].is_object())
        return makeError(file + " has no weight_map object");
    std::map<std::string, std::string> weightMap;
    for (const auto &[name, shard] : index["weight_map"].items()) {
        if (!shard.is_string())
            return makeError(file + " maps tensor " + name + " to " + shard.dump() +
                             ", not a shard file name");
        const auto shardName = shard.get<std::string>();
        const std::filesystem::path shardPath(shardName);
        if (shardName.empty() || shardPath.has_parent_path() || shardName == "." || shardName == "..")
            return makeError(file + " maps tensor " + name + " to \"" + shardName +
                             "\", which is not a file name in the model folder");
        weightMap.emplace(name, shardName);
    }
    if (weightMap.empty())
        return makeError(file + " has an empty weight_map");
    return weightMap;
}

} // namespace

Status Checkpoint::add(std::unique_ptr<SafetensorsFile> shard)
{
    for (const auto &tensor : shard->tensors()) {
        const auto [it, inserted] = byName_.emplace(tensor.name, &tensor);
        if (!inserted)
            return makeError("tensor " + tensor.name + " appears in both " + it->second->file + " and " +
                             tensor.file);
    }
    shards_.push_back(std::move(shard));
    return {};
}

Result<Checkpoint> Checkpoint::open(const std::filesystem::path &modelDir)
{
    Checkpoint checkpoint;
    checkpoint.directory_ = modelDir;
    std::error_code ec;
    const auto indexPath = modelDir / kIndexFile;
    const auto singlePath = modelDir / kSingleFile;

    // The index wins when both exist, as in transformers: a stale single file beside shards is ignored.
    if (std::filesystem::exists(indexPath, ec)) {
        auto weightMap = readWeightMap(indexPath);
        if (!weightMap)
            return weightMap.error();
        std::set<std::string> shardNames;
        for (const auto &[name, shard] : *weightMap)
            shardNames.insert(shard);
        for (const auto &shardName : shardNames) {
            const auto shardPath = modelDir / shardName;
            if (!std::filesystem::exists(shardPath, ec))
                return makeError("shard " + shardPath.string() + " named by " + indexPath.string() +
                                 " is missing");
            auto shard = SafetensorsFile::open(shardPath);
            if (!shard)
                return shard.error();
            if (auto added = checkpoint.add(std::move(*shard)); !added)
                return added.error();
        }
        for (const auto &[name, shardName] : *weightMap) {
            const TensorView *view = checkpoint.find(name);
            const auto shardPath = (modelDir / shardName).string();
            if (view == nullptr || view->file != shardPath)
                return makeError(indexPath.string() + " maps tensor " + name + " to " + shardName +
                                 ", but that shard does not contain it");
        }
        return checkpoint;
    }

    if (std::filesystem::exists(singlePath, ec)) {
        auto file = SafetensorsFile::open(singlePath);
        if (!file)
            return file.error();
        if (auto added = checkpoint.add(std::move(*file)); !added)
            return added.error();
        return checkpoint;
    }
    return makeError("no model.safetensors or model.safetensors.index.json in " + modelDir.string());
}

const TensorView *Checkpoint::find(std::string_view name) const
{
    const auto it = byName_.find(std::string(name));
    return it == byName_.end() ? nullptr : it->second;
}

std::vector<std::string> Checkpoint::names() const
{
    std::vector<std::string> result;
    result.reserve(byName_.size());
    for (const auto &entry : byName_)
        result.push_back(entry.first);
    std::sort(result.begin(), result.end());
    return result;
}

uint64_t Checkpoint::totalBytes() const
{
    uint64_t total = 0;
    for (const auto &shard : shards_)
        for (const auto &tensor : shard->tensors())
            total += tensor.byteSize;
    return total;
}

} // namespace cortex::model
