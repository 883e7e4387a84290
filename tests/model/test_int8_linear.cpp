// int8 linear layers (model/nn/int8_linear.h) against the float32 formula: shapes, bias, a weight row of
// zeros, and the largest difference, reported.

#include "model/nn/int8_linear.h"
#include "model/nn/layers.h"
#include "model/nn/onednn_primitive_cache.h"

#include <ATen/ATen.h>
#include <doctest/doctest.h>

#include <malloc.h>
#include <thread>

using namespace cortex::model::nn;

namespace {

// The largest |int8 - float32| over the largest |float32|.
double relativeError(const at::Tensor &actual, const at::Tensor &expected)
{
    return (actual - expected).abs().max().item<double>() / expected.abs().max().item<double>();
}

// Bytes the C allocator has handed out and not had back (heap and mapped blocks).
double heapBytesInUse()
{
    const auto info = mallinfo2();
    return static_cast<double>(info.uordblks + info.hblkhd);
}

} // namespace

TEST_CASE("int8 weights give the float32 product within the quantisation error")
{
    REQUIRE_MESSAGE(int8Unavailable().empty(), int8Unavailable());
    at::manual_seed(3);
    const auto weight = at::randn({96, 64}) * 0.05;
    const auto bias = at::randn({96}) * 0.1;
    const auto x = at::randn({2, 7, 64}); // [batch, tokens, in]: any leading shape
    for (bool withBias : {false, true}) {
        CAPTURE(withBias);
        Linear linear{weight.clone(), withBias ? bias.clone() : at::Tensor(), nullptr};
        const auto expected = linear.forward(x);
        linear.quantizeToInt8();
        CHECK_FALSE(linear.weight.defined()); // the float weights are freed
        CHECK(linear.inFeatures() == 64);
        const auto actual = linear.forward(x);
        REQUIRE(actual.sizes() == expected.sizes());
        CHECK((actual.scalar_type() == at::kFloat));
        const double error = relativeError(actual, expected);
        MESSAGE("int8 vs float32: max|d| / max|y| = " << error);
        // 8-bit weights per row and 8-bit activations per call: about 1% of the largest output.
        CHECK(error <= 0.03);
    }
}

TEST_CASE("a weight row of zeros stays zero, and bfloat16 weights are accepted")
{
    at::manual_seed(4);
    auto weight = at::randn({8, 16});
    weight[3].zero_();
    const auto x = at::randn({5, 16});
    const auto expected = at::linear(x, weight);
    const auto int8 = Int8Weight::quantize(weight.to(at::kBFloat16), at::Tensor());
    CHECK(int8->outFeatures() == 8);
    const auto actual = int8->apply(x);
    CHECK(actual.select(1, 3).abs().max().item<double>() == 0.0);
    CHECK(relativeError(actual, expected) <= 0.03);
}

TEST_CASE("int8 products keep no oneDNN primitive behind them")
{
    // Each call's activations have their own scale, so each creates a oneDNN primitive (a reorder keyed
    // by that scale) that later calls do not reuse; cached, they split the heap's free blocks between a
    // page image's layers (onednn_primitive_cache.h). Quantising a weight stops the caching, unless the
    // user chose a capacity.
    REQUIRE_MESSAGE(int8Unavailable().empty(), int8Unavailable());
    at::manual_seed(5);
    const auto int8 = Int8Weight::quantize(at::randn({256, 256}), at::Tensor());
    if (const auto capacity = oneDnnPrimitiveCacheCapacity()) {
        MESSAGE("oneDNN primitive cache capacity: " << *capacity);
        CHECK(*capacity == 0);
    }
    const auto x = at::randn({64, 256});
    for (int i = 0; i < 8; ++i) // the first calls' lasting allocations (thread pools, kernels)
        int8->apply(x * (1.0 + i));
    const double before = heapBytesInUse();
    constexpr int kCalls = 300;
    for (int i = 0; i < kCalls; ++i)
        int8->apply(x * (2.0 + 0.01 * i)); // a new activation scale each call
    const double grownPerCall = (heapBytesInUse() - before) / kCalls;
    MESSAGE("heap in use grew by " << grownPerCall << " bytes per int8 product");
    CHECK(grownPerCall < 1024.0);
}

TEST_CASE("a scope lets oneDNN keep a few primitives, and the last scope to end drops them")
{
    // int8's bfloat16 attention creates the same products in every block; a scope keeps them for the
    // call without letting any outlive it (onednn_primitive_cache.h).
    REQUIRE_MESSAGE(int8Unavailable().empty(), int8Unavailable());
    const auto int8 = Int8Weight::quantize(at::randn({16, 16}), at::Tensor()); // turns the cache off
    const auto before = oneDnnPrimitiveCacheCapacity();
    if (!before) {
        MESSAGE("oneDNN's C API is not reachable here: the scopes do nothing");
        const ScopedOneDnnPrimitiveCache scope;
        return;
    }
    REQUIRE(*before == 0);
    {
        const ScopedOneDnnPrimitiveCache outer;
        CHECK(oneDnnPrimitiveCacheCapacity() == kScopedOneDnnPrimitives);
        // Another thread's scope, ending first, leaves this one's cache in place.
        std::thread other([] {
            const ScopedOneDnnPrimitiveCache inner;
            CHECK(oneDnnPrimitiveCacheCapacity() == kScopedOneDnnPrimitives);
        });
        other.join();
        CHECK(oneDnnPrimitiveCacheCapacity() == kScopedOneDnnPrimitives);
        int8->apply(at::randn({4, 16})); // products inside a scope work as ever
    }
    CHECK(oneDnnPrimitiveCacheCapacity() == 0);
}
