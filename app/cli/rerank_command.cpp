#include "commands.h"
#include "engine_arguments.h"
#include "json_output.h"

#include "model/reranker.h"

#include <iostream>

namespace cortex::cli {

int runRerank(const std::vector<std::string> &argv)
{
    auto specs = engineOptionSpecs();
    specs.push_back({"query-text", true, false, "query text"});
    specs.push_back({"query-image", true, true, "query image file"});
    specs.push_back({"doc-text", true, false, "document text"});
    specs.push_back({"doc-image", true, true, "document image file"});
    specs.push_back({"instruction", true, false, "instruction (default: Given a search query, ...)"});
    auto args = Arguments::parse(argv, specs);
    if (!args)
        return usageError(args.error().message);
    if (!args->has("model"))
        return usageError("rerank needs --model DIR\n" + usageOf(specs));
    auto options = engineOptionsFrom(*args, "QWEN3_VL_RERANK_BATCH_SIZE");
    if (!options)
        return fail(options.error().message);

    model::MultimodalInput query, document;
    query.text = args->valueOr("query-text", "");
    document.text = args->valueOr("doc-text", "");
    for (auto [input, option] : {std::pair{&query, "query-image"}, std::pair{&document, "doc-image"}}) {
        auto images = loadImages(args->values(option));
        if (!images)
            return fail(images.error().message);
        input->images = std::move(*images);
        input->imageNames = args->values(option);
    }

    auto reranker = model::Reranker::load(*args->value("model"), *options);
    if (!reranker)
        return fail(reranker.error().message);
    const auto instruction = args->value("instruction");
    const auto [queryText, documentText] =
        (*reranker)->fitTexts(query.text, document.text,
                              instruction ? std::optional<std::string_view>(*instruction) : std::nullopt);
    if (queryText.truncated)
        std::cerr << "cortex-cli: note: " << model::truncationNotice("the query text", queryText) << '\n';
    if (documentText.truncated)
        std::cerr << "cortex-cli: note: " << model::truncationNotice("the document text", documentText)
                  << '\n';
    auto scores =
        (*reranker)->score(query, std::span(&document, 1),
                           instruction ? std::optional<std::string_view>(*instruction) : std::nullopt);
    if (!scores)
        return fail(scores.error().message);
    const auto &s = (*scores)[0];
    if (args->has("json"))
        printJson({{"score", s.score}, {"logit", s.logit}});
    else
        std::cout << "score " << s.score << " (logit " << s.logit << ")\n";
    return 0;
}

} // namespace cortex::cli
