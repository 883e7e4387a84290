#include "store/fts_query.h"

#include <algorithm>

namespace cortex::store {

namespace {

bool isSeparator(unsigned char c)
{
    // ASCII only: letters, digits and '_' make words (as in the unicode61 tokenizer); everything else
    // below 0x80 separates them.
    if (c >= 0x80)
        return false;
    const bool word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    return !word;
}

// Calls `visit` with each word of `text`, in order, repeats included.
template <typename Visit> void forEachWord(std::string_view text, const Visit &visit)
{
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && isSeparator(static_cast<unsigned char>(text[i])))
            ++i;
        const size_t start = i;
        while (i < text.size() && !isSeparator(static_cast<unsigned char>(text[i])))
            ++i;
        if (i > start)
            visit(text.substr(start, i - start));
    }
}

} // namespace

std::vector<std::string> ftsTerms(std::string_view text)
{
    std::vector<std::string> terms;
    forEachWord(text, [&](std::string_view word) {
        if (std::find(terms.begin(), terms.end(), word) == terms.end())
            terms.emplace_back(word);
    });
    return terms;
}

std::string ftsQuery(std::string_view text)
{
    std::string query;
    for (const std::string &term : ftsTerms(text)) {
        if (!query.empty())
            query += " OR ";
        query += '"';
        for (const char c : term) {
            if (c == '"')
                query += '"'; // a quote inside an FTS5 string is doubled
            query += c;
        }
        query += '"';
    }
    return query;
}

std::string ftsPhrase(std::string_view text)
{
    // Every word of the text, repeats included (ftsTerms drops them); quotes are separators, so no word
    // holds one.
    std::string phrase;
    forEachWord(text, [&](std::string_view word) {
        if (!phrase.empty())
            phrase += ' ';
        phrase += word;
    });
    return phrase.empty() ? phrase : '"' + phrase + '"';
}

} // namespace cortex::store
