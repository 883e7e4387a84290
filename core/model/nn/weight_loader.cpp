#include "model/nn/weight_loader.h"

#include "model/nn/weight_registry.h"
#include "model/weights/checkpoint.h"
#include "model/weights/safetensors.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <vector>

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

// Drops the mapped pages of bytes that have been copied, so that the process never holds the
// checkpoint's pages and the converted weights at the same time (the pages are re-read from the file
// if anything touches them again). Only whole pages inside the range: a neighbour's bytes on a shared
// page are simply read in again if it needs them.
void releaseMappedRange(const std::byte *data, size_t byteSize)
{
    static const auto pageSize = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
    const auto begin = reinterpret_cast<uintptr_t>(data);
    const auto first = (begin + pageSize - 1) & ~(pageSize - 1);
    const auto last = (begin + byteSize) & ~(pageSize - 1);
    if (last > first)
        madvise(reinterpret_cast<void *>(first), last - first, MADV_DONTNEED);
}

void releaseMappedPages(const TensorView &view)
{
    releaseMappedRange(view.data, view.byteSize);
}

// Whether the tensor can be its slot's value as a view of the mapped file: the CPU computes it in the
// checkpoint's own dtype, and its bytes are aligned for that dtype (safetensors does not promise it).
bool canBorrow(const TensorView &view, at::ScalarType type, const ComputeTarget &target)
{
    return target.device.is_cpu() && type == target.dtype &&
           reinterpret_cast<uintptr_t>(view.data) % at::elementSize(type) == 0;
}

// A slot holding a view of the mapped file, until its group's hook replaces it.
struct BorrowedSlot {
    at::Tensor *slot;
    const TensorView *view;
    bool stillBorrowed() const { return slot->defined() && slot->storage().data() == view->data; }
};

// A borrowed tensor in memory of its own, copied a slice at a time with each slice's mapped pages
// dropped as it goes, so that the copy's peak is the tensor plus one slice rather than twice the tensor
// (the token embedding table, which no hook replaces, is 0.6 GiB of 2B).
at::Tensor copyOutOfMapping(const at::Tensor &tensor, const TensorView &view)
{
    if (!tensor.is_contiguous() || tensor.data_ptr() != view.data || tensor.nbytes() != view.byteSize)
        return tensor.clone(); // a hook's view of it: copied as it is
    auto copy = at::empty_like(tensor, at::MemoryFormat::Contiguous);
    auto *to = static_cast<std::byte *>(copy.data_ptr());
    constexpr size_t kSliceBytes = size_t(64) << 20;
    for (size_t offset = 0; offset < view.byteSize; offset += kSliceBytes) {
        const size_t bytes = std::min(kSliceBytes, view.byteSize - offset);
        std::memcpy(to + offset, view.data + offset, bytes);
        releaseMappedRange(view.data + offset, bytes);
    }
    return copy;
}

// Drops the mapped pages of every borrowed tensor that its slot no longer holds (a hook fused or
// quantised it into memory of its own); with `copyTheRest`, copies the others out first.
void settleBorrowed(std::vector<BorrowedSlot> &borrowed, bool copyTheRest)
{
    std::erase_if(borrowed, [copyTheRest](const BorrowedSlot &b) {
        if (b.stillBorrowed()) {
            if (!copyTheRest)
                return false;
            *b.slot = copyOutOfMapping(*b.slot, *b.view);
        }
        releaseMappedPages(*b.view);
        return true;
    });
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
                   WeightRegistry &registry, const ComputeTarget &target,
                   const std::function<bool(const std::string &)> &isLookupTable)
{
    std::set<std::string> used;
    std::vector<BorrowedSlot> borrowed;
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
        const auto type = toScalarType(view->dtype);
        const auto mapped =
            at::from_blob(const_cast<std::byte *>(view->data), spec.shape, at::TensorOptions().dtype(type));
        ComputeTarget tensorTarget = target;
        if (isLookupTable && isLookupTable(spec.name) && target.device.is_cpu() &&
            at::elementSize(type) <= at::elementSize(target.dtype))
            tensorTarget.dtype = type;
        if (canBorrow(*view, type, tensorTarget)) {
            // No copy at all where it would be an identical one: the hooks fuse or quantise straight
            // from the file's pages (an int8 load copied every weight once more, and faulting in those
            // copies' pages, trimmed again after each layer, was a third of its time). The mapping is
            // read-only, so a view is never written; whatever no hook replaced is copied at the end.
            *slot = mapped;
            borrowed.push_back({slot, view});
        } else {
            *slot = mapped.to(at::TensorOptions().device(tensorTarget.device).dtype(tensorTarget.dtype),
                              /*non_blocking=*/false, /*copy=*/true);
            releaseMappedPages(*view);
        }
        registry.markLoaded(spec.name);
        settleBorrowed(borrowed, /*copyTheRest=*/false);
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
    // No slot may outlive the checkpoint's mapping (or see the file change under it).
    settleBorrowed(borrowed, /*copyTheRest=*/true);
    return Status::success();
}

} // namespace cortex::model::nn
