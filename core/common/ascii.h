#pragma once
// ASCII-only case folding, the one SQLite's lower() and NOCASE do: names and paths compared "in any case"
// in C++ and in SQL must fold the same way, so that neither side matches what the other does not.

#include <string>
#include <string_view>

namespace cortex {

inline std::string asciiLower(std::string_view text)
{
    std::string out(text);
    for (char &c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

} // namespace cortex
