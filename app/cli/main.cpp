// cortex-cli: everything Cortex does, headless. This build holds the engine commands; the library
// commands (ingest, search, ...) join when core/ grows them.

#include "commands.h"

#include <cstring>
#include <iostream>
#include <map>

namespace cortex::cli {

int fail(const std::string &message)
{
    std::cerr << "cortex-cli: error: " << message << '\n';
    return 1;
}

int usageError(const std::string &message)
{
    std::cerr << "cortex-cli: " << message << "\n(run cortex-cli --help for the commands)\n";
    return 2;
}

} // namespace cortex::cli

namespace {

const char *kUsage = R"(usage: cortex-cli COMMAND [OPTIONS]

Commands:
  tokenize       --model DIR --text TEXT [--json]
  embed          --model DIR [--text TEXT] [--image PATH]... [--instruction TEXT] [--dim N]
                 [--device auto|cpu|cuda] [--dtype auto|float32|bfloat16] [--json]
  rerank         --model DIR [--query-text TEXT] [--query-image PATH]... [--doc-text TEXT]
                 [--doc-image PATH]... [--instruction TEXT] [--device ...] [--dtype ...] [--json]
  inspect-model  --model DIR [--json]
  bench          --model DIR [--device ...] [--dtype ...] (see cortex-cli bench --help)

A model folder is an unmodified Hugging Face snapshot of Qwen/Qwen3-VL-Embedding-2B/8B or
Qwen/Qwen3-VL-Reranker-2B/8B (config.json, *.safetensors, tokenizer.json, preprocessor_config.json).
)";

} // namespace

int main(int argc, char **argv)
{
    using namespace cortex::cli;
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        std::cout << kUsage;
        return argc < 2 ? 2 : 0;
    }
    const std::map<std::string, int (*)(const std::vector<std::string> &)> commands = {
        {"tokenize", runTokenize},          {"embed", runEmbed}, {"rerank", runRerank},
        {"inspect-model", runInspectModel}, {"bench", runBench},
    };
    const auto it = commands.find(argv[1]);
    if (it == commands.end())
        return usageError(std::string("unknown command '") + argv[1] + "'");
    const std::vector<std::string> args(argv + 2, argv + argc);
    try {
        return it->second(args);
    } catch (const std::exception &e) {
        // The engine reports errors as values; this only catches what escaped a library (bad_alloc, ...).
        return fail(e.what());
    }
}
