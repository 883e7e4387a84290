// A sharded checkpoint's model.safetensors.index.json (core/model/weights/checkpoint.cpp) from any
// bytes, in a model folder that holds two real shards (the fuzz_safetensors seeds), so that a weight
// map can name them, name tensors they lack, or name files outside the folder.
#include "model/weights/checkpoint.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

std::filesystem::path modelDir;

void copyShard(const char *seed, const char *shardName)
{
    std::error_code ec;
    std::filesystem::copy_file(std::filesystem::path(CORTEX_FUZZ_CORPUS_DIR) / "fuzz_safetensors" / seed,
                               modelDir / shardName, std::filesystem::copy_options::overwrite_existing, ec);
    if (ec) {
        std::fprintf(stderr, "cannot copy the shard %s: %s\n", seed, ec.message().c_str());
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    const std::filesystem::path base =
        std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    std::string pattern = (base / "cortex-fuzz-checkpoint-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr)
        std::abort();
    modelDir = pattern;
    copyShard("tiny-a-small-tensors.safetensors", "model-00001-of-00002.safetensors");
    copyShard("dtypes.safetensors", "model-00002-of-00002.safetensors");
    std::atexit([] { std::filesystem::remove_all(modelDir); });
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    std::ofstream(modelDir / "model.safetensors.index.json", std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char *>(data), std::streamsize(size));
    auto checkpoint = cortex::model::Checkpoint::open(modelDir);
    if (!checkpoint)
        return 0;
    for (const std::string &name : checkpoint->names())
        if (checkpoint->find(name) == nullptr)
            std::abort(); // a listed tensor that cannot be found
    (void)checkpoint->totalBytes();
    return 0;
}
