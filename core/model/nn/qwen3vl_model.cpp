#include "model/nn/qwen3vl_model.h"

#include "model/nn/allocator_tuning.h"
#include "model/nn/weight_loader.h"
#include "model/nn/weight_registry.h"
#include "model/weights/checkpoint.h"

#include <ATen/ATen.h>
#include <c10/util/Exception.h>

namespace cortex::model::nn {

namespace {

// The attention's products run in the activations' dtype, but int8's (float32 activations) in bfloat16
// where the CPU computes it natively.
c10::ScalarType attentionDtypeOf(const ComputeTarget &target)
{
    return target.int8 && target.bfloat16Attention ? c10::kBFloat16 : c10::ScalarType::Undefined;
}

} // namespace

Qwen3VLModel::Qwen3VLModel(const ModelConfig &config, const ComputeTarget &target)
    : config_(config), target_(target),
      vision_(std::make_unique<VisionModel>(config.vision, attentionDtypeOf(target))),
      text_(std::make_unique<TextModel>(config.text, target.device, attentionDtypeOf(target)))
{
}

namespace {

// The kind of a libtorch failure, from its type and where it ran, never from its text: an allocation
// that failed is OutOfMemory; anything else that fails on the GPU is a Device problem (worth trying on
// the CPU); on the CPU it is some other failure.
ErrorKind kindOfTorchError(const c10::Error &error, const ComputeTarget &target)
{
    if (dynamic_cast<const c10::OutOfMemoryError *>(&error))
        return ErrorKind::OutOfMemory;
    return target.device.is_cuda() ? ErrorKind::Device : ErrorKind::Other;
}

// Tables of which a forward pass reads a few rows, never the whole: the token embeddings and lm_head.
bool isLookupTable(const std::string &name)
{
    return name.ends_with("embed_tokens.weight") || name == "lm_head.weight";
}

} // namespace

Result<std::unique_ptr<Qwen3VLModel>> Qwen3VLModel::load(const std::filesystem::path &modelDir,
                                                         const ModelConfig &config,
                                                         const ComputeTarget &target)
{
    auto checkpoint = Checkpoint::open(modelDir);
    if (!checkpoint)
        return checkpoint.error();
    // Nothing proportional to the config is built before the checkpoint is known to hold it.
    const std::vector<TensorSpec> table = qwen3vlTensorSpecs(config);
    if (auto status = checkCheckpoint(*checkpoint, table); !status)
        return makeError(modelDir.string() + ": " + status.error().message);
    std::unique_ptr<Qwen3VLModel> model(new Qwen3VLModel(config, target));
    WeightRegistry registry;
    model->vision_->registerWeights(registry, "model.visual.", target.int8);
    model->text_->registerWeights(registry, "model.language_model.", target.int8);
    if (!config.text.tieWordEmbeddings)
        registry.add("lm_head.weight", model->lmHead_);
    try {
        // int8: the weights arrive in bfloat16 (half of float32's memory; released checkpoints are
        // bfloat16, so nothing is lost), every linear layer is quantised from them (each decoder layer
        // and vision block as soon as it is loaded, the vision tower's rest when all is in), and the norms
        // are then widened to the float32 that the activations use. The token embedding table (and an untied
        // lm_head, of which the reranker reads two rows) stays in bfloat16 (as loadWeights keeps it for a
        // float32 CPU target too): only the rows a batch looks up are widened, the same numbers for half the
        // table's memory (0.6 GiB of 2B).
        ComputeTarget loadTarget = target;
        if (target.int8)
            loadTarget.dtype = c10::kBFloat16;
        auto status = loadWeights(*checkpoint, table, registry, loadTarget, isLookupTable);
        if (!status)
            return wrapError(status.error(), modelDir.string() + ": ");
        if (target.int8) {
            for (const auto &[name, slot] : registry.slots())
                if (slot->defined() && slot->is_floating_point() && !isLookupTable(name))
                    *slot = slot->to(target.dtype);
            releaseFreeMemory();
        }
    } catch (const c10::Error &e) {
        return makeError("loading " + modelDir.string() + " onto " + describe(target) +
                             " failed: " + e.what_without_backtrace(),
                         kindOfTorchError(e, target));
    } catch (const std::bad_alloc &) {
        return makeError("loading " + modelDir.string() + " onto " + describe(target) +
                             " failed: not enough memory",
                         ErrorKind::OutOfMemory);
    }
    return model;
}

Result<at::Tensor> Qwen3VLModel::forward(std::span<const SequenceInput> batch) const
{
    return run(batch, /*lastOnly=*/false);
}

Result<at::Tensor> Qwen3VLModel::run(std::span<const SequenceInput> batch, bool lastOnly) const
{
    if (batch.empty())
        return makeError("empty batch");
    const int64_t imageToken = config_.tokens.imageToken;
    const int64_t videoToken = config_.tokens.videoToken;
    const int64_t merge = config_.vision.spatialMergeSize;
    size_t maxLen = 0;
    for (const auto &seq : batch)
        maxLen = std::max(maxLen, seq.ids.size());
    if (maxLen == 0)
        return makeError("empty token sequence");
    const int64_t b = static_cast<int64_t>(batch.size()), len = static_cast<int64_t>(maxLen);

    // Right padding with <|endoftext|>; pads sit after every real token, so causal attention keeps
    // them invisible and their positions are irrelevant.
    std::vector<int64_t> ids(static_cast<size_t>(b * len), config_.tokens.endOfText);
    std::vector<int64_t> positions(static_cast<size_t>(3 * b * len), 1);
    // The vision tower's inputs in the order their tokens appear in the flattened batch, so that its
    // features (and the DeepStack ones) land on the image and video pads in order. Attention never
    // crosses an image or a video frame, so one tower call for all of them equals one call each.
    std::vector<GridThw> grids;
    std::vector<at::Tensor> pixelRows;
    for (int64_t i = 0; i < b; ++i) {
        const auto &seq = batch[static_cast<size_t>(i)];
        const int64_t n = static_cast<int64_t>(seq.ids.size());
        if (n == 0 && lastOnly)
            return makeError("sequence " + std::to_string(i) + " is empty: it has no last token");
        int64_t imageTokens = 0, videoTokens = 0;
        for (int64_t j = 0; j < n; ++j) {
            ids[static_cast<size_t>(i * len + j)] = seq.ids[static_cast<size_t>(j)];
            imageTokens += seq.ids[static_cast<size_t>(j)] == imageToken;
            videoTokens += seq.ids[static_cast<size_t>(j)] == videoToken;
        }
        std::vector<GridThw> imageGrids, videoGrids;
        int64_t announcedImages = 0, announcedVideos = 0;
        for (const auto *image : seq.images) {
            imageGrids.push_back(image->gridThw);
            announcedImages += image->numImageTokens;
        }
        for (const auto *video : seq.videos) {
            videoGrids.push_back(video->gridThw);
            announcedVideos += video->numImageTokens;
        }
        if (imageTokens != announcedImages || videoTokens != announcedVideos)
            return makeError("sequence " + std::to_string(i) + " has " + std::to_string(imageTokens) +
                             " image and " + std::to_string(videoTokens) +
                             " video tokens but its images need " + std::to_string(announcedImages) +
                             " and its videos " + std::to_string(announcedVideos));
        // Appearance order: a new image (video) starts where a pad comes after the previous one's
        // pads are used up.
        size_t nextImage = 0, nextVideo = 0;
        int64_t imageLeft = 0, videoLeft = 0;
        const auto take = [&](const ProcessedImage *visual) {
            grids.push_back(visual->gridThw);
            pixelRows.push_back(at::from_blob(const_cast<float *>(visual->pixelValues.data()),
                                              {visual->rows, visual->rowSize}, at::kFloat));
        };
        for (int64_t j = 0; j < n; ++j) {
            const int32_t id = seq.ids[static_cast<size_t>(j)];
            if (id == imageToken) {
                if (imageLeft == 0) {
                    const auto *image = seq.images[nextImage++];
                    take(image);
                    imageLeft = image->numImageTokens;
                }
                --imageLeft;
            } else if (id == videoToken) {
                if (videoLeft == 0) {
                    const auto *video = seq.videos[nextVideo++];
                    take(video);
                    videoLeft = video->numImageTokens;
                }
                --videoLeft;
            }
        }
        const auto seqPositions =
            mropePositionIds(seq.ids, imageGrids, videoGrids, imageToken, videoToken, merge);
        for (int axis = 0; axis < 3; ++axis)
            std::copy_n(seqPositions.begin() + axis * n, n, positions.begin() + (axis * b + i) * len);
    }

    try {
        const auto device = target_.device;
        const auto idTensor = at::tensor(ids, at::kLong).view({b, len}).to(device);
        const auto positionTensor = at::tensor(positions, at::kLong).view({3, b, len}).to(device);
        // The table may be narrower than the activations (int8 keeps it in bfloat16).
        auto embeds = text_->embed(idTensor).to(target_.dtype);
        at::Tensor visualMask;
        std::vector<at::Tensor> deepstack;
        if (!grids.empty()) {
            const auto vision = vision_->forward(at::cat(pixelRows, 0), grids);
            visualMask = idTensor.eq(imageToken).logical_or(idTensor.eq(videoToken));
            const auto rows = visualMask.reshape({-1}).nonzero().squeeze(1);
            embeds.view({-1, embeds.size(-1)}).index_copy_(0, rows, vision.merged.to(embeds.scalar_type()));
            deepstack = vision.deepstack;
        }
        if (!lastOnly)
            return text_->forward(embeds, positionTensor, visualMask, deepstack);
        std::vector<int64_t> last;
        for (const auto &seq : batch)
            last.push_back(static_cast<int64_t>(seq.ids.size()) - 1);
        return text_->forwardLastTokens(embeds, positionTensor, visualMask, deepstack, last);
    } catch (const c10::Error &e) {
        return makeError(std::string("forward pass failed: ") + e.what_without_backtrace(),
                         kindOfTorchError(e, target_));
    } catch (const std::bad_alloc &) {
        return makeError("forward pass failed: not enough memory", ErrorKind::OutOfMemory);
    }
}

Result<at::Tensor> Qwen3VLModel::lastTokenStates(std::span<const SequenceInput> batch) const
{
    auto states = run(batch, /*lastOnly=*/true);
    if (!states)
        return states.error();
    try {
        return states->to(at::kFloat);
    } catch (const c10::Error &e) {
        return makeError(std::string("forward pass failed: ") + e.what_without_backtrace());
    }
}

} // namespace cortex::model::nn
