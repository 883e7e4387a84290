#include "model/nn/allocator_tuning.h"

#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace cortex::model {

void keepActivationMemory()
{
#if defined(__GLIBC__)
    static std::once_flag once;
    std::call_once(once, [] {
        constexpr int kMiB = 1 << 20;
        // Blocks up to 1 GiB come from the heap (a layer's largest activation of a page image is about
        // 80 MB in float32); a thread's arena still maps what does not fit its 64 MiB heaps.
        mallopt(M_MMAP_THRESHOLD, 1024 * kMiB);
        // Up to 1 GiB of free memory at the top of the heap stays mapped for the next layer instead of
        // being returned after every free; the heap grows in 64 MiB steps.
        mallopt(M_TRIM_THRESHOLD, 1024 * kMiB);
        mallopt(M_TOP_PAD, 64 * kMiB);
    });
#endif
}

void releaseFreeMemory()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

} // namespace cortex::model
