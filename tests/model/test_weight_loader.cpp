// Strict weight loading: checkpoints that differ from the tensor table in one way each.

#include "support/tiny_model.h"

#include "model/nn/qwen3vl_model.h"
#include "model/nn/weight_loader.h"
#include "model/nn/weight_registry.h"
#include "model/weights/checkpoint.h"
#include "model/weights/formula_weights.h"
#include "model/weights/safetensors_writer.h"
#include "model/weights/tensor_spec.h"

#include <ATen/ATen.h>
#include <doctest/doctest.h>

#include <cstring>
#include <deque>
#include <fstream>

using namespace cortex;
namespace fs = std::filesystem;

namespace {

model::ModelConfig tinyConfig()
{
    auto config = model::loadModelConfig(test::tinyADataDir() / "config.json");
    REQUIRE(config.ok());
    return *config;
}

struct Variant {
    std::function<void(std::vector<model::TensorSpec> &)> editTable; // names/shapes written
    model::DType dtype = model::DType::BF16;
    std::function<std::string(const std::string &)> rename = nullptr; // checkpoint spelling
};

fs::path writeVariant(const std::string &label, const model::ModelConfig &config, const Variant &variant)
{
    const auto dir = fs::path(CORTEX_TEST_BINARY_DIR) / "weight_loader" / label;
    fs::create_directories(dir);
    auto table = model::qwen3vlTensorSpecs(config);
    if (variant.editTable)
        variant.editTable(table);
    std::vector<model::TensorHeader> headers;
    for (const auto &spec : table)
        headers.push_back(
            {variant.rename ? variant.rename(spec.name) : spec.name, variant.dtype, spec.shape});
    const auto status =
        model::writeSafetensors(dir / "model.safetensors", headers, [&](size_t i, std::span<std::byte> out) {
            std::vector<uint16_t> bf16(static_cast<size_t>(model::elementCount(table[i].shape)));
            model::fillFormulaTensorBf16(table[i].name, table[i].shape, 1, bf16);
            if (variant.dtype == model::DType::BF16) {
                std::memcpy(out.data(), bf16.data(), out.size());
            } else {
                for (size_t k = 0; k < bf16.size(); ++k) {
                    const float f = model::bfloat16ToFloat(bf16[k]);
                    std::memcpy(out.data() + 4 * k, &f, 4);
                }
            }
        });
    REQUIRE_MESSAGE(status.ok(), (status.ok() ? std::string() : status.error().message));
    return dir;
}

model::ComputeTarget cpu()
{
    return {c10::Device(c10::kCPU), c10::kFloat};
}

std::string loadError(const fs::path &dir, const model::ModelConfig &config)
{
    const auto loaded = model::nn::Qwen3VLModel::load(dir, config, cpu());
    REQUIRE_FALSE(loaded.ok());
    return loaded.error().message;
}

at::Tensor lastState(const model::nn::Qwen3VLModel &model)
{
    const model::nn::SequenceInput seq{{151644, 8948, 198, 9707, 1879, 151645}, {}};
    const auto states = model.lastTokenStates(std::span(&seq, 1));
    REQUIRE(states.ok());
    return *states;
}

} // namespace

TEST_CASE("a missing tensor is named with its expected shape")
{
    const auto config = tinyConfig();
    const auto dir = writeVariant(
        "missing", config, {[](auto &t) {
            std::erase_if(t, [](const auto &s) { return s.name == "model.visual.blocks.0.attn.qkv.bias"; });
        }});
    const auto message = loadError(dir, config);
    CHECK(message.find("model.visual.blocks.0.attn.qkv.bias") != std::string::npos);
    CHECK(message.find("missing") != std::string::npos);
    CHECK(message.find("[192]") != std::string::npos);
}

