#pragma once
// float32 products split over two libtorch threads (model/nn/split_products.h) for the scope of a test,
// also on a one-core machine; the thread count and the switch as they were afterwards.

#include "model/nn/split_products.h"

#include <ATen/Parallel.h>

namespace cortex::test {

class SplitProductsOnTwoThreads {
public:
    SplitProductsOnTwoThreads()
    {
        at::set_num_threads(2);
        model::nn::setSplitFloatProducts(true);
    }
    ~SplitProductsOnTwoThreads()
    {
        model::nn::setSplitFloatProducts(splitBefore_);
        at::set_num_threads(threadsBefore_);
    }
    SplitProductsOnTwoThreads(const SplitProductsOnTwoThreads &) = delete;
    SplitProductsOnTwoThreads &operator=(const SplitProductsOnTwoThreads &) = delete;

private:
    int threadsBefore_ = at::get_num_threads();
    bool splitBefore_ = model::nn::splitFloatProducts();
};

} // namespace cortex::test
