// float32 products split over libtorch's threads (model/nn/split_products.h) against at::linear on the
// whole operands: shapes that no slice divides, any leading shape, with and without bias, slices running
// at once, an error in one slice reported, the cases that must not split, and the switch a CPU model's
// load sets (blas_threads.h); the largest difference is reported.

#include "model/nn/blas_threads.h"
#include "model/nn/split_products.h"
#include "support/split_products_on.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <dlfcn.h>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace cortex;
using namespace cortex::model::nn;

namespace {

float maxAbsDiff(const at::Tensor &a, const at::Tensor &b)
{
    return (a - b).abs().max().item<float>();
}

} // namespace

TEST_CASE("a split linear product equals at::linear")
{
    test::SplitProductsOnTwoThreads split;
    at::manual_seed(5);
    struct Shape {
        std::vector<int64_t> x; // leading dimensions and in
        int64_t out;
    };
    const std::vector<Shape> shapes = {
        {{32, 256}, 384},   // one query's tokens
        {{2, 7, 96}, 1000}, // a batch of sequences; 1000 columns are not whole 16-column groups
        {{1, 64}, 129},     // one row; two slices of unequal width
        {{300, 40}, 4096},  // many rows (a page image's patches), few inputs
        {{0, 64}, 256},     // no rows at all
    };
    for (const auto &s : shapes) {
        CAPTURE(s.out);
        CAPTURE(s.x.front());
        const auto x = at::randn(s.x);
        const auto weight = at::randn({s.out, s.x.back()}) * 0.05;
        const auto bias = at::randn({s.out});
        REQUIRE(splitsProductsOf(weight));
        for (const bool withBias : {false, true}) {
            CAPTURE(withBias);
            const auto expected = withBias ? at::linear(x, weight, bias) : at::linear(x, weight);
            const auto actual = linearProduct(x, weight, withBias ? bias : at::Tensor());
            REQUIRE(actual.sizes() == expected.sizes());
            if (x.numel() == 0)
                continue;
            const float diff = maxAbsDiff(actual, expected);
            MESSAGE("split vs at::linear, out " << s.out << ": max |d| = " << diff);
            CHECK(diff <= 1e-5f);
        }
    }
}

TEST_CASE("a split product's slices run on more than one thread at once")
{
    // Each call waits until two different threads have entered: run one after the other on one
    // thread, the first call would wait out its limit and the check below fail.
    test::SplitProductsOnTwoThreads split;
    std::mutex mutex;
    std::condition_variable entered;
    std::set<std::thread::id> threads;
    std::atomic<int> calls{0};
    bool together = true;
    forEachOnThreads(2, [&](int64_t) {
        calls.fetch_add(1);
        std::unique_lock lock(mutex);
        threads.insert(std::this_thread::get_id());
        entered.notify_all();
        if (!entered.wait_for(lock, std::chrono::seconds(20), [&] { return threads.size() >= 2; }))
            together = false;
    });
    CHECK(calls.load() == 2);
    CHECK(together);
    CHECK(threads.size() == 2);
}

TEST_CASE("an error in one slice is reported once every slice has finished")
{
    test::SplitProductsOnTwoThreads split;
    const auto x = at::randn({4, 100});
    const auto weight = at::randn({256, 99}); // inputs do not match: every slice's product fails
    CHECK_THROWS(linearProduct(x, weight, at::Tensor()));
    std::atomic<int> ran{0};
    CHECK_THROWS_AS(forEachOnThreads(10,
                                     [&](int64_t i) {
                                         ran.fetch_add(1);
                                         if (i == 3)
                                             throw std::runtime_error("slice 3");
                                     }),
                    std::runtime_error);
    CHECK(ran.load() == 10);
}

TEST_CASE("products are not split where they must not be")
{
    const auto weight = at::randn({256, 64});
    SUBCASE("splitting off (another BLAS, or the user chose OpenBLAS's threads)")
    {
        setSplitFloatProducts(false);
        CHECK_FALSE(splitsProductsOf(weight));
    }
    SUBCASE("split on")
    {
        test::SplitProductsOnTwoThreads split;
        CHECK(splitsProductsOf(weight));
        CHECK_FALSE(splitsProductsOf(weight.to(at::kBFloat16))); // bfloat16 runs in oneDNN on every thread
        // Inside a parallel region (a slice's own product) nothing is split again.
        std::atomic<int> inRegion{0}, splitInRegion{0};
        forEachOnThreads(2, [&](int64_t) {
            inRegion.fetch_add(at::in_parallel_region() ? 1 : 0);
            splitInRegion.fetch_add(splitsProductsOf(weight) ? 1 : 0);
        });
        CHECK(inRegion.load() == 2);
        CHECK(splitInRegion.load() == 0);
    }
    SUBCASE("one thread")
    {
        test::SplitProductsOnTwoThreads split;
        at::set_num_threads(1);
        CHECK_FALSE(splitsProductsOf(weight));
    }
}

TEST_CASE("a model loaded on the CPU in any dtype splits float32 products where OpenBLAS took one thread")
{
    // Models of different dtypes share the process (a float32 embedder beside a bfloat16 reranker):
    // whichever is loaded last, float32 products still use every thread.
    const bool openBlas = ::dlsym(RTLD_DEFAULT, "openblas_set_num_threads") != nullptr;
    const bool userChose = std::getenv("OPENBLAS_NUM_THREADS") || std::getenv("GOTO_NUM_THREADS");
    MESSAGE("OpenBLAS: " << openBlas << ", threads set by the user: " << userChose);
    for (const auto dtype : {c10::kFloat, c10::kBFloat16}) {
        cortex::model::ComputeTarget target;
        target.dtype = dtype;
        setSplitFloatProducts(!(openBlas && !userChose)); // the opposite of what must come out
        setBlasThreadsFor(target);
        CHECK(splitFloatProducts() == (openBlas && !userChose));
    }
    setSplitFloatProducts(false);
}
