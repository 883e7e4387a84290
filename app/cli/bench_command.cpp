// cortex-cli bench: throughput and latency of the embedder on the current machine. It prints figures;
// it asserts nothing (speed goals are read off its output, never checked in tests).

#include "commands.h"
#include "engine_arguments.h"
#include "json_output.h"

#include "model/embedder.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#ifdef CORTEX_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#endif

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <random>

namespace cortex::cli {
namespace {

using Clock = std::chrono::steady_clock;

void synchronize(const model::ComputeTarget &target)
{
#ifdef CORTEX_WITH_CUDA
    if (target.device.is_cuda())
        c10::cuda::device_synchronize();
#endif
}

void resetPeakMemory(const model::ComputeTarget &target)
{
#ifdef CORTEX_WITH_CUDA
    if (target.device.is_cuda())
        c10::cuda::CUDACachingAllocator::resetPeakStats(target.device.index());
#endif
    // Linux: writing 5 to clear_refs resets the peak resident set size (VmHWM).
    std::ofstream("/proc/self/clear_refs") << "5";
}

// Peak device memory on CUDA; the process's peak resident set (VmHWM) on the CPU.
double peakMemoryGiB(const model::ComputeTarget &target)
{
#ifdef CORTEX_WITH_CUDA
    if (target.device.is_cuda()) {
        const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(target.device.index());
        return double(stats.allocated_bytes[0].peak) / (1 << 30);
    }
#endif
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stod(line.substr(6)) / (1 << 20); // the value is in kB
    return 0;
}

// Seconds per call of `fn`, the median of `repeats` timed calls after one warm-up call.
template <typename Fn>
model::Result<double> medianSeconds(int repeats, const model::ComputeTarget &target, Fn &&fn)
{
    std::vector<double> times;
    for (int i = 0; i <= repeats; ++i) {
        synchronize(target);
        const auto start = Clock::now();
        if (auto status = fn(); !status)
            return status.error();
        synchronize(target);
        if (i > 0)
            times.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

model::Image syntheticImage(int size, int seed)
{
    model::Image image{size, size, 3, std::vector<uint8_t>(size_t(size) * size * 3)};
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            uint8_t *p = &image.pixels[(size_t(y) * size + x) * 3];
            p[0] = uint8_t(x * 255 / size);
            p[1] = uint8_t(y * 255 / size);
            p[2] = uint8_t((x + y + seed) * 37);
        }
    return image;
}

} // namespace

int runBench(const std::vector<std::string> &argv)
{
    auto specs = engineOptionSpecs();
    specs.push_back({"text-batch", true, false, "sequences in the text batch (default 32)"});
    specs.push_back({"text-tokens", true, false, "tokens per text sequence (default 512)"});
    specs.push_back({"query-tokens", true, false, "tokens of the latency query (default 32)"});
    specs.push_back({"image-size", true, false, "image side in pixels (default 512)"});
    specs.push_back({"image-batch", true, false, "images in the large image batch (default 16)"});
    specs.push_back({"repeats", true, false, "timed repetitions per figure (default 3)"});
    auto args = Arguments::parse(argv, specs);
    if (!args)
        return usageError(args.error().message);
    if (!args->has("model"))
        return usageError("bench needs --model DIR (e.g. a 2B-shaped model from cortex-testmodel)\n" +
                          usageOf(specs));
    long long textBatch = 0, textTokens = 0, queryTokens = 0, imageSize = 0, imageBatch = 0, repeats = 0;
    for (auto [name, target, fallback] : {std::tuple{"text-batch", &textBatch, 32},
                                          {"text-tokens", &textTokens, 512},
                                          {"query-tokens", &queryTokens, 32},
                                          {"image-size", &imageSize, 512},
                                          {"image-batch", &imageBatch, 16},
                                          {"repeats", &repeats, 3}}) {
        auto v = args->integer(name, fallback);
        if (!v || *v <= 0)
            return fail(v ? std::string("--") + name + " must be positive" : v.error().message);
        *target = *v;
    }
    auto options = engineOptionsFrom(*args, "QWEN3_VL_EMBED_BATCH_SIZE");
    if (!options)
        return fail(options.error().message);
    options->batchSize = static_cast<int>(std::max(textBatch, imageBatch));

    const auto loadStart = Clock::now();
    auto embedder = model::Embedder::load(*args->value("model"), *options);
    if (!embedder)
        return fail(embedder.error().message);
    const double loadSeconds = std::chrono::duration<double>(Clock::now() - loadStart).count();
    const auto &net = (*embedder)->bundle().model();
    const auto target = net.target();
    const double loadPeakGiB = peakMemoryGiB(target); // weights plus whatever loading touched

    // Text: random ordinary token ids (below the special-token range).
    std::mt19937 rng(7);
    std::uniform_int_distribution<int32_t> token(0, 150000);
    const auto makeSequences = [&](long long count, long long length) {
        std::vector<model::nn::SequenceInput> seqs(static_cast<size_t>(count));
        for (auto &s : seqs)
            for (long long i = 0; i < length; ++i)
                s.ids.push_back(token(rng));
        return seqs;
    };
    const auto textSeqs = makeSequences(textBatch, textTokens);
    const auto querySeq = makeSequences(1, queryTokens);
    const auto runSeqs = [&net](const std::vector<model::nn::SequenceInput> &seqs) {
        return [&net, &seqs]() -> model::Status {
            auto r = net.lastTokenStates(seqs);
            return r ? model::Status::success() : model::Status(r.error());
        };
    };
    resetPeakMemory(target);
    const auto textSeconds = medianSeconds(static_cast<int>(repeats), target, runSeqs(textSeqs));
    if (!textSeconds)
        return fail(textSeconds.error().message);
    const double textPeak = peakMemoryGiB(target);
    const auto querySeconds = medianSeconds(static_cast<int>(repeats) * 3, target, runSeqs(querySeq));
    if (!querySeconds)
        return fail(querySeconds.error().message);

    // Images: the whole path (resize, patchify, vision tower, decoder) through the embedder.
    std::vector<model::MultimodalInput> images(static_cast<size_t>(imageBatch));
    for (size_t i = 0; i < images.size(); ++i)
        images[i].images.push_back(syntheticImage(static_cast<int>(imageSize), static_cast<int>(i)));
    const auto embedImages = [&](size_t count) {
        return [&, count]() -> model::Status {
            auto r = (*embedder)->embed(std::span(images.data(), count));
            return r ? model::Status::success() : model::Status(r.error());
        };
    };
    resetPeakMemory(target);
    const auto image1 = medianSeconds(static_cast<int>(repeats), target, embedImages(1));
    if (!image1)
        return fail(image1.error().message);
    const auto imageN = medianSeconds(static_cast<int>(repeats), target, embedImages(images.size()));
    if (!imageN)
        return fail(imageN.error().message);
    const double imagePeak = peakMemoryGiB(target);

    const nlohmann::json out = {
        {"device", model::describe(target)},
        {"dtype_reason", target.dtypeReason},
        {"threads", at::get_num_threads()},
        {"load_seconds", loadSeconds},
        {"load_peak_memory_gib", loadPeakGiB},
        {"text",
         {{"batch", textBatch},
          {"tokens", textTokens},
          {"seconds", *textSeconds},
          {"tokens_per_second", double(textBatch * textTokens) / *textSeconds},
          {"peak_memory_gib", textPeak}}},
        {"query", {{"tokens", queryTokens}, {"latency_ms", *querySeconds * 1000}}},
        {"images",
         {{"size", imageSize},
          {"batch_1_images_per_second", 1.0 / *image1},
          {"batch_n", imageBatch},
          {"batch_n_images_per_second", double(imageBatch) / *imageN},
          {"peak_memory_gib", imagePeak}}},
    };
    if (args->has("json")) {
        printJson(out);
    } else {
        std::cout << "device " << out["device"].get<std::string>() << " (" << target.dtypeReason << "), "
                  << at::get_num_threads() << " threads, load " << loadSeconds << " s, peak " << loadPeakGiB
                  << " GiB\n"
                  << "text   " << textBatch << " x " << textTokens
                  << " tokens: " << out["text"]["tokens_per_second"].get<double>() << " tokens/s, peak "
                  << textPeak << " GiB\n"
                  << "query  " << queryTokens << " tokens: " << *querySeconds * 1000 << " ms\n"
                  << "images " << imageSize << "x" << imageSize << ": batch 1 " << 1.0 / *image1
                  << "/s, batch " << imageBatch << " " << double(imageBatch) / *imageN << "/s, peak "
                  << imagePeak << " GiB\n";
    }
    return 0;
}

} // namespace cortex::cli
