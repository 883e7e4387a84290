#pragma once
// The threads of the BLAS library beside libtorch's own.
//
// Debian's libtorch multiplies float32 matrices with the system BLAS (OpenBLAS, libblas.so.3), which
// keeps a thread pool of its own beside libtorch's OpenMP threads; between two products its threads
// wait by spinning on sched_yield while the OpenMP threads spin waiting for their next operation, and
// on a machine with as many threads as cores the two pools take each other's time. Measured on a
// 2-core machine (2B shape, cortex-cli bench): in float32 a 1280x990 page image took 115 s, 178 s user
// and 52 s system CPU time with OpenBLAS on 2 threads; one 32-token query 1.84 s. So OpenBLAS gets one
// thread for every dtype: bfloat16 and int8 do their linear layers in oneDNN or fbgemm on libtorch's
// threads, and float32 products are split over libtorch's threads instead (split_products.h; the page
// 67 s, 131 s user, 0.1 s system; the query 0.86 s).

#include "model/nn/device.h"

namespace cortex::model::nn {

// Sets the threads of one OpenBLAS product when the process's BLAS is OpenBLAS (found by its
// openblas_set_num_threads) and the user has not set OPENBLAS_NUM_THREADS; false otherwise (nothing is
// changed then).
bool setBlasThreads(int threads);

// On the CPU: one OpenBLAS thread, and float32 products (float32 models, int8's float32 attention)
// split over libtorch's threads when that took effect. The same for every dtype, so that models of
// different dtypes in one process (a float32 embedder beside a bfloat16 reranker) all get what they want.
void setBlasThreadsFor(const ComputeTarget &target);

} // namespace cortex::model::nn
