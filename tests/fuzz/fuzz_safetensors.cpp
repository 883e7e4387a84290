// The safetensors reader (core/model/weights/safetensors.cpp) on any bytes: the 8-byte header length,
// the JSON header, every tensor entry's dtype, shape and data range. A file that opens must describe
// only tensors that lie inside it.
#include "fuzz_support.h"

#include "model/weights/safetensors.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const cortex::fuzz::MemoryFile file(data, size);
    auto opened = cortex::model::SafetensorsFile::open(file.path());
    if (!opened)
        return 0;
    const auto &st = **opened;
    // Touch the first and the last byte of every tensor: a range outside the map faults here.
    volatile unsigned sum = 0;
    for (const auto &tensor : st.tensors()) {
        if (tensor.byteSize == 0)
            continue;
        if (tensor.data == nullptr)
            std::abort(); // a non-empty tensor without data
        sum = sum + unsigned(tensor.data[0]) + unsigned(tensor.data[tensor.byteSize - 1]);
        if (st.find(tensor.name) == nullptr)
            std::abort(); // every listed tensor can be found by its name
    }
    return 0;
}
