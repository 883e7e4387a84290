#pragma once
// Finds added tokens (<|im_start|>, <|image_pad|>, ...) in raw text. Hugging Face splits the input
// on them before normalising and pre-tokenizing the rest, taking the leftmost match and, among
// matches that start there, the longest.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cortex::model {

struct AddedToken {
    std::string content;
    int32_t id = 0;
    bool lstrip = false; // the match also takes the whitespace before it
    bool rstrip = false; // ... and after it
};

class AddedTokenMatcher {
public:
    AddedTokenMatcher() = default;
    explicit AddedTokenMatcher(std::vector<AddedToken> tokens);

    struct Match {
        size_t begin; // byte range of the match, stripped whitespace included
        size_t end;
        int32_t id;
    };

    // The first match in text (valid UTF-8) at or after byte offset from.
    std::optional<Match> findNext(std::string_view text, size_t from) const;

private:
    std::vector<AddedToken> tokens_;                   // longest first, so the first hit is the longest
    std::array<std::vector<uint32_t>, 256> byFirst_{}; // indices into tokens_, by first byte
};

} // namespace cortex::model
