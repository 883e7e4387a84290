// Brute-force search: the reference that recall is measured against.

#include "index/top_k.h"
#include "index/vector_index.h"

namespace cortex::index {

namespace {

// Sixteen independent partial sums: the compiler turns them into SIMD registers without -ffast-math
// (a single running sum would have to stay serial to keep the rounding order).
float dot(const float *a, const float *b, size_t n)
{
    constexpr size_t kLanes = 16;
    float partial[kLanes] = {};
    size_t i = 0;
    for (; i + kLanes <= n; i += kLanes)
        for (size_t lane = 0; lane < kLanes; ++lane)
            partial[lane] += a[i + lane] * b[i + lane];
    float sum = 0;
    for (float p : partial)
        sum += p;
    for (; i < n; ++i)
        sum += a[i] * b[i];
    return sum;
}

} // namespace

std::vector<Neighbor> exactSearch(std::span<const float> query, std::span<const float> vectors, int dimension,
                                  std::span<const int64_t> labels, size_t k)
{
    if (dimension <= 0 || query.size() != size_t(dimension))
        return {};
    const size_t dim = size_t(dimension);
    const size_t count = std::min(labels.size(), vectors.size() / dim);
    detail::TopK top(std::min(k, count));
    for (size_t i = 0; i < count; ++i)
        top.push(labels[i], dot(query.data(), vectors.data() + i * dim, dim));
    return top.take();
}

} // namespace cortex::index
