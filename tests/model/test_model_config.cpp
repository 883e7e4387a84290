// config.json and preprocessor_config.json: the tiny-a files, the transformers 5.x spelling of the
// same config, defaults, and bad files whose errors must name the file and the field.

#include "model/config/model_config.h"
#include "support/reference_data.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace cortex::model;
using nlohmann::json;

namespace {

const std::string kOrigin = "/models/tiny/config.json";

json tinyAJson(const std::string &file = "config.json")
{
    const auto bytes = cortex::test::readBinaryFile(cortex::test::tinyADataDir() / file);
    return json::parse(bytes.begin(), bytes.end());
}

ModelConfig parseOk(const json &document)
{
    auto config = parseModelConfig(document.dump(), kOrigin);
    REQUIRE_MESSAGE(config.ok(), config.error().message);
    return *config;
}

std::string parseError(const std::string &text)
{
    auto config = parseModelConfig(text, kOrigin);
    REQUIRE_FALSE(config.ok());
    CHECK_MESSAGE(config.error().message.find(kOrigin) != std::string::npos, config.error().message);
    return config.error().message;
}
std::string parseError(const json &document)
{
    return parseError(document.dump());
}
std::string parseError(const char *text)
{
    return parseError(std::string(text));
}

bool contains(const std::string &text, const std::string &fragment)
{
    return text.find(fragment) != std::string::npos;
}

void checkSame(const ModelConfig &a, const ModelConfig &b)
{
    CHECK(a.architecture == b.architecture);
    CHECK(a.text.vocabSize == b.text.vocabSize);
    CHECK(a.text.hiddenSize == b.text.hiddenSize);
    CHECK(a.text.intermediateSize == b.text.intermediateSize);
    CHECK(a.text.numHiddenLayers == b.text.numHiddenLayers);
    CHECK(a.text.numAttentionHeads == b.text.numAttentionHeads);
    CHECK(a.text.numKeyValueHeads == b.text.numKeyValueHeads);
    CHECK(a.text.headDim == b.text.headDim);
    CHECK(a.text.rmsNormEps == b.text.rmsNormEps);
    CHECK(a.text.ropeTheta == b.text.ropeTheta);
    CHECK(a.text.mropeSection == b.text.mropeSection);
    CHECK(a.text.mropeInterleaved == b.text.mropeInterleaved);
    CHECK(a.text.tieWordEmbeddings == b.text.tieWordEmbeddings);
    CHECK(a.vision.depth == b.vision.depth);
    CHECK(a.vision.hiddenSize == b.vision.hiddenSize);
    CHECK(a.vision.intermediateSize == b.vision.intermediateSize);
    CHECK(a.vision.numHeads == b.vision.numHeads);
    CHECK(a.vision.inChannels == b.vision.inChannels);
    CHECK(a.vision.patchSize == b.vision.patchSize);
    CHECK(a.vision.temporalPatchSize == b.vision.temporalPatchSize);
    CHECK(a.vision.spatialMergeSize == b.vision.spatialMergeSize);
    CHECK(a.vision.outHiddenSize == b.vision.outHiddenSize);
    CHECK(a.vision.numPositionEmbeddings == b.vision.numPositionEmbeddings);
    CHECK(a.vision.deepstackVisualIndexes == b.vision.deepstackVisualIndexes);
    CHECK(a.tokens.imageToken == b.tokens.imageToken);
    CHECK(a.tokens.videoToken == b.tokens.videoToken);
    CHECK(a.tokens.visionStart == b.tokens.visionStart);
    CHECK(a.tokens.visionEnd == b.tokens.visionEnd);
}

// The tiny-a config as transformers 5.x writes it: RoPE settings, theta included, in rope_parameters.
json toRopeParameters(json document)
{
    json &text = document["text_config"];
    json rope = text["rope_scaling"];
    rope["rope_theta"] = text["rope_theta"];
    text.erase("rope_scaling");
    text.erase("rope_theta");
    text["rope_parameters"] = rope;
    return document;
}

} // namespace

