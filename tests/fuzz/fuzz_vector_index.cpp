// The vector index file (core/index/vector_index.cpp, index_file_format.cpp) with hostile content
// behind valid checksums: a file anyone can write, since the checksums guard against damage, not
// against a crafted file. The input is the header's fields after the magic (version, dimension, M,
// efConstruction, element count, live count, generation: bytes 8..47 of the file) followed by the
// hnswlib payload; the harness adds the magic, the payload size and both checksums. An index that
// loads must then answer searches and take a new vector.
#include "fuzz_support.h"

#include "index/index_file_format.h"
#include "index/vector_index.h"
#include "index/xxhash64.h"

#include <cmath>
#include <cstring>
#include <vector>

namespace {

constexpr size_t kFieldsBegin = 8;           // after the magic
constexpr size_t kFieldsEnd = 48;            // payload size, payload checksum and header checksum follow
constexpr size_t kChecksummed = 64;          // the header checksum covers bytes 0..63
constexpr uint32_t kMaxFuzzDimension = 4096; // larger dimensions only make each run slower

template <typename T> void put(unsigned char *at, T value)
{
    for (size_t i = 0; i < sizeof(T); ++i)
        at[i] = static_cast<unsigned char>(uint64_t(value) >> (8 * i));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace cortex::index;
    constexpr size_t fieldBytes = kFieldsEnd - kFieldsBegin;
    if (size < fieldBytes)
        return 0;
    const uint8_t *payload = data + fieldBytes;
    const size_t payloadSize = size - fieldBytes;

    std::vector<unsigned char> file(detail::kHeaderSize + payloadSize);
    std::memcpy(file.data(), detail::kMagic, sizeof detail::kMagic);
    std::memcpy(file.data() + kFieldsBegin, data, fieldBytes);
    put<uint64_t>(file.data() + 48, payloadSize);
    put<uint64_t>(file.data() + 56, detail::Xxh64::of(payload, payloadSize));
    put<uint64_t>(file.data() + 64, detail::Xxh64::of(file.data(), kChecksummed));
    if (payloadSize > 0)
        std::memcpy(file.data() + detail::kHeaderSize, payload, payloadSize);

    uint32_t dimension = 0;
    std::memcpy(&dimension, data + 4, sizeof dimension); // little-endian hosts only, as the format
    if (dimension == 0 || dimension > kMaxFuzzDimension)
        return 0;

    const cortex::fuzz::MemoryFile memory(file.data(), file.size());
    (void)VectorIndex::peek(memory.path());
    IndexParams params;
    params.dimension = int(dimension);
    auto loaded = VectorIndex::load(memory.path(), params);
    if (!loaded)
        return 0;
    VectorIndex &index = **loaded;
    std::vector<float> query(dimension, 1.0f / std::sqrt(float(dimension)));
    (void)index.search(query, 10);
    (void)index.search(query, 3, [](int64_t label) { return label % 2 == 0; });
    if (index.add(-1, query))
        (void)index.search(query, 5);
    index.remove(-1);
    return 0;
}
