#pragma once
// Loading the generated tiny-a model with the fixture's settings (CPU float32, the fixture's
// preprocessor pixel cap of 65,536 instead of the official 1,843,200), or in bfloat16 on the CPU or on
// CUDA with the bf16 tolerances.

#include "model/embedder.h"
#include "model/reranker.h"
#include "support/reference_data.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

namespace cortex::test {

inline std::filesystem::path tinyAModelDir()
{
    return CORTEX_TINY_A_DIR;
}

// CORTEX_TEST_DEVICE=cuda runs the fixture tests on CUDA in bfloat16 with the bf16 tolerances of
// tests/data/qwen3vl/README.md (the GPU machine's recipe, tools/gpu/run-parity.sh).
inline bool testsOnCuda()
{
    const char *device = std::getenv("CORTEX_TEST_DEVICE");
    return device && std::string(device) == "cuda";
}

// CORTEX_TEST_DTYPE=bfloat16 runs them on the CPU in bfloat16 with the same bf16 tolerances (ctest's
// *_cpu_bf16 entries, so CI checks the dtype that `auto` picks on a CPU with native bf16).
inline bool testsInBFloat16()
{
    const char *dtype = std::getenv("CORTEX_TEST_DTYPE");
    return testsOnCuda() || (dtype && std::string(dtype) == "bfloat16");
}

inline model::EngineOptions tinyAOptions()
{
    model::EngineOptions options;
    options.device = testsOnCuda() ? model::DevicePreference::Cuda : model::DevicePreference::Cpu;
    options.dtype = testsInBFloat16() ? model::DTypePreference::BFloat16 : model::DTypePreference::Float32;
    options.minPixels = 4096;  // tiny-a/preprocessor_config.json
    options.maxPixels = 65536; // tiny-a/preprocessor_config.json
    return options;
}

// The fixture image `name` (img_a ... img_e), decoded from its PNG.
inline model::Image fixtureImage(const std::string &name)
{
    auto image = model::decodeImageFile(tinyADataDir() / "images" / (name + ".png"));
    REQUIRE_MESSAGE(image.ok(), (image.ok() ? std::string() : image.error().message));
    return *image;
}

inline model::MultimodalInput fixtureInput(const nlohmann::json &side)
{
    model::MultimodalInput input;
    input.text = side.value("text", std::string());
    for (const auto &name : side.at("images")) {
        input.images.push_back(fixtureImage(name.get<std::string>()));
        input.imageNames.push_back(name.get<std::string>());
    }
    return input;
}

// The README's tolerances: an embedding compared with the reference passes when...
inline bool embeddingMatches(const Difference &d, bool resizedImage)
{
    if (testsInBFloat16())
        return d.cosine >= 0.99;
    return resizedImage ? d.cosine >= 0.999 : d.maxAbs <= 1e-4;
}
inline double rerankLogitTolerance(bool resizedImage)
{
    return testsInBFloat16() ? 0.05 : (resizedImage ? 5e-3 : 1e-3);
}
inline bool batchMatchesSingle(const Difference &d)
{
    return testsInBFloat16() ? d.cosine >= 0.999 : d.maxAbs <= 1e-5;
}

inline bool usesResizedImage(const nlohmann::json &imageNames)
{
    for (const auto &name : imageNames) {
        const auto &meta = reference()["images"][name.get<std::string>()];
        if (meta["height"] != meta["resized_height"] || meta["width"] != meta["resized_width"])
            return true;
    }
    return false;
}

inline std::optional<std::string> instructionOf(const nlohmann::json &c)
{
    if (!c.contains("instruction") || c["instruction"].is_null())
        return std::nullopt;
    return c["instruction"].get<std::string>();
}

} // namespace cortex::test
