// The official prompt formats: rendered text equals the reference "prompt" of every case, and the
// instruction rule of the embedder.

#include "model/prompts.h"
#include "support/reference_data.h"

#include <doctest/doctest.h>

using namespace cortex;

namespace {

std::vector<int64_t> imageCounts(const nlohmann::json &names)
{
    std::vector<int64_t> counts;
    for (const auto &n : names)
        counts.push_back(test::reference()["images"][n.get<std::string>()]["image_tokens"].get<int64_t>());
    return counts;
}

std::optional<std::string> instructionOf(const nlohmann::json &c)
{
    if (c["instruction"].is_null())
        return std::nullopt;
    return c["instruction"].get<std::string>();
}

} // namespace

TEST_CASE("embedding prompts render as the reference")
{
    for (const auto &c : test::reference()["embedding"]) {
        CAPTURE(c["name"].get<std::string>());
        const auto text = c["text"].get<std::string>();
        const auto counts = imageCounts(c["images"]);
        const auto instruction = instructionOf(c);
        const auto prompt = model::embeddingPrompt(
            {text, counts}, instruction ? std::optional<std::string_view>(*instruction) : std::nullopt);
        CHECK(prompt.render() == c["prompt"].get<std::string>());
    }
}

TEST_CASE("rerank prompts render as the reference")
{
    for (const auto &c : test::reference()["rerank"]) {
        CAPTURE(c["name"].get<std::string>());
        const auto qText = c["query"]["text"].get<std::string>(),
                   dText = c["document"]["text"].get<std::string>();
        const auto q = imageCounts(c["query"]["images"]), d = imageCounts(c["document"]["images"]);
        const auto instruction = instructionOf(c);
        const auto prompt =
            model::rerankPrompt({qText, q}, {dText, d},
                                instruction ? std::optional<std::string_view>(*instruction) : std::nullopt);
        CHECK(prompt.render() == c["prompt"].get<std::string>());
    }
}

TEST_CASE("embedding instruction rule")
{
    struct Row {
        std::optional<std::string_view> in;
        std::string_view out;
    };
    const Row rows[] = {
        {std::nullopt, "Represent the user's input."},
        {"", "Represent the user's input."},
        {"Find charts", "Find charts."},
        {"  Find charts  \n", "Find charts."},
        {"Already done.", "Already done."},
        {"Question?", "Question?"},
        {"Chinese full stop\u3002", "Chinese full stop\u3002"},
        {"ends with a quote\u00bb", "ends with a quote\u00bb"},
        {"ends with a digit 5", "ends with a digit 5."},
        {"\u00a0nbsp padded\u3000", "nbsp padded."},
    };
    for (const auto &row : rows) {
        CAPTURE(std::string(row.in.value_or("<none>")));
        CHECK(model::normalizeEmbeddingInstruction(row.in) == row.out);
    }
}
