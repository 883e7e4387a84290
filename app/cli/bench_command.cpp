// cortex-cli bench: throughput and latency of the embedder on the current machine. It prints figures;
// it asserts nothing (speed goals are read off its output, never checked in tests).

#include "commands.h"
#include "engine_arguments.h"
#include "json_output.h"

#include "model/embedder.h"
#include "model/nn/blas_threads.h"
#include "model/nn/cpu_kernels.h"
#include "model/nn/int8_linear.h"

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
#include <sstream>
#include <sys/resource.h>

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

// One figure: the median wall time of `repeats` timed calls after one warm-up call, and the CPU time
// (user and system, the whole process) per call over all of them.
struct Timing {
    double seconds = 0;
    double userSeconds = 0;
    double systemSeconds = 0;
};

double cpuSeconds(const timeval &t)
{
    return double(t.tv_sec) + double(t.tv_usec) * 1e-6;
}

template <typename Fn> model::Result<Timing> measure(int repeats, const model::ComputeTarget &target, Fn &&fn)
{
    std::vector<double> times;
    rusage before{}, after{};
    getrusage(RUSAGE_SELF, &before);
    for (int i = 0; i <= repeats; ++i) {
        synchronize(target);
        const auto start = Clock::now();
        if (auto status = fn(); !status)
            return status.error();
        synchronize(target);
        if (i > 0)
            times.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    }
    getrusage(RUSAGE_SELF, &after);
    std::sort(times.begin(), times.end());
    const double calls = repeats + 1;
    return Timing{times[times.size() / 2], (cpuSeconds(after.ru_utime) - cpuSeconds(before.ru_utime)) / calls,
                  (cpuSeconds(after.ru_stime) - cpuSeconds(before.ru_stime)) / calls};
}

// Best of a few timed calls of `product` (after a warm-up: threads, packing buffers, kernels), as
// GFLOP/s of `flops` per call.
template <typename Product>
double bestRateGflops(const model::ComputeTarget &target, double flops, const Product &product)
{
    product();
    double best = 1e30;
    for (int i = 0; i < 4; ++i) {
        synchronize(target);
        const auto start = Clock::now();
        product();
        synchronize(target);
        best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
    }
    return flops / best / 1e9;
}

// The machine's matrix-multiply peak in `dtype` on the threads in use: the best of a few square
// products large enough to reach it (GFLOP/s, 2 n^3 per product).
double matmulPeakGflops(const model::ComputeTarget &target, c10::ScalarType dtype)
{
    const int64_t n = target.device.is_cuda() ? 8192 : 2048;
    const auto options = at::TensorOptions().device(target.device).dtype(dtype);
    const auto a = at::randn({n, n}, options), b = at::randn({n, n}, options);
    return bestRateGflops(target, 2.0 * double(n) * double(n) * double(n), [&] { (void)at::matmul(a, b); });
}

// The int8 linear layers' peak: the same square product through Int8Weight, as the engine runs it
// (the activations quantised per call), in GOP/s. An int8 model's figures are compared with this one,
// not with a floating-point peak it is not limited by.
double int8PeakGops(const model::ComputeTarget &target)
{
    const int64_t n = 2048;
    const auto weight = model::nn::Int8Weight::quantize(at::randn({n, n}), at::Tensor());
    const auto x = at::randn({n, n});
    return bestRateGflops(target, 2.0 * double(n) * double(n) * double(n), [&] { (void)weight->apply(x); });
}

// Floating-point operations of the matrix products (2 per multiply-add) that the engine performs for
// a batch of `sequences` sequences of `length` tokens, `imagePatches` of which per sequence come from
// one image of patchesPerImage patches (0: text only). Norms, activations and rotary are left out (a
// few percent). The last layer works on the pooled row only, as the engine does.
double textFlops(const model::TextConfig &t, double sequences, double length)
{
    const double h = double(t.hiddenSize), hd = double(t.headDim), heads = double(t.numAttentionHeads),
                 kv = double(t.numKeyValueHeads), inter = double(t.intermediateSize);
    const double perRowQ = 2 * h * heads * hd, perRowKv = 2 * h * 2 * kv * hd, perRowO = 2 * heads * hd * h;
    const double perRowMlp = 2 * h * 2 * inter + 2 * inter * h;
    const double causalAttention = 2 * 2 * heads * hd * length * (length + 1) / 2; // QK^T and PV, keys <= row
    const double layer = length * (perRowQ + perRowKv + perRowO + perRowMlp) + causalAttention;
    const double last = length * perRowKv + perRowQ + perRowO + perRowMlp + 2 * 2 * heads * hd * length;
    return sequences * (double(t.numHiddenLayers - 1) * layer + last);
}

