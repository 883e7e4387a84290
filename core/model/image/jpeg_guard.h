#pragma once
// A pre-check of JPEG marker segments for the two hazards that the system stb_image (2.27, a 2022
// snapshot) does not guard against, so that hostile files are refused before stb parses them.
// Internal to cortex_image.

#include <cstdint>
#include <span>
#include <string>

namespace cortex::model {

// Empty when the data is not a JPEG or shows neither hazard; otherwise the reason:
//  - a DHT table with more than 256 codes: stb writes past its Huffman arrays
//    (nothings/stb#1289, #1291, fixed upstream in 2.28);
//  - a scan that decodes with a Huffman table no earlier DHT defined: stb's decoder state is
//    malloc'd, not zeroed, so it would walk uninitialised tables and index out of bounds.
std::string findJpegHazard(std::span<const uint8_t> bytes);

} // namespace cortex::model
