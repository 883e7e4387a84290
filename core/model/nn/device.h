#pragma once
// Where and in which precision the networks run: CUDA bfloat16 when a GPU is present; on the CPU
// bfloat16 where the processor computes it natively (AVX512_BF16 or AMX-BF16), float32 otherwise; with
// an override for each.

#include "model/common/result.h"
#include "model/nn/cpu_features.h"

#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <cstdint>
#include <optional>
#include <string>

namespace cortex::model {

enum class DevicePreference { Auto, Cpu, Cuda };
// Int8: the linear layers in int8 (per-channel weights, per-call activations), the rest in float32; on
// the CPU only, for processors without native bfloat16 (nn/int8_linear.h).
enum class DTypePreference { Auto, Float32, BFloat16, Int8 };

struct ComputeTarget {
    c10::Device device{c10::kCPU};
    c10::ScalarType dtype = c10::kFloat; // of activations and unquantised weights
    bool int8 = false;                   // the linear layers run in int8 (dtype is then float32)
    // Why this dtype, for the user: "bfloat16: the CPU computes it natively (AVX512_BF16)".
    std::string dtypeReason = "float32: requested";
    // int8 only: the attention's products in bfloat16 instead of float32, where the CPU computes it
    // natively (there a page image is ~1.3x faster; elsewhere bfloat16 would be slower than float32).
    bool bfloat16Attention = false;
};

// Sets int8's attention dtype and the reason that says it (int8 targets only).
void setInt8Attention(ComputeTarget &target, bool bfloat16);

bool cudaAvailable();

// The first CUDA device's name and memory (for the automatic model choice); nullopt on a CPU-only
// build or machine.
struct CudaMemory {
    std::string name;
    int64_t freeBytes = 0;
    int64_t totalBytes = 0;
};
std::optional<CudaMemory> cudaMemory();

// Resolves the preferences; asking for CUDA where none is available is an error that says so. `auto`
// on the CPU follows chooseCpuDType of this machine's CPUID (or of `cpu`, for tests).
Result<ComputeTarget> resolveComputeTarget(DevicePreference device, DTypePreference dtype);
Result<ComputeTarget> resolveComputeTarget(DevicePreference device, DTypePreference dtype,
                                           const CpuFeatures &cpu);

// This machine's CPUID answer, read once.
const CpuFeatures &hostCpuFeatures();

Result<DevicePreference> parseDevicePreference(const std::string &text); // "auto", "cpu", "cuda"
Result<DTypePreference>
parseDTypePreference(const std::string &text);      // "auto", "float32", "bfloat16", "int8"
std::string dtypeName(const ComputeTarget &target); // "bfloat16", "float32", "int8"
std::string describe(const ComputeTarget &target);  // "cuda:0 bfloat16"

// Debian's libtorch starts with one intra-op thread; the engine uses every core unless told otherwise.
void configureCpuThreads(int threads = 0);

} // namespace cortex::model