TEST_CASE("a wrong shape names the tensor, the actual and the expected shape")
{
    const auto config = tinyConfig();
    const auto dir = writeVariant("shape", config, {[](auto &t) {
                                      for (auto &s : t)
                                          if (s.name == "model.language_model.norm.weight")
                                              s.shape = {65};
                                  }});
    const auto message = loadError(dir, config);
    CHECK(message.find("model.language_model.norm.weight") != std::string::npos);
    CHECK(message.find("[65]") != std::string::npos);
    CHECK(message.find("[64]") != std::string::npos);
}

TEST_CASE("an unexpected tensor is refused by name")
{
    const auto config = tinyConfig();
    const auto dir = writeVariant("unexpected", config, {[](auto &t) {
                                      t.push_back({"model.visual.extra_head.weight", {4, 4}});
                                  }});
    const auto message = loadError(dir, config);
    CHECK(message.find("model.visual.extra_head.weight") != std::string::npos);
}

TEST_CASE("checkpoints without the leading model. prefix and in float32 load to the same network")
{
    const auto config = tinyConfig();
    const auto reference = model::nn::Qwen3VLModel::load(test::tinyAModelDir(), config, cpu());
    REQUIRE(reference.ok());
    const auto expected = lastState(**reference);

    const auto shortDir =
        writeVariant("short_names", config, {nullptr, model::DType::BF16, [](const std::string &n) {
                                                 return n.rfind("model.", 0) == 0 ? n.substr(6) : n;
                                             }});
    const auto shortModel = model::nn::Qwen3VLModel::load(shortDir, config, cpu());
    REQUIRE_MESSAGE(shortModel.ok(), (shortModel.ok() ? std::string() : shortModel.error().message));
    CHECK(at::equal(lastState(**shortModel), expected));

    const auto f32Dir = writeVariant("float32", config, {nullptr, model::DType::F32, nullptr});
    const auto f32Model = model::nn::Qwen3VLModel::load(f32Dir, config, cpu());
    REQUIRE(f32Model.ok());
    CHECK(at::equal(lastState(**f32Model), expected));
    // The token embedding table stays in the checkpoint's dtype (the rows looked up are widened):
    // bfloat16 from a bfloat16 file, float32 from a float32 one, the same numbers either way.
    CHECK(((*reference)->outputEmbedding().scalar_type() == at::kBFloat16));
    CHECK(((*f32Model)->outputEmbedding().scalar_type() == at::kFloat));
}

TEST_CASE("an untied checkpoint uses its own lm_head")
{
    auto config = tinyConfig();
    config.text.tieWordEmbeddings = false;
    const auto dir = writeVariant("untied", config, {});
    const auto loaded = model::nn::Qwen3VLModel::load(dir, config, cpu());
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().message));
    const auto &head = (*loaded)->outputEmbedding();
    std::vector<uint16_t> lmHead(151936 * 64), embedTokens(151936 * 64);
    model::fillFormulaTensorBf16("lm_head.weight", {151936, 64}, 1, lmHead);
    model::fillFormulaTensorBf16("model.language_model.embed_tokens.weight", {151936, 64}, 1, embedTokens);
    REQUIRE(lmHead[9693 * 64] != embedTokens[9693 * 64]);
    CHECK(head[9693][0].item<float>() == model::bfloat16ToFloat(lmHead[9693 * 64]));
    // Read a few rows at a time, it stays in the checkpoint's bfloat16 on a float32 CPU target.
    CHECK((head.scalar_type() == at::kBFloat16));

    // Without lm_head.weight in the files an untied config is an error that names it.
    const auto tiedFiles = loadError(test::tinyAModelDir(), config);
    CHECK(tiedFiles.find("lm_head.weight") != std::string::npos);
}

TEST_CASE("a folder without a checkpoint says so")
{
    const auto dir = fs::path(CORTEX_TEST_BINARY_DIR) / "weight_loader" / "empty";
    fs::create_directories(dir);
    const auto message = loadError(dir, tinyConfig());
    CHECK(message.find(dir.string()) != std::string::npos);
}

