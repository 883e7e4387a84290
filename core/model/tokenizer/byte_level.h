#pragma once
// GPT-2's byte-level alphabet: every byte is shown as one printable Unicode char (the space byte
// as 'Ġ', newline as 'Ċ', ...), so that BPE vocabularies can be stored as JSON strings.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cortex::model::byte_level {

char32_t byteToChar(uint8_t byte);

// The UTF-8 byte-level form of raw bytes ("a b" -> "aĠb").
std::string encode(std::string_view bytes);

// The raw bytes of a byte-level token, or nullopt when it has a char outside the alphabet.
std::optional<std::string> decode(std::string_view token);

} // namespace cortex::model::byte_level
