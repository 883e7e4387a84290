#include "store/item_counts.h"

#include "store/database.h"
#include "store/library_db.h"

namespace cortex::store {

Result<int64_t> itemCountOfContent(LibraryDb &db, int64_t contentId)
{
    auto st = db.database().prepare("SELECT COUNT(*) FROM items WHERE content_id = ?1");
    if (!st)
        return st.error();
    st->bind(1, contentId);
    if (st->step() != Step::Row)
        return db.database().error("count the items of content " + std::to_string(contentId), st->reason());
    return st->int64(0);
}

} // namespace cortex::store
