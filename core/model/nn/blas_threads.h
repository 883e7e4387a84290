#pragma once
// The threads of the BLAS library beside libtorch's own.
//
// Debian's libtorch multiplies float32 matrices with the system BLAS (OpenBLAS, libblas.so.3), which
// keeps a thread pool of its own beside libtorch's OpenMP threads; between two products its threads
// wait by spinning on sched_yield. Measured on a 2-core machine (2B shape, cortex-cli bench): in
// float32 a 1280x990 page image took 164 s user and 40.9 s system CPU time with OpenBLAS on 2 threads,
// 147 s and 0.2 s on 1, in the same wall time; but float32 text ran at 53 tokens/s on 2 threads and 35
// on 1, since its linear layers are OpenBLAS products. bfloat16 and int8 do their linear layers in
// oneDNN on libtorch's threads, so there OpenBLAS only gets the float32 attention products, and its
// spinning costs the other threads their time: one BLAS thread is what they want.

#include "model/nn/device.h"

namespace cortex::model::nn {

// Sets the threads of one OpenBLAS product when the process's BLAS is OpenBLAS (found by its
// openblas_set_num_threads) and the user has not set OPENBLAS_NUM_THREADS; false otherwise (nothing is
// changed then).
bool setBlasThreads(int threads);

// What `target` wants on the CPU: every libtorch thread for float32, one for bfloat16 and int8. The
// last model loaded decides (both models of a session normally share one dtype).
void setBlasThreadsFor(const ComputeTarget &target);

} // namespace cortex::model::nn
