// The CPU's compute dtype from a CPUID answer: bfloat16 where the processor computes it natively
// (AVX512_BF16 or AMX-BF16, enabled by the OS), float32 otherwise; --dtype still overrides.

#include "model/nn/device.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

using namespace cortex::model;

namespace {

// The kernel's list of CPU flags (the first "flags" line of /proc/cpuinfo), empty where there is none.
std::string kernelCpuFlags()
{
    std::string flags;
    if (FILE *f = std::fopen("/proc/cpuinfo", "r")) {
        char line[8192];
        while (std::fgets(line, sizeof line, f))
            if (std::string(line).rfind("flags", 0) == 0) {
                flags = line;
                break;
            }
        std::fclose(f);
    }
    return flags;
}

// Whether the kernel lists `flag` (a whole word of the flags line).
bool kernelHasFlag(const std::string &flags, const std::string &flag)
{
    return (flags + " ").find(" " + flag + " ") != std::string::npos ||
           flags.find(" " + flag + "\n") != std::string::npos;
}

} // namespace

TEST_CASE("auto on the CPU follows the CPUID answer")
{
    struct Case {
        const char *what;
        CpuFeatures cpu;
        bool bfloat16;
        std::string reason;
    };
    const std::vector<Case> cases = {
        {"no bf16 (most Intel laptops)", {}, false, "float32: the CPU has no native bfloat16"},
        {"AVX-512 without BF16 (Skylake-X)",
         {false, false, true, false},
         false,
         "float32: the CPU has no native bfloat16"},
        {"AVX512_BF16 (AMD Zen 4/5)",
         {true, false, true, false},
         true,
         "bfloat16: the CPU computes it natively (AVX512_BF16)"},
        {"AMX-BF16 only",
         {false, true, false, true},
         true,
         "bfloat16: the CPU computes it natively (AMX-BF16)"},
        {"both (Sapphire Rapids)",
         {true, true, true, true},
         true,
         "bfloat16: the CPU computes it natively (AVX512_BF16, AMX-BF16)"},
        {"AVX512_BF16 but the OS keeps AVX-512 off",
         {true, false, false, false},
         false,
         "float32: the CPU has no native bfloat16 (the operating system does not enable the AVX-512 "
         "registers)"},
        {"AMX-BF16 but the OS keeps the tiles off",
         {false, true, true, false},
         false,
         "float32: the CPU has no native bfloat16 (the operating system does not enable the AMX registers)"},
    };
    for (const auto &c : cases) {
        CAPTURE(c.what);
        const auto choice = chooseCpuDType(c.cpu);
        CHECK(choice.bfloat16 == c.bfloat16);
        CHECK(choice.reason == c.reason);

        const auto target = resolveComputeTarget(DevicePreference::Cpu, DTypePreference::Auto, c.cpu);
        REQUIRE(target.ok());
        CHECK(target->device.is_cpu());
        CHECK((target->dtype == (c.bfloat16 ? c10::kBFloat16 : c10::kFloat)));
        CHECK(target->dtypeReason == c.reason);
        CHECK(describe(*target) == (c.bfloat16 ? "cpu bfloat16" : "cpu float32"));
    }
}

TEST_CASE("an explicit dtype overrides the CPUID answer and says so")
{
    const CpuFeatures native{true, false, true, false}, none{};
    for (const auto &cpu : {native, none}) {
        const auto f32 = resolveComputeTarget(DevicePreference::Cpu, DTypePreference::Float32, cpu);
        REQUIRE(f32.ok());
        CHECK((f32->dtype == c10::kFloat));
        CHECK(f32->dtypeReason == "float32: requested");
    }
    const auto bf16 = resolveComputeTarget(DevicePreference::Cpu, DTypePreference::BFloat16, native);
    REQUIRE(bf16.ok());
    CHECK((bf16->dtype == c10::kBFloat16));
    CHECK(bf16->dtypeReason == "bfloat16: requested");
    const auto slow = resolveComputeTarget(DevicePreference::Cpu, DTypePreference::BFloat16, none);
    REQUIRE(slow.ok());
    CHECK((slow->dtype == c10::kBFloat16));
    CHECK(slow->dtypeReason.find("no native bfloat16") != std::string::npos);
}

TEST_CASE("int8 runs the linear layers in int8 on the CPU and is refused on CUDA")
{
    const auto parsed = parseDTypePreference("int8");
    REQUIRE(parsed.ok());
    CHECK((*parsed == DTypePreference::Int8));
    CHECK_FALSE(parseDTypePreference("int4").ok());
    const auto int8 = resolveComputeTarget(DevicePreference::Cpu, DTypePreference::Int8, CpuFeatures{});
    REQUIRE_MESSAGE(int8.ok(), (int8.ok() ? std::string() : int8.error().message));
    CHECK(int8->int8);
    CHECK((int8->dtype == c10::kFloat)); // activations and the layers that stay unquantised
    CHECK(dtypeName(*int8) == "int8");
    CHECK(describe(*int8) == "cpu int8");
    CHECK(int8->dtypeReason.rfind("int8: requested", 0) == 0);
    CHECK_FALSE(int8->bfloat16Attention);
    if (cudaAvailable()) {
        const auto onGpu = resolveComputeTarget(DevicePreference::Cuda, DTypePreference::Int8);
        REQUIRE_FALSE(onGpu.ok());
        CHECK(onGpu.error().message.find("CPU only") != std::string::npos);
    }
}

