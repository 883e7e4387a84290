#include "model/tokenizer/unicode.h"

#include <utf8proc.h>

#include <cstdint>
#include <cstdlib>

namespace cortex::model::unicode {

namespace {

// Length of the well-formed sequence starting at bytes[pos], or the length of its maximal invalid
// subpart negated (at least 1). Follows Table 3-7 of the Unicode standard, so overlong forms,
// surrogates and code points above U+10FFFF are invalid.
int sequenceLength(std::string_view bytes, size_t pos)
{
    const auto b0 = static_cast<uint8_t>(bytes[pos]);
    if (b0 < 0x80)
        return 1;
    int need = 0;
    uint8_t lo = 0x80, hi = 0xBF; // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        if (b0 == 0xE0)
            lo = 0xA0;
        else if (b0 == 0xED)
            hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        if (b0 == 0xF0)
            lo = 0x90;
        else if (b0 == 0xF4)
            hi = 0x8F;
    } else {
        return -1;
    }
    for (int i = 1; i <= need; ++i) {
        if (pos + i >= bytes.size())
            return -i;
        const auto b = static_cast<uint8_t>(bytes[pos + i]);
        const bool inRange = i == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
        if (!inRange)
            return -i;
    }
    return need + 1;
}

} // namespace

std::string repairUtf8(std::string_view bytes)
{
    std::string out;
    size_t pos = 0;
    // Fast path: copy nothing until the first invalid sequence.
    while (pos < bytes.size()) {
        const int len = sequenceLength(bytes, pos);
        if (len < 0)
            break;
        pos += static_cast<size_t>(len);
    }
    if (pos == bytes.size())
        return std::string(bytes);
    out.reserve(bytes.size() + 16);
    out.append(bytes.substr(0, pos));
    while (pos < bytes.size()) {
        const int len = sequenceLength(bytes, pos);
        if (len > 0) {
            out.append(bytes.substr(pos, static_cast<size_t>(len)));
            pos += static_cast<size_t>(len);
        } else {
            appendUtf8(out, kReplacementChar);
            pos += static_cast<size_t>(-len);
        }
    }
    return out;
}

char32_t decodeUtf8(std::string_view text, size_t &pos)
{
    const auto b0 = static_cast<uint8_t>(text[pos]);
    if (b0 < 0x80) {
        ++pos;
        return b0;
    }
    const int extra = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : 1;
    char32_t cp = b0 & (0x3F >> extra);
    for (int i = 1; i <= extra; ++i)
        cp = (cp << 6) | (static_cast<uint8_t>(text[pos + i]) & 0x3F);
    pos += static_cast<size_t>(extra) + 1;
    return cp;
}

void appendUtf8(std::string &out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string nfc(std::string_view text)
{
    // ASCII is always in NFC; skipping utf8proc there keeps English text fast.
    bool ascii = true;
    for (const char c : text) {
        if (static_cast<uint8_t>(c) >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii)
        return std::string(text);
    utf8proc_uint8_t *mapped = nullptr;
    const utf8proc_ssize_t len = utf8proc_map(
        reinterpret_cast<const utf8proc_uint8_t *>(text.data()), static_cast<utf8proc_ssize_t>(text.size()),
        &mapped, static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (len < 0) // only on invalid UTF-8 or out of memory; the input was repaired before
        return std::string(text);
    std::string out(reinterpret_cast<const char *>(mapped), static_cast<size_t>(len));
    std::free(mapped);
    return out;
}

bool isWhitespace(char32_t cp)
{
    switch (cp) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x20:
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

bool isLetter(char32_t cp)
{
    const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO;
}

bool isNumber(char32_t cp)
{
    const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    return category >= UTF8PROC_CATEGORY_ND && category <= UTF8PROC_CATEGORY_NO;
}

} // namespace cortex::model::unicode
