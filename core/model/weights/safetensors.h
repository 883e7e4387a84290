#pragma once
// Reader for the safetensors format over a memory map: an 8-byte little-endian header length N,
// N bytes of JSON naming every tensor's dtype, shape and byte range, then the data buffer. Tensors
// are views into the map, so opening a file copies nothing; every header field is validated first
// because a checkpoint may be truncated or hand-made.

#include "model/common/result.h"
#include "model/weights/mapped_file.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cortex::model {

// The dtypes Qwen3-VL checkpoints use; anything else is rejected when the file opens.
enum class DType { BF16, F16, F32 };

const char *dtypeName(DType dtype); // "BF16", as safetensors spells it
size_t dtypeSize(DType dtype);      // bytes per element
std::optional<DType> dtypeFromName(std::string_view name);

struct TensorView {
    std::string name;
    DType dtype = DType::BF16;
    std::vector<int64_t> shape;
    const std::byte *data = nullptr; // inside the owning file's map; valid while the file is open
    size_t byteSize = 0;
    std::string file; // the file it lives in, for error messages
};

class SafetensorsFile {
public:
    static Result<std::unique_ptr<SafetensorsFile>> open(const std::filesystem::path &path);

    // In the order of their data in the file.
    const std::vector<TensorView> &tensors() const { return tensors_; }
    const TensorView *find(std::string_view name) const;
    // The "__metadata__" object (string to string), empty when absent.
    const std::map<std::string, std::string> &metadata() const { return metadata_; }
    const std::filesystem::path &path() const { return file_.path(); }

private:
    SafetensorsFile() = default;

    MappedFile file_;
    std::vector<TensorView> tensors_;
    std::unordered_map<std::string_view, size_t> byName_; // keys view tensors_[i].name
    std::map<std::string, std::string> metadata_;
};

} // namespace cortex::model
