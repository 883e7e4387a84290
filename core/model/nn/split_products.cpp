#include "model/nn/split_products.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <omp.h>

namespace cortex::model::nn {

namespace {

std::atomic<bool> g_split{false};

// Below this many output columns per thread the split costs more than it gains.
constexpr int64_t kMinColumnsPerThread = 64;
// Slices are whole groups of this many columns, so that an edge between slices does not leave a BLAS
// kernel a remainder of a few columns for its slower edge code in every slice.
constexpr int64_t kColumnGroup = 16;

} // namespace

bool splitFloatProducts()
{
    return g_split.load(std::memory_order_relaxed);
}

void setSplitFloatProducts(bool split)
{
    g_split.store(split, std::memory_order_relaxed);
}

bool splitsProductsOf(const at::Tensor &t)
{
    return splitFloatProducts() && t.device().is_cpu() && t.scalar_type() == at::kFloat &&
           at::get_num_threads() > 1 && !at::in_parallel_region();
}

void forEachOnThreads(int64_t count, const std::function<void(int64_t)> &body)
{
    std::exception_ptr failure;
    // Dynamic: the blocks of causal attention differ in size.
#pragma omp parallel for schedule(dynamic, 1) num_threads(at::get_num_threads())
    for (int64_t i = 0; i < count; ++i) {
        try {
            body(i);
        } catch (...) {
#pragma omp critical(cortex_split_products)
            if (!failure)
                failure = std::current_exception();
        }
    }
    if (failure)
        std::rethrow_exception(failure);
}

at::Tensor linearProduct(const at::Tensor &x, const at::Tensor &weight, const at::Tensor &bias)
{
    const int64_t out = weight.size(0);
    const int64_t threads = at::get_num_threads();
    if (!splitsProductsOf(weight) || x.scalar_type() != at::kFloat || out < threads * kMinColumnsPerThread)
        return at::linear(x, weight, bias);
    const auto rows = x.reshape({-1, x.size(-1)});
    auto result = at::empty({rows.size(0), out}, x.options());
    const int64_t groups = (out + kColumnGroup - 1) / kColumnGroup;
    forEachOnThreads(threads, [&](int64_t part) {
        const int64_t begin = std::min(out, groups * part / threads * kColumnGroup);
        const int64_t end = std::min(out, groups * (part + 1) / threads * kColumnGroup);
        if (end <= begin)
            return;
        // The slice of the output is a strided matrix that BLAS writes in place (no copy).
        auto slice = result.narrow(1, begin, end - begin);
        const auto w = weight.narrow(0, begin, end - begin).t();
        if (bias.defined())
            at::addmm_out(slice, bias.narrow(0, begin, end - begin), rows, w);
        else
            at::mm_out(slice, rows, w);
    });
    auto sizes = x.sizes().vec();
    sizes.back() = out;
    return result.view(sizes);
}

} // namespace cortex::model::nn
