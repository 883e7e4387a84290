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

} // namespace

void stopCachingOneDnnPrimitives()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (std::getenv("ONEDNN_PRIMITIVE_CACHE_CAPACITY") || std::getenv("DNNL_PRIMITIVE_CACHE_CAPACITY"))
            return; // the user's choice
        if (const auto set = lookUp<SetCapacity>("dnnl_set_primitive_cache_capacity"); set && set(0) == 0)
            return;
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

} // namespace cortex::model::nn
