#include "model/tokenizer/added_tokens.h"

#include "model/tokenizer/unicode.h"

#include <algorithm>

namespace cortex::model {

namespace {

bool isContinuationByte(char c)
{
    return (static_cast<uint8_t>(c) & 0xC0) == 0x80;
}

// Start of the whitespace run that ends at end (not before floor).
size_t whitespaceBefore(std::string_view text, size_t end, size_t floor)
{
    while (end > floor) {
        size_t start = end - 1;
        while (start > floor && isContinuationByte(text[start]))
            --start;
        size_t pos = start;
        if (!unicode::isWhitespace(unicode::decodeUtf8(text, pos)))
            break;
        end = start;
    }
    return end;
}

// End of the whitespace run that starts at begin.
size_t whitespaceAfter(std::string_view text, size_t begin)
{
    while (begin < text.size()) {
        size_t pos = begin;
        if (!unicode::isWhitespace(unicode::decodeUtf8(text, pos)))
            break;
        begin = pos;
    }
    return begin;
}

} // namespace

AddedTokenMatcher::AddedTokenMatcher(std::vector<AddedToken> tokens) : tokens_(std::move(tokens))
{
    std::erase_if(tokens_, [](const AddedToken &t) { return t.content.empty(); });
    std::stable_sort(tokens_.begin(), tokens_.end(), [](const AddedToken &a, const AddedToken &b) {
        return a.content.size() > b.content.size();
    });
    for (size_t i = 0; i < tokens_.size(); ++i)
        byFirst_[static_cast<uint8_t>(tokens_[i].content[0])].push_back(static_cast<uint32_t>(i));
}

std::optional<AddedTokenMatcher::Match> AddedTokenMatcher::findNext(std::string_view text, size_t from) const
{
    if (tokens_.empty())
        return std::nullopt;
    for (size_t pos = from; pos < text.size(); ++pos) {
        const auto &candidates = byFirst_[static_cast<uint8_t>(text[pos])];
        for (const uint32_t index : candidates) {
            const AddedToken &token = tokens_[index];
            if (text.compare(pos, token.content.size(), token.content) != 0)
                continue;
            Match match{pos, pos + token.content.size(), token.id};
            if (token.lstrip)
                match.begin = whitespaceBefore(text, match.begin, from);
            if (token.rstrip)
                match.end = whitespaceAfter(text, match.end);
            return match;
        }
    }
    return std::nullopt;
}

} // namespace cortex::model
