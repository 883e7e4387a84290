// The width of libtorch's own kernels: AVX-512 where the CPU computes bfloat16 natively (and so runs
// AVX-512 at full clock), libtorch's default elsewhere, and never against a value the user set.

#include "model/nn/cpu_kernels.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>
#include <vector>

using namespace cortex::model;

// libtorch does not export the width it chose (get_cpu_capability), so this checks the variable it
// reads; the effect is measured by cortex-cli bench (docs/BENCHMARKS.md).
TEST_CASE("on this machine the choice is made once and set where libtorch reads it")
{
    const char *before = std::getenv("ATEN_CPU_CAPABILITY");
    const std::string userValue = before ? before : "";
    const auto &choice = selectCpuKernels();
    MESSAGE(choice.reason);
    CHECK(&selectCpuKernels() == &choice); // decided once per process
    const char *after = std::getenv("ATEN_CPU_CAPABILITY");
    if (!userValue.empty()) {
        CHECK(choice.setByUser);
        CHECK(std::string(after) == userValue);
    } else if (choice.capability.empty()) {
        CHECK(after == nullptr);
    } else {
        REQUIRE(after != nullptr);
        CHECK(std::string(after) == choice.capability);
    }
}

TEST_CASE("AVX-512 kernels where the CPU computes bfloat16 natively, libtorch's default elsewhere")
{
    struct Case {
        const char *what;
        CpuFeatures cpu;
        const char *userValue;
        std::string capability;
        bool setByUser;
    };
    // CpuFeatures: avx512Bf16, amxBf16, osAvx512, osAmx.
    const std::vector<Case> cases = {
        {"no AVX-512 (most laptops)", {}, nullptr, "", false},
        {"AVX-512 without BF16 (Skylake-X: lowers its clock)",
         {false, false, true, false},
         nullptr,
         "",
         false},
        {"AVX512_BF16 (AMD Zen 4/5)", {true, false, true, false}, nullptr, "avx512", false},
        {"AVX512_BF16 and AMX-BF16 (Sapphire Rapids)", {true, true, true, true}, nullptr, "avx512", false},
        {"AMX-BF16, AVX-512 enabled", {false, true, true, true}, nullptr, "avx512", false},
        {"AVX512_BF16 but the OS keeps AVX-512 off", {true, false, false, false}, nullptr, "", false},
        {"empty variable counts as unset", {true, false, true, false}, "", "avx512", false},
        {"the user's value wins over AVX-512", {true, false, true, false}, "avx2", "avx2", true},
        {"the user's value wins on a CPU without it", {}, "default", "default", true},
    };
    for (const auto &c : cases) {
        CAPTURE(c.what);
        const auto choice = chooseCpuKernels(c.cpu, c.userValue);
        CHECK(choice.capability == c.capability);
        CHECK(choice.setByUser == c.setByUser);
        // The reason starts with what is in effect, for bench's report.
        CHECK(choice.reason.rfind(c.capability.empty() ? "libtorch's default" : c.capability + ": ", 0) == 0);
    }
}
