#pragma once
// Streaming safetensors writer: the header is computed from names, dtypes and shapes alone, then each
// tensor's bytes are produced by a callback and written before the next one is asked for, so a
// checkpoint larger than memory can be written. The file appears under its name only when complete.

#include "model/common/result.h"
#include "model/weights/safetensors.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace cortex::model {

struct TensorHeader {
    std::string name;
    DType dtype = DType::BF16;
    std::vector<int64_t> shape;
};

// `fill(index, out)` must write all of tensors[index]'s bytes (little-endian) into `out`; it is called
// once per tensor, in order. Tensors are laid out in the given order with no gaps (the format allows
// none), starting 8-byte aligned: list wider dtypes first if readers need element-aligned data. The data goes
// to `file` + ".incomplete", which is renamed to `file` after the last byte is written.
Status writeSafetensors(const std::filesystem::path &file, const std::vector<TensorHeader> &tensors,
                        const std::function<void(size_t index, std::span<std::byte> out)> &fill,
                        const std::map<std::string, std::string> &metadata = {{"format", "pt"}});

} // namespace cortex::model
