// The fixture's formula weights: the tiny-a checkpoint cortex-testmodel generated at build time must
// equal the SHA-256 manifest in reference.json tensor by tensor, the tensor table must list exactly
// the manifest's names and shapes, and bfloat16 rounding must be round-to-nearest-even.

#include "model/config/model_config.h"
#include "model/weights/checkpoint.h"
#include "model/weights/formula_weights.h"
#include "model/weights/sha256.h"
#include "model/weights/tensor_spec.h"
#include "support/reference_data.h"

#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <unistd.h>

using namespace cortex::model;
namespace fs = std::filesystem;

namespace {

std::span<const std::byte> bytesOf(std::string_view text)
{
    return std::as_bytes(std::span(text.data(), text.size()));
}

ModelConfig tinyAConfig()
{
    auto config = loadModelConfig(cortex::test::tinyADataDir() / "config.json");
    REQUIRE(config.ok());
    return *config;
}

std::string fileText(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

uint16_t bf16(uint32_t floatBits)
{
    return floatToBfloat16(std::bit_cast<float>(floatBits));
}

} // namespace

TEST_CASE("SHA-256 standard vectors")
{
    CHECK(sha256Hex({}) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256Hex(bytesOf("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // 56 bytes: the length no longer fits in the first padding block.
    CHECK(sha256Hex(bytesOf("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");

    const std::string million(1000000, 'a');
    const char *expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    CHECK(sha256Hex(bytesOf(million)) == expected);
    // Incrementally, in pieces that straddle the 64-byte blocks.
    Sha256 incremental;
    size_t done = 0;
    for (size_t piece = 1; done < million.size(); piece = piece * 3 % 1000 + 1) {
        const size_t take = std::min(piece, million.size() - done);
        incremental.update(bytesOf(std::string_view(million).substr(done, take)));
        done += take;
    }
    CHECK(incremental.finishHex() == expected);
}

TEST_CASE("bfloat16 rounding is round-to-nearest-even")
{
    CHECK(floatToBfloat16(1.0f) == 0x3F80);
    CHECK(floatToBfloat16(-2.0f) == 0xC000);
    CHECK(bf16(0x3F808000) == 0x3F80); // exact tie, even below: down
    CHECK(bf16(0x3F818000) == 0x3F82); // exact tie, odd below: up to even
    CHECK(bf16(0x3F808001) == 0x3F81); // just above the tie: up
    CHECK(bf16(0x3F807FFF) == 0x3F80); // just below the tie: down
    CHECK(bf16(0xBF818000) == 0xBF82); // negative values round by magnitude
    CHECK(bf16(0x7F7FFFFF) == 0x7F80); // the largest float rounds to infinity
    CHECK(bf16(0x7F800000) == 0x7F80); // infinity stays infinity
    CHECK(bf16(0xFF800000) == 0xFF80);
    CHECK(bf16(0x80000000) == 0x8000); // negative zero keeps its sign
    CHECK(bf16(0x00018000) == 0x0002); // subnormals round like normals

    // NaN stays NaN, also when its payload lies only in the bits that are dropped.
    for (const uint32_t nan : {0x7FC00000u, 0x7F800001u, 0xFF800001u, 0x7FFFFFFFu}) {
        const uint16_t rounded = bf16(nan);
        CHECK(std::isnan(bfloat16ToFloat(rounded)));
        CHECK((rounded & 0x8000) == ((nan >> 16) & 0x8000));
    }
    CHECK(std::isnan(bfloat16ToFloat(floatToBfloat16(std::numeric_limits<float>::quiet_NaN()))));

    CHECK(bfloat16ToFloat(0x3F80) == 1.0f);
    CHECK(bfloat16ToFloat(0xC040) == -3.0f);
}

TEST_CASE("formula parameters follow the README's rules")
{
    const auto bias = formulaParams("model.visual.merger.norm.bias", {64}, 1);
    CHECK(bias.center == 0.0);
    CHECK(bias.scale == 0.02); // .bias wins over norm
    const auto norm = formulaParams("model.language_model.norm.weight", {64}, 1);
    CHECK(norm.center == 1.0);
    CHECK(norm.scale == 0.1);
    const auto conv = formulaParams("model.visual.patch_embed.proj.weight", {64, 3, 2, 16, 16}, 1);
    CHECK(conv.center == 0.0);
    CHECK(conv.scale == 1.0 / std::sqrt(1536.0)); // fan_in = numel / shape[0]
    const auto oneD = formulaParams("some.weight", {16}, 1);
    CHECK(oneD.scale == 0.25); // 1-D without norm: fan_in = numel

    // The seed only changes the base.
    CHECK(formulaParams("x", {4}, 1).base != formulaParams("x", {4}, 2).base);

    // A range fill is a slice of the whole tensor, so callers may split tensors freely.
    std::vector<uint16_t> whole(1000), split(1000);
    fillFormulaTensorBf16("a.weight", {10, 100}, 7, whole);
    const auto params = formulaParams("a.weight", {10, 100}, 7);
    fillFormulaRangeBf16(params, 0, std::span(split).first(333));
    fillFormulaRangeBf16(params, 333, std::span(split).subspan(333));
    CHECK(whole == split);
    for (const uint16_t v : whole)
        CHECK(std::abs(bfloat16ToFloat(v)) <= 0.1001f); // 1/sqrt(100)
}

TEST_CASE("the tensor table equals the manifest's names and shapes")
{
    const auto &manifest = cortex::test::reference()["weights"];
    const auto specs = qwen3vlTensorSpecs(tinyAConfig());
    std::map<std::string, std::vector<int64_t>> fromSpecs;
    for (const auto &spec : specs)
        CHECK_MESSAGE(fromSpecs.emplace(spec.name, spec.shape).second, "duplicate " << spec.name);
    std::map<std::string, std::vector<int64_t>> fromManifest;
    for (const auto &[name, entry] : manifest.items())
        fromManifest[name] = entry["shape"].get<std::vector<int64_t>>();
    CHECK(fromSpecs == fromManifest);

    // named_parameters() order: the vision tower first, lm_head (untied only) last.
    CHECK(specs.front().name == "model.visual.patch_embed.proj.weight");
    CHECK(specs.back().name == "model.language_model.norm.weight");

    ModelConfig untied = tinyAConfig();
    untied.text.tieWordEmbeddings = false;
    const auto untiedSpecs = qwen3vlTensorSpecs(untied);
    REQUIRE(untiedSpecs.size() == specs.size() + 1);
    CHECK(untiedSpecs.back().name == "lm_head.weight");
    CHECK(untiedSpecs.back().shape == std::vector<int64_t>{151936, 64});
}

TEST_CASE("elementCount and shapeToString")
{
    CHECK(elementCount({64, 3, 2, 16, 16}) == 98304);
    CHECK(elementCount({}) == 1);
    CHECK(elementCount({5, 0}) == 0);
    CHECK(shapeToString({64, 3, 2, 16, 16}) == "[64, 3, 2, 16, 16]");
    CHECK(shapeToString({7}) == "[7]");
    CHECK(shapeToString({}) == "[]");
}

TEST_CASE("the generated tiny-a checkpoint equals the SHA-256 manifest")
{
    const fs::path dir = CORTEX_TINY_A_DIR;
    auto checkpoint = Checkpoint::open(dir);
    REQUIRE_MESSAGE(checkpoint.ok(), checkpoint.error().message);
    const auto &manifest = cortex::test::reference()["weights"];

    std::set<std::string> expectedNames;
    for (const auto &[name, entry] : manifest.items())
        expectedNames.insert(name);
    const auto names = checkpoint->names();
    CHECK(std::set<std::string>(names.begin(), names.end()) == expectedNames);

    for (const auto &[name, entry] : manifest.items()) {
        const TensorView *view = checkpoint->find(name);
        REQUIRE_MESSAGE(view != nullptr, name);
        CHECK_MESSAGE(view->dtype == DType::BF16, name);
        CHECK_MESSAGE(view->shape == entry["shape"].get<std::vector<int64_t>>(), name);
        CHECK_MESSAGE(sha256Hex({view->data, view->byteSize}) == entry["sha256_bf16"].get<std::string>(),
                      name);
    }
}

TEST_CASE("cortex-testmodel copies the config and tokenizer files byte for byte")
{
    const fs::path dir = CORTEX_TINY_A_DIR;
    const fs::path source = cortex::test::tinyADataDir();
    CHECK(fileText(dir / "config.json") == fileText(source / "config.json"));
    CHECK(fileText(dir / "preprocessor_config.json") == fileText(source / "preprocessor_config.json"));
    CHECK(fileText(dir / "tokenizer.json") == fileText(cortex::test::qwenFixtureDir() / "tokenizer.json"));
    CHECK(fileText(dir / "tokenizer_config.json") ==
          fileText(cortex::test::qwenFixtureDir() / "tokenizer_config.json"));
    CHECK_FALSE(fs::exists(dir / "model.safetensors.incomplete"));
}

TEST_CASE("cortex-testmodel reports errors in one line with exit code 1")
{
    const fs::path program = fs::path(CORTEX_BIN_DIR) / "cortex-testmodel";
    const fs::path log =
        fs::temp_directory_path() / ("cortex-testmodel-" + std::to_string(::getpid()) + ".log");
    const auto run = [&](const std::string &arguments) {
        std::string command = "\"";
        command += program.string();
        command += "\" ";
        command += arguments;
        command += " >/dev/null 2>\"";
        command += log.string();
        command += "\"";
        const int status = std::system(command.c_str());
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    };
    CHECK(run("--help") == 0);

    CHECK(run("--config " + cortex::test::tinyADataDir().string()) == 1);
    std::string text = fileText(log);
    CHECK(std::count(text.begin(), text.end(), '\n') == 1);
    CHECK(text.find("required") != std::string::npos);

    CHECK(run("--config /nonexistent --seed 1 --tokenizer x --out /tmp/never") == 1);
    text = fileText(log);
    CHECK(std::count(text.begin(), text.end(), '\n') == 1);
    CHECK(text.find("/nonexistent/config.json") != std::string::npos);

    CHECK(run("--seed abc") == 1);
    CHECK(fileText(log).find("--seed") != std::string::npos);
    fs::remove(log);
}
