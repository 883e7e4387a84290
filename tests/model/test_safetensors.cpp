// The safetensors reader, writer and Checkpoint: round trips, sharded folders, and every kind of
// corrupt input, each of which must fail with a message that names the file and the tensor.

#include "model/config/model_config.h"
#include "model/weights/checkpoint.h"
#include "model/weights/formula_weights.h"
#include "model/weights/mapped_file.h"
#include "model/weights/safetensors.h"
#include "model/weights/safetensors_writer.h"
#include "model/weights/tensor_spec.h"
#include "support/reference_data.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

using namespace cortex::model;
namespace fs = std::filesystem;

namespace {

// A fresh folder under the system temp dir, removed with everything in it at scope exit.
class TempDir {
public:
    TempDir()
    {
        static std::atomic<int> counter{0};
        path_ = fs::temp_directory_path() /
                ("cortex-test-safetensors-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir()
    {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    const fs::path &path() const { return path_; }
    fs::path operator/(const std::string &name) const { return path_ / name; }

private:
    fs::path path_;
};

void writeBytes(const fs::path &file, const std::string &bytes)
{
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    REQUIRE(out.good());
}

// A hand-made safetensors file: the given header text (not padded, not checked) and data bytes.
void writeRaw(const fs::path &file, const std::string &header, const std::string &data,
              uint64_t declaredLength)
{
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i)
        bytes[i] = char((declaredLength >> (8 * i)) & 0xFF);
    writeBytes(file, bytes + header + data);
}
void writeRaw(const fs::path &file, const std::string &header, const std::string &data)
{
    writeRaw(file, header, data, header.size());
}

std::string openError(const fs::path &file)
{
    auto opened = SafetensorsFile::open(file);
    REQUIRE_FALSE(opened.ok());
    return opened.error().message;
}

std::string checkpointError(const fs::path &dir)
{
    auto opened = Checkpoint::open(dir);
    REQUIRE_FALSE(opened.ok());
    return opened.error().message;
}

bool contains(const std::string &text, const std::string &fragment)
{
    return text.find(fragment) != std::string::npos;
}

// Deterministic bytes for tensor `index`, so a round trip can check every byte.
void patternFill(size_t index, std::span<std::byte> out)
{
    for (size_t k = 0; k < out.size(); ++k)
        out[k] = std::byte((k * 31 + index * 7 + 1) & 0xFF);
}

// Writes tensors named `names` ([2, 3] BF16 each) into `file` with the pattern above.
void writeSmall(const fs::path &file, const std::vector<std::string> &names)
{
    std::vector<TensorHeader> headers;
    for (const auto &name : names)
        headers.push_back({name, DType::BF16, {2, 3}});
    REQUIRE(writeSafetensors(file, headers, patternFill).ok());
}

// The tiny-a checkpoint, regenerated the way cortex-testmodel writes it (this test does not depend
// on the build's generated copy, which must never be modified).
void writeTinyA(const fs::path &file)
{
    auto config = loadModelConfig(cortex::test::tinyADataDir() / "config.json");
    REQUIRE(config.ok());
    const auto specs = qwen3vlTensorSpecs(*config);
    std::vector<TensorHeader> headers;
    for (const auto &spec : specs)
        headers.push_back({spec.name, DType::BF16, spec.shape});
    const auto fill = [&](size_t index, std::span<std::byte> out) {
        fillFormulaTensorBf16(specs[index].name, specs[index].shape, 1,
                              {reinterpret_cast<uint16_t *>(out.data()), out.size() / 2});
    };
    REQUIRE(writeSafetensors(file, headers, fill).ok());
}

} // namespace

TEST_CASE("dtype names and sizes")
{
    CHECK(std::string(dtypeName(DType::BF16)) == "BF16");
    CHECK(std::string(dtypeName(DType::F16)) == "F16");
    CHECK(std::string(dtypeName(DType::F32)) == "F32");
    CHECK(dtypeSize(DType::BF16) == 2);
    CHECK(dtypeSize(DType::F16) == 2);
    CHECK(dtypeSize(DType::F32) == 4);
    CHECK(dtypeFromName("F32") == DType::F32);
    CHECK_FALSE(dtypeFromName("I64").has_value());
}

TEST_CASE("mapped file")
{
    TempDir dir;
    writeBytes(dir / "data", "hello");
    auto mapped = MappedFile::open(dir / "data");
    REQUIRE(mapped.ok());
    CHECK(mapped->size() == 5);
    CHECK(std::memcmp(mapped->data(), "hello", 5) == 0);

    MappedFile moved = std::move(*mapped);
    CHECK(moved.size() == 5);
    CHECK(mapped->data() == nullptr);

    writeBytes(dir / "empty", "");
    auto empty = MappedFile::open(dir / "empty");
    REQUIRE(empty.ok());
    CHECK(empty->size() == 0);

    auto missing = MappedFile::open(dir / "missing");
    REQUIRE_FALSE(missing.ok());
    CHECK(contains(missing.error().message, (dir / "missing").string()));
}

TEST_CASE("writer and reader round trip BF16, F16 and F32")
{
    TempDir dir;
    const fs::path file = dir / "model.safetensors";
    const std::vector<TensorHeader> headers = {
        {"z.first", DType::BF16, {2, 3}}, {"a.second", DType::F16, {5}}, {"m.third", DType::F32, {2, 2, 3}},
        {"empty", DType::F32, {0, 4}},    {"scalar", DType::F32, {}},
    };
    std::vector<size_t> calls;
    const auto fill = [&](size_t index, std::span<std::byte> out) {
        calls.push_back(index);
        patternFill(index, out);
    };
    REQUIRE(writeSafetensors(file, headers, fill, {{"format", "pt"}, {"note", "x"}}).ok());
    CHECK(calls == std::vector<size_t>{0, 1, 2, 3, 4});
    CHECK_FALSE(fs::exists(dir / "model.safetensors.incomplete"));

    // The header is padded to 8 bytes, so data is as aligned as the map.
    auto mapped = MappedFile::open(file);
    REQUIRE(mapped.ok());
    uint64_t headerLength = 0;
    std::memcpy(&headerLength, mapped->data(), 8);
    CHECK(headerLength % 8 == 0);

    auto opened = SafetensorsFile::open(file);
    REQUIRE(opened.ok());
    const SafetensorsFile &st = **opened;
    CHECK(st.metadata() == std::map<std::string, std::string>{{"format", "pt"}, {"note", "x"}});
    REQUIRE(st.tensors().size() == headers.size());
    CHECK(reinterpret_cast<uintptr_t>(st.tensors()[0].data) % 8 == 0);
    size_t offset = 0;
    for (size_t i = 0; i < headers.size(); ++i) {
        const TensorView &view = st.tensors()[i]; // in data order, which is the given order
        CHECK(view.name == headers[i].name);
        CHECK(view.dtype == headers[i].dtype);
        CHECK(view.shape == headers[i].shape);
        CHECK(view.file == file.string());
        size_t expected = dtypeSize(headers[i].dtype);
        for (const int64_t extent : headers[i].shape)
            expected *= size_t(extent);
        REQUIRE(view.byteSize == expected);
        std::vector<std::byte> bytes(expected);
        patternFill(i, bytes);
        if (expected > 0) {
            CHECK(std::memcmp(view.data, bytes.data(), expected) == 0);
            // Contiguous in the given order, starting 8-aligned (safetensors allows no gaps).
            CHECK(view.data == st.tensors()[0].data + offset);
        }
        offset += expected;
    }
    REQUIRE(st.find("m.third") != nullptr);
    CHECK(st.find("m.third")->shape == std::vector<int64_t>{2, 2, 3});
    CHECK(st.find("missing") == nullptr);
}

TEST_CASE("writer refuses bad input and leaves no file behind")
{
    TempDir dir;
    const fs::path file = dir / "out.safetensors";
    SUBCASE("duplicate name")
    {
        auto status = writeSafetensors(file, {{"a", DType::F32, {1}}, {"a", DType::F32, {1}}}, patternFill);
        REQUIRE_FALSE(status.ok());
        CHECK(contains(status.error().message, "tensor a is listed twice"));
    }
    SUBCASE("negative extent")
    {
        auto status = writeSafetensors(file, {{"a", DType::F32, {-1}}}, patternFill);
        REQUIRE_FALSE(status.ok());
        CHECK(contains(status.error().message, "negative"));
    }
    SUBCASE("fill throws")
    {
        const auto failing = [](size_t index, std::span<std::byte>) {
            if (index == 1)
                throw std::runtime_error("out of formula");
        };
        auto status = writeSafetensors(file, {{"a", DType::F32, {1}}, {"b", DType::F32, {1}}}, failing);
        REQUIRE_FALSE(status.ok());
        CHECK(contains(status.error().message, "tensor b"));
        CHECK(contains(status.error().message, "out of formula"));
    }
    SUBCASE("unwritable folder")
    {
        auto status =
            writeSafetensors(dir / "no" / "such" / "dir.safetensors", {{"a", DType::F32, {1}}}, patternFill);
        REQUIRE_FALSE(status.ok());
        CHECK(contains(status.error().message, "cannot create"));
    }
    CHECK_FALSE(fs::exists(file));
    CHECK_FALSE(fs::exists(dir / "out.safetensors.incomplete"));
}

TEST_CASE("single-file checkpoint")
{
    TempDir dir;
    writeTinyA(dir / "model.safetensors");
    auto checkpoint = Checkpoint::open(dir.path());
    REQUIRE(checkpoint.ok());
    CHECK(checkpoint->shardCount() == 1);
    CHECK(checkpoint->names().size() == cortex::test::reference()["weights"].size());
    const TensorView *embed = checkpoint->find("model.language_model.embed_tokens.weight");
    REQUIRE(embed != nullptr);
    CHECK(embed->shape == std::vector<int64_t>{151936, 64});
    CHECK(checkpoint->totalBytes() > embed->byteSize);
}

TEST_CASE("sharded checkpoint")
{
    TempDir dir;
    writeSmall(dir / "model-00001-of-00002.safetensors", {"a.weight", "b.weight"});
    writeSmall(dir / "model-00002-of-00002.safetensors", {"c.weight"});
    nlohmann::json index = {{"metadata", {{"total_size", 36}}},
                            {"weight_map",
                             {{"a.weight", "model-00001-of-00002.safetensors"},
                              {"b.weight", "model-00001-of-00002.safetensors"},
                              {"c.weight", "model-00002-of-00002.safetensors"}}}};
    const fs::path indexFile = dir / "model.safetensors.index.json";
    writeBytes(indexFile, index.dump(2));

    SUBCASE("opens and finds every tensor")
    {
        auto checkpoint = Checkpoint::open(dir.path());
        REQUIRE(checkpoint.ok());
        CHECK(checkpoint->shardCount() == 2);
        CHECK(checkpoint->names() == std::vector<std::string>{"a.weight", "b.weight", "c.weight"});
        CHECK(checkpoint->totalBytes() == 36);
        for (const char *name : {"a.weight", "b.weight", "c.weight"}) {
            const TensorView *view = checkpoint->find(name);
            REQUIRE(view != nullptr);
            CHECK(view->byteSize == 12);
            CHECK(view->shape == std::vector<int64_t>{2, 3});
        }
        CHECK(contains(checkpoint->find("c.weight")->file, "model-00002-of-00002"));
        CHECK(checkpoint->find("d.weight") == nullptr);
    }
    SUBCASE("a missing shard is named with the index")
    {
        fs::remove(dir / "model-00002-of-00002.safetensors");
        const auto message = checkpointError(dir.path());
        CHECK(contains(message, "model-00002-of-00002.safetensors"));
        CHECK(contains(message, "model.safetensors.index.json"));
        CHECK(contains(message, "missing"));
    }
    SUBCASE("a tensor absent from the shard the index names")
    {
        index["weight_map"]["d.weight"] = "model-00002-of-00002.safetensors";
        writeBytes(indexFile, index.dump());
        const auto message = checkpointError(dir.path());
        CHECK(contains(message, "d.weight"));
        CHECK(contains(message, "model-00002-of-00002.safetensors"));
        CHECK(contains(message, "does not contain"));
    }
    SUBCASE("a tensor mapped to the wrong shard")
    {
        index["weight_map"]["c.weight"] = "model-00001-of-00002.safetensors";
        writeBytes(indexFile, index.dump());
        CHECK(contains(checkpointError(dir.path()), "c.weight"));
    }
    SUBCASE("a tensor in two shards")
    {
        writeSmall(dir / "model-00002-of-00002.safetensors", {"c.weight", "a.weight"});
        const auto message = checkpointError(dir.path());
        CHECK(contains(message, "a.weight"));
        CHECK(contains(message, "appears in both"));
    }
    SUBCASE("a shard name that leaves the folder")
    {
        index["weight_map"]["c.weight"] = "../elsewhere.safetensors";
        writeBytes(indexFile, index.dump());
        CHECK(contains(checkpointError(dir.path()), "not a file name in the model folder"));
    }
    SUBCASE("an index that is not JSON")
    {
        writeBytes(indexFile, "{\"weight_map\": ");
        const auto message = checkpointError(dir.path());
        CHECK(contains(message, indexFile.string()));
        CHECK(contains(message, "not valid JSON"));
    }
    SUBCASE("an index without weight_map")
    {
        writeBytes(indexFile, "{\"metadata\": {}}");
        CHECK(contains(checkpointError(dir.path()), "no weight_map"));
    }
}

TEST_CASE("a folder without weights")
{
    TempDir dir;
    const auto message = checkpointError(dir.path());
    CHECK(
        contains(message, "no model.safetensors or model.safetensors.index.json in " + dir.path().string()));
}

TEST_CASE("corrupt safetensors files are rejected with the file and tensor named")
{
    TempDir dir;
    const fs::path file = dir / "bad.safetensors";
    const std::string name = file.string();
    std::string message;

    SUBCASE("zero-byte file")
    {
        writeBytes(file, "");
        message = openError(file);
        CHECK(contains(message, "fewer than the 8-byte header length"));
    }
    SUBCASE("shorter than the header length field")
    {
        writeBytes(file, std::string("\x10\0\0", 3));
        message = openError(file);
        CHECK(contains(message, "has 3 bytes"));
    }
    SUBCASE("header length beyond the file")
    {
        writeRaw(file, "{}", "", 1000);
        message = openError(file);
        CHECK(contains(message, "declares a header of 1000 bytes"));
        CHECK(contains(message, "only 2 bytes"));
    }
    SUBCASE("absurd header length")
    {
        writeRaw(file, "{}", "", uint64_t(1) << 40);
        message = openError(file);
        CHECK(contains(message, "100 MB"));
    }
    SUBCASE("invalid JSON")
    {
        writeRaw(file, "{\"t\": {\"dtype\": ", "");
        message = openError(file);
        CHECK(contains(message, "not valid JSON"));
    }
    SUBCASE("header that is not an object")
    {
        writeRaw(file, "[1, 2]", "");
        message = openError(file);
        CHECK(contains(message, "not a JSON object"));
    }
    SUBCASE("unknown dtype")
    {
        writeRaw(file, R"({"t":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}})", std::string(8, '\0'));
        message = openError(file);
        CHECK(contains(message, "tensor t"));
        CHECK(contains(message, "unsupported dtype I64"));
    }
    SUBCASE("missing dtype")
    {
        writeRaw(file, R"({"t":{"shape":[1],"data_offsets":[0,4]}})", std::string(4, '\0'));
        message = openError(file);
        CHECK(contains(message, "tensor t"));
        CHECK(contains(message, "no dtype"));
    }
    SUBCASE("negative shape entry")
    {
        writeRaw(file, R"({"t":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", std::string(4, '\0'));
        message = openError(file);
        CHECK(contains(message, "tensor t"));
        CHECK(contains(message, "shape entry -1"));
    }
    SUBCASE("non-integer shape entry")
    {
        writeRaw(file, R"({"t":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}})", std::string(4, '\0'));
        message = openError(file);
        CHECK(contains(message, "shape entry 1.5"));
    }
    SUBCASE("element count overflow")
    {
        writeRaw(file, R"({"t":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}})",
                 std::string(4, '\0'));
        message = openError(file);
        CHECK(contains(message, "tensor t"));
        CHECK(contains(message, "too many elements"));
    }
    SUBCASE("end before begin")
    {
        writeRaw(file, R"({"t":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}})", std::string(8, '\0'));
        message = openError(file);
        CHECK(contains(message, "tensor t"));
        CHECK(contains(message, "ends before it begins"));
    }
    SUBCASE("offsets beyond the data")
    {
        writeRaw(file, R"({"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", std::string(4, '\0'));
        message = openError(file);
        CHECK(contains(message, "data of tensor t"));
        CHECK(contains(message, "(bytes 0..8) lies outside the file's data (size 4)"));
    }
    SUBCASE("byte size that does not fit the shape")
    {
        writeRaw(file, R"({"t":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", std::string(8, '\0'));
        message = openError(file);
        CHECK(contains(message, "tensor t"));
        CHECK(contains(message, "has 8 bytes of data"));
        CHECK(contains(message, "shape [3] in F32 needs 12"));
    }
    SUBCASE("malformed data_offsets")
    {
        writeRaw(file, R"({"t":{"dtype":"F32","shape":[1],"data_offsets":[0]}})", std::string(4, '\0'));
        message = openError(file);
        CHECK(contains(message, "data_offsets"));
    }
    SUBCASE("metadata that is not strings")
    {
        writeRaw(file, R"({"__metadata__":{"format":1}})", "");
        message = openError(file);
        CHECK(contains(message, "__metadata__ entry format"));
    }
    SUBCASE("truncated checkpoint")
    {
        writeTinyA(file);
        fs::resize_file(file, fs::file_size(file) / 2);
        message = openError(file);
        CHECK(contains(message, "lies outside the file's data"));
        CHECK(contains(message, "tensor model."));
    }
    // Every message names the file it is about.
    CHECK(contains(message, name));
}

TEST_CASE("a valid hand-made file with an empty header opens with no tensors")
{
    TempDir dir;
    writeRaw(dir / "empty.safetensors", "{}      ", "");
    auto opened = SafetensorsFile::open(dir / "empty.safetensors");
    REQUIRE(opened.ok());
    CHECK((*opened)->tensors().empty());
    CHECK((*opened)->metadata().empty());
}