double visionFlops(const model::VisionConfig &v, double patches)
{
    const double d = double(v.hiddenSize), inter = double(v.intermediateSize);
    const double patchIn = double(v.inChannels * v.temporalPatchSize * v.patchSize * v.patchSize);
    const double merge = double(v.spatialMergeSize * v.spatialMergeSize);
    const double block =
        patches * (2 * d * 3 * d + 2 * d * d + 2 * 2 * d * inter) + 2 * 2 * patches * patches * d;
    const double merger =
        (patches / merge) * (2 * (merge * d) * (merge * d) + 2 * (merge * d) * double(v.outHiddenSize));
    return patches * 2 * patchIn * d + double(v.depth) * block +
           double(1 + v.deepstackVisualIndexes.size()) * merger;
}

model::Image syntheticImage(int width, int height, int seed)
{
    model::Image image{width, height, 3, std::vector<uint8_t>(size_t(width) * height * 3)};
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            uint8_t *p = &image.pixels[(size_t(y) * width + x) * 3];
            p[0] = uint8_t(x * 255 / width);
            p[1] = uint8_t(y * 255 / height);
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
    specs.push_back(
        {"page-width", true, false, "width of the page-image figure (default 1280; 0: no page figure)"});
    specs.push_back({"page-height", true, false, "height of the page-image figure (default 990)"});
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
    const auto pageWidth = args->integer("page-width", 1280);
    const auto pageHeight = args->integer("page-height", 990);
    for (const auto *v : {&pageWidth, &pageHeight})
        if (!*v || **v < 0 || **v > 16384)
            return fail(*v ? std::string("--page-width and --page-height must be between 0 and 16384")
                           : v->error().message);
    const bool pageFigure = *pageWidth > 0 && *pageHeight > 0;
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
    const auto &config = net.config();
    const auto target = net.target();
    const double loadPeakGiB = peakMemoryGiB(target); // weights plus whatever loading touched

    // The limit: this machine's matrix-multiply peak in both dtypes on the threads in use.
    // float32 on every thread, whatever OpenBLAS was left with for the model's dtype (nn/blas_threads.h).
    model::nn::setBlasThreads(at::get_num_threads());
    const double peakFloat32 = matmulPeakGflops(target, c10::kFloat);
    model::nn::setBlasThreadsFor(target);
    const double peakBFloat16 = matmulPeakGflops(target, c10::kBFloat16);
    const double peakInt8 = target.int8 ? int8PeakGops(target) : 0.0;
    const double peak = target.int8 ? peakInt8 : target.dtype == c10::kBFloat16 ? peakBFloat16 : peakFloat32;

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
    const auto text = measure(static_cast<int>(repeats), target, runSeqs(textSeqs));
    if (!text)
        return fail(text.error().message);
    const double textPeak = peakMemoryGiB(target);
    const auto query = measure(static_cast<int>(repeats) * 3, target, runSeqs(querySeq));
    if (!query)
        return fail(query.error().message);

    // Images: the whole path (resize, patchify, vision tower, decoder) through the embedder.
    std::vector<model::MultimodalInput> images(static_cast<size_t>(imageBatch));
    for (size_t i = 0; i < images.size(); ++i)
        images[i].images.push_back(
            syntheticImage(static_cast<int>(imageSize), static_cast<int>(imageSize), static_cast<int>(i)));
    const auto embedImages = [&](const model::MultimodalInput *inputs, size_t count) {
        return [&embedder, inputs, count]() -> model::Status {
            auto r = (*embedder)->embed(std::span(inputs, count));
            return r ? model::Status::success() : model::Status(r.error());
        };
    };
    // The model's work for one input: its vision tower and its prompt through the decoder.
    const auto inputFlops = [&](const model::MultimodalInput &input) -> double {
        const auto ids = (*embedder)->inputIds(input);
        const auto processed = (*embedder)->bundle().processImages(input);
        if (!ids || !processed)
            return 0;
        double flops = textFlops(config.text, 1, double(ids->size()));
        for (const auto &image : *processed)
            flops += visionFlops(config.vision, double(image.rows));
        return flops;
    };
    resetPeakMemory(target);
    const auto image1 = measure(static_cast<int>(repeats), target, embedImages(images.data(), 1));
    if (!image1)
        return fail(image1.error().message);
    const auto imageN = measure(static_cast<int>(repeats), target, embedImages(images.data(), images.size()));
    if (!imageN)
        return fail(imageN.error().message);
    const double imagePeak = peakMemoryGiB(target);
    const double imageFlops = inputFlops(images[0]);

    // One rendered PDF page (1280x990 at the default): the page-image path of ingestion.
    model::MultimodalInput page;
    model::Result<Timing> pageTiming = Timing{};
    double pagePeak = 0, pageFlops = 0;
    if (pageFigure) {
        page.images.push_back(syntheticImage(static_cast<int>(*pageWidth), static_cast<int>(*pageHeight), 1));
        resetPeakMemory(target);
        pageTiming =
            measure(static_cast<int>(std::min<long long>(repeats, 1)), target, embedImages(&page, 1));
        if (!pageTiming)
            return fail(pageTiming.error().message);
        pagePeak = peakMemoryGiB(target);
        pageFlops = inputFlops(page);
    }

    const double textFlopsPerRun = textFlops(config.text, double(textBatch), double(textTokens));
    const double queryFlopsPerRun = textFlops(config.text, 1, double(queryTokens));
    const auto figure = [peak](const Timing &t, double flops) {
        const double gflops = flops / t.seconds / 1e9;
        return nlohmann::json{{"seconds", t.seconds},
                              {"user_cpu_seconds", t.userSeconds},
                              {"system_cpu_seconds", t.systemSeconds},
                              {"gflops", flops / 1e9},
                              {"effective_gflops_per_second", gflops},
                              {"fraction_of_peak", gflops / peak}};
    };
    nlohmann::json out = {
        {"device", model::describe(target)},
        {"dtype_reason", target.dtypeReason},
        {"kernels", model::selectCpuKernels().reason},
        {"threads", at::get_num_threads()},
        {"matmul_peak_gflops_per_second", {{"float32", peakFloat32}, {"bfloat16", peakBFloat16}}},
        {"load_seconds", loadSeconds},
        {"load_peak_memory_gib", loadPeakGiB},
        {"text",
         {{"batch", textBatch},
          {"tokens", textTokens},
          {"tokens_per_second", double(textBatch * textTokens) / text->seconds},
          {"peak_memory_gib", textPeak}}},
        {"query", {{"tokens", queryTokens}, {"latency_ms", query->seconds * 1000}}},
        {"images",
         {{"size", imageSize},
          {"batch_1_images_per_second", 1.0 / image1->seconds},
          {"batch_n", imageBatch},
          {"batch_n_images_per_second", double(imageBatch) / imageN->seconds},
          {"peak_memory_gib", imagePeak}}},
    };
    out["text"].update(figure(*text, textFlopsPerRun));
    out["query"].update(figure(*query, queryFlopsPerRun));
    out["images"]["batch_1"] = figure(*image1, imageFlops);
    out["images"]["batch_n_figure"] = figure(*imageN, imageFlops * double(imageBatch));
    if (target.int8)
        out["matmul_peak_gflops_per_second"]["int8"] = peakInt8;
    if (pageFigure) {
        out["page_image"] = figure(*pageTiming, pageFlops);
        out["page_image"]["width"] = *pageWidth;
        out["page_image"]["height"] = *pageHeight;
        out["page_image"]["peak_memory_gib"] = pagePeak;
    }
    if (args->has("json")) {
        printJson(out);
        return 0;
    }
    const auto line = [](const Timing &t, double flops, double peakGflops) {
        const double gflops = flops / t.seconds / 1e9;
        std::ostringstream s;
        s.precision(3);
        s << gflops << " GFLOP/s (" << 100 * gflops / peakGflops << "% of peak), CPU user " << t.userSeconds
          << " s, system " << t.systemSeconds << " s per run";
        return s.str();
    };
    std::cout << "device " << out["device"].get<std::string>() << " (" << target.dtypeReason << "), "
              << at::get_num_threads() << " threads, load " << loadSeconds << " s, peak " << loadPeakGiB
              << " GiB\n"
              << "kernels " << model::selectCpuKernels().reason << "\n"
              << "matmul peak: float32 " << peakFloat32 << " GFLOP/s, bfloat16 " << peakBFloat16 << " GFLOP/s"
              << (target.int8 ? ", int8 " + std::to_string(int(peakInt8)) + " GOP/s (the figures' peak)"
                              : std::string())
              << "\n"
              << "text   " << textBatch << " x " << textTokens << " tokens: " << text->seconds << " s, "
              << out["text"]["tokens_per_second"].get<double>() << " tokens/s, peak " << textPeak << " GiB\n"
              << "       " << line(*text, textFlopsPerRun, peak) << "\n"
              << "query  " << queryTokens << " tokens: " << query->seconds * 1000 << " ms\n"
              << "       " << line(*query, queryFlopsPerRun, peak) << "\n"
              << "images " << imageSize << "x" << imageSize << ": batch 1 " << image1->seconds << " s ("
              << 1.0 / image1->seconds << "/s), batch " << imageBatch << " "
              << double(imageBatch) / imageN->seconds << "/s, peak " << imagePeak << " GiB\n"
              << "       batch 1: " << line(*image1, imageFlops, peak) << "\n"
              << "       batch " << imageBatch << ": " << line(*imageN, imageFlops * double(imageBatch), peak)
              << "\n";
    if (pageFigure)
        std::cout << "page   " << *pageWidth << "x" << *pageHeight << ": " << pageTiming->seconds
                  << " s, peak " << pagePeak << " GiB\n"
                  << "       " << line(*pageTiming, pageFlops, peak) << "\n";
    return 0;
}

} // namespace cortex::cli
