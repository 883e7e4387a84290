#pragma once
// What the processor computes natively, read from CPUID, and the CPU compute dtype that follows from
// it. The choice is a pure function of the feature bits, so it is tested for both outcomes without the
// hardware. No libtorch here.

#include <string>

namespace cortex::model {

// The CPUID (and XGETBV) answer that the dtype choice depends on.
struct CpuFeatures {
    bool avx512Bf16 = false; // CPUID.(EAX=7,ECX=1):EAX[5]  AVX512_BF16 (AMD Zen 4/5, Intel Cooper Lake)
    bool amxBf16 = false;    // CPUID.(EAX=7,ECX=0):EDX[22] AMX-BF16 (Intel Sapphire Rapids and later)
    bool osAvx512 = false;   // XCR0 enables the opmask and ZMM state (the OS saves AVX-512 registers)
    bool osAmx = false;      // XCR0 enables the tile configuration and tile data state
    // Integer dot products of 8-bit values that accumulate in 32 bits (VNNI): without them, x86 int8
    // kernels multiply pairs into 16-bit sums (VPMADDUBSW), which saturate for 8-bit activations.
    bool avx512Vnni = false; // CPUID.(EAX=7,ECX=0):ECX[11]
    bool avxVnni = false;    // CPUID.(EAX=7,ECX=1):EAX[4]  (Alder Lake and later)
    bool amxInt8 = false;    // CPUID.(EAX=7,ECX=0):EDX[25]
    bool osAvx = false;      // XCR0 enables the SSE and YMM state
};

// This machine's answer; all false on a processor that is not x86-64.
CpuFeatures readCpuFeatures();

// The dtype `auto` picks on the CPU and why, e.g. {true, "bfloat16: the CPU computes it natively
// (AVX512_BF16)"} or {false, "float32: the CPU has no native bfloat16"}.
struct CpuDTypeChoice {
    bool bfloat16 = false;
    std::string reason;
};
CpuDTypeChoice chooseCpuDType(const CpuFeatures &features);

// Whether int8 products must quantise activations to 7 bits (0..127) instead of 8: on a CPU without VNNI
// the kernels' 16-bit intermediate sums saturate with full-range activations, and the results are wrong
// (PyTorch's reduce_range, for the same reason). Tested for both outcomes without the hardware.
bool int8NeedsReducedRange(const CpuFeatures &features);

} // namespace cortex::model
