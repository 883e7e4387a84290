#pragma once
// A SearchFilter as an SQL condition over an items row (alias `i`), for the full-text search and for
// the list of admitted items. Private to core/store.

#include "store/database.h"
#include "store/records.h"

#include <string>
#include <variant>
#include <vector>

namespace cortex::store {

struct FilterSql {
    std::string condition;                                      // "1" when the filter admits everything
    std::vector<std::variant<int64_t, std::string>> parameters; // bound to ?first, ?first+1, ...
};

// The document-level parts (collections, types, modification times) must all hold for one document
// of the item's content: an item shared by several documents is admitted when any of them matches.
FilterSql filterSql(const SearchFilter &filter, int firstParameter);
void bindFilter(Statement &st, const FilterSql &sql, int firstParameter);

} // namespace cortex::store
