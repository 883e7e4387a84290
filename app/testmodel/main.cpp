// cortex-testmodel: writes a Qwen3-VL model folder whose weights are the fixture's formula weights
// (tests/data/qwen3vl/README.md), so tests and benchmarks get a checkpoint of any configured size
// without downloading one. Tensors are produced one at a time, so even an 8B-shaped model is written
// in bounded memory.

#include "model/config/model_config.h"
#include "model/weights/formula_weights.h"
#include "model/weights/safetensors_writer.h"
#include "model/weights/tensor_spec.h"

#include <bit>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace cortex::model;

namespace {

constexpr const char *kUsage = R"(Usage: cortex-testmodel --config DIR --seed N --tokenizer FILE --out DIR

Writes a Qwen3-VL model folder with formula weights (every tensor a pure function of its name,
shape and the seed; see tests/data/qwen3vl/README.md).

  --config DIR      folder with config.json and preprocessor_config.json
  --seed N          the formula's seed (a non-negative integer)
  --tokenizer FILE  tokenizer.json to copy (tokenizer_config.json beside it is copied too)
  --out DIR         output folder (created if missing)
  --help            show this help
)";

struct Options {
    fs::path configDir;
    uint64_t seed = 0;
    fs::path tokenizer;
    fs::path out;
};

// Thrown for any failure; main prints it as the one error line.
struct Failure {
    std::string message;
};

Options parseArguments(int argc, char **argv)
{
    Options options;
    bool haveConfig = false, haveSeed = false, haveTokenizer = false, haveOut = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            std::exit(0);
        }
        if (i + 1 >= argc)
            throw Failure{arg.rfind("--", 0) == 0 ? arg + " needs a value" : "unexpected argument " + arg};
        const std::string value = argv[++i];
        if (arg == "--config") {
            options.configDir = value;
            haveConfig = true;
        } else if (arg == "--seed") {
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), options.seed);
            if (ec != std::errc() || end != value.data() + value.size())
                throw Failure{"--seed must be a non-negative integer, got " + value};
            haveSeed = true;
        } else if (arg == "--tokenizer") {
            options.tokenizer = value;
            haveTokenizer = true;
        } else if (arg == "--out") {
            options.out = value;
            haveOut = true;
        } else {
            throw Failure{"unknown option " + arg + " (see --help)"};
        }
    }
    if (!haveConfig || !haveSeed || !haveTokenizer || !haveOut)
        throw Failure{"--config, --seed, --tokenizer and --out are all required (see --help)"};
    return options;
}

void copyFile(const fs::path &from, const fs::path &to)
{
    std::error_code ec;
    fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
    if (ec)
        throw Failure{"cannot copy " + from.string() + " to " + to.string() + ": " + ec.message()};
}

template <typename T> T orFail(Result<T> result)
{
    if (!result)
        throw Failure{result.error().message};
    return std::move(result).value();
}

// Fills one tensor; large ones are split between two threads (the formula is per element, so the
// halves are independent).
void fillTensor(const TensorSpec &spec, uint64_t seed, std::span<std::byte> out)
{
    static_assert(std::endian::native == std::endian::little, "safetensors data is little-endian");
    const std::span<uint16_t> values(reinterpret_cast<uint16_t *>(out.data()), out.size() / 2);
    const FormulaParams params = formulaParams(spec.name, spec.shape, seed);
    constexpr size_t kSplitAbove = size_t(1) << 20;
    if (values.size() < kSplitAbove) {
        fillFormulaRangeBf16(params, 0, values);
        return;
    }
    const size_t half = values.size() / 2;
    std::thread second([&] { fillFormulaRangeBf16(params, half, values.subspan(half)); });
    fillFormulaRangeBf16(params, 0, values.first(half));
    second.join();
}

void run(const Options &options)
{
    const fs::path configFile = options.configDir / "config.json";
    const fs::path preprocessorFile = options.configDir / "preprocessor_config.json";
    const ModelConfig config = orFail(loadModelConfig(configFile));
    orFail(loadPreprocessorConfig(preprocessorFile)); // only validated: the file is copied as it is
    if (!fs::is_regular_file(options.tokenizer))
        throw Failure{"tokenizer file " + options.tokenizer.string() + " does not exist"};

    std::error_code ec;
    fs::create_directories(options.out, ec);
    if (ec)
        throw Failure{"cannot create " + options.out.string() + ": " + ec.message()};
    copyFile(configFile, options.out / "config.json");
    copyFile(preprocessorFile, options.out / "preprocessor_config.json");
    copyFile(options.tokenizer, options.out / "tokenizer.json");
    const fs::path tokenizerConfig = options.tokenizer.parent_path() / "tokenizer_config.json";
    if (fs::is_regular_file(tokenizerConfig))
        copyFile(tokenizerConfig, options.out / "tokenizer_config.json");

    const std::vector<TensorSpec> specs = qwen3vlTensorSpecs(config);
    std::vector<TensorHeader> headers;
    uint64_t totalBytes = 0;
    for (const auto &spec : specs) {
        headers.push_back({spec.name, DType::BF16, spec.shape});
        totalBytes += uint64_t(elementCount(spec.shape)) * 2;
    }
    const fs::path modelFile = options.out / "model.safetensors";
    std::cerr << "cortex-testmodel: writing " << specs.size() << " tensors ("
              << totalBytes / (1024.0 * 1024.0) << " MiB) to " << modelFile.string() << "\n";

    uint64_t written = 0;
    int reportedPercent = 0;
    const Status status = writeSafetensors(modelFile, headers, [&](size_t index, std::span<std::byte> out) {
        fillTensor(specs[index], options.seed, out);
        written += out.size();
        // Reports in 10% steps: a tiny model prints a few lines, an 8B one shows it is alive.
        const int percent = totalBytes == 0 ? 100 : int(written * 100 / totalBytes);
        if (percent / 10 > reportedPercent / 10) {
            reportedPercent = percent;
            std::cerr << "cortex-testmodel: " << percent << "%\n";
        }
    });
    if (!status)
        throw Failure{status.error().message};
    std::cerr << "cortex-testmodel: done\n";
}

} // namespace

int main(int argc, char **argv)
{
    try {
        run(parseArguments(argc, argv));
        return 0;
    } catch (const Failure &failure) {
        std::cerr << "cortex-testmodel: " << failure.message << "\n";
    } catch (const std::exception &e) {
        std::cerr << "cortex-testmodel: " << e.what() << "\n";
    }
    return 1;
}
