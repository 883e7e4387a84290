#include "index/index_file_format.h"

#include "index/file_io.h"
#include "index/xxhash64.h"

#include <bit>
#include <cstring>

namespace cortex::index::detail {

static_assert(std::endian::native == std::endian::little,
              "the index file (and hnswlib's payload) is written in the machine's byte order");

namespace {

constexpr size_t kChecksummedHeaderBytes = 64;

template <typename T> void put(unsigned char *out, size_t offset, T value)
{
    std::memcpy(out + offset, &value, sizeof value);
}

template <typename T> T get(const unsigned char *in, size_t offset)
{
    T value;
    std::memcpy(&value, in + offset, sizeof value);
    return value;
}

} // namespace

std::array<unsigned char, kHeaderSize> encodeHeader(const FileHeader &header)
{
    std::array<unsigned char, kHeaderSize> out{};
    std::memcpy(out.data(), kMagic, sizeof kMagic);
    put(out.data(), 8, header.version);
    put(out.data(), 12, header.dimension);
    put(out.data(), 16, header.m);
    put(out.data(), 20, header.efConstruction);
    put(out.data(), 24, header.elementCount);
    put(out.data(), 32, header.liveCount);
    put(out.data(), 40, header.generation);
    put(out.data(), 48, header.payloadSize);
    put(out.data(), 56, header.payloadChecksum);
    put(out.data(), 64, Xxh64::of(out.data(), kChecksummedHeaderBytes));
    return out;
}

Result<FileHeader> readHeader(FileReader &reader, const std::filesystem::path &file)
{
    const std::string name = file.string();
    std::array<unsigned char, kHeaderSize> bytes{};
    if (reader.size() < sizeof kMagic)
        return makeError(name + " is not a Cortex vector index (it is only " + std::to_string(reader.size()) +
                         " bytes long)");
    if (Status st = reader.read(bytes.data(), sizeof kMagic); !st)
        return st.error();
    if (std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        return makeError(name + " is not a Cortex vector index");
    if (reader.size() < kHeaderSize)
        return makeError(name + " is truncated (" + std::to_string(reader.size()) +
                         " bytes, the header alone is " + std::to_string(kHeaderSize) + ")");
    if (Status st = reader.read(bytes.data() + sizeof kMagic, kHeaderSize - sizeof kMagic); !st)
        return st.error();
    if (get<uint64_t>(bytes.data(), 64) != Xxh64::of(bytes.data(), kChecksummedHeaderBytes))
        return makeError(name + " is corrupt (header checksum mismatch)");

    FileHeader header;
    header.version = get<uint32_t>(bytes.data(), 8);
    header.dimension = get<uint32_t>(bytes.data(), 12);
    header.m = get<uint32_t>(bytes.data(), 16);
    header.efConstruction = get<uint32_t>(bytes.data(), 20);
    header.elementCount = get<uint64_t>(bytes.data(), 24);
    header.liveCount = get<uint64_t>(bytes.data(), 32);
    header.generation = get<uint64_t>(bytes.data(), 40);
    header.payloadSize = get<uint64_t>(bytes.data(), 48);
    header.payloadChecksum = get<uint64_t>(bytes.data(), 56);

    if (header.version != kFormatVersion)
        return makeError(name + " has index format version " + std::to_string(header.version) +
                         ", but this version of Cortex reads version " + std::to_string(kFormatVersion));
    if (header.liveCount > header.elementCount)
        return makeError(name + " is corrupt (it claims more live vectors than vectors)");
    const uint64_t available = reader.size() - kHeaderSize;
    if (available < header.payloadSize)
        return makeError(name + " is truncated (" + std::to_string(available) + " of " +
                         std::to_string(header.payloadSize) + " payload bytes)");
    if (available > header.payloadSize)
        return makeError(name + " is corrupt (" + std::to_string(available - header.payloadSize) +
                         " unexpected bytes after the index)");
    return header;
}

} // namespace cortex::index::detail
