#include "search/fusion.h"

#include <algorithm>
#include <map>

namespace cortex::search {

std::vector<FusedCandidate> fuseRankings(std::span<const RankedId> vectorList,
                                         std::span<const RankedId> textList, double k)
{
    std::map<int64_t, FusedCandidate> byId;
    for (size_t i = 0; i < vectorList.size(); ++i) {
        auto &c = byId[vectorList[i].id];
        if (c.vectorRank)
            continue; // a duplicate keeps its best rank
        c.id = vectorList[i].id;
        c.vectorRank = int(i + 1);
        c.vectorScore = vectorList[i].score;
        c.fused += 1.0 / (k + double(i + 1));
    }
    for (size_t i = 0; i < textList.size(); ++i) {
        auto &c = byId[textList[i].id];
        if (c.textRank)
            continue;
        c.id = textList[i].id;
        c.textRank = int(i + 1);
        c.textScore = textList[i].score;
        c.fused += 1.0 / (k + double(i + 1));
    }
    std::vector<FusedCandidate> out;
    out.reserve(byId.size());
    for (auto &[id, c] : byId)
        out.push_back(c);
    const auto rankOr = [](const std::optional<int> &r) {
        return r.value_or(1 << 30);
    };
    std::sort(out.begin(), out.end(), [&](const FusedCandidate &a, const FusedCandidate &b) {
        if (a.fused != b.fused)
            return a.fused > b.fused;
        if (rankOr(a.vectorRank) != rankOr(b.vectorRank))
            return rankOr(a.vectorRank) < rankOr(b.vectorRank);
        if (rankOr(a.textRank) != rankOr(b.textRank))
            return rankOr(a.textRank) < rankOr(b.textRank);
        return a.id < b.id;
    });
    return out;
}

} // namespace cortex::search
