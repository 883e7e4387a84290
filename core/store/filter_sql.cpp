#include "store/filter_sql.h"

#include "common/ascii.h"
#include "store/fts_query.h"

#include <limits>

namespace cortex::store {

namespace {

// Filter times are seconds; mtime_ns is nanoseconds. Saturates instead of overflowing for dates
// past the year 2262.
int64_t secondsToNs(int64_t seconds)
{
    constexpr int64_t kNs = 1'000'000'000;
    if (seconds > std::numeric_limits<int64_t>::max() / kNs)
        return std::numeric_limits<int64_t>::max();
    if (seconds < std::numeric_limits<int64_t>::min() / kNs)
        return std::numeric_limits<int64_t>::min();
    return seconds * kNs;
}

class Builder {
public:
    explicit Builder(int first) : next_(first) {}

    template <typename T> std::string param(T value)
    {
        out.parameters.emplace_back(std::move(value));
        std::string placeholder = "?";
        placeholder += std::to_string(next_++);
        return placeholder;
    }
    template <typename T> std::string list(const std::vector<T> &values)
    {
        std::string sql = "(";
        for (const T &v : values) {
            if (sql.size() > 1)
                sql += ", ";
            sql += param(v);
        }
        return sql + ")";
    }

    FilterSql out;

private:
    int next_;
};

// SQLite's lower() folds ASCII only; the values are folded the same way (common/ascii.h).
std::vector<std::string> lowered(std::vector<std::string> values)
{
    for (auto &v : values)
        v = asciiLower(v);
    return values;
}

} // namespace

FilterSql filterSql(const SearchFilter &filter, int firstParameter)
{
    Builder b(firstParameter);
    std::vector<std::string> conditions;
    if (!filter.kinds.empty()) {
        std::vector<std::string> kinds;
        for (const ItemKind kind : filter.kinds)
            kinds.emplace_back(toString(kind));
        conditions.push_back("i.kind IN " + b.list(kinds));
    }

    // Phrases and exclusions are over the item's own text, through the full-text index, so that the
    // meaning side obeys them as the keyword side does.
    for (const std::string &phrase : filter.requiredPhrases)
        if (const std::string match = ftsPhrase(phrase); !match.empty())
            conditions.push_back("i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH " +
                                 b.param(match) + ")");
    std::string excluded;
    for (const std::string &text : filter.excludedText)
        if (const std::string match = ftsPhrase(text); !match.empty())
            excluded += (excluded.empty() ? "" : " OR ") + match;
    if (!excluded.empty())
        conditions.push_back("i.id NOT IN (SELECT rowid FROM items_fts WHERE items_fts MATCH " +
                             b.param(excluded) + ")");

    std::string document;
    if (!filter.documentTypes.empty())
        document += " AND d.type IN " + b.list(filter.documentTypes);
    // [modifiedAfter, modifiedBefore): "after Jan 1" includes midnight, "before Feb 1" excludes it.
    if (filter.modifiedAfter)
        document += " AND d.mtime_ns >= " + b.param(secondsToNs(*filter.modifiedAfter));
    if (filter.modifiedBefore)
        document += " AND d.mtime_ns < " + b.param(secondsToNs(*filter.modifiedBefore));
    if (!filter.collectionIds.empty())
        document += " AND EXISTS (SELECT 1 FROM document_collections dc WHERE dc.document_id = d.id AND "
                    "dc.collection_id IN " +
                    b.list(filter.collectionIds) + ")";
    if (!filter.collectionNames.empty())
        document += " AND EXISTS (SELECT 1 FROM document_collections dc JOIN collections c ON c.id = "
                    "dc.collection_id WHERE dc.document_id = d.id AND lower(c.name) IN " +
                    b.list(lowered(filter.collectionNames)) + ")";
    if (!filter.tags.empty())
        document += " AND EXISTS (SELECT 1 FROM document_collections dc JOIN collection_tags t ON "
                    "t.collection_id = dc.collection_id WHERE dc.document_id = d.id AND lower(t.tag) IN " +
                    b.list(lowered(filter.tags)) + ")";
    for (const std::string &part : filter.pathContains)
        document += " AND instr(lower(d.path), " + b.param(asciiLower(part)) + ") > 0";
    if (!document.empty())
        conditions.push_back("EXISTS (SELECT 1 FROM documents d WHERE d.content_id = i.content_id" +
                             document + ")");

    if (conditions.empty())
        b.out.condition = "1";
    for (const std::string &c : conditions)
        b.out.condition += (b.out.condition.empty() ? "" : " AND ") + c;
    return std::move(b.out);
}

void bindFilter(Statement &st, const FilterSql &sql, int firstParameter)
{
    int index = firstParameter;
    for (const auto &value : sql.parameters)
        std::visit([&](const auto &v) { st.bind(index++, v); }, value);
}

} // namespace cortex::store
