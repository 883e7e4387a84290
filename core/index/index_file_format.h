#pragma once
// The index file: a fixed 72-byte header, then the hnswlib graph ("payload", hnswlib 0.6's own
// serialisation: its parameters, the level-0 block of every element, each element's upper levels).
//
//   offset  size  field (little-endian)
//        0     8  magic "CXHNSW01"
//        8     4  format version (1)
//       12     4  dimension
//       16     4  M
//       20     4  efConstruction
//       24     8  elements in the graph, deleted ones included
//       32     8  live (not deleted) elements
//       40     8  library generation the file covers
//       48     8  payload size in bytes (the file is exactly header + payload)
//       56     8  XXH64 of the payload
//       64     8  XXH64 of bytes 0..63, so peek() can trust the header without reading the payload

#include "common/result.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace cortex::index::detail {

class FileReader;

inline constexpr char kMagic[8] = {'C', 'X', 'H', 'N', 'S', 'W', '0', '1'};
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr size_t kHeaderSize = 72;

struct FileHeader {
    uint32_t version = kFormatVersion;
    uint32_t dimension = 0;
    uint32_t m = 0;
    uint32_t efConstruction = 0;
    uint64_t elementCount = 0;
    uint64_t liveCount = 0;
    uint64_t generation = 0;
    uint64_t payloadSize = 0;
    uint64_t payloadChecksum = 0;
};

// The 72 bytes, header checksum included.
std::array<unsigned char, kHeaderSize> encodeHeader(const FileHeader &header);

// Reads and checks the header of an open file: magic, header checksum, version, and that the file
// is exactly as long as the header says. Errors name `file`.
Result<FileHeader> readHeader(FileReader &reader, const std::filesystem::path &file);

} // namespace cortex::index::detail
