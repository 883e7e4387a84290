#include "model/nn/blas_threads.h"

#include "model/nn/split_products.h"

#include <ATen/Parallel.h>

#include <cstdlib>
#include <dlfcn.h>

namespace cortex::model::nn {

bool setBlasThreads(int threads)
{
    // Looked up at run time: the BLAS behind libblas.so.3 is the system's choice (Debian alternatives).
    // A count the user chose for OpenBLAS is theirs.
    if (std::getenv("OPENBLAS_NUM_THREADS") || std::getenv("GOTO_NUM_THREADS"))
        return false;
    using SetThreads = void (*)(int);
    static const auto set = reinterpret_cast<SetThreads>(::dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    if (!set)
        return false;
    set(threads < 1 ? 1 : threads);
    return true;
}

void setBlasThreadsFor(const ComputeTarget &target)
{
    if (target.device.is_cpu())
        setSplitFloatProducts(setBlasThreads(1));
}

} // namespace cortex::model::nn