TEST_CASE("tiny-a config.json")
{
    auto loaded = loadModelConfig(cortex::test::tinyADataDir() / "config.json");
    REQUIRE_MESSAGE(loaded.ok(), loaded.error().message);
    const ModelConfig &c = *loaded;
    CHECK(c.architecture == "Qwen3VLForConditionalGeneration");
    CHECK(c.torchDtype == "bfloat16");
    CHECK(c.text.vocabSize == 151936);
    CHECK(c.text.hiddenSize == 64);
    CHECK(c.text.intermediateSize == 128);
    CHECK(c.text.numHiddenLayers == 3);
    CHECK(c.text.numAttentionHeads == 4);
    CHECK(c.text.numKeyValueHeads == 2);
    CHECK(c.text.headDim == 32);
    CHECK(c.text.rmsNormEps == 1e-6);
    CHECK(c.text.ropeTheta == 5000000.0);
    CHECK(c.text.mropeSection == std::array<int64_t, 3>{6, 5, 5});
    CHECK(c.text.mropeInterleaved);
    CHECK(c.text.tieWordEmbeddings);
    CHECK(c.vision.depth == 4);
    CHECK(c.vision.hiddenSize == 64);
    CHECK(c.vision.intermediateSize == 128);
    CHECK(c.vision.numHeads == 4);
    CHECK(c.vision.inChannels == 3);
    CHECK(c.vision.patchSize == 16);
    CHECK(c.vision.temporalPatchSize == 2);
    CHECK(c.vision.spatialMergeSize == 2);
    CHECK(c.vision.outHiddenSize == 64);
    CHECK(c.vision.numPositionEmbeddings == 64);
    CHECK(c.vision.deepstackVisualIndexes == std::vector<int64_t>{1, 2});
    CHECK(c.tokens.imageToken == 151655);
    CHECK(c.tokens.videoToken == 151656);
    CHECK(c.tokens.visionStart == 151652);
    CHECK(c.tokens.visionEnd == 151653);
}

TEST_CASE("the transformers 5.x rope_parameters spelling parses to the same config")
{
    const ModelConfig old = parseOk(tinyAJson());
    const ModelConfig modern = parseOk(toRopeParameters(tinyAJson()));
    checkSame(old, modern);

    // rope_theta may also stay beside rope_parameters.
    json document = toRopeParameters(tinyAJson());
    document["text_config"]["rope_parameters"].erase("rope_theta");
    document["text_config"]["rope_theta"] = 5000000;
    checkSame(old, parseOk(document));
}

TEST_CASE("optional fields and their defaults")
{
    SUBCASE("tie flag only in text_config")
    {
        json document = tinyAJson();
        document.erase("tie_word_embeddings");
        document["text_config"]["tie_word_embeddings"] = false;
        CHECK_FALSE(parseOk(document).text.tieWordEmbeddings);
        document["text_config"]["tie_word_embeddings"] = true;
        CHECK(parseOk(document).text.tieWordEmbeddings);
    }
    SUBCASE("the top-level tie flag wins")
    {
        json document = tinyAJson();
        document["tie_word_embeddings"] = false;
        CHECK_FALSE(parseOk(document).text.tieWordEmbeddings);
    }
    SUBCASE("no tie flag at all means untied")
    {
        json document = tinyAJson();
        document.erase("tie_word_embeddings");
        document["text_config"].erase("tie_word_embeddings");
        CHECK_FALSE(parseOk(document).text.tieWordEmbeddings);
    }
    SUBCASE("head_dim defaults to hidden_size / num_attention_heads")
    {
        json document = tinyAJson();
        document["text_config"].erase("head_dim");
        document["text_config"]["rope_scaling"]["mrope_section"] = {4, 2, 2};
        const ModelConfig c = parseOk(document);
        CHECK(c.text.headDim == 16);
        CHECK(c.text.mropeSection == std::array<int64_t, 3>{4, 2, 2});
    }
    SUBCASE("null counts as absent")
    {
        json document = tinyAJson();
        document["text_config"]["rms_norm_eps"] = nullptr;
        CHECK(parseOk(document).text.rmsNormEps == 1e-6);
    }
    SUBCASE("token ids default to Qwen's")
    {
        json document = tinyAJson();
        document.erase("image_token_id");
        CHECK(parseOk(document).tokens.imageToken == 151655);
    }
}

