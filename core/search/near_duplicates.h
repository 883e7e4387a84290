#pragma once
// Near-duplicates by embedding distance: items of different documents whose vectors are within a cosine
// threshold of each other (a photo saved twice at another size, a slide reused in two decks, a page
// scanned twice). Found through the vector index, a few nearest neighbours per item, never by comparing
// all pairs, so a library of a million items is reported in minutes, not days. Identical files are not
// reported: the library stores their content once.

#include "common/progress.h"
#include "common/result.h"
#include "store/records.h"

#include <cstdint>
#include <vector>

namespace cortex::library {
class Library;
}

namespace cortex::search {

struct NearDuplicateOptions {
    double threshold = 0.97; // cosine similarity; Settings' "near-duplicate threshold"
    int neighbours = 8;      // nearest neighbours looked at per item
};

// Items that are near-duplicates of one another, directly or through a chain, best-matched first.
struct NearDuplicateGroup {
    std::vector<store::ItemView> items; // at least two, of at least two contents
    double highestSimilarity = 0;       // of the closest pair in the group
};

// Every group in the library's active space, the groups with the closest pair first.
Result<std::vector<NearDuplicateGroup>> nearDuplicateGroups(library::Library &library,
                                                            const NearDuplicateOptions &options,
                                                            const ProgressCallback &progress = {},
                                                            const CancelPredicate &cancelled = {});

struct NearDuplicate {
    store::ItemView view;
    double similarity = 0;
};
// The near-duplicates of one item in other contents, closest first ("more like this" with a bar).
Result<std::vector<NearDuplicate>> nearDuplicatesOf(library::Library &library, int64_t itemId,
                                                    const NearDuplicateOptions &options);

} // namespace cortex::search
