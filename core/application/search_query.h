#pragma once
// The search box's query language (search/query_language.h) as the window needs it: a syntax check
// cheap enough to run on every keystroke, so that a mistake is shown beside the query as it is typed
// instead of after a search. The search itself reads the language (search::Searcher), in the window and
// in cortex-cli alike.

#include <cstdint>
#include <string>

namespace cortex::application {

// The largest query image, in pixels, in the window (a pasted or dropped image) and in cortex-cli
// (--image). It is resized to the model's pixel budget before it is embedded, but held whole first, and
// the conversion and the engine's preprocessing each hold a full copy: a 100-megapixel RGBA query needed
// 2.1 GB, 50 megapixels stay near 1.1 GB.
inline constexpr int64_t kMaxQueryImagePixels = 50'000'000;

// Why `text` is not a valid query (one sentence that quotes the part and says where it is), or an empty
// string when it is one.
std::string querySyntaxError(const std::string &text);

// The words and phrases of a query without its operators and fields (what a hit's text is highlighted
// with); the text itself when it does not parse.
std::string queryWords(const std::string &text);

} // namespace cortex::application
