#include "model/config/model_config.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>

namespace cortex::model {

namespace {

using nlohmann::json;

// Thrown inside this file only, so that the field checks read as straight-line code; the public
// parsers catch it and return it as an Error.
struct ConfigError {
    std::string message;
};

std::string describe(const json &value)
{
    std::string text = value.dump();
    if (text.size() > 40)
        text = text.substr(0, 37) + "...";
    return std::string(value.type_name()) + " " + text;
}

// One JSON object of a config file plus its dotted path ("text_config.rope_scaling"), so that every
// error names the file and the full field. A null value counts as absent, as transformers treats it.
class Section {
public:
    Section(const json &object, std::string path, const std::string &origin)
        : object_(&object), path_(std::move(path)), origin_(&origin)
    {
    }

    const json *find(const std::string &key) const
    {
        const auto it = object_->find(key);
        return it == object_->end() || it->is_null() ? nullptr : &*it;
    }
    bool has(const std::string &key) const { return find(key) != nullptr; }

    [[noreturn]] void fail(const std::string &key, const std::string &what) const
    {
        throw ConfigError{*origin_ + ": field " + field(key) + " " + what};
    }
    std::string field(const std::string &key) const { return path_.empty() ? key : path_ + "." + key; }

    const json &required(const std::string &key) const
    {
        const json *value = find(key);
        if (value == nullptr)
            fail(key, "is missing");
        return *value;
    }

    int64_t asInteger(const std::string &key, const json &value) const
    {
        if (!value.is_number_integer() ||
            (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t(INT64_MAX)))
            fail(key, "must be an integer, got " + describe(value));
        return value.get<int64_t>();
    }
    int64_t integer(const std::string &key) const { return asInteger(key, required(key)); }
    int64_t integer(const std::string &key, int64_t fallback) const
    {
        const json *value = find(key);
        return value == nullptr ? fallback : asInteger(key, *value);
    }

    int64_t positive(const std::string &key, std::optional<int64_t> fallback = std::nullopt) const
    {
        const int64_t value = fallback && !has(key) ? *fallback : integer(key);
        if (value <= 0)
            fail(key, "must be a positive integer, got " + std::to_string(value));
        return value;
    }

    // A positive integer no larger than `max`: the config's numbers size allocations, so each has a
    // ceiling far above any real model's (ConfigLimits) and is refused above it before anything is built.
    int64_t bounded(const std::string &key, int64_t max, std::optional<int64_t> fallback = std::nullopt) const
    {
        const int64_t value = positive(key, fallback);
        if (value > max)
            fail(key, "is " + std::to_string(value) + ", more than the limit of " + std::to_string(max) +
                          " (a damaged or hostile config.json)");
        return value;
    }

    double number(const std::string &key, double fallback) const
    {
        const json *value = find(key);
        if (value == nullptr)
            return fallback;
        if (!value->is_number())
            fail(key, "must be a number, got " + describe(*value));
        return value->get<double>();
    }
    double positiveNumber(const std::string &key, double fallback) const
    {
        const double value = number(key, fallback);
        if (!(value > 0.0))
            fail(key, "must be a positive number, got " + json(value).dump());
        return value;
    }

    bool boolean(const std::string &key, bool fallback) const
    {
        const json *value = find(key);
        if (value == nullptr)
            return fallback;
        if (!value->is_boolean())
            fail(key, "must be true or false, got " + describe(*value));
        return value->get<bool>();
    }

    std::vector<int64_t> integers(const std::string &key) const
    {
        const json &value = required(key);
        if (!value.is_array())
            fail(key, "must be an array of integers, got " + describe(value));
        std::vector<int64_t> result;
        for (const auto &item : value)
            result.push_back(asInteger(key, item));
        return result;
    }

    std::vector<double> numbers(const std::string &key) const
    {
        const json &value = required(key);
        if (!value.is_array())
            fail(key, "must be an array of numbers, got " + describe(value));
        std::vector<double> result;
        for (const auto &item : value) {
            if (!item.is_number())
                fail(key, "must be an array of numbers, got an element " + describe(item));
            result.push_back(item.get<double>());
        }
        return result;
    }

