// cortex-bench-attention: the eager (blockwise) attention at model shapes, per score-block size, against
// the whole score matrix at once. Prints wall time, CPU user and system seconds and the peak resident
// memory growth of each; asserts nothing.
//
//   cortex-bench-attention [--dtype bfloat16|float32] [--tokens N] [--heads H] [--head-dim D]
//                          [--causal] [--repeats R] [--threads T]
// The defaults are one 1280x990 page image in the 2B vision tower: 4,960 patches, 16 heads of 64.

#include "model/nn/attention.h"
#include "model/nn/cpu_kernels.h"
#include "model/nn/device.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <vector>

namespace {

double seconds(const timeval &t)
{
    return double(t.tv_sec) + double(t.tv_usec) * 1e-6;
}

long statusKiB(const char *field)
{
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind(field, 0) == 0)
            return std::atol(line.c_str() + std::strlen(field));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    std::string dtypeName = "bfloat16";
    int64_t tokens = 4960, heads = 16, headDim = 64;
    int repeats = 3, threads = 0;
    bool causal = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--dtype")
            dtypeName = next();
        else if (a == "--tokens")
            tokens = std::stoll(next());
        else if (a == "--heads")
            heads = std::stoll(next());
        else if (a == "--head-dim")
            headDim = std::stoll(next());
        else if (a == "--repeats")
            repeats = std::stoi(next());
        else if (a == "--threads")
            threads = std::stoi(next());
        else if (a == "--causal")
            causal = true;
        else {
            std::fprintf(stderr,
                         "usage: cortex-bench-attention [--dtype bfloat16|float32] [--tokens N] [--heads H] "
                         "[--head-dim D] [--causal] [--repeats R] [--threads T]\n");
            return a == "--help" || a == "-h" ? 0 : 2;
        }
    }
    cortex::model::selectCpuKernels(); // the width the engine's own kernels run at (nn/cpu_kernels.h)
    cortex::model::configureCpuThreads(threads);
    const auto dtype = dtypeName == "float32" ? at::kFloat : at::kBFloat16;
    at::manual_seed(1);
    const auto q = at::randn({1, heads, tokens, headDim}).to(dtype),
               k = at::randn({1, heads, tokens, headDim}).to(dtype),
               v = at::randn({1, heads, tokens, headDim}).to(dtype);
    std::printf("attention %s, %lld tokens, %lld heads of %lld, %s, %d threads; %d repeats each\n",
                dtypeName.c_str(), static_cast<long long>(tokens), static_cast<long long>(heads),
                static_cast<long long>(headDim), causal ? "causal" : "not causal", at::get_num_threads(),
                repeats);
    std::printf("%14s %10s %10s %10s %14s\n", "block", "wall s", "user s", "system s", "peak growth");
    const int64_t whole = heads * tokens * tokens * int64_t(sizeof(float));
    for (const int64_t blockBytes : {int64_t{1} << 20, int64_t{4} << 20, int64_t{8} << 20, int64_t{16} << 20,
                                     int64_t{64} << 20, whole}) {
        std::ofstream("/proc/self/clear_refs") << "5"; // reset the peak resident set
        const long baseline = statusKiB("VmRSS:");
        rusage before{}, after{};
        getrusage(RUSAGE_SELF, &before);
        const auto start = std::chrono::steady_clock::now();
        for (int r = 0; r < repeats; ++r)
            (void)cortex::model::nn::eagerAttention(q, k, v, causal, blockBytes);
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        getrusage(RUSAGE_SELF, &after);
        const long peak = statusKiB("VmHWM:");
        std::printf("%11.1f MB %10.3f %10.3f %10.3f %10.1f MiB%s\n", double(blockBytes) / (1 << 20),
                    wall / repeats, (seconds(after.ru_utime) - seconds(before.ru_utime)) / repeats,
                    (seconds(after.ru_stime) - seconds(before.ru_stime)) / repeats,
                    double(peak - baseline) / 1024, blockBytes == whole ? " (whole score matrix)" : "");
    }
    return 0;
}
