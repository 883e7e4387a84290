#include "model/nn/int8_linear.h"

#include "model/nn/cpu_features.h"
#include "model/nn/int8_quantize.h"
#include "model/nn/onednn_primitive_cache.h"

#include <ATen/ATen.h>
#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/native/quantized/PackedParams.h>

#include <algorithm>
#include <optional>

namespace cortex::model::nn {
namespace {

// oneDNN first (the one Debian's libtorch has), then FBGEMM (PyTorch's x86 wheels).
std::optional<at::QEngine> cpuEngine()
{
    const auto &engines = at::globalContext().supportedQEngines();
    for (auto wanted : {at::QEngine::ONEDNN, at::QEngine::FBGEMM})
        if (std::find(engines.begin(), engines.end(), wanted) != engines.end())
            return wanted;
    return std::nullopt;
}

} // namespace

struct Int8Weight::Packed {
    c10::intrusive_ptr<LinearPackedParamsBase> params;
};

Int8Weight::~Int8Weight() = default;

std::string int8Unavailable()
{
    return cpuEngine() ? std::string()
                       : std::string("this libtorch has no quantized CPU engine (oneDNN or FBGEMM) for int8");
}

std::shared_ptr<const Int8Weight> Int8Weight::quantize(const at::Tensor &weight, const at::Tensor &bias)
{
    return quantize(std::vector<at::Tensor>{weight}, bias);
}

std::shared_ptr<const Int8Weight> Int8Weight::quantize(const std::vector<at::Tensor> &rowBlocks,
                                                       const at::Tensor &bias)
{
    const auto engine = cpuEngine();
    TORCH_CHECK(engine.has_value(), int8Unavailable());
    // Before the first packing creates a primitive (onednn_primitive_cache.h): no cached primitive
    // may split the heap's holes between a page image's activations.
    if (*engine == at::QEngine::ONEDNN)
        stopCachingOneDnnPrimitives();
    // The prepack operator dispatches on the process's engine; the packed weights keep their own.
    at::globalContext().setQEngine(*engine);
    // Symmetric per output channel: zero maps to zero, each row uses its whole int8 range.
    const auto qweight = quantizeRowsSymmetric(rowBlocks);
    static const auto prepack =
        c10::Dispatcher::singleton()
            .findSchemaOrThrow("quantized::linear_prepack", "")
            .typed<c10::intrusive_ptr<LinearPackedParamsBase>(at::Tensor, c10::optional<at::Tensor>)>();
    std::shared_ptr<Int8Weight> out(new Int8Weight);
    out->packed_ = std::make_unique<Packed>();
    out->packed_->params =
        prepack.call(qweight, bias.defined() ? c10::optional<at::Tensor>(bias.to(at::kFloat).contiguous())
                                             : c10::optional<at::Tensor>());
    // oneDNN's packed parameters also keep the int8 matrix they were packed from (`orig_weight_`,
    // read by unpack() and serialisation only, neither of which Cortex calls) beside their own
    // reordered copy: a second int8 copy of every layer, 1.7 GiB of the 2B model and 7 GiB of 8B.
    // That matrix is `qweight`'s storage, so it is released here; apply_dynamic reads the packed
    // copy alone (libtorch 1.13 and 2.x). FBGEMM packs into a matrix of its own and keeps nothing.
    if (*engine == at::QEngine::ONEDNN)
        qweight.storage().unsafeGetStorageImpl()->reset();
    out->inFeatures_ = qweight.size(1);
    out->outFeatures_ = qweight.size(0);
    return out;
}

at::Tensor Int8Weight::apply(const at::Tensor &x) const
{
    auto sizes = x.sizes().vec();
    const auto rows = x.to(at::kFloat).reshape({-1, sizes.back()}).contiguous();
    sizes.back() = outFeatures_;
    // Full 8-bit activations where the CPU has VNNI; 7 bits otherwise, where the kernels' 16-bit
    // intermediate sums would saturate (measured on an AVX2-only EPYC: 40% error at 8 bits, 1% at 7).
    static const bool reduceRange = int8NeedsReducedRange(readCpuFeatures());
    return packed_->params->apply_dynamic(rows, reduceRange).view(sizes);
}

} // namespace cortex::model::nn
