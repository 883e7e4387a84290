// Rerank logits and scores of the tiny-a model against the Hugging Face reference.

#include "support/tiny_model.h"

#include <doctest/doctest.h>

#include <cmath>

using namespace cortex;

namespace {

const model::Reranker &reranker()
{
    static const auto loaded = model::Reranker::load(test::tinyAModelDir(), test::tinyAOptions());
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().message));
    return **loaded;
}

std::optional<std::string_view> view(const std::optional<std::string> &s)
{
    return s ? std::optional<std::string_view>(*s) : std::nullopt;
}

} // namespace

TEST_CASE("every reference rerank case matches transformers")
{
    for (const auto &c : test::reference()["rerank"]) {
        const auto name = c["name"].get<std::string>();
        CAPTURE(name);
        const auto query = test::fixtureInput(c["query"]);
        const auto document = test::fixtureInput(c["document"]);
        const auto instruction = test::instructionOf(c);

        const auto ids = reranker().inputIds(query, document, view(instruction));
        REQUIRE(ids.ok());
        CHECK(*ids == c["input_ids"].get<std::vector<int32_t>>());

        const auto scores = reranker().score(query, std::span(&document, 1), view(instruction));
        REQUIRE_MESSAGE(scores.ok(), (scores.ok() ? std::string() : scores.error().message));
        const double logit = (*scores)[0].logit, expected = c["logit"].get<double>();
        const bool resized =
            test::usesResizedImage(c["query"]["images"]) || test::usesResizedImage(c["document"]["images"]);
        MESSAGE(name << ": logit " << logit << " reference " << expected
                     << " |d|=" << std::abs(logit - expected));
        const double tolerance = test::rerankLogitTolerance(resized);
        CHECK(std::abs(logit - expected) <= tolerance);
        // sigmoid' <= 1/4, so the score is at least four times closer than the logit.
        CHECK(std::abs((*scores)[0].score - c["score"].get<double>()) <= tolerance / 4);
    }
}

TEST_CASE("scoring documents in one batch equals scoring them one by one")
{
    const auto &cases = test::reference()["rerank"];
    const auto query = test::fixtureInput(cases[0]["query"]);
    std::vector<model::MultimodalInput> documents;
    for (const auto &c : cases)
        documents.push_back(test::fixtureInput(c["document"]));
    const auto batched = reranker().score(query, documents);
    REQUIRE(batched.ok());
    for (size_t i = 0; i < documents.size(); ++i) {
        const auto single = reranker().score(query, std::span(&documents[i], 1));
        REQUIRE(single.ok());
        CHECK(std::abs((*batched)[i].logit - (*single)[0].logit) <= (test::testsInInt8()
                                                                         ? test::kInt8LogitTolerance
                                                                     : test::testsInBFloat16() ? 0.05
                                                                                               : 1e-4));
    }
    // The relevant document must not tie with the others (the prototype's all-1.0 failure).
    CHECK((*batched)[0].score != (*batched)[1].score);
}
