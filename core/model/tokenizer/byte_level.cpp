#include "model/tokenizer/byte_level.h"

#include "model/tokenizer/unicode.h"

#include <array>

namespace cortex::model::byte_level {

namespace {

struct Tables {
    std::array<char32_t, 256> byteToChar{};
    std::array<int16_t, 512> charToByte{}; // all chars of the alphabet are below U+0200; -1: none
};

// bytes_to_unicode() of GPT-2: printable Latin-1 bytes map to themselves, the 68 others to
// U+0100, U+0101, ... in byte order.
const Tables &tables()
{
    static const Tables t = [] {
        Tables tables;
        tables.charToByte.fill(-1);
        char32_t next = 0x100;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
            const char32_t c = printable ? static_cast<char32_t>(b) : next++;
            tables.byteToChar[b] = c;
            tables.charToByte[c] = static_cast<int16_t>(b);
        }
        return tables;
    }();
    return t;
}

} // namespace

char32_t byteToChar(uint8_t byte)
{
    return tables().byteToChar[byte];
}

std::string encode(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char b : bytes)
        unicode::appendUtf8(out, byteToChar(static_cast<uint8_t>(b)));
    return out;
}

std::optional<std::string> decode(std::string_view token)
{
    const auto &t = tables();
    std::string out;
    out.reserve(token.size());
    size_t pos = 0;
    while (pos < token.size()) {
        const char32_t c = unicode::decodeUtf8(token, pos);
        if (c >= t.charToByte.size() || t.charToByte[c] < 0)
            return std::nullopt;
        out.push_back(static_cast<char>(t.charToByte[c]));
    }
    return out;
}

} // namespace cortex::model::byte_level
