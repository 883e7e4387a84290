#include "embedding/model_identity.h"

#include "model/weights/sha256.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>

namespace cortex::embedding {
namespace {

namespace fs = std::filesystem;

bool readFile(const fs::path &file, std::string &out)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return false;
    out.assign(std::istreambuf_iterator<char>(in), {});
    return true;
}

// A safetensors file's JSON header (8 bytes of little-endian length, then the header: every tensor with
// its dtype, shape and offsets) and the first MiB of its data. The header tells architectures apart;
// the data sample tells apart two checkpoints of one architecture (a fine-tune, another seed).
bool readSafetensorsSignature(const fs::path &file, std::string &out)
{
    std::ifstream in(file, std::ios::binary);
    unsigned char lengthBytes[8];
    if (!in.read(reinterpret_cast<char *>(lengthBytes), 8))
        return false;
    uint64_t length = 0;
    for (int i = 7; i >= 0; --i)
        length = (length << 8) | lengthBytes[i];
    if (length > (uint64_t{100} << 20))
        return false;
    std::string header(length, '\0');
    if (!in.read(header.data(), std::streamsize(length)))
        return false;
    std::string sample(size_t(1) << 20, '\0');
    in.read(sample.data(), std::streamsize(sample.size()));
    sample.resize(size_t(in.gcount()));
    out += header;
    out += sample;
    return true;
}

// The first shard (by name) of a checkpoint.
std::optional<fs::path> firstShard(const fs::path &modelDir)
{
    std::optional<fs::path> first;
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(modelDir, ec))
        if (entry.path().extension() == ".safetensors" && (!first || entry.path() < *first))
            first = entry.path();
    return first;
}

// "…/models--Qwen--Qwen3-VL-Embedding-2B/snapshots/<commit>" -> "Qwen/Qwen3-VL-Embedding-2B".
std::string repositoryName(const fs::path &modelDir)
{
    const fs::path dir = modelDir.has_filename() ? modelDir : modelDir.parent_path();
    const fs::path parent = dir.parent_path();
    if (parent.filename() == "snapshots") {
        std::string cacheName = parent.parent_path().filename().string();
        if (cacheName.rfind("models--", 0) == 0) {
            std::string name = cacheName.substr(8);
            // "--" -> "/" as one character set and one erased: gcc 12 warns (-Wrestrict, a false
            // positive, GCC bug 105651) on std::string::replace with a shorter literal at -O3.
            if (const auto sep = name.find("--"); sep != std::string::npos) {
                name[sep] = '/';
                name.erase(sep + 1, 1);
            }
            return name;
        }
    }
    return dir.filename().string();
}

} // namespace

Result<ModelIdentity> identifyModel(const std::filesystem::path &modelDir)
{
    const std::string folder = modelDir.string();
    std::string config;
    if (!readFile(modelDir / "config.json", config))
        return makeError(folder + ": config.json is missing or unreadable (not a model folder)");
    std::string weights;
    readFile(modelDir / "model.safetensors.index.json", weights); // sharded checkpoints only
    const auto shard = firstShard(modelDir);
    if (!shard || !readSafetensorsSignature(*shard, weights))
        return makeError(folder + ": no readable .safetensors file (not a complete model folder)");

    model::Sha256 hash;
    hash.update(std::as_bytes(std::span(config)));
    hash.update(std::as_bytes(std::span(weights)));
    return ModelIdentity{repositoryName(modelDir), hash.finishHex()};
}

} // namespace cortex::embedding
