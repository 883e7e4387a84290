#pragma once
// The Qwen2 pre-tokenizer: splits normalised text into the pieces that BPE encodes one by one,
// exactly as Hugging Face's Split pre-tokenizer (behavior Isolated) does with the pattern
//   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|
//   \s*[\r\n]+|\s+(?!\S)|\s+
// Written by hand instead of with a regex library: std::regex knows neither \p{..} nor Unicode
// \s, and a dedicated scanner is much faster.

#include <string_view>
#include <vector>

namespace cortex::model {

// Appends the pieces of text (valid UTF-8, already NFC) to pieces, in order; they are views into
// text and together cover it exactly.
void splitQwen2Pieces(std::string_view text, std::vector<std::string_view> &pieces);

} // namespace cortex::model
