#pragma once
// oneDNN's cache of created primitives, which int8 linear layers fill with entries never used again.
//
// libtorch's dynamically quantised product creates oneDNN primitives whose keys hold values of that
// call's activations: a reorder with their scale folded into the weights' scales, and the product with
// their zero point. New activations (any input not seen before) therefore add entries to oneDNN's
// primitive cache (1024 by default) that later calls seldom hit; only an input repeated exactly, as a
// benchmark's warm-up and timed runs do, hits them all. The entries are small, but each is allocated
// between the tens of MB of activations that a page image's layers free and allocate again, so the
// heap can no longer reuse those holes and grows by about 100 MB per vision layer. Measured (2B shape,
// int8, 2 threads, docs/BENCHMARKS.md): one 1280x990 page image peaked at 5.73 GiB with the cache and
// 3.26 GiB without, five such pages ingested at 7.67 GiB and 3.45 GiB.

#include <optional>

namespace cortex::model::nn {

// Stops oneDNN keeping primitives (capacity 0) unless the user chose a capacity
// (ONEDNN_PRIMITIVE_CACHE_CAPACITY or DNNL_PRIMITIVE_CACHE_CAPACITY). Through oneDNN's C API where the
// process exports it (Debian's shared libdnnl); otherwise by setting ONEDNN_PRIMITIVE_CACHE_CAPACITY,
// which oneDNN reads when it creates its first primitive, so call it before the first int8 weight is
// packed. Once per process; for int8 only, as bfloat16's products hit the cache (same shapes, no scale).
void stopCachingOneDnnPrimitives();

// oneDNN's primitive cache capacity, when its C API is reachable from this process.
std::optional<int> oneDnnPrimitiveCacheCapacity();

// While one lives, oneDNN keeps up to kScopedOneDnnPrimitives primitives; when the last one (of any
// thread) ends, the capacity is 0 again, which drops them all, so none outlives the scope to split the
// heap. For int8's bfloat16 attention: its products have the same shapes in every block and would be
// created again for each of them (a 1280x990 page: ~9,000 creations, 3 s of its 14 s; six pages ingested
// 89.2 -> 71.5 s at 3.17 -> 3.10 GiB). Does nothing unless stopCachingOneDnnPrimitives turned the cache
// off through oneDNN's C API (not where the user chose a capacity).
inline constexpr int kScopedOneDnnPrimitives = 8;
class ScopedOneDnnPrimitiveCache {
public:
    ScopedOneDnnPrimitiveCache();
    ~ScopedOneDnnPrimitiveCache();
    ScopedOneDnnPrimitiveCache(const ScopedOneDnnPrimitiveCache &) = delete;
    ScopedOneDnnPrimitiveCache &operator=(const ScopedOneDnnPrimitiveCache &) = delete;

private:
    bool active_ = false;
};

} // namespace cortex::model::nn
