#pragma once
// Keeps the k best neighbours seen so far: the one ranking rule (higher similarity first, then the
// smaller label, so ties come out the same every time) shared by exact and approximate search.

#include "index/vector_index.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace cortex::index::detail {

inline bool ranksBefore(const Neighbor &a, const Neighbor &b)
{
    return a.similarity > b.similarity || (a.similarity == b.similarity && a.label < b.label);
}

class TopK {
public:
    explicit TopK(size_t k) : k_(k) { heap_.reserve(k); }

    void push(int64_t label, float similarity)
    {
        if (k_ == 0)
            return;
        // NaN would break the ordering the heap relies on; it ranks last instead.
        if (std::isnan(similarity))
            similarity = -std::numeric_limits<float>::infinity();
        const Neighbor candidate{label, similarity};
        if (heap_.size() < k_) {
            heap_.push_back(candidate);
            std::push_heap(heap_.begin(), heap_.end(), ranksBefore); // the worst kept is at the front
        } else if (ranksBefore(candidate, heap_.front())) {
            std::pop_heap(heap_.begin(), heap_.end(), ranksBefore);
            heap_.back() = candidate;
            std::push_heap(heap_.begin(), heap_.end(), ranksBefore);
        }
    }

    size_t size() const { return heap_.size(); }

    // Most similar first.
    std::vector<Neighbor> take()
    {
        std::sort_heap(heap_.begin(), heap_.end(), ranksBefore);
        return std::move(heap_);
    }

private:
    size_t k_;
    std::vector<Neighbor> heap_;
};

} // namespace cortex::index::detail
