#include "commands.h"
#include "engine_arguments.h"
#include "json_output.h"

#include "model/embedder.h"

#include <cstdlib>
#include <iostream>

namespace cortex::cli {

int runEmbed(const std::vector<std::string> &argv)
{
    auto specs = engineOptionSpecs();
    specs.push_back({"text", true, false, "text to embed"});
    specs.push_back({"image", true, true, "image file to embed (PNG, JPEG, BMP, GIF, ...)"});
    specs.push_back({"instruction", true, false, "instruction (default: Represent the user's input.)"});
    specs.push_back(
        {"dim", true, false, "Matryoshka dimension (default: QWEN3_VL_MRL_DIM or the full width)"});
    auto args = Arguments::parse(argv, specs);
    if (!args)
        return usageError(args.error().message);
    if (!args->has("model"))
        return usageError("embed needs --model DIR\n" + usageOf(specs));

    auto options = engineOptionsFrom(*args, "QWEN3_VL_EMBED_BATCH_SIZE");
    if (!options)
        return fail(options.error().message);
    long long dimDefault = 0;
    if (const char *env = std::getenv("QWEN3_VL_MRL_DIM"); env && *env)
        dimDefault = std::atoll(env);
    const auto dim = args->integer("dim", dimDefault);
    if (!dim)
        return fail(dim.error().message);

    model::MultimodalInput input;
    input.text = args->valueOr("text", "");
    auto images = loadImages(args->values("image"));
    if (!images)
        return fail(images.error().message);
    input.images = std::move(*images);
    input.imageNames = args->values("image");

    auto embedder = model::Embedder::load(*args->value("model"), *options);
    if (!embedder)
        return fail(embedder.error().message);
    const auto instruction = args->value("instruction");
    const std::optional<std::string_view> instructionView =
        instruction ? std::optional<std::string_view>(*instruction) : std::nullopt;
    if (const auto fitted = (*embedder)->fitText(input.text, instructionView); fitted.truncated)
        std::cerr << "cortex-cli: note: " << model::truncationNotice("the text", fitted) << '\n';
    auto result =
        (*embedder)->embed(std::span(&input, 1),
                           instruction ? std::optional<std::string_view>(*instruction) : std::nullopt, *dim);
    if (!result)
        return fail(result.error().message);
    const auto &embedding = (*result)[0];
    if (args->has("json")) {
        printJson({{"embedding", embedding}, {"dim", embedding.size()}});
    } else {
        std::cout << "dimension " << embedding.size() << ", device "
                  << model::describe((*embedder)->bundle().model().target()) << "\n";
        for (size_t i = 0; i < embedding.size(); ++i)
            std::cout << embedding[i] << ((i + 1) % 8 == 0 || i + 1 == embedding.size() ? '\n' : ' ');
    }
    return 0;
}

} // namespace cortex::cli
