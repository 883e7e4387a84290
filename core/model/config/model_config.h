#pragma once
// The model configuration read from a Hugging Face snapshot: config.json (text_config and
// vision_config, in the transformers 4.57 and 5.x spellings) and preprocessor_config.json.

#include "model/common/result.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cortex::model {

// Ceilings on config.json's numbers, checked before anything is sized by them. Each is far above the
// largest real Qwen3-VL (the 235B: 94 layers, hidden 4096, 64 heads, vocab 151936; the vision tower:
// 27 blocks, hidden 1152, patch 16) and still low enough that no product of them overflows int64 or
// asks for an absurd tensor table: a config claiming 10^6 layers is refused in microseconds, not after
// gigabytes of modules. Whether the checkpoint really holds such tensors is checked next (weight_loader).
struct ConfigLimits {
    static constexpr int64_t kMaxLayers = 1024;             // num_hidden_layers, vision depth
    static constexpr int64_t kMaxHiddenSize = 65536;        // hidden_size, out_hidden_size
    static constexpr int64_t kMaxIntermediateSize = 262144; // intermediate_size
    static constexpr int64_t kMaxHeads = 1024;              // attention and key/value heads
    static constexpr int64_t kMaxHeadDim = 1024;
    static constexpr int64_t kMaxVocabSize = 4'194'304;
    static constexpr int64_t kMaxChannels = 16;
    static constexpr int64_t kMaxPatchSize = 256;
    static constexpr int64_t kMaxTemporalPatchSize = 16;
    static constexpr int64_t kMaxMergeSize = 16;
    static constexpr int64_t kMaxPositionEmbeddings = 1'048'576;
};

struct TextConfig {
    int64_t vocabSize = 0;
    int64_t hiddenSize = 0;
    int64_t intermediateSize = 0;
    int64_t numHiddenLayers = 0;
    int64_t numAttentionHeads = 0;
    int64_t numKeyValueHeads = 0;
    int64_t headDim = 0;
    double rmsNormEps = 1e-6;
    double ropeTheta = 5000000.0;
    std::array<int64_t, 3> mropeSection{24, 20, 20};
    bool mropeInterleaved = true;
    bool tieWordEmbeddings = false;
};

struct VisionConfig {
    int64_t depth = 0;
    int64_t hiddenSize = 0;
    int64_t intermediateSize = 0;
    int64_t numHeads = 0;
    int64_t inChannels = 3;
    int64_t patchSize = 16;
    int64_t temporalPatchSize = 2;
    int64_t spatialMergeSize = 2;
    int64_t outHiddenSize = 0;
    int64_t numPositionEmbeddings = 0;
    std::vector<int64_t> deepstackVisualIndexes;
};

struct SpecialTokenIds {
    int64_t imageToken = 151655;
    int64_t videoToken = 151656;
    int64_t visionStart = 151652;
    int64_t visionEnd = 151653;
    // The tokenizer's <|endoftext|>: it ends every input, and a right-padded batch is filled with it
    // (ModelBundle::load sets it from tokenizer.json; the value here is Qwen3's, for a model loaded
    // without a tokenizer).
    int64_t endOfText = 151643;
};

struct ModelConfig {
    std::string architecture; // "Qwen3VLForConditionalGeneration"
    TextConfig text;
    VisionConfig vision;
    SpecialTokenIds tokens;
    std::string torchDtype; // as declared in the file ("bfloat16"), informational
};

struct PreprocessorConfig {
    int64_t patchSize = 16;
    int64_t temporalPatchSize = 2;
    int64_t mergeSize = 2;
    int64_t minPixels = 4096; // the official embedder's defaults
    int64_t maxPixels = 1843200;
    double rescaleFactor = 1.0 / 255.0;
    std::array<float, 3> imageMean{0.5f, 0.5f, 0.5f};
    std::array<float, 3> imageStd{0.5f, 0.5f, 0.5f};
};

// Parses config.json text; `origin` names the file in error messages.
Result<ModelConfig> parseModelConfig(const std::string &jsonText, const std::string &origin);
Result<ModelConfig> loadModelConfig(const std::filesystem::path &file);

// Parses preprocessor_config.json; min/max pixels come from `min_pixels`/`max_pixels` or from
// `size.shortest_edge`/`size.longest_edge`.
Result<PreprocessorConfig> parsePreprocessorConfig(const std::string &jsonText, const std::string &origin);
Result<PreprocessorConfig> loadPreprocessorConfig(const std::filesystem::path &file);

// Reads a whole file; the error names the file and the reason.
Result<std::string> readTextFile(const std::filesystem::path &file);

} // namespace cortex::model
