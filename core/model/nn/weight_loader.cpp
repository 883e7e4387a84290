#include "model/nn/weight_loader.h"

#include "model/nn/weight_registry.h"
#include "model/weights/checkpoint.h"
#include "model/weights/safetensors.h"

#include <ATen/ATen.h>

#include <set>

#include <sys/mman.h>
#include <unistd.h>

namespace cortex::model::nn {
namespace {

constexpr std::string_view kModelPrefix = "model.";

// The checkpoint's spelling of a table name: as is, or without the leading "model.".
const TensorView *findInCheckpoint(const Checkpoint &checkpoint, const std::string &name,
                                   std::string *usedName)
{
    if (const auto *view = checkpoint.find(name)) {
        *usedName = name;
        return view;
    }
    if (name.rfind(kModelPrefix, 0) == 0) {
        const auto shortName = name.substr(kModelPrefix.size());
        if (const auto *view = checkpoint.find(shortName)) {
            *usedName = shortName;
            return view;
        }
    }
    return nullptr;
}

at::ScalarType toScalarType(DType dtype)
{
    switch (dtype) {
    case DType::BF16:
        return at::kBFloat16;
    case DType::F16:
        return at::kHalf;
    case DType::F32:
        return at::kFloat;
    }
    return at::kFloat;
}

// Drops the mapped pages of a tensor once it has been copied, so that the process never holds the
// checkpoint's pages and the converted weights at the same time (the pages are re-read from the file
// if anything touches them again).
void releaseMappedPages(const TensorView &view)
{
    static const auto pageSize = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
    const auto begin = reinterpret_cast<uintptr_t>(view.data);
    const auto first = (begin + pageSize - 1) & ~(pageSize - 1);
    const auto last = (begin + view.byteSize) & ~(pageSize - 1);
    if (last > first)
        madvise(reinterpret_cast<void *>(first), last - first, MADV_DONTNEED);
}

} // namespace

Status checkCheckpoint(const Checkpoint &checkpoint, const std::vector<TensorSpec> &table)
{
    std::set<std::string> used;
    for (const auto &spec : table) {
        std::string checkpointName;
        const TensorView *view = findInCheckpoint(checkpoint, spec.name, &checkpointName);
        if (!view)
            return makeError("tensor " + spec.name + " is missing from the checkpoint (expected shape " +
                             shapeToString(spec.shape) + "; does config.json match the weights?)");
        if (view->shape != spec.shape)
            return makeError("tensor " + spec.name + " has shape " + shapeToString(view->shape) + " in " +
                             view->file + ", expected " + shapeToString(spec.shape) + " from config.json");
        used.insert(checkpointName);
    }
    for (const auto &name : checkpoint.names()) {
        if (used.count(name) || name == "lm_head.weight")
            continue;
        return makeError("the checkpoint contains an unexpected tensor " + name +
                         " (is this a Qwen3-VL checkpoint with a matching config.json?)");
    }
    return Status::success();
}

Status loadWeights(const Checkpoint &checkpoint, const std::vector<TensorSpec> &table,
                   WeightRegistry &registry, const ComputeTarget &target)
{
    std::set<std::string> used;
    for (const auto &spec : table) {
        at::Tensor *slot = registry.find(spec.name);
        if (!slot)
            return makeError("internal error: no module member for checkpoint tensor " + spec.name);
        std::string checkpointName;
        const TensorView *view = findInCheckpoint(checkpoint, spec.name, &checkpointName);
        if (!view)
            return makeError("tensor " + spec.name + " is missing from the checkpoint (expected shape " +
                             shapeToString(spec.shape) + ")");
        if (view->shape != spec.shape)
            return makeError("tensor " + spec.name + " has shape " + shapeToString(view->shape) + " in " +
                             view->file + ", expected " + shapeToString(spec.shape));
        used.insert(checkpointName);
        // from_blob wraps the mapped bytes without copying; to(..., copy=true) makes the only copy,
        // already on the target device and in the target dtype.
        const auto mapped = at::from_blob(const_cast<std::byte *>(view->data), spec.shape,
                                          at::TensorOptions().dtype(toScalarType(view->dtype)));
        *slot =
            mapped.to(at::TensorOptions().device(target.device).dtype(target.dtype), /*non_blocking=*/false,
                      /*copy=*/true);
        releaseMappedPages(*view);
        registry.markLoaded(spec.name);
    }
    for (const auto &name : checkpoint.names()) {
        if (used.count(name))
            continue;
        // A tied checkpoint may still carry lm_head.weight; transformers ignores it, and so do we.
        if (name == "lm_head.weight")
            continue;
        return makeError("the checkpoint contains an unexpected tensor " + name +
                         " (is this a Qwen3-VL checkpoint with a matching config.json?)");
    }
    registry.finish();
    return Status::success();
}

} // namespace cortex::model::nn
