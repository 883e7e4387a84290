#pragma once
// The Qwen2/Qwen3 byte-level BPE tokenizer, read from a Hugging Face tokenizer.json. It
// reproduces the `tokenizers` library's encode (add_special_tokens=False) and decode exactly:
//   1. invalid UTF-8 in the input is first replaced by U+FFFD, one per maximal invalid
//      sequence (as Rust's String::from_utf8_lossy does), so any bytes can be encoded;
//   2. added tokens (<|im_start|>, <|image_pad|>, ...) are found in that raw text, leftmost and
//      then longest first, and become their single ids;
//   3. the text between them is normalised (NFC), split by the Qwen2 pre-tokenizer pattern, and
//      each piece is mapped to GPT-2 byte-level chars and encoded with the BPE merges.
// Added tokens marked `normalized: true` are matched in the raw text too (Qwen marks none so),
// and their `single_word` flag is not supported; `lstrip` and `rstrip` are.
//
// A Tokenizer is immutable once loaded: share one between threads freely.

#include "model/common/result.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cortex::model {

class Tokenizer {
public:
    // Errors name the file (or origin) and the reason: unreadable, not JSON, no model.vocab, a
    // merge whose parts are not in the vocabulary, or a pipeline other than Qwen2's.
    static Result<std::shared_ptr<const Tokenizer>> loadFromFile(const std::filesystem::path &tokenizerJson);
    // origin: how errors name the text (usually its file path).
    static Result<std::shared_ptr<const Tokenizer>> loadFromJson(const std::string &jsonText,
                                                                 const std::string &origin);

    ~Tokenizer();
    Tokenizer(const Tokenizer &) = delete;
    Tokenizer &operator=(const Tokenizer &) = delete;

    // Encodes UTF-8 text without adding special tokens. Added tokens written inside the text
    // become their single ids.
    std::vector<int32_t> encode(std::string_view utf8) const;

    // Encodes text as ordinary text: an added token written in it ("<|image_pad|>") is tokenized
    // like any other characters. Prompt templates use this for user text so that a document cannot
    // inject control tokens.
    std::vector<int32_t> encodeOrdinary(std::string_view utf8) const;

    // The text of the ids (unknown ids are skipped; byte sequences that do not form valid UTF-8
    // become U+FFFD). skipSpecialTokens drops added tokens marked special (<|im_start|>, ...).
    std::string decode(std::span<const int32_t> ids, bool skipSpecialTokens = false) const;

    // Token strings are as in tokenizer.json: byte-level ("Ġworld") or added-token content.
    std::optional<int32_t> tokenToId(std::string_view token) const;
    std::optional<std::string> idToToken(int32_t id) const;

    int64_t vocabSize() const; // the largest id plus one, added tokens included

    struct Impl;

private:
    explicit Tokenizer(std::unique_ptr<const Impl> impl);
    std::unique_ptr<const Impl> impl_;
};

} // namespace cortex::model
