#include "arguments.h"
#include "commands.h"
#include "json_output.h"

#include "model/tokenizer/tokenizer.h"

#include <filesystem>
#include <iostream>

namespace cortex::cli {

int runTokenize(const std::vector<std::string> &argv)
{
    const std::vector<OptionSpec> specs = {
        {"model", true, false, "model folder (its tokenizer.json is used)"},
        {"text", true, false, "text to encode (special tokens written inline become their ids)"},
        {"json", false, false, "print {\"ids\": [...]}"},
    };
    auto args = Arguments::parse(argv, specs);
    if (!args)
        return usageError(args.error().message);
    if (!args->has("model") || !args->has("text"))
        return usageError("tokenize needs --model DIR and --text TEXT\n" + usageOf(specs));
    const std::filesystem::path dir = *args->value("model");
    auto tokenizer = model::Tokenizer::loadFromFile(dir / "tokenizer.json");
    if (!tokenizer)
        return fail(tokenizer.error().message);
    const auto ids = (*tokenizer)->encode(*args->value("text"));
    if (args->has("json")) {
        printJson({{"ids", ids}});
    } else {
        for (size_t i = 0; i < ids.size(); ++i)
            std::cout << (i ? " " : "") << ids[i];
        std::cout << '\n';
    }
    return 0;
}

} // namespace cortex::cli