TEST_CASE("int8's attention runs in bfloat16 where the CPU computes it natively, in float32 elsewhere")
{
    struct Case {
        const char *what;
        CpuFeatures cpu;
        bool bfloat16Attention;
    };
    const std::vector<Case> cases = {
        {"no bf16", {}, false},
        {"AVX512_BF16 (AMD Zen 4/5)", {true, false, true, false}, true},
        {"AMX-BF16", {false, true, false, true}, true},
        {"AVX512_BF16 but the OS keeps AVX-512 off", {true, false, false, false}, false},
    };
    for (const auto &c : cases) {
        CAPTURE(c.what);
        const auto target = resolveComputeTarget(DevicePreference::Cpu, DTypePreference::Int8, c.cpu);
        REQUIRE(target.ok());
        CHECK(target->bfloat16Attention == c.bfloat16Attention);
        CHECK((target->dtypeReason.find("attention in bfloat16") != std::string::npos) ==
              c.bfloat16Attention);
        // An explicit choice (EngineOptions::int8BFloat16Attention) overrides it either way, reason included.
        for (const bool forced : {false, true}) {
            auto t = *target;
            setInt8Attention(t, forced);
            CHECK(t.bfloat16Attention == forced);
            CHECK((t.dtypeReason.find("attention in bfloat16") != std::string::npos) == forced);
        }
    }
    // Not int8: the activations' dtype is the attention's, whatever is asked.
    auto bf16 = *resolveComputeTarget(DevicePreference::Cpu, DTypePreference::BFloat16,
                                      CpuFeatures{true, false, true, false});
    setInt8Attention(bf16, true);
    CHECK_FALSE(bf16.bfloat16Attention);
    CHECK(bf16.dtypeReason == "bfloat16: requested");
}

TEST_CASE("this machine's CPUID answer agrees with the kernel's flags")
{
    // /proc/cpuinfo lists avx512_bf16 and amx_bf16 where the kernel knows and enables them (an older
    // kernel may not know the names, so only this direction is checked).
    const auto cpu = hostCpuFeatures();
    const std::string flags = kernelCpuFlags();
    if (flags.empty())
        return;
    const auto has = [&flags](const std::string &flag) {
        return kernelHasFlag(flags, flag);
    };
    MESSAGE("this CPU: " << chooseCpuDType(cpu).reason);
    if (has("avx512_bf16"))
        CHECK((cpu.avx512Bf16 && cpu.osAvx512));
    if (has("amx_bf16"))
        CHECK((cpu.amxBf16 && cpu.osAmx));
}

TEST_CASE("int8 activations use 7 bits on a CPU without VNNI, 8 bits with it")
{
    // Without VNNI the int8 kernels add pairs of 8-bit products in 16 bits, which saturates with full
    // range activations (test_int8_linear measured 40% error on an AVX2-only CPU at 8 bits).
    CpuFeatures avx2Only;
    avx2Only.osAvx = true;
    CHECK(int8NeedsReducedRange(avx2Only));
    CpuFeatures avx512NoVnni = avx2Only;
    avx512NoVnni.osAvx512 = true;
    CHECK(int8NeedsReducedRange(avx512NoVnni));
    CpuFeatures avx512Vnni = avx512NoVnni;
    avx512Vnni.avx512Vnni = true;
    CHECK_FALSE(int8NeedsReducedRange(avx512Vnni));
    CpuFeatures vnniNotEnabled = avx2Only;
    vnniNotEnabled.avx512Vnni = true; // the OS does not save the AVX-512 registers
    CHECK(int8NeedsReducedRange(vnniNotEnabled));
    CpuFeatures avxVnni = avx2Only;
    avxVnni.avxVnni = true; // Alder Lake and later: VNNI on 256-bit registers
    CHECK_FALSE(int8NeedsReducedRange(avxVnni));
    CpuFeatures amx;
    amx.amxInt8 = true;
    amx.osAmx = true;
    CHECK_FALSE(int8NeedsReducedRange(amx));

    // This machine: the kernel's flags agree with the CPUID answer.
    const auto cpu = hostCpuFeatures();
    MESSAGE("this CPU: int8 activations use " << (int8NeedsReducedRange(cpu) ? "7" : "8") << " bits");
    const std::string flags = kernelCpuFlags();
    if (kernelHasFlag(flags, "avx512_vnni"))
        CHECK_FALSE(int8NeedsReducedRange(cpu));
    if (!flags.empty() && flags.find("vnni") == std::string::npos &&
        flags.find("amx_int8") == std::string::npos)
        CHECK(int8NeedsReducedRange(cpu));
}