TEST_CASE("tensors in the target's dtype reach their hooks uncopied, and none stays a view of the file")
{
    // A CPU target in the checkpoint's own dtype: the hooks see the mapped file itself (no copy is
    // made for them to fuse or quantise from); what no hook replaced is copied out before the load
    // returns, with the file's values. In another dtype every tensor is a converted copy.
    const auto config = tinyConfig();
    const auto dir = writeVariant("borrowed", config, {});
    const auto table = model::qwen3vlTensorSpecs(config);
    for (const auto dtype : {c10::kBFloat16, c10::kFloat}) {
        CAPTURE(dtype);
        auto checkpoint = model::Checkpoint::open(dir);
        REQUIRE(checkpoint.ok());
        model::nn::WeightRegistry registry;
        std::deque<at::Tensor> slots;
        for (const auto &spec : table)
            registry.add(spec.name, slots.emplace_back());
        const std::string layer = "model.language_model.layers.0.";
        const auto group = registry.namesUnder(layer);
        REQUIRE(group.size() > 2);
        size_t uncopied = 0, seen = 0;
        const std::string replaced = layer + "mlp.up_proj.weight";
        registry.onGroupLoaded(group, [&] {
            for (const auto &name : group) {
                ++seen;
                uncopied += registry.find(name)->data_ptr() == checkpoint->find(name)->data ? 1 : 0;
            }
            // As a fusing hook does: the tensor is replaced by a tensor of its own.
            *registry.find(replaced) = registry.find(replaced)->mul(2);
        });
        const auto status =
            model::nn::loadWeights(*checkpoint, table, registry, {c10::Device(c10::kCPU), dtype});
        REQUIRE_MESSAGE(status.ok(), (status.ok() ? std::string() : status.error().message));
        CHECK(seen == group.size());
        CHECK(uncopied == (dtype == c10::kBFloat16 ? group.size() : 0));
        for (const auto &spec : table) {
            CAPTURE(spec.name);
            const auto &slot = *registry.find(spec.name);
            const auto *view = checkpoint->find(spec.name);
            const auto *begin = view->data, *end = view->data + view->byteSize;
            const auto *data = static_cast<const std::byte *>(slot.data_ptr());
            REQUIRE(slot.defined());
            CHECK((data + slot.nbytes() <= begin || data >= end));
            CHECK((slot.scalar_type() == dtype));
            const auto file =
                at::from_blob(const_cast<std::byte *>(view->data), spec.shape, at::kBFloat16).to(dtype);
            CHECK(at::equal(slot, spec.name == replaced ? file.mul(2) : file));
        }
    }
}

TEST_CASE("a model loaded in the checkpoint's dtype does not read the file after loading")
{
    // bfloat16 and int8 (loaded in bfloat16) take their weights from views of the mapped file while
    // loading; once loaded, overwriting the file changes nothing and a view still in use would read
    // zeros (or fault, the file being unmapped).
    const auto config = tinyConfig();
    for (const bool int8 : {false, true}) {
        CAPTURE(int8);
        const auto dir = writeVariant(int8 ? "overwritten_int8" : "overwritten_bf16", config, {});
        model::ComputeTarget target{c10::Device(c10::kCPU), int8 ? c10::kFloat : c10::kBFloat16};
        target.int8 = int8;
        const auto loaded = model::nn::Qwen3VLModel::load(dir, config, target);
        REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().message));
        const auto before = lastState(**loaded);
        const auto file = dir / "model.safetensors";
        const auto size = fs::file_size(file);
        {
            std::ofstream out(file, std::ios::binary | std::ios::trunc);
            const std::vector<char> zeros(size_t(1) << 20, 0);
            for (uintmax_t written = 0; written < size; written += zeros.size())
                out.write(zeros.data(), std::streamsize(std::min<uintmax_t>(zeros.size(), size - written)));
        }
        CHECK(at::equal(lastState(**loaded), before));
    }
}
