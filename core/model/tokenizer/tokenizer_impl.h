#pragma once
// The data of a loaded Tokenizer (private to the tokenizer's sources).

#include "model/tokenizer/added_tokens.h"
#include "model/tokenizer/bpe.h"
#include "model/tokenizer/tokenizer.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cortex::model {

struct StringHash {
    using is_transparent = void; // lets maps keyed by std::string be searched with a string_view
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using StringIdMap = std::unordered_map<std::string, int32_t, StringHash, std::equal_to<>>;

struct Tokenizer::Impl {
    struct TokenInfo {
        std::string text;  // as in tokenizer.json
        std::string bytes; // what decode writes for it
        bool present = false;
        bool special = false;
    };

    BpeModel bpe;
    AddedTokenMatcher addedTokens;
    StringIdMap tokenIds;        // vocabulary and added tokens (added ones win)
    std::vector<TokenInfo> byId; // index: id
    bool nfc = true;             // the normalizer is NFC (else none)
    bool ignoreMerges = false;   // a piece that is a whole vocabulary token skips the merges
    StringIdMap rawPieceIds;     // raw bytes -> id, only filled when ignoreMerges
};

// Builds the tokenizer data from the text of a tokenizer.json (tokenizer_loader.cpp).
Result<std::unique_ptr<const Tokenizer::Impl>> parseTokenizerJson(const std::string &jsonText,
                                                                  const std::string &origin);

} // namespace cortex::model
