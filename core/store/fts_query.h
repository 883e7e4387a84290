#pragma once
// User text to an FTS5 MATCH expression that can never be a syntax error. FTS5 gives meaning to
// quotes, parentheses, AND/OR/NOT/NEAR, '*', '^', ':' and '-'; a search box must not. Every word is
// quoted as a string ("term", inner quotes doubled) and the words are joined with OR, so a row that
// holds only some of them still matches, and BM25 ranks rows holding more of them (or more often)
// higher.

#include <string>
#include <string_view>
#include <vector>

namespace cortex::store {

// The words of `text`: split on whitespace and ASCII punctuation, duplicates dropped, order kept.
// Bytes >= 0x80 (UTF-8 letters) stay in words; the FTS5 tokenizer splits Unicode punctuation itself.
std::vector<std::string> ftsTerms(std::string_view text);
// "" when the text has no words (the caller returns no hits instead of running a query).
std::string ftsQuery(std::string_view text);
// The text's words as one FTS5 phrase ("quick brown fox": the words next to each other, in order); ""
// when the text has no words.
std::string ftsPhrase(std::string_view text);

} // namespace cortex::store
