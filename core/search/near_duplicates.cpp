#include "search/near_duplicates.h"

#include "index/vector_index.h"
#include "library/library.h"
#include "store/library_db.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <unordered_map>

namespace cortex::search {
namespace {

// A reader, the active space and its index, or an error that says the library has none.
struct Space {
    std::unique_ptr<store::LibraryDb> db;
    int64_t id = 0;
    std::shared_ptr<index::VectorIndex> index;
};

Result<Space> openActiveSpace(library::Library &library)
{
    auto db = library.openReader();
    if (!db)
        return db.error();
    auto spaces = (*db)->spaces();
    if (!spaces)
        return spaces.error();
    const auto *active = store::activeSpaceIn(*spaces);
    if (!active)
        return makeError(library.databaseFile().string() + ": the library holds no embedded documents yet");
    auto idx = library.index(active->id);
    if (!idx)
        return idx.error();
    return Space{std::move(*db), active->id, *idx};
}

// Union-find over item ids, each pair's similarity kept for the group's best.
class Groups {
public:
    void link(int64_t a, int64_t b, double similarity)
    {
        const int64_t ra = root(a), rb = root(b);
        const double best = std::max({this->best(ra), this->best(rb), similarity});
        if (ra != rb)
            parent_[ra] = rb;
        best_[rb] = best;
    }
    int64_t root(int64_t x)
    {
        auto it = parent_.try_emplace(x, x).first;
        while (it->second != it->first) {
            auto up = parent_.find(it->second);
            it->second = up->second; // path halving
            it = parent_.find(it->second);
        }
        return it->first;
    }
    std::map<int64_t, std::vector<int64_t>> members()
    {
        std::map<int64_t, std::vector<int64_t>> groups;
        std::vector<int64_t> ids;
        for (const auto &entry : parent_)
            ids.push_back(entry.first);
        for (const int64_t id : ids)
            groups[root(id)].push_back(id);
        return groups;
    }
    double best(int64_t root) const
    {
        const auto it = best_.find(root);
        return it == best_.end() ? 0.0 : it->second;
    }

private:
    std::unordered_map<int64_t, int64_t> parent_;
    std::unordered_map<int64_t, double> best_;
};

} // namespace

Result<std::vector<NearDuplicateGroup>> nearDuplicateGroups(library::Library &library,
                                                            const NearDuplicateOptions &options,
                                                            const ProgressCallback &progress,
                                                            const CancelPredicate &cancelled)
{
    auto space = openActiveSpace(library);
    if (!space)
        return space.error();
    auto &db = space->db;
    auto total = db->vectorCount(space->id);
    if (!total)
        return total.error();

    // Pairs above the threshold, from each item's nearest neighbours; the pairs inside one content
    // (two chunks of one text) are dropped once the items' contents are known.
    struct Pair {
        int64_t a, b;
        double similarity;
    };
    std::vector<Pair> pairs;
    Progress p;
    p.stage = "looking for near-duplicates";
    p.total = *total;
    bool stopped = false;
    auto walked = db->forEachVector(space->id, [&](int64_t itemId, std::span<const float> vector) {
        if (isCancelled(cancelled)) {
            stopped = true;
            return false;
        }
        for (const auto &n : space->index->search(vector, size_t(options.neighbours) + 1))
            if (n.label > itemId && n.similarity >= options.threshold) // each pair once
                pairs.push_back({itemId, n.label, double(n.similarity)});
        ++p.done;
        if (p.done % 256 == 0 || p.done == p.total)
            report(progress, p);
        return true;
    });
    if (!walked)
        return walked.error();
    if (stopped)
        return makeError("the search for near-duplicates was cancelled", ErrorKind::Cancelled);

    std::vector<int64_t> paired;
    for (const auto &pair : pairs) {
        paired.push_back(pair.a);
        paired.push_back(pair.b);
    }
    std::sort(paired.begin(), paired.end());
    paired.erase(std::unique(paired.begin(), paired.end()), paired.end());
    auto views = db->itemViews(paired);
    if (!views)
        return views.error();
    std::unordered_map<int64_t, const store::ItemView *> viewOf;
    for (const auto &v : *views)
        viewOf[v.item.id] = &v;

    Groups groups;
    for (const auto &pair : pairs) {
        const auto a = viewOf.find(pair.a), b = viewOf.find(pair.b);
        if (a == viewOf.end() || b == viewOf.end() || a->second->item.contentId == b->second->item.contentId)
            continue;
        groups.link(pair.a, pair.b, pair.similarity);
    }
    std::vector<NearDuplicateGroup> result;
    for (const auto &[root, members] : groups.members()) {
        NearDuplicateGroup group;
        group.highestSimilarity = groups.best(root);
        for (const int64_t id : members)
            group.items.push_back(*viewOf.at(id));
        std::sort(
            group.items.begin(), group.items.end(), [](const store::ItemView &x, const store::ItemView &y) {
                return std::tie(x.documentPath, x.item.position) < std::tie(y.documentPath, y.item.position);
            });
        result.push_back(std::move(group));
    }
    std::stable_sort(result.begin(), result.end(),
                     [](const NearDuplicateGroup &x, const NearDuplicateGroup &y) {
                         return x.highestSimilarity > y.highestSimilarity;
                     });
    return result;
}

Result<std::vector<NearDuplicate>> nearDuplicatesOf(library::Library &library, int64_t itemId,
                                                    const NearDuplicateOptions &options)
{
    auto space = openActiveSpace(library);
    if (!space)
        return space.error();
    auto &db = space->db;
    auto vector = db->vector(space->id, itemId);
    if (!vector)
        return vector.error();
    if (!*vector)
        return makeError(library.databaseFile().string() + ": item " + std::to_string(itemId) +
                             " has no vector in the library's space",
                         ErrorKind::NotFound);
    std::vector<int64_t> ids{itemId};
    std::unordered_map<int64_t, double> similarity;
    for (const auto &n : space->index->search(**vector, size_t(options.neighbours) + 1))
        if (n.label != itemId && n.similarity >= options.threshold) {
            ids.push_back(n.label);
            similarity[n.label] = n.similarity;
        }
    auto views = db->itemViews(ids);
    if (!views)
        return views.error();
    int64_t ownContent = -1;
    for (const auto &v : *views)
        if (v.item.id == itemId)
            ownContent = v.item.contentId;
    std::vector<NearDuplicate> result;
    for (const auto &v : *views)
        if (v.item.id != itemId && v.item.contentId != ownContent)
            result.push_back({v, similarity[v.item.id]});
    std::stable_sort(result.begin(), result.end(), [](const NearDuplicate &a, const NearDuplicate &b) {
        return a.similarity > b.similarity;
    });
    return result;
}

} // namespace cortex::search
