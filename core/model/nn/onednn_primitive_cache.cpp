#include "model/nn/onednn_primitive_cache.h"

#include <cstdlib>
#include <dlfcn.h>
#include <mutex>

namespace cortex::model::nn {
namespace {

// oneDNN's C API (dnnl.h), looked up at run time: Debian's libtorch links the shared libdnnl, PyTorch's
// wheels link oneDNN statically and may not export it; neither ships the header. dnnl_status_t is an
// enum whose success value is 0.
using SetCapacity = int (*)(int);
using GetCapacity = int (*)(int *);

template <typename Function> Function lookUp(const char *name)
{
    return reinterpret_cast<Function>(::dlsym(RTLD_DEFAULT, name));
}

// Set when stopCachingOneDnnPrimitives turned the cache off through the C API: only then may a scope
// turn it on and off again.
SetCapacity g_setCapacity = nullptr;
std::mutex g_scopesMutex;
int g_liveScopes = 0;

} // namespace

void stopCachingOneDnnPrimitives()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (std::getenv("ONEDNN_PRIMITIVE_CACHE_CAPACITY") || std::getenv("DNNL_PRIMITIVE_CACHE_CAPACITY"))
            return; // the user's choice
        if (const auto set = lookUp<SetCapacity>("dnnl_set_primitive_cache_capacity"); set && set(0) == 0) {
            const std::lock_guard lock(g_scopesMutex);
            g_setCapacity = set;
            return;
        }
        ::setenv("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "0", 0);
    });
}

std::optional<int> oneDnnPrimitiveCacheCapacity()
{
    const auto get = lookUp<GetCapacity>("dnnl_get_primitive_cache_capacity");
    int capacity = 0;
    if (!get || get(&capacity) != 0)
        return std::nullopt;
    return capacity;
}

ScopedOneDnnPrimitiveCache::ScopedOneDnnPrimitiveCache()
{
    const std::lock_guard lock(g_scopesMutex);
    if (!g_setCapacity)
        return;
    active_ = true;
    if (g_liveScopes++ == 0)
        g_setCapacity(kScopedOneDnnPrimitives);
}

ScopedOneDnnPrimitiveCache::~ScopedOneDnnPrimitiveCache()
{
    if (!active_)
        return;
    const std::lock_guard lock(g_scopesMutex);
    if (--g_liveScopes == 0)
        g_setCapacity(0);
}

} // namespace cortex::model::nn
