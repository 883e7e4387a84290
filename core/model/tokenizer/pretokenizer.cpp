#include "model/tokenizer/pretokenizer.h"

#include "model/tokenizer/unicode.h"

#include <array>
#include <cstdint>

namespace cortex::model {

namespace {

enum : uint8_t {
    kLetter = 1,
    kNumber = 2,
    kSpace = 4,  // \s
    kLineEnd = 8 // \r or \n (also kSpace)
};

uint8_t classify(char32_t cp)
{
    uint8_t flags = 0;
    if (unicode::isLetter(cp))
        flags |= kLetter;
    else if (unicode::isNumber(cp))
        flags |= kNumber;
    else if (unicode::isWhitespace(cp))
        flags |= kSpace;
    if (cp == U'\r' || cp == U'\n')
        flags |= kLineEnd;
    return flags;
}

// Most text is ASCII: classify it from a table built once.
const std::array<uint8_t, 128> &asciiClasses()
{
    static const std::array<uint8_t, 128> table = [] {
        std::array<uint8_t, 128> t{};
        for (char32_t cp = 0; cp < 128; ++cp)
            t[cp] = classify(cp);
        return t;
    }();
    return table;
}

// The case-insensitive match of (?i:...) for the ASCII letters of the contractions. Unicode case
// folding also maps U+017F (long s) to 's', which the regex engine honours.
char32_t foldCase(char32_t cp)
{
    if (cp >= U'A' && cp <= U'Z')
        return cp + (U'a' - U'A');
    if (cp == 0x017F)
        return U's';
    return cp;
}

// The code points of one text with their classes and byte offsets (offsets[n] = text size).
struct Decoded {
    std::vector<char32_t> cps;
    std::vector<uint8_t> flags;
    std::vector<size_t> offsets;

    size_t size() const { return cps.size(); }
    bool has(size_t i, uint8_t flag) const { return i < cps.size() && (flags[i] & flag) != 0; }
    // [^\s\p{L}\p{N}]
    bool isOther(size_t i) const { return i < cps.size() && (flags[i] & (kLetter | kNumber | kSpace)) == 0; }
};

void decode(std::string_view text, Decoded &d)
{
    const auto &ascii = asciiClasses();
    d.cps.clear();
    d.flags.clear();
    d.offsets.clear();
    size_t pos = 0;
    while (pos < text.size()) {
        d.offsets.push_back(pos);
        const char32_t cp = unicode::decodeUtf8(text, pos);
        d.cps.push_back(cp);
        d.flags.push_back(cp < 128 ? ascii[cp] : classify(cp));
    }
    d.offsets.push_back(text.size());
}

// Each alternative returns the end of its match at i, or i when it does not match.

size_t matchContraction(const Decoded &d, size_t i) // (?i:'s|'t|'re|'ve|'m|'ll|'d)
{
    if (d.cps[i] != U'\'' || i + 1 >= d.size())
        return i;
    const char32_t c1 = foldCase(d.cps[i + 1]);
    if (c1 == U's' || c1 == U't' || c1 == U'm' || c1 == U'd')
        return i + 2;
    if (i + 2 >= d.size())
        return i;
    const char32_t c2 = foldCase(d.cps[i + 2]);
    if (((c1 == U'r' || c1 == U'v') && c2 == U'e') || (c1 == U'l' && c2 == U'l'))
        return i + 3;
    return i;
}

size_t matchWord(const Decoded &d, size_t i) // [^\r\n\p{L}\p{N}]?\p{L}+
{
    size_t j = i;
    if (!d.has(i, kLetter)) {
        // The optional prefix char; the regex backtracks to "no prefix" when no letter follows,
        // but then i itself would have to be a letter, which it is not.
        if ((d.flags[i] & (kLineEnd | kNumber)) != 0 || !d.has(i + 1, kLetter))
            return i;
        j = i + 1;
    }
    while (d.has(j, kLetter))
        ++j;
    return j;
}

size_t matchSymbols(const Decoded &d, size_t i) //  ?[^\s\p{L}\p{N}]+[\r\n]*
{
    size_t j = i;
    if (d.cps[i] == U' ' && d.isOther(i + 1))
        j = i + 1;
    if (!d.isOther(j))
        return i;
    while (d.isOther(j))
        ++j;
    while (d.has(j, kLineEnd))
        ++j;
    return j;
}

// \s*[\r\n]+|\s+(?!\S)|\s+ at a whitespace char.
size_t matchWhitespace(const Decoded &d, size_t i)
{
    size_t runEnd = i;
    while (d.has(runEnd, kSpace))
        ++runEnd;
    // \s*[\r\n]+: \s* backtracks from the end of the run to its last line break.
    for (size_t k = runEnd; k > i; --k) {
        if (d.has(k - 1, kLineEnd))
            return k;
    }
    // \s+(?!\S): the whole run at the end of the text, else the run less its last char (which
    // is then followed by whitespace), if that leaves at least one char.
    if (runEnd == d.size())
        return runEnd;
    if (runEnd - i >= 2)
        return runEnd - 1;
    return runEnd; // \s+
}

size_t matchAt(const Decoded &d, size_t i)
{
    size_t end = matchContraction(d, i);
    if (end == i)
        end = matchWord(d, i);
    if (end == i && d.has(i, kNumber))
        end = i + 1;
    if (end == i)
        end = matchSymbols(d, i);
    if (end == i && d.has(i, kSpace))
        end = matchWhitespace(d, i);
    // Every char matches some alternative; this only guards against an endless loop.
    return end == i ? i + 1 : end;
}

} // namespace

void splitQwen2Pieces(std::string_view text, std::vector<std::string_view> &pieces)
{
    Decoded d;
    decode(text, d);
    size_t i = 0;
    while (i < d.size()) {
        const size_t end = matchAt(d, i);
        pieces.push_back(text.substr(d.offsets[i], d.offsets[end] - d.offsets[i]));
        i = end;
    }
}

} // namespace cortex::model
