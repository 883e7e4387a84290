#pragma once
// The search box's query language, parsed into a structure (never spliced into SQL or FTS5):
//
//   words               free text: the meaning (vector) side and the keyword (BM25) side both get it
//   "exact phrase"      free text too, and every hit's text must contain the phrase
//   -word  -"a phrase"  no hit's text may contain it
//   type:pdf|image|text|office|video (or svg, markdown, html, docx, pptx, odt)
//   in:collection       documents of that collection (in:"two words" for a name with spaces)
//   tag:name            documents of a collection with that tag
//   path:substring      documents whose path contains it (case-insensitive)
//   after:2024-01-01    documents modified on or after that day (local time)
//   before:2024-02-01   documents modified before that day
//
// type:, in: and tag: given twice accept either value; path: given twice needs both. Field names are
// case-insensitive. Anything else with a colon after letters ("foo:bar") is an unknown field and an
// error (quote it to search for it); FTS5's own operators (AND, OR, NOT, NEAR, *, ^, parentheses) are
// plain words here. An error is one sentence that quotes the part of the query and says where it is.

#include "common/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cortex::search {

struct ParsedQuery {
    std::string freeText; // words and phrases, without the operators and fields
    std::vector<std::string> phrases;
    std::vector<std::string> excluded; // words and phrases
    std::vector<std::string> documentTypes;
    std::vector<std::string> collections;
    std::vector<std::string> tags;
    std::vector<std::string> pathContains;
    std::optional<int64_t> modifiedAfter;  // seconds since the epoch
    std::optional<int64_t> modifiedBefore; // seconds since the epoch
    bool hasFilters() const
    {
        return !phrases.empty() || !excluded.empty() || !documentTypes.empty() || !collections.empty() ||
               !tags.empty() || !pathContains.empty() || modifiedAfter || modifiedBefore;
    }
};

// Errors have ErrorKind::InvalidInput.
Result<ParsedQuery> parseQuery(std::string_view text);

// The query language in a few lines, for the Search tab's help and cortex-cli search --help.
std::string queryLanguageHelp();

} // namespace cortex::search
