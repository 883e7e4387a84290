#include "model/tokenizer/bpe.h"

#include <algorithm>
#include <bit>

namespace cortex::model {

namespace {

uint64_t pairKey(int32_t left, int32_t right)
{
    return (uint64_t{static_cast<uint32_t>(left)} << 32) | static_cast<uint32_t>(right);
}

uint64_t mix(uint64_t key) // the splitmix64 finaliser: spreads the ids over the table
{
    key ^= key >> 30;
    key *= 0xBF58476D1CE4E5B9ull;
    key ^= key >> 27;
    key *= 0x94D049BB133111EBull;
    return key ^ (key >> 31);
}

// Heap order: the lowest rank first, then the leftmost position (std heaps keep the max on top).
bool laterThan(const BpeModel::Scratch::Candidate &a, const BpeModel::Scratch::Candidate &b)
{
    return a.rank != b.rank ? a.rank > b.rank : a.pos > b.pos;
}

} // namespace

BpeModel::BpeModel(const std::array<int32_t, 256> &byteIds, const std::vector<Merge> &merges)
    : byteIds_(byteIds)
{
    const size_t capacity = std::bit_ceil(std::max<size_t>(16, merges.size() * 2));
    table_.assign(capacity, PairEntry{kEmptyKey, 0, 0});
    mask_ = capacity - 1;
    for (size_t rank = 0; rank < merges.size(); ++rank) {
        const Merge &m = merges[rank];
        insertPair(pairKey(m.left, m.right), static_cast<uint32_t>(rank), m.merged);
    }
}

BpeModel::BpeModel() : BpeModel(std::array<int32_t, 256>{}, {})
{
    byteIds_.fill(-1);
}

void BpeModel::insertPair(uint64_t key, uint32_t rank, int32_t merged)
{
    for (uint64_t slot = mix(key) & mask_;; slot = (slot + 1) & mask_) {
        PairEntry &entry = table_[slot];
        if (entry.key == kEmptyKey || entry.key == key) {
            entry = PairEntry{key, rank, merged};
            return;
        }
    }
}

const BpeModel::PairEntry *BpeModel::findPair(int32_t left, int32_t right) const
{
    const uint64_t key = pairKey(left, right);
    for (uint64_t slot = mix(key) & mask_;; slot = (slot + 1) & mask_) {
        const PairEntry &entry = table_[slot];
        if (entry.key == key)
            return &entry;
        if (entry.key == kEmptyKey)
            return nullptr;
    }
}

void BpeModel::encodeWord(std::string_view bytes, std::vector<int32_t> &out, Scratch &scratch) const
{
    auto &symbols = scratch.symbols;
    auto &heap = scratch.heap;
    symbols.clear();
    heap.clear();
    for (const char b : bytes) {
        const int32_t id = byteIds_[static_cast<uint8_t>(b)];
        if (id < 0)
            continue;
        const auto index = static_cast<int32_t>(symbols.size());
        symbols.push_back({id, index - 1, index + 1});
    }
    if (symbols.empty())
        return;
    symbols.back().next = -1;

    const auto pushCandidate = [&](int32_t pos) {
        const int32_t next = symbols[pos].next;
        if (next < 0)
            return;
        if (const PairEntry *pair = findPair(symbols[pos].id, symbols[next].id)) {
            heap.push_back({pair->rank, static_cast<uint32_t>(pos), pair->merged});
            std::push_heap(heap.begin(), heap.end(), laterThan);
        }
    };
    for (int32_t pos = 0; pos + 1 < static_cast<int32_t>(symbols.size()); ++pos)
        pushCandidate(pos);

    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), laterThan);
        const Scratch::Candidate top = heap.back();
        heap.pop_back();
        auto &left = symbols[top.pos];
        // Skip stale candidates: the left symbol was merged away (id -1) or the pair at pos
        // changed since it was queued (symbols only grow, so an unchanged result means an
        // unchanged pair).
        if (left.id < 0 || left.next < 0)
            continue;
        auto &right = symbols[left.next];
        const PairEntry *pair = findPair(left.id, right.id);
        if (pair == nullptr || pair->merged != top.merged)
            continue;
        left.id = top.merged;
        left.next = right.next;
        right.id = -1;
        if (left.next >= 0)
            symbols[left.next].prev = static_cast<int32_t>(top.pos);
        if (left.prev >= 0)
            pushCandidate(left.prev);
        pushCandidate(static_cast<int32_t>(top.pos));
    }
    for (int32_t pos = 0; pos >= 0; pos = symbols[pos].next)
        out.push_back(symbols[pos].id);
}

} // namespace cortex::model
