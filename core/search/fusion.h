#pragma once
// Reciprocal rank fusion (Cormack et al., 2009): each list contributes 1 / (k + rank) for every item it
// holds (rank 1-based), so an item near the top of both the vector and the full-text list beats one
// that only one list likes, without comparing cosine similarities with BM25 values.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace cortex::search {

inline constexpr double kRrfK = 60;

struct RankedId {
    int64_t id = 0;
    double score = 0; // the list's own score (similarity, or BM25), carried through
};

struct FusedCandidate {
    int64_t id = 0;
    double fused = 0;
    std::optional<int> vectorRank; // 1-based
    std::optional<double> vectorScore;
    std::optional<int> textRank; // 1-based
    std::optional<double> textScore;
};

// Both lists best first. The result is ordered by fused score, ties broken by the better vector rank,
// then by the better text rank, then by id, so the order is deterministic.
std::vector<FusedCandidate> fuseRankings(std::span<const RankedId> vectorList,
                                         std::span<const RankedId> textList, double k = kRrfK);

} // namespace cortex::search
