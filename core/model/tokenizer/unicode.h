#pragma once
// Unicode helpers for the tokenizer: repairing UTF-8, decoding code points, NFC and the character
// classes the Qwen2 pre-tokenizer regex uses (\p{L}, \p{N}, \s).

#include <cstddef>
#include <string>
#include <string_view>

namespace cortex::model::unicode {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Returns the text with each maximal invalid byte sequence replaced by U+FFFD (the W3C / Unicode
// "maximal subpart" practice, the same as Rust's String::from_utf8_lossy and Python's
// errors="replace"). Valid input comes back unchanged.
std::string repairUtf8(std::string_view bytes);

// Decodes the code point at text[pos] and advances pos. The text must be valid UTF-8.
char32_t decodeUtf8(std::string_view text, size_t &pos);

void appendUtf8(std::string &out, char32_t cp);

// Canonical composition (NFC) of valid UTF-8 text.
std::string nfc(std::string_view text);

// The Unicode White_Space property, which is what \s means in the regex engine that Hugging Face
// tokenizers uses (and what Rust's char::is_whitespace tests).
bool isWhitespace(char32_t cp);
bool isLetter(char32_t cp); // \p{L}: Lu Ll Lt Lm Lo
bool isNumber(char32_t cp); // \p{N}: Nd Nl No

} // namespace cortex::model::unicode