TEST_CASE("bad config.json files name the file and the field")
{
    json document = tinyAJson();
    SUBCASE("not JSON")
    {
        CHECK(contains(parseError("{\"architectures\": ["), "not valid JSON"));
    }
    SUBCASE("not an object")
    {
        CHECK(contains(parseError("[1]"), "JSON object"));
    }
    SUBCASE("missing text_config")
    {
        document.erase("text_config");
        CHECK(contains(parseError(document), "field text_config is missing"));
    }
    SUBCASE("missing vision_config")
    {
        document.erase("vision_config");
        CHECK(contains(parseError(document), "field vision_config is missing"));
    }
    SUBCASE("missing architectures")
    {
        document.erase("architectures");
        CHECK(contains(parseError(document), "field architectures is missing"));
    }
    SUBCASE("missing required size")
    {
        document["text_config"].erase("vocab_size");
        CHECK(contains(parseError(document), "field text_config.vocab_size is missing"));
    }
    SUBCASE("hidden_size 0")
    {
        document["text_config"]["hidden_size"] = 0;
        const auto message = parseError(document);
        CHECK(contains(message, "text_config.hidden_size"));
        CHECK(contains(message, "positive"));
    }
    SUBCASE("wrong type")
    {
        document["text_config"]["hidden_size"] = "64";
        const auto message = parseError(document);
        CHECK(contains(message, "text_config.hidden_size must be an integer"));
    }
    SUBCASE("fractional size")
    {
        document["vision_config"]["depth"] = 4.5;
        CHECK(contains(parseError(document), "vision_config.depth must be an integer"));
    }
    SUBCASE("hidden_size not divisible by heads")
    {
        document["text_config"]["hidden_size"] = 66;
        CHECK(contains(parseError(document),
                       "text_config.hidden_size must be divisible by num_attention_heads"));
    }
    SUBCASE("kv heads that do not divide the heads")
    {
        document["text_config"]["num_key_value_heads"] = 3;
        CHECK(contains(parseError(document), "text_config.num_key_value_heads"));
    }
    SUBCASE("mrope_section sum wrong")
    {
        document["text_config"]["rope_scaling"]["mrope_section"] = {6, 5, 4};
        const auto message = parseError(document);
        CHECK(contains(message, "text_config.rope_scaling.mrope_section"));
        CHECK(contains(message, "head_dim / 2 = 16, got 15"));
    }
    SUBCASE("mrope_section sum wrong in the 5.x spelling")
    {
        document = toRopeParameters(document);
        document["text_config"]["rope_parameters"]["mrope_section"] = {8, 8, 8};
        CHECK(contains(parseError(document), "text_config.rope_parameters.mrope_section"));
    }
    SUBCASE("mrope_section entries whose sum overflows (UBSan in fuzz_model_config)")
    {
        document["text_config"]["rope_scaling"]["mrope_section"] = {INT64_MAX, INT64_MAX, 2};
        const auto message = parseError(document);
        CHECK(contains(message, "text_config.rope_scaling.mrope_section"));
        CHECK(contains(message, "at most head_dim / 2 = 16, got 9223372036854775807"));
    }
    SUBCASE("mrope_section of the wrong length")
    {
        document["text_config"]["rope_scaling"]["mrope_section"] = {8, 8};
        CHECK(contains(parseError(document), "must have 3 entries"));
    }
    SUBCASE("unsupported rope_type")
    {
        document["text_config"]["rope_scaling"]["rope_type"] = "yarn";
        CHECK(contains(parseError(document), "text_config.rope_scaling.rope_type"));
    }
    SUBCASE("rope_scaling of the wrong type")
    {
        document["text_config"]["rope_scaling"] = 3;
        CHECK(contains(parseError(document), "text_config.rope_scaling must be an object"));
    }
    SUBCASE("deepstack index beyond the depth")
    {
        document["vision_config"]["deepstack_visual_indexes"] = {1, 4};
        const auto message = parseError(document);
        CHECK(contains(message, "vision_config.deepstack_visual_indexes"));
        CHECK(contains(message, "got 4"));
    }
    SUBCASE("vision hidden size not divisible by heads")
    {
        document["vision_config"]["num_heads"] = 3;
        CHECK(contains(parseError(document), "vision_config.hidden_size must be divisible by num_heads"));
    }
    SUBCASE("tie flag of the wrong type")
    {
        document["tie_word_embeddings"] = "yes";
        CHECK(contains(parseError(document), "field tie_word_embeddings must be true or false"));
    }
}

TEST_CASE("loading a missing config names the file")
{
    auto config = loadModelConfig("/nonexistent/dir/config.json");
    REQUIRE_FALSE(config.ok());
    CHECK(contains(config.error().message, "/nonexistent/dir/config.json"));
    auto text = readTextFile(cortex::test::tinyADataDir());
    REQUIRE_FALSE(text.ok());
    CHECK(contains(text.error().message, "folder"));
}

