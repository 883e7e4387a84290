#pragma once
// float32 products on libtorch's own threads, each thread one slice with a one-thread BLAS.
//
// Debian's libtorch multiplies float32 matrices in OpenBLAS, whose thread pool lives beside libtorch's
// OpenMP pool. On a machine with as many threads as cores the two pools take turns: after every
// elementwise operation the OpenMP threads spin waiting for the next one while OpenBLAS's threads want
// the same cores, and OpenBLAS's threads spin on sched_yield while the OpenMP ones work. Measured on
// 2 cores (2B shape, one 32-token query in float32): 2.06 s, half of it spinning and 1.3 s of it in
// the kernel. With OpenBLAS on one thread and each product's output columns split over the OpenMP
// threads instead, only one pool exists and the spinning is the useful kind (docs/BENCHMARKS.md).

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>

namespace cortex::model::nn {

// Whether float32 CPU products are split here: set when OpenBLAS was put on one thread as a model was
// loaded on the CPU (blas_threads.h); false on other BLAS libraries and when the user set OpenBLAS's
// threads.
bool splitFloatProducts();
void setSplitFloatProducts(bool split);

// Whether products of float32 CPU tensors like `t` are split now: splitFloatProducts(), more than one
// libtorch thread, and not already inside a parallel region.
bool splitsProductsOf(const at::Tensor &t);

// Runs body(0), ..., body(count - 1) on libtorch's threads, each index once, in no particular order;
// the first exception a call throws is rethrown once all have finished.
void forEachOnThreads(int64_t count, const std::function<void(int64_t)> &body);

// x [..., in] times weight [out, in] transposed, plus bias [out] when defined: at::linear, with the
// output's columns split over libtorch's threads when splitFloatProducts() and the operands are float32
// on the CPU; at::linear itself otherwise.
at::Tensor linearProduct(const at::Tensor &x, const at::Tensor &weight, const at::Tensor &bias);

} // namespace cortex::model::nn
