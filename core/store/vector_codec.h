#pragma once
// Vectors as BLOBs: little-endian IEEE float32 (4 bytes a value) or float16 (2 bytes a value, half the
// disk for a loss far below what ranking notices, ~5e-4 relative). The half conversion is done by hand
// (round to nearest, ties to even, subnormals kept) so that it is exact and the same on every machine.

#include "common/result.h"
#include "store/records.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace cortex::store {

uint16_t floatToHalf(float value);
float halfToFloat(uint16_t half);

size_t bytesPerValue(VectorEncoding encoding);
std::vector<uint8_t> encodeVector(std::span<const float> values, VectorEncoding encoding);
// Fails when the BLOB is not exactly `dim` values long; the message gives both sizes in values and
// bytes (the caller prefixes which vector it was).
Status decodeVectorInto(std::span<const uint8_t> blob, VectorEncoding encoding, std::span<float> out);
Result<std::vector<float>> decodeVector(std::span<const uint8_t> blob, VectorEncoding encoding, size_t dim);

} // namespace cortex::store
