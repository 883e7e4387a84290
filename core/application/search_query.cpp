#include "application/search_query.h"

#include "search/query_language.h"

namespace cortex::application {

std::string querySyntaxError(const std::string &text)
{
    const auto parsed = search::parseQuery(text);
    return parsed ? std::string() : parsed.error().message;
}

std::string queryWords(const std::string &text)
{
    const auto parsed = search::parseQuery(text);
    return parsed ? parsed->freeText : text;
}

} // namespace cortex::application
