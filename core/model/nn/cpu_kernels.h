#pragma once
// The width of libtorch's own vectorised kernels (elementwise operations, softmax, dtype conversions,
// reductions; not the matrix products, which oneDNN and OpenBLAS dispatch themselves). libtorch 1.13
// runs them at AVX2 width even on CPUs with AVX-512: AVX-512 became opt-in there, through
// ATEN_CPU_CAPABILITY=avx512, because older Intel cores lower their clock for it (PyTorch issue
// 80252). CPUs that compute bfloat16 natively (AMD Zen 4/5, Intel Cooper Lake, Sapphire Rapids and
// later) run AVX-512 at full clock, and there the wider kernels make a page image about 15% faster in
// every dtype (docs/BENCHMARKS.md). libtorch 2.x picks AVX-512 by itself; the setting is harmless there.

#include "model/nn/cpu_features.h"

#include <string>

namespace cortex::model {

struct CpuKernelsChoice {
    std::string capability; // the value for ATEN_CPU_CAPABILITY; empty: libtorch's own choice
    std::string reason;     // for the user: "avx512: ..." or "libtorch's default: ..."
    bool setByUser = false; // ATEN_CPU_CAPABILITY was set before Cortex started (then it is left alone)
};

// `userValue` is ATEN_CPU_CAPABILITY as the process found it (nullptr or empty: unset).
CpuKernelsChoice chooseCpuKernels(const CpuFeatures &features, const char *userValue);

// Applies chooseCpuKernels to this machine once per process (later calls return the first answer):
// sets ATEN_CPU_CAPABILITY unless the user did. libtorch reads it once, at its first vectorised
// operation, so this runs before a model is loaded (ModelBundle::load does it).
const CpuKernelsChoice &selectCpuKernels();

} // namespace cortex::model
