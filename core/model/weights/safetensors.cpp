#include "model/weights/safetensors.h"

#include "model/weights/tensor_spec.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <limits>

namespace cortex::model {

namespace {

// A header this large is not a checkpoint header (released ones are well under 1 MB); refusing it
// early keeps a corrupt length from making the JSON parser walk gigabytes of tensor data.
constexpr uint64_t kMaxHeaderBytes = 100ull * 1024 * 1024;

std::string jsonTypeName(const nlohmann::json &value)
{
    if (value.is_number_integer())
        return "integer " + value.dump();
    if (value.is_number())
        return "number " + value.dump();
    return value.type_name();
}

// One tensor's entry in the header, checked field by field; `where` names the tensor and the file.
Result<TensorView> parseEntry(const std::string &name, const nlohmann::json &entry, const std::string &file,
                              const std::byte *buffer, uint64_t bufferSize)
{
    const std::string where = "tensor " + name + " in " + file;
    if (!entry.is_object())
        return makeError(where + " has a header entry that is " + jsonTypeName(entry) + ", not an object");

    const auto dtypeIt = entry.find("dtype");
    if (dtypeIt == entry.end() || !dtypeIt->is_string())
        return makeError(where + " has no dtype string in its header entry");
    const auto dtype = dtypeFromName(dtypeIt->get_ref<const std::string &>());
    if (!dtype)
        return makeError(where + " has unsupported dtype " + dtypeIt->get<std::string>() +
                         " (expected BF16, F16 or F32)");

    const auto shapeIt = entry.find("shape");
    if (shapeIt == entry.end() || !shapeIt->is_array())
        return makeError(where + " has no shape array in its header entry");
    TensorView view;
    view.name = name;
    view.dtype = *dtype;
    view.file = file;
    // Count elements in bytes as we go so that a huge shape reports overflow instead of wrapping.
    uint64_t expectedBytes = dtypeSize(*dtype);
    bool overflow = false;
    for (const auto &dim : *shapeIt) {
        if (!dim.is_number_integer() || (dim.is_number_integer() && dim.get<int64_t>() < 0) ||
            (dim.is_number_unsigned() && dim.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())))
            return makeError(where + " has shape entry " + dim.dump() + ", expected a non-negative integer");
        const auto extent = static_cast<uint64_t>(dim.get<int64_t>());
        view.shape.push_back(static_cast<int64_t>(extent));
        if (extent != 0 && expectedBytes > std::numeric_limits<uint64_t>::max() / extent)
            overflow = true;
        else
            expectedBytes *= extent;
    }
    // A zero extent makes the tensor empty whatever the other extents are.
    if (std::find(view.shape.begin(), view.shape.end(), 0) != view.shape.end()) {
        overflow = false;
        expectedBytes = 0;
    }
    if (overflow)
        return makeError(where + " has shape with too many elements to address");

    const auto offsetsIt = entry.find("data_offsets");
    if (offsetsIt == entry.end() || !offsetsIt->is_array() || offsetsIt->size() != 2 ||
        !(*offsetsIt)[0].is_number_unsigned() || !(*offsetsIt)[1].is_number_unsigned())
        return makeError(where + " needs data_offsets [begin, end] of two non-negative integers");
    const auto begin = (*offsetsIt)[0].get<uint64_t>();
    const auto end = (*offsetsIt)[1].get<uint64_t>();
    const std::string range = "(bytes " + std::to_string(begin) + ".." + std::to_string(end) + ")";
    if (end < begin)
        return makeError("data of " + where + " " + range + " ends before it begins");
    if (end > bufferSize)
        return makeError("data of " + where + " " + range + " lies outside the file's data (size " +
                         std::to_string(bufferSize) + ")");
    if (end - begin != expectedBytes)
        return makeError(where + " has " + std::to_string(end - begin) + " bytes of data, but shape " +
                         shapeToString(view.shape) + " in " + dtypeName(*dtype) + " needs " +
                         std::to_string(expectedBytes));
    view.byteSize = static_cast<size_t>(end - begin);
    view.data = buffer == nullptr ? nullptr : buffer + begin;
    return view;
}

} // namespace