TEST_CASE("preprocessor_config.json")
{
    const std::string origin = "/models/tiny/preprocessor_config.json";
    const auto parse = [&](const json &document) {
        auto config = parsePreprocessorConfig(document.dump(), origin);
        REQUIRE_MESSAGE(config.ok(), config.error().message);
        return *config;
    };
    const auto error = [&](const json &document) {
        auto config = parsePreprocessorConfig(document.dump(), origin);
        REQUIRE_FALSE(config.ok());
        CHECK(contains(config.error().message, origin));
        return config.error().message;
    };

    SUBCASE("tiny-a")
    {
        auto loaded = loadPreprocessorConfig(cortex::test::tinyADataDir() / "preprocessor_config.json");
        REQUIRE_MESSAGE(loaded.ok(), loaded.error().message);
        const PreprocessorConfig &p = *loaded;
        CHECK(p.patchSize == 16);
        CHECK(p.temporalPatchSize == 2);
        CHECK(p.mergeSize == 2);
        CHECK(p.minPixels == 4096);
        CHECK(p.maxPixels == 65536);
        CHECK(p.rescaleFactor == doctest::Approx(1.0 / 255.0).epsilon(1e-15));
        CHECK(p.imageMean == std::array<float, 3>{0.5f, 0.5f, 0.5f});
        CHECK(p.imageStd == std::array<float, 3>{0.5f, 0.5f, 0.5f});
    }
    json document = tinyAJson("preprocessor_config.json");
    SUBCASE("only the size spelling")
    {
        document.erase("min_pixels");
        document.erase("max_pixels");
        const PreprocessorConfig p = parse(document);
        CHECK(p.minPixels == 4096);
        CHECK(p.maxPixels == 65536);
    }
    SUBCASE("only the min/max spelling")
    {
        document.erase("size");
        CHECK(parse(document).maxPixels == 65536);
    }
    SUBCASE("min_pixels and max_pixels win over size")
    {
        document["max_pixels"] = 131072;
        CHECK(parse(document).maxPixels == 131072);
    }
    SUBCASE("defaults")
    {
        const PreprocessorConfig p = parse(json::object());
        CHECK(p.minPixels == 4096);
        CHECK(p.maxPixels == 1843200);
        CHECK(p.patchSize == 16);
        CHECK(p.mergeSize == 2);
    }
    SUBCASE("image_mean of the wrong length")
    {
        document["image_mean"] = {0.5, 0.5};
        CHECK(contains(error(document), "field image_mean must have 3 entries"));
    }
    SUBCASE("zero image_std")
    {
        document["image_std"] = {0.5, 0.0, 0.5};
        CHECK(contains(error(document), "field image_std"));
    }
    SUBCASE("min above max")
    {
        document["min_pixels"] = 100000;
        CHECK(contains(error(document), "field max_pixels"));
    }
    SUBCASE("size entry of the wrong type")
    {
        document.erase("min_pixels");
        document["size"]["shortest_edge"] = "big";
        CHECK(contains(error(document), "field size.shortest_edge must be an integer"));
    }
    SUBCASE("not JSON")
    {
        auto config = parsePreprocessorConfig("{", origin);
        REQUIRE_FALSE(config.ok());
        CHECK(contains(config.error().message, origin + " is not valid JSON"));
    }
}

// Issue 9: a config's numbers size allocations; each has a ceiling far above real models, checked before
// anything is built. The limits themselves are accepted; one more is refused with the field and limit.
TEST_CASE("every sizing number of config.json has a ceiling")
{
    struct Field {
        const char *section;
        const char *key;
        int64_t limit;
    };
    const Field fields[] = {
        {"text_config", "num_hidden_layers", ConfigLimits::kMaxLayers},
        {"text_config", "vocab_size", ConfigLimits::kMaxVocabSize},
        {"text_config", "intermediate_size", ConfigLimits::kMaxIntermediateSize},
        {"vision_config", "depth", ConfigLimits::kMaxLayers},
        {"vision_config", "intermediate_size", ConfigLimits::kMaxIntermediateSize},
        {"vision_config", "patch_size", ConfigLimits::kMaxPatchSize},
        {"vision_config", "temporal_patch_size", ConfigLimits::kMaxTemporalPatchSize},
        {"vision_config", "spatial_merge_size", ConfigLimits::kMaxMergeSize},
        {"vision_config", "num_position_embeddings", ConfigLimits::kMaxPositionEmbeddings},
        {"vision_config", "out_hidden_size", ConfigLimits::kMaxHiddenSize},
    };
    for (const auto &f : fields) {
        CAPTURE(f.key);
        json document = tinyAJson();
        document[f.section][f.key] = f.limit;
        CHECK(parseModelConfig(document.dump(), kOrigin).ok());
        for (const int64_t value : {f.limit + 1, int64_t{1} << 40, INT64_MAX}) {
            document[f.section][f.key] = value;
            const auto message = parseError(document);
            CHECK(contains(message, std::string(f.section) + "." + f.key + " is " + std::to_string(value) +
                                        ", more than the limit of " + std::to_string(f.limit)));
        }
    }
    json document = tinyAJson();
    document["text_config"]["hidden_size"] = ConfigLimits::kMaxHiddenSize + 4;
    CHECK(contains(parseError(document), "text_config.hidden_size is 65540, more than the limit of 65536"));
    document = tinyAJson();
    document["video_token_id"] = 151936;
    CHECK(contains(parseError(document), "video_token_id is 151936, outside the vocabulary of 151936 tokens"));
    document = tinyAJson();
    document["text_config"]["rope_scaling"]["mrope_section"] = {INT64_MAX, INT64_MAX, 2};
    CHECK(contains(parseError(document), "mrope_section must have entries of at most head_dim / 2 = 16"));
    document = tinyAJson();
    document["vision_config"]["deepstack_visual_indexes"] = json::array({0, 1, 2, 3, 1});
    CHECK(contains(parseError(document), "has 5 entries, more than the 4 blocks"));
}
