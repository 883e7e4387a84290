#pragma once
// Symmetric int8 quantisation per output channel, as int8 linear layers need it (int8_linear.h): each
// row's scale is its largest magnitude over 127 (1 for a row of zeros), each value the nearest integer
// to value / scale, ties to even.
//
// The result is what at::quantize_per_channel gives for those scales, bit for bit, from two vectorised
// passes over each bfloat16 or float32 row instead of libtorch's element-by-element loop (with the
// widening to float32 before it, over half of the 2B model's 24-second int8 load; docs/BENCHMARKS.md).

#include <ATen/core/Tensor.h>

#include <vector>

namespace cortex::model::nn {

// `weight` [out, in], any floating dtype, on the CPU -> a per-channel qint8 tensor [out, in] (axis 0,
// zero points 0, scales in double).
at::Tensor quantizeRowsSymmetric(const at::Tensor &weight);
// The same for the matrices [out_i, in] stacked in order (one dtype and width), without the stacked
// copy being made: what quantising at::cat(rowBlocks) would give, as every row is quantised on its own.
at::Tensor quantizeRowsSymmetric(const std::vector<at::Tensor> &rowBlocks);

} // namespace cortex::model::nn
