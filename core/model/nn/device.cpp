#include "model/nn/device.h"

#include "model/nn/int8_linear.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>

#include <thread>

#ifdef CORTEX_WITH_CUDA
#include <cuda_runtime_api.h>
#endif

namespace cortex::model {

bool cudaAvailable()
{
    return at::hasCUDA();
}

std::optional<CudaMemory> cudaMemory()
{
#ifdef CORTEX_WITH_CUDA
    if (!at::hasCUDA())
        return std::nullopt;
    size_t freeBytes = 0, totalBytes = 0;
    cudaDeviceProp properties{};
    if (cudaMemGetInfo(&freeBytes, &totalBytes) != cudaSuccess ||
        cudaGetDeviceProperties(&properties, 0) != cudaSuccess)
        return std::nullopt;
    return CudaMemory{properties.name, int64_t(freeBytes), int64_t(totalBytes)};
#else
    return std::nullopt;
#endif
}

const CpuFeatures &hostCpuFeatures()
{
    static const CpuFeatures features = readCpuFeatures();
    return features;
}

Result<ComputeTarget> resolveComputeTarget(DevicePreference device, DTypePreference dtype)
{
    return resolveComputeTarget(device, dtype, hostCpuFeatures());
}

Result<ComputeTarget> resolveComputeTarget(DevicePreference device, DTypePreference dtype,
                                           const CpuFeatures &cpu)
{
    ComputeTarget target;
    const bool useCuda =
        device == DevicePreference::Cuda || (device == DevicePreference::Auto && cudaAvailable());
    if (useCuda && !cudaAvailable())
        return makeError("CUDA was requested but no CUDA device is available (this libtorch " +
                             std::string(at::hasCUDA() ? "sees no GPU" : "was built without CUDA") + ")",
                         ErrorKind::Device);
    target.device = useCuda ? c10::Device(c10::kCUDA, 0) : c10::Device(c10::kCPU);
    switch (dtype) {
    case DTypePreference::Float32:
        target.dtype = c10::kFloat;
        target.dtypeReason = "float32: requested";
        break;
    case DTypePreference::BFloat16:
        target.dtype = c10::kBFloat16;
        target.dtypeReason = "bfloat16: requested";
        if (!useCuda && !chooseCpuDType(cpu).bfloat16)
            target.dtypeReason += " (the CPU has no native bfloat16: float32 would be faster)";
        break;
    case DTypePreference::Int8:
        if (useCuda)
            return makeError("int8 runs on the CPU only (use bfloat16 or float32 on CUDA)");
        if (const std::string why = nn::int8Unavailable(); !why.empty())
            return makeError("int8 cannot run here: " + why);
        target.dtype = c10::kFloat;
        target.int8 = true;
        setInt8Attention(target, chooseCpuDType(cpu).bfloat16);
        break;
    case DTypePreference::Auto:
        if (useCuda) {
            target.dtype = c10::kBFloat16;
            target.dtypeReason = "bfloat16: the default on CUDA";
        } else {
            const auto choice = chooseCpuDType(cpu);
            target.dtype = choice.bfloat16 ? c10::kBFloat16 : c10::kFloat;
            target.dtypeReason = choice.reason;
        }
        break;
    }
    return target;
}

void setInt8Attention(ComputeTarget &target, bool bfloat16)
{
    if (!target.int8)
        return;
    target.bfloat16Attention = bfloat16;
    target.dtypeReason = std::string("int8: requested (linear layers in int8, ") +
                         (bfloat16 ? "attention in bfloat16, " : "") + "the rest in float32)";
}

Result<DevicePreference> parseDevicePreference(const std::string &text)
{
    if (text == "auto")
        return DevicePreference::Auto;
    if (text == "cpu")
        return DevicePreference::Cpu;
    if (text == "cuda")
        return DevicePreference::Cuda;
    return makeError("unknown device '" + text + "' (expected auto, cpu or cuda)");
}

Result<DTypePreference> parseDTypePreference(const std::string &text)
{
    if (text == "auto")
        return DTypePreference::Auto;
    if (text == "float32")
        return DTypePreference::Float32;
    if (text == "bfloat16")
        return DTypePreference::BFloat16;
    if (text == "int8")
        return DTypePreference::Int8;
    return makeError("unknown dtype '" + text + "' (expected auto, float32, bfloat16 or int8)");
}

std::string dtypeName(const ComputeTarget &target)
{
    return target.int8 ? "int8" : target.dtype == c10::kBFloat16 ? "bfloat16" : "float32";
}

std::string describe(const ComputeTarget &target)
{
    return target.device.str() + " " + dtypeName(target);
}

void configureCpuThreads(int threads)
{
    if (threads <= 0)
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    at::set_num_threads(threads);
}

} // namespace cortex::model
