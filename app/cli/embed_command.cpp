#include "commands.h"
#include "engine_arguments.h"
#include "json_output.h"

#include "model/embedder.h"
#include "model/prompts.h"

#ifdef CORTEX_WITH_LIBRARY
#include "remote/remote_encoder.h"

#include <QCoreApplication>
#include <QString>
#endif

#include <cstdlib>
#include <iostream>

namespace cortex::cli {
namespace {

#ifdef CORTEX_WITH_LIBRARY
// embed --model-url: the same input through a vLLM server, with the same prompt, so that the two can be
// compared number by number (docs/SERVING.md).
int embedRemote(const Arguments &args, model::MultimodalInput input, int dim)
{
    // Qt's network access runs in an event loop, which needs an application object; the engine's
    // commands make none.
    static int argc = 1;
    static char name[] = "cortex-cli";
    static char *argv[] = {name, nullptr};
    QCoreApplication app(argc, argv);
    remote::RemoteEndpoint endpoint;
    endpoint.url = QString::fromStdString(args.valueOr("model-url", ""));
    endpoint.model = QString::fromStdString(args.valueOr("model-name", ""));
    endpoint.token = QString::fromStdString(args.valueOr("model-token", ""));
    if (endpoint.token.isEmpty())
        endpoint.token = qEnvironmentVariable("CORTEX_MODEL_TOKEN");
    auto encoder = remote::RemoteEncoder::connect(endpoint, dim);
    if (!encoder)
        return fail(encoder.error().message);
    embedding::EncodeInput one{std::move(input.text), std::move(input.images), "the input", {}};
    const auto instruction = args.value("instruction");
    auto result = (*encoder)->embedWithInstruction(
        std::span(&one, 1), instruction ? model::normalizeEmbeddingInstruction(*instruction)
                                        : (*encoder)->identity().instruction);
    if (!result)
        return fail(result.error().message);
    const auto &embedding = (*result)[0];
    if (args.has("json")) {
        printJson({{"embedding", embedding}, {"dim", embedding.size()}});
    } else {
        std::cout << "dimension " << embedding.size() << ", served by " << endpoint.url.toStdString() << "\n";
        for (size_t i = 0; i < embedding.size(); ++i)
            std::cout << embedding[i] << ((i + 1) % 8 == 0 || i + 1 == embedding.size() ? '\n' : ' ');
    }
    return 0;
}
#endif

} // namespace

int runEmbed(const std::vector<std::string> &argv)
{
    auto specs = engineOptionSpecs();
    specs.push_back({"text", true, false, "text to embed"});
    specs.push_back({"image", true, true, "image file to embed (PNG, JPEG, BMP, GIF, ...)"});
    specs.push_back({"instruction", true, false, "instruction (default: Represent the user's input.)"});
    specs.push_back(
        {"dim", true, false, "Matryoshka dimension (default: QWEN3_VL_MRL_DIM or the full width)"});
#ifdef CORTEX_WITH_LIBRARY
    specs.push_back({"model-url", true, false, "a vLLM server serving the model, instead of --model"});
    specs.push_back({"model-name", true, false, "the served model's name (default: the only one served)"});
    specs.push_back({"model-token", true, false, "the server's API key (default: CORTEX_MODEL_TOKEN)"});
#endif
    auto args = Arguments::parse(argv, specs);
    if (!args)
        return usageError(args.error().message);
    if (!args->has("model") && !args->has("model-url"))
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

#ifdef CORTEX_WITH_LIBRARY
    if (args->has("model-url"))
        return embedRemote(*args, std::move(input), int(*dim));
#endif
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