const char *dtypeName(DType dtype)
{
    switch (dtype) {
    case DType::BF16:
        return "BF16";
    case DType::F16:
        return "F16";
    case DType::F32:
        return "F32";
    }
    return "?";
}

size_t dtypeSize(DType dtype)
{
    return dtype == DType::F32 ? 4 : 2;
}

std::optional<DType> dtypeFromName(std::string_view name)
{
    if (name == "BF16")
        return DType::BF16;
    if (name == "F16")
        return DType::F16;
    if (name == "F32")
        return DType::F32;
    return std::nullopt;
}

Result<std::unique_ptr<SafetensorsFile>> SafetensorsFile::open(const std::filesystem::path &path)
{
    auto mapped = MappedFile::open(path);
    if (!mapped)
        return mapped.error();
    const std::string file = path.string();
    const uint64_t size = mapped->size();
    if (size < 8)
        return makeError(file + " is not a safetensors file: it has " + std::to_string(size) +
                         " bytes, fewer than the 8-byte header length");

    uint64_t headerLength = 0;
    for (int i = 7; i >= 0; --i) // little-endian whatever the host
        headerLength = (headerLength << 8) | std::to_integer<uint64_t>(mapped->data()[i]);
    if (headerLength > kMaxHeaderBytes)
        return makeError(file + " declares a header of " + std::to_string(headerLength) +
                         " bytes, more than the 100 MB a safetensors header may have");
    if (headerLength > size - 8)
        return makeError(file + " declares a header of " + std::to_string(headerLength) + " bytes but only " +
                         std::to_string(size - 8) + " bytes follow the header length (truncated file?)");

    const auto *headerBegin = reinterpret_cast<const char *>(mapped->data() + 8);
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(headerBegin, headerBegin + headerLength);
    } catch (const nlohmann::json::exception &e) {
        return makeError(file + " has a header that is not valid JSON: " + e.what());
    }
    if (!header.is_object())
        return makeError(file + " has a header that is " + jsonTypeName(header) + ", not a JSON object");

    std::unique_ptr<SafetensorsFile> result(new SafetensorsFile());
    const std::byte *buffer = mapped->data() + 8 + headerLength;
    const uint64_t bufferSize = size - 8 - headerLength;
    if (bufferSize == 0)
        buffer = nullptr; // one past the map's end: never hand it out

    std::vector<std::pair<uint64_t, TensorView>> ordered;
    for (const auto &[name, entry] : header.items()) {
        if (name == "__metadata__") {
            if (!entry.is_object())
                return makeError(file + " has __metadata__ that is " + jsonTypeName(entry) +
                                 ", not an object");
            for (const auto &[key, value] : entry.items()) {
                if (!value.is_string())
                    return makeError(file + " has __metadata__ entry " + key + " that is " +
                                     jsonTypeName(value) + ", not a string");
                result->metadata_[key] = value.get<std::string>();
            }
            continue;
        }
        auto view = parseEntry(name, entry, file, buffer, bufferSize);
        if (!view)
            return view.error();
        const auto begin = entry["data_offsets"][0].get<uint64_t>();
        ordered.emplace_back(begin, std::move(*view));
    }
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    result->tensors_.reserve(ordered.size());
    for (auto &entry : ordered)
        result->tensors_.push_back(std::move(entry.second));
    // Built only after tensors_ is final: the keys view the names stored there.
    for (size_t i = 0; i < result->tensors_.size(); ++i)
        result->byName_.emplace(result->tensors_[i].name, i);
    result->file_ = std::move(*mapped);
    return result;
}

const TensorView *SafetensorsFile::find(std::string_view name) const
{
    const auto it = byName_.find(name);
    return it == byName_.end() ? nullptr : &tensors_[it->second];
}

} // namespace cortex::model