    std::optional<Section> object(const std::string &key) const
    {
        const json *value = find(key);
        if (value == nullptr)
            return std::nullopt;
        if (!value->is_object())
            fail(key, "must be an object, got " + describe(*value));
        return Section(*value, field(key), *origin_);
    }
    Section requiredObject(const std::string &key) const
    {
        auto section = object(key);
        if (!section)
            fail(key, "is missing");
        return *section;
    }

private:
    const json *object_;
    std::string path_;
    const std::string *origin_;
};

json parseRoot(const std::string &jsonText, const std::string &origin)
{
    json root;
    try {
        root = json::parse(jsonText);
    } catch (const json::exception &e) {
        throw ConfigError{origin + " is not valid JSON: " + e.what()};
    }
    if (!root.is_object())
        throw ConfigError{origin + " must hold a JSON object, got " + describe(root)};
    return root;
}

// RoPE settings: transformers 5.x writes them to text_config.rope_parameters (theta included),
// 4.57 to text_config.rope_scaling with rope_theta beside it.
void readRope(const Section &text, TextConfig &t)
{
    auto rope = text.object("rope_parameters");
    if (!rope)
        rope = text.object("rope_scaling");
    t.ropeTheta = text.positiveNumber("rope_theta", t.ropeTheta);
    const auto sectionFits = [&] {
        return t.mropeSection[0] + t.mropeSection[1] + t.mropeSection[2] == t.headDim / 2;
    };
    if (!rope) {
        if (!sectionFits())
            text.fail("rope_scaling",
                      "is missing and the default mrope_section [24, 20, 20] does not fit head_dim " +
                          std::to_string(t.headDim));
        return;
    }
    t.ropeTheta = rope->positiveNumber("rope_theta", t.ropeTheta);
    if (const json *type = rope->find("rope_type"); type != nullptr) {
        // Qwen2-VL era configs say "mrope"; transformers maps it to the default rotary embedding.
        if (!type->is_string() || (*type != "default" && *type != "mrope"))
            rope->fail("rope_type",
                       "must be \"default\" (other RoPE scalings are not supported), got " + describe(*type));
    }
    if (rope->has("mrope_section")) {
        const auto section = rope->integers("mrope_section");
        if (section.size() != 3)
            rope->fail("mrope_section", "must have 3 entries (temporal, height, width), got " +
                                            std::to_string(section.size()));
        // Each entry within 0..head_dim / 2 first, so that their sum below cannot overflow.
        for (size_t i = 0; i < 3; ++i) {
            if (section[i] < 0)
                rope->fail("mrope_section", "must not have negative entries");
            if (section[i] > t.headDim / 2)
                rope->fail("mrope_section",
                           "must have entries of at most head_dim / 2 = " + std::to_string(t.headDim / 2) +
                               ", got " + std::to_string(section[i]));
            t.mropeSection[i] = section[i];
        }
    }
    if (!sectionFits())
        rope->fail("mrope_section",
                   "must sum to head_dim / 2 = " + std::to_string(t.headDim / 2) + ", got " +
                       std::to_string(t.mropeSection[0] + t.mropeSection[1] + t.mropeSection[2]));
    t.mropeInterleaved = rope->boolean("mrope_interleaved", t.mropeInterleaved);
}

TextConfig readText(const Section &root)
{
    const Section text = root.requiredObject("text_config");
    TextConfig t;
    t.vocabSize = text.bounded("vocab_size", ConfigLimits::kMaxVocabSize);
    t.hiddenSize = text.bounded("hidden_size", ConfigLimits::kMaxHiddenSize);
    t.intermediateSize = text.bounded("intermediate_size", ConfigLimits::kMaxIntermediateSize);
    t.numHiddenLayers = text.bounded("num_hidden_layers", ConfigLimits::kMaxLayers);
    t.numAttentionHeads = text.bounded("num_attention_heads", ConfigLimits::kMaxHeads);
    t.numKeyValueHeads = text.bounded("num_key_value_heads", ConfigLimits::kMaxHeads);
    if (t.hiddenSize % t.numAttentionHeads != 0)
        text.fail("hidden_size", "must be divisible by num_attention_heads " +
                                     std::to_string(t.numAttentionHeads) + ", got " +
                                     std::to_string(t.hiddenSize));
    if (t.numAttentionHeads % t.numKeyValueHeads != 0)
        text.fail("num_key_value_heads", "must divide num_attention_heads " +
                                             std::to_string(t.numAttentionHeads) + ", got " +
                                             std::to_string(t.numKeyValueHeads));
    t.headDim = text.bounded("head_dim", ConfigLimits::kMaxHeadDim, t.hiddenSize / t.numAttentionHeads);
    if (t.headDim % 2 != 0)
        text.fail("head_dim", "must be even for rotary embeddings, got " + std::to_string(t.headDim));
    t.rmsNormEps = text.positiveNumber("rms_norm_eps", t.rmsNormEps);
    readRope(text, t);
    // Older exports put the flag only in text_config; a top-level value wins, as in transformers.
    t.tieWordEmbeddings = root.boolean("tie_word_embeddings", text.boolean("tie_word_embeddings", false));
    return t;
}

VisionConfig readVision(const Section &root)
{
    const Section vision = root.requiredObject("vision_config");
    VisionConfig v;
    v.depth = vision.bounded("depth", ConfigLimits::kMaxLayers);
    v.hiddenSize = vision.bounded("hidden_size", ConfigLimits::kMaxHiddenSize);
    v.intermediateSize = vision.bounded("intermediate_size", ConfigLimits::kMaxIntermediateSize);
    v.numHeads = vision.bounded("num_heads", ConfigLimits::kMaxHeads);
    if (v.hiddenSize % v.numHeads != 0)
        vision.fail("hidden_size", "must be divisible by num_heads " + std::to_string(v.numHeads) + ", got " +
                                       std::to_string(v.hiddenSize));
    if (v.hiddenSize / v.numHeads % 2 != 0)
        vision.fail("hidden_size", "divided by num_heads must be even for rotary embeddings, got " +
                                       std::to_string(v.hiddenSize / v.numHeads));
    v.inChannels = vision.bounded("in_channels", ConfigLimits::kMaxChannels, v.inChannels);
    v.patchSize = vision.bounded("patch_size", ConfigLimits::kMaxPatchSize, v.patchSize);
    v.temporalPatchSize =
        vision.bounded("temporal_patch_size", ConfigLimits::kMaxTemporalPatchSize, v.temporalPatchSize);
    v.spatialMergeSize =
        vision.bounded("spatial_merge_size", ConfigLimits::kMaxMergeSize, v.spatialMergeSize);
    v.outHiddenSize = vision.bounded("out_hidden_size", ConfigLimits::kMaxHiddenSize);
    v.numPositionEmbeddings = vision.bounded("num_position_embeddings", ConfigLimits::kMaxPositionEmbeddings);
    v.deepstackVisualIndexes = vision.integers("deepstack_visual_indexes");
    if (v.deepstackVisualIndexes.size() > size_t(v.depth))
        vision.fail("deepstack_visual_indexes", "has " + std::to_string(v.deepstackVisualIndexes.size()) +
                                                    " entries, more than the " + std::to_string(v.depth) +
                                                    " blocks (depth)");
    for (const int64_t index : v.deepstackVisualIndexes)
        if (index < 0 || index >= v.depth)
            vision.fail("deepstack_visual_indexes", "must name blocks 0.." + std::to_string(v.depth - 1) +
                                                        " (depth " + std::to_string(v.depth) + "), got " +
                                                        std::to_string(index));
    return v;
}

std::string readArchitecture(const Section &root)
{
    const json &list = root.required("architectures");
    if (!list.is_array() || list.empty() || !list[0].is_string())
        root.fail("architectures", "must be a non-empty array of strings, got " + describe(list));
    return list[0].get<std::string>();
}

std::string readDtype(const Section &root, const Section &text)
{
    for (const Section *section : {&root, &text})
        for (const char *key : {"torch_dtype", "dtype"})
            if (const json *value = section->find(key); value != nullptr && value->is_string())
                return value->get<std::string>();
    return {};
}

int64_t tokenId(const Section &root, const std::string &key, int64_t fallback)
{
    const int64_t id = root.integer(key, fallback);
    if (id < 0)
        root.fail(key, "must not be negative, got " + std::to_string(id));
    return id;
}

} // namespace

Result<std::string> readTextFile(const std::filesystem::path &file)
{
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
        return makeError("cannot read " + file.string() + ": it is a folder, not a file");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return makeError("cannot read " + file.string() + ": " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        return makeError("cannot read " + file.string() + ": " + std::strerror(errno));
    return text.str();
}

Result<ModelConfig> parseModelConfig(const std::string &jsonText, const std::string &origin)
{
    try {
        const json document = parseRoot(jsonText, origin);
        const Section root(document, "", origin);
        ModelConfig config;
        config.architecture = readArchitecture(root);
        config.text = readText(root);
        config.vision = readVision(root);
        config.tokens.imageToken = tokenId(root, "image_token_id", config.tokens.imageToken);
        config.tokens.videoToken = tokenId(root, "video_token_id", config.tokens.videoToken);
        config.tokens.visionStart = tokenId(root, "vision_start_token_id", config.tokens.visionStart);
        config.tokens.visionEnd = tokenId(root, "vision_end_token_id", config.tokens.visionEnd);
        for (const auto &[key, id] : {std::pair{"image_token_id", config.tokens.imageToken},
                                      std::pair{"video_token_id", config.tokens.videoToken},
                                      std::pair{"vision_start_token_id", config.tokens.visionStart},
                                      std::pair{"vision_end_token_id", config.tokens.visionEnd}})
            if (id >= config.text.vocabSize)
                root.fail(key, "is " + std::to_string(id) + ", outside the vocabulary of " +
                                   std::to_string(config.text.vocabSize) +
                                   " tokens (text_config.vocab_size)");
        config.torchDtype = readDtype(root, root.requiredObject("text_config"));
        return config;
    } catch (const ConfigError &e) {
        return makeError(e.message);
    }
}

Result<ModelConfig> loadModelConfig(const std::filesystem::path &file)
{
    auto text = readTextFile(file);
    if (!text)
        return text.error();
    return parseModelConfig(*text, file.string());
}

Result<PreprocessorConfig> parsePreprocessorConfig(const std::string &jsonText, const std::string &origin)
{
    try {
        const json document = parseRoot(jsonText, origin);
        const Section root(document, "", origin);
        PreprocessorConfig p;
        p.patchSize = root.positive("patch_size", p.patchSize);
        p.temporalPatchSize = root.positive("temporal_patch_size", p.temporalPatchSize);
        p.mergeSize = root.positive("merge_size", p.mergeSize);
        p.rescaleFactor = root.positiveNumber("rescale_factor", p.rescaleFactor);
        const auto channels = [&](const std::string &key, std::array<float, 3> &out) {
            if (!root.has(key))
                return;
            const auto values = root.numbers(key);
            if (values.size() != 3)
                root.fail(key, "must have 3 entries (R, G, B), got " + std::to_string(values.size()));
            for (size_t i = 0; i < 3; ++i)
                out[i] = static_cast<float>(values[i]);
        };
        channels("image_mean", p.imageMean);
        channels("image_std", p.imageStd);
        for (const float s : p.imageStd)
            if (!(s > 0.0f))
                root.fail("image_std", "must have positive entries");

        // min_pixels/max_pixels override size.shortest_edge/longest_edge, as in Qwen2VLImageProcessor.
        const auto size = root.object("size");
        const auto pixels = [&](const std::string &key, const char *sizeKey, int64_t fallback) {
            if (root.has(key))
                return root.positive(key);
            if (size && size->has(sizeKey))
                return size->positive(sizeKey);
            return fallback;
        };
        p.minPixels = pixels("min_pixels", "shortest_edge", p.minPixels);
        p.maxPixels = pixels("max_pixels", "longest_edge", p.maxPixels);
        if (p.minPixels > p.maxPixels)
            root.fail("max_pixels", "must not be below min_pixels " + std::to_string(p.minPixels) + ", got " +
                                        std::to_string(p.maxPixels));
        return p;
    } catch (const ConfigError &e) {
        return makeError(e.message);
    }
}

Result<PreprocessorConfig> loadPreprocessorConfig(const std::filesystem::path &file)
{
    auto text = readTextFile(file);
    if (!text)
        return text.error();
    return parsePreprocessorConfig(*text, file.string());
}

} // namespace cortex::model
