#include "model/weights/safetensors_writer.h"

#include "common/durable_file.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <limits>
#include <set>

namespace cortex::model {

namespace {

// Owns the temporary file until commit(): any early return closes and deletes it.
class PendingFile {
public:
    explicit PendingFile(std::filesystem::path path) : path_(std::move(path)) {}
    ~PendingFile()
    {
        if (stream_ != nullptr)
            std::fclose(stream_);
        if (!committed_) {
            std::error_code ec;
            std::filesystem::remove(path_, ec);
        }
    }
    PendingFile(const PendingFile &) = delete;
    PendingFile &operator=(const PendingFile &) = delete;

    Status open()
    {
        stream_ = std::fopen(path_.c_str(), "wb");
        if (stream_ == nullptr)
            return makeError("cannot create " + path_.string() + ": " + std::strerror(errno));
        return {};
    }

    Status write(const void *data, size_t size)
    {
        if (size != 0 && std::fwrite(data, 1, size, stream_) != size)
            return makeError("cannot write " + path_.string() + ": " + std::strerror(errno));
        return {};
    }

    Status commit(const std::filesystem::path &target)
    {
        const int closed = std::fclose(stream_);
        stream_ = nullptr;
        if (closed != 0)
            return makeError("cannot write " + path_.string() + ": " + std::strerror(errno));
        if (auto replaced = durableReplace(path_, target); !replaced)
            return replaced;
        committed_ = true;
        return {};
    }

private:
    std::filesystem::path path_;
    std::FILE *stream_ = nullptr;
    bool committed_ = false;
};

// Byte size of one tensor, or an error naming it when the shape is invalid or too large.
Result<uint64_t> tensorBytes(const TensorHeader &tensor, const std::filesystem::path &file)
{
    uint64_t bytes = dtypeSize(tensor.dtype);
    for (const int64_t extent : tensor.shape) {
        if (extent < 0)
            return makeError("cannot write " + file.string() + ": tensor " + tensor.name +
                             " has negative extent " + std::to_string(extent));
        if (extent != 0 && bytes > std::numeric_limits<uint64_t>::max() / uint64_t(extent))
            return makeError("cannot write " + file.string() + ": tensor " + tensor.name + " is too large");
        bytes *= uint64_t(extent);
    }
    return bytes;
}

} // namespace

Status writeSafetensors(const std::filesystem::path &file, const std::vector<TensorHeader> &tensors,
                        const std::function<void(size_t index, std::span<std::byte> out)> &fill,
                        const std::map<std::string, std::string> &metadata)
{
    // nlohmann::json keeps object keys sorted, which gives the sorted header Python writes.
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty())
        header["__metadata__"] = metadata;
    std::vector<uint64_t> sizes;
    sizes.reserve(tensors.size());
    std::set<std::string> seen;
    uint64_t offset = 0;
    for (const auto &tensor : tensors) {
        if (tensor.name.empty() || tensor.name == "__metadata__")
            return makeError("cannot write " + file.string() + ": \"" + tensor.name +
                             "\" is not a tensor name");
        if (!seen.insert(tensor.name).second)
            return makeError("cannot write " + file.string() + ": tensor " + tensor.name +
                             " is listed twice");
        auto bytes = tensorBytes(tensor, file);
        if (!bytes)
            return bytes.error();
        header[tensor.name] = {{"dtype", dtypeName(tensor.dtype)},
                               {"shape", tensor.shape},
                               {"data_offsets", {offset, offset + *bytes}}};
        sizes.push_back(*bytes);
        offset += *bytes;
    }

    // Padding the header to 8 bytes keeps every tensor as aligned as the buffer start.
    std::string headerText = header.dump();
    headerText.append((8 - headerText.size() % 8) % 8, ' ');
    unsigned char lengthBytes[8];
    for (int i = 0; i < 8; ++i)
        lengthBytes[i] = static_cast<unsigned char>(uint64_t(headerText.size()) >> (8 * i));

    auto temporary = file;
    temporary += ".incomplete";
    PendingFile out(temporary);
    if (auto opened = out.open(); !opened)
        return opened;
    if (auto written = out.write(lengthBytes, 8); !written)
        return written;
    if (auto written = out.write(headerText.data(), headerText.size()); !written)
        return written;

    // One tensor in memory at a time; the buffer is reused when the next tensor is no larger.
    std::vector<std::byte> buffer;
    for (size_t i = 0; i < tensors.size(); ++i) {
        try {
            buffer.resize(static_cast<size_t>(sizes[i]));
            fill(i, std::span<std::byte>(buffer.data(), buffer.size()));
        } catch (const std::exception &e) {
            return makeError("cannot write " + file.string() + ": producing tensor " + tensors[i].name +
                             " failed: " + e.what());
        }
        if (auto written = out.write(buffer.data(), buffer.size()); !written)
            return written;
    }
    return out.commit(file);
}

} // namespace cortex::model
