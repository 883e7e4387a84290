#include "model/nn/cpu_features.h"

#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define CORTEX_X86 1
#else
#define CORTEX_X86 0
#endif

namespace cortex::model {

#if CORTEX_X86
namespace {

uint64_t readXcr0()
{
    uint32_t eax = 0, edx = 0;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return (uint64_t(edx) << 32) | eax;
}

} // namespace
#endif

CpuFeatures readCpuFeatures()
{
    CpuFeatures features;
#if CORTEX_X86
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (__get_cpuid_max(0, nullptr) < 7 || !__get_cpuid(1, &eax, &ebx, &ecx, &edx))
        return features;
    const bool osxsave = (ecx >> 27) & 1; // XGETBV is available
    if (osxsave) {
        const uint64_t xcr0 = readXcr0();
        // SSE (1), AVX (2), opmask (5), ZMM_Hi256 (6), Hi16_ZMM (7); XTILECFG (17), XTILEDATA (18).
        features.osAvx = (xcr0 & 0x6) == 0x6;
        features.osAvx512 = (xcr0 & 0xE6) == 0xE6;
        features.osAmx = (xcr0 & 0x60000) == 0x60000;
    }
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    const unsigned maxSubleaf = eax;
    features.amxBf16 = (edx >> 22) & 1;
    features.amxInt8 = (edx >> 25) & 1;
    features.avx512Vnni = (ecx >> 11) & 1;
    if (maxSubleaf >= 1) {
        __cpuid_count(7, 1, eax, ebx, ecx, edx);
        features.avx512Bf16 = (eax >> 5) & 1;
        features.avxVnni = (eax >> 4) & 1;
    }
#endif
    return features;
}

CpuDTypeChoice chooseCpuDType(const CpuFeatures &f)
{
    const bool avx512 = f.avx512Bf16 && f.osAvx512;
    const bool amx = f.amxBf16 && f.osAmx;
    if (avx512 || amx) {
        const std::string which = avx512 && amx ? "AVX512_BF16, AMX-BF16"
                                  : avx512      ? "AVX512_BF16"
                                                : "AMX-BF16";
        return {true, "bfloat16: the CPU computes it natively (" + which + ")"};
    }
    if (f.avx512Bf16 || f.amxBf16)
        return {false, "float32: the CPU has no native bfloat16 (the operating system does not enable the " +
                           std::string(f.avx512Bf16 ? "AVX-512" : "AMX") + " registers)"};
    return {false, "float32: the CPU has no native bfloat16"};
}

bool int8NeedsReducedRange(const CpuFeatures &f)
{
    const bool vnni = (f.avx512Vnni && f.osAvx512) || (f.avxVnni && f.osAvx) || (f.amxInt8 && f.osAmx);
    return !vnni;
}

} // namespace cortex::model
