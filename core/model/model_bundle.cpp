#include "model/model_bundle.h"

#include "model/nn/allocator_tuning.h"
#include "model/nn/blas_threads.h"
#include "model/nn/cpu_kernels.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <numeric>

namespace cortex::model {
namespace {

// `step(image, name)` for each image of the input in order, the first error ending it. One place for
// the images' names, so that processImages and imageTokenCounts report the same image the same way:
// the name the input gives it, else "image N".
template <typename T, typename Step>
Result<std::vector<T>> eachImage(const MultimodalInput &input, const Step &step)
{
    std::vector<T> out;
    out.reserve(input.images.size());
    for (size_t i = 0; i < input.images.size(); ++i) {
        const auto name =
            i < input.imageNames.size() ? input.imageNames[i] : "image " + std::to_string(i + 1);
        auto result = step(input.images[i], name);
        if (!result)
            return result.error();
        out.push_back(std::move(*result));
    }
    return out;
}

} // namespace

nn::SequenceInput PreparedSequence::view() const
{
    nn::SequenceInput input{ids, {}, {}};
    for (const auto &image : images)
        input.images.push_back(&image);
    if (video)
        input.videos.push_back(&video->patches);
    return input;
}

Result<std::unique_ptr<ModelBundle>> ModelBundle::load(const std::filesystem::path &modelDir,
                                                       const EngineOptions &options)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(modelDir, ec))
        return makeError("model folder " + modelDir.string() + " does not exist or is not a folder");
    auto bundle = std::unique_ptr<ModelBundle>(new ModelBundle);
    bundle->directory_ = modelDir;
    bundle->options_ = options;

    auto config = loadModelConfig(modelDir / "config.json");
    if (!config)
        return config.error();
    bundle->config_ = *config;

    PreprocessorConfig preprocessor;
    const auto preprocessorFile = modelDir / "preprocessor_config.json";
    if (std::filesystem::exists(preprocessorFile, ec)) {
        auto parsed = loadPreprocessorConfig(preprocessorFile);
        if (!parsed)
            return parsed.error();
        preprocessor = *parsed;
    }
    preprocessor.minPixels = options.minPixels;
    preprocessor.maxPixels = options.maxPixels;
    if (preprocessor.minPixels <= 0 || preprocessor.maxPixels < preprocessor.minPixels)
        return makeError("invalid image pixel limits: min " + std::to_string(preprocessor.minPixels) +
                         ", max " + std::to_string(preprocessor.maxPixels));
    bundle->imageProcessor_ = std::make_unique<ImageProcessor>(preprocessor);
    // Videos keep the official video budgets (video_sampling.h), not the image pixel limits above.
    bundle->videoProcessor_ = std::make_unique<VideoProcessor>(preprocessor);

    auto tokenizer = Tokenizer::loadFromFile(modelDir / "tokenizer.json");
    if (!tokenizer)
        return tokenizer.error();
    bundle->tokenizer_ = *tokenizer;
    // Every id the tokenizer can produce must have a row in the embedding table, or the first input
    // holding such a token would index past it.
    if ((*tokenizer)->vocabSize() > bundle->config_.text.vocabSize)
        return makeError(modelDir.string() + ": tokenizer.json has " +
                         std::to_string((*tokenizer)->vocabSize()) +
                         " tokens, more than config.json's text_config.vocab_size " +
                         std::to_string(bundle->config_.text.vocabSize));
    const auto endOfText = (*tokenizer)->tokenToId("<|endoftext|>");
    if (!endOfText)
        return makeError(modelDir.string() + ": tokenizer.json has no <|endoftext|> token (Qwen3's end of "
                                             "text, which ends every input and pads a batch)");
    bundle->config_.tokens.endOfText = *endOfText;

    auto target = resolveComputeTarget(options.device, options.dtype);
    if (!target)
        return target.error();
    if (options.int8BFloat16Attention)
        setInt8Attention(*target, *options.int8BFloat16Attention);
    selectCpuKernels(); // before libtorch's first vectorised operation, which fixes their width
    configureCpuThreads(options.cpuThreads);
    // OpenBLAS on one thread, its threads spinning beside libtorch's only take time; float32 products
    // are split over libtorch's threads instead (nn/blas_threads.h, nn/split_products.h).
    nn::setBlasThreadsFor(*target);
    auto model = nn::Qwen3VLModel::load(modelDir, bundle->config_, *target);
    if (!model)
        return model.error();
    bundle->model_ = std::move(*model);
    // After the load: its read buffers are mapped and unmapped as before (keeping them in the heap
    // raised the load's peak by 0.85 GiB, in holes between the weights that no activation fits).
    if (target->device.is_cpu())
        keepActivationMemory();
    return bundle;
}

Result<std::vector<ProcessedImage>> ModelBundle::processImages(const MultimodalInput &input) const
{
    return eachImage<ProcessedImage>(input, [this](const Image &image, const std::string &name) {
        return imageProcessor_->process(image, name);
    });
}

Result<std::optional<ProcessedVideo>> ModelBundle::processVideo(const MultimodalInput &input) const
{
    if (!input.video)
        return std::optional<ProcessedVideo>{};
    auto processed = videoProcessor_->process(*input.video);
    if (!processed)
        return processed.error();
    return std::optional<ProcessedVideo>{std::move(*processed)};
}

Result<std::vector<int64_t>> ModelBundle::imageTokenCounts(const MultimodalInput &input) const
{
    return eachImage<int64_t>(input, [this](const Image &image, const std::string &name) {
        return imageProcessor_->tokenCount(image, name);
    });
}

Result<at::Tensor> ModelBundle::lastTokenStates(const std::vector<PreparedSequence> &sequences) const
{
    const size_t n = sequences.size();
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return sequences[a].ids.size() > sequences[b].ids.size(); });
    const size_t batchSize = static_cast<size_t>(std::max(1, options_.batchSize));
    // A batch is padded to its longest sequence (the first, in this order): besides batchSize, the padded
    // tokens of one forward pass are bounded, so that eight 8192-token inputs run one at a time instead
    // of as one 64K-token batch (the default batch of 8 chunks of 512 tokens is unaffected).
    constexpr size_t kMaxBatchTokens = 16384;
    std::vector<at::Tensor> rows(n);
    for (size_t start = 0, end = 0; start < n; start = end) {
        const size_t longest = std::max<size_t>(1, sequences[order[start]].ids.size());
        const size_t fits = std::max<size_t>(1, kMaxBatchTokens / longest);
        end = std::min(n, start + std::min(batchSize, fits));
        std::vector<nn::SequenceInput> batch;
        for (size_t j = start; j < end; ++j)
            batch.push_back(sequences[order[j]].view());
        auto states = model_->lastTokenStates(batch);
        if (!states)
            return states.error();
        const auto cpu = states->cpu();
        for (size_t j = 0; j < batch.size(); ++j)
            rows[order[start + j]] = cpu[static_cast<int64_t>(j)];
    }
    return at::stack(rows, 0);
}

} // namespace cortex::model
