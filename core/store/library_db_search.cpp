// What the searcher asks of the store: BM25-ranked full-text hits, and the items a filter admits.

#include "store/filter_sql.h"
#include "store/fts_query.h"
#include "store/library_db_impl.h"

namespace cortex::store {

Result<std::vector<FtsHit>> LibraryDb::fullTextSearch(const std::string &query, int limit,
                                                      const SearchFilter &filter)
{
    const Action action(*impl_->db, "search the text of the library for " + inQuotes(query));
    const std::string match = ftsQuery(query);
    if (match.empty() || limit <= 0)
        return std::vector<FtsHit>();

    // Joining items (rather than trusting the index alone) also drops any index row whose item is
    // gone, which only a damaged index could hold.
    const FilterSql where = filterSql(filter, 3);
    auto st = action.prepare("SELECT items_fts.rowid, bm25(items_fts) AS score FROM items_fts "
                             "JOIN items i ON i.id = items_fts.rowid "
                             "WHERE items_fts MATCH ?1 AND " +
                                 where.condition + " ORDER BY score, items_fts.rowid LIMIT ?2",
                             match, limit);
    if (!st)
        return st.error();
    bindFilter(*st, where, 3);
    std::vector<FtsHit> hits;
    if (auto s = action.forEachRow(*st,
                                   [&](const Statement &row) {
                                       hits.push_back({row.int64(0), row.real(1)});
                                   });
        !s)
        return s.error();
    return hits;
}

Result<std::vector<int64_t>> LibraryDb::itemsMatching(const SearchFilter &filter)
{
    const Action action(*impl_->db, "list the items the search filter admits");
    const FilterSql where = filterSql(filter, 1);
    auto st = action.prepare("SELECT i.id FROM items i WHERE " + where.condition + " ORDER BY i.id");
    if (!st)
        return st.error();
    bindFilter(*st, where, 1);
    return action.ids(*st);
}

} // namespace cortex::store
