#include "model/nn/cpu_kernels.h"

#include "model/nn/device.h"

#include <cstdlib>

namespace cortex::model {

CpuKernelsChoice chooseCpuKernels(const CpuFeatures &features, const char *userValue)
{
    if (userValue && *userValue)
        return {userValue, std::string(userValue) + ": ATEN_CPU_CAPABILITY set by the user", true};
    // Native bfloat16 marks the generations whose AVX-512 costs no clock; the OS must save the registers.
    if (features.osAvx512 && (features.avx512Bf16 || features.amxBf16))
        return {"avx512", "avx512: the CPU runs AVX-512 at full clock (it computes bfloat16 natively)",
                false};
    return {"", "libtorch's default (AVX-512 would lower older CPUs' clock or is not available)", false};
}

const CpuKernelsChoice &selectCpuKernels()
{
    static const CpuKernelsChoice choice = [] {
        auto c = chooseCpuKernels(hostCpuFeatures(), std::getenv("ATEN_CPU_CAPABILITY"));
        if (!c.setByUser && !c.capability.empty())
            ::setenv("ATEN_CPU_CAPABILITY", c.capability.c_str(), 0);
        return c;
    }();
    return choice;
}

} // namespace cortex::model
