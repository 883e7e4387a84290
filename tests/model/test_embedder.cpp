// Embeddings of the tiny-a model against the Hugging Face reference (tests/data/qwen3vl/README.md has
// the tolerances): every case, the token ids, MRL truncation, and padded batches.

#include "support/tiny_model.h"

#include <ATen/ATen.h>
#include <doctest/doctest.h>

#include <algorithm>

using namespace cortex;

namespace {

const model::Embedder &embedder()
{
    static const auto loaded = model::Embedder::load(test::tinyAModelDir(), test::tinyAOptions());
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().message));
    return **loaded;
}

std::optional<std::string_view> view(const std::optional<std::string> &s)
{
    return s ? std::optional<std::string_view>(*s) : std::nullopt;
}

} // namespace

// The API's usage counts (Embedder::promptTokens) skip the images' pixel work; they must still count
// exactly the ids transformers tokenized for every case (text, images, both, instructions).
TEST_CASE("prompt token counts equal the reference token ids' count")
{
    for (const auto &c : test::reference()["embedding"]) {
        const auto name = c["name"].get<std::string>();
        CAPTURE(name);
        const auto input = test::fixtureInput(c);
        const auto instruction = test::instructionOf(c);
        const auto count = embedder().promptTokens(input, view(instruction));
        REQUIRE(count.ok());
        CHECK(*count == int64_t(c["input_ids"].get<std::vector<int32_t>>().size()));
    }
}

TEST_CASE("every reference embedding case matches transformers")
{
    for (const auto &c : test::reference()["embedding"]) {
        const auto name = c["name"].get<std::string>();
        CAPTURE(name);
        const auto input = test::fixtureInput(c);
        const auto instruction = test::instructionOf(c);

        const auto ids = embedder().inputIds(input, view(instruction));
        REQUIRE(ids.ok());
        CHECK(*ids == c["input_ids"].get<std::vector<int32_t>>());

        const auto result = embedder().embed(std::span(&input, 1), view(instruction));
        REQUIRE_MESSAGE(result.ok(), (result.ok() ? std::string() : result.error().message));
        const auto expected = test::jsonToFloats(c["embedding"]);
        const auto diff = test::compareVectors((*result)[0], expected);
        MESSAGE(name << ": " << diff.describe());
        CHECK(test::embeddingMatches(diff, test::usesResizedImage(c["images"])));

        for (const auto &[dimText, mrl] : c["mrl"].items()) {
            const auto dim = std::stoll(dimText);
            const auto truncated = embedder().embed(std::span(&input, 1), view(instruction), dim);
            REQUIRE(truncated.ok());
            const auto mrlDiff = test::compareVectors((*truncated)[0], test::jsonToFloats(mrl));
            MESSAGE(name << " mrl " << dim << ": " << mrlDiff.describe());
            CHECK(test::embeddingMatches(mrlDiff, test::usesResizedImage(c["images"])));
        }
    }
}

TEST_CASE("the whole last hidden state of text_short matches")
{
    const auto &c = test::reference()["embedding"][0];
    REQUIRE(c["name"] == "text_short");
    const auto input = test::fixtureInput(c);
    const auto prepared = embedder().inputIds(input);
    REQUIRE(prepared.ok());
    model::PreparedSequence sequence{*prepared, {}};
    const auto view = sequence.view();
    const auto hidden = embedder().bundle().model().forward(std::span(&view, 1));
    REQUIRE(hidden.ok());
    const auto flat = hidden->to(at::kFloat).cpu().contiguous();
    const std::vector<float> actual(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
    const auto expected = test::jsonToFloats(c["last_hidden_state"]);
    double scale = 1;
    for (float v : expected)
        scale = std::max(scale, double(std::abs(v)));
    const auto diff = test::compareVectors(actual, expected);
    MESSAGE("last_hidden_state: " << diff.describe() << " (largest |value| " << scale << ")");
    if (test::testsApproximate())
        CHECK(diff.cosine >= 0.99);
    else
        CHECK(diff.maxAbs <= 1e-4 * scale);
}

TEST_CASE("a padded mixed batch equals one input at a time")
{
    std::vector<model::MultimodalInput> inputs;
    for (const auto &c : test::reference()["embedding"])
        if (!test::instructionOf(c))
            inputs.push_back(test::fixtureInput(c));
    REQUIRE(inputs.size() >= 6);
    const auto batched = embedder().embed(inputs);
    REQUIRE(batched.ok());
    double worst = 0, lowestCosine = 1;
    for (size_t i = 0; i < inputs.size(); ++i) {
        const auto single = embedder().embed(std::span(&inputs[i], 1));
        REQUIRE(single.ok());
        const auto diff = test::compareVectors((*batched)[i], (*single)[0]);
        worst = std::max(worst, diff.maxAbs);
        lowestCosine = std::min(lowestCosine, diff.cosine);
        CHECK(test::batchMatchesSingle(diff));
    }
    MESSAGE("batch vs single: max|d| = " << worst << ", lowest cosine " << lowestCosine << " over "
                                         << inputs.size() << " inputs");
}

TEST_CASE("dimension outside the model's width is an error")
{
    model::MultimodalInput input{"hello", {}, {}, {}};
    const auto tooWide = embedder().embed(std::span(&input, 1), std::nullopt, embedder().dimension() + 1);
    REQUIRE_FALSE(tooWide.ok());
    CHECK(tooWide.error().message.find("dimension") != std::string::npos);
}

TEST_CASE("special-token text in user input stays text")
{
    // A document that contains "<|image_pad|>" must not be mistaken for an image placeholder.
    model::MultimodalInput input{"see <|image_pad|> here", {}, {}, {}};
    const auto ids = embedder().inputIds(input);
    REQUIRE(ids.ok());
    CHECK(std::count(ids->begin(), ids->end(), 151655) == 0);
    const auto result = embedder().embed(std::span(&input, 1));
    CHECK(result.ok());
}

// Issue 9: a 100 KB query tried to allocate 132 GB. Text is cut to the model's context (the official
// max_length, 8192 tokens with the prompt) before it is tokenized whole, keeping the prompt's end.
TEST_CASE("a text longer than the model's context is cut to it, keeping the prompt's end")
{
    std::string text;
    for (int i = 0; text.size() < 200'000; ++i)
        text += "word" + std::to_string(i % 97) + (i % 11 == 0 ? ". " : " ");
    const model::FittedText fitted = embedder().fitText(text);
    CHECK(fitted.truncated);
    CHECK(fitted.tokens < model::kMaxInputTokens);
    CHECK(fitted.tokens > model::kMaxInputTokens - 64);
    CHECK(text.starts_with(fitted.text));

    model::MultimodalInput input{text, {}, {}, {}};
    const auto ids = embedder().inputIds(input);
    REQUIRE(ids.ok());
    CHECK(int64_t(ids->size()) <= model::kMaxInputTokens);
    CHECK(ids->back() == 151643); // <|endoftext|>, after the whole prompt's end
    // The cut text embeds exactly like the long one.
    model::MultimodalInput cut{fitted.text, {}, {}, {}};
    const auto cutIds = embedder().inputIds(cut);
    REQUIRE(cutIds.ok());
    CHECK(*cutIds == *ids);

    // A text that fits is kept whole, and so is one that only looks long in bytes.
    CHECK_FALSE(embedder().fitText("a short query").truncated);
    CHECK_FALSE(embedder().fitText(std::string(20'000, ' ') + "x").truncated);
    // Never inside a UTF-8 character.
    std::string umlauts;
    while (umlauts.size() < 300'000)
        umlauts += "\xc3\xa4\xe6\x97\xa5\xf0\x9f\x98\x80 ";
    const model::FittedText cutUmlauts = embedder().fitText(umlauts);
    CHECK(cutUmlauts.truncated);
    CHECK(umlauts.starts_with(cutUmlauts.text));
    const unsigned char last = static_cast<unsigned char>(cutUmlauts.text.back());
    CHECK((last < 0x80 || (last & 0xC0) == 0x80));
    CHECK(cutUmlauts.text.size() < umlauts.size());
}

// The last-token path computes the last layer's query, attention output and MLP and the final norm
// only at the pooled rows; those rows equal the whole forward pass's.
TEST_CASE("last-token states equal the whole forward pass at the pooled rows")
{
    std::vector<model::PreparedSequence> prepared;
    for (const auto &c : test::reference()["embedding"]) {
        const auto input = test::fixtureInput(c);
        const auto ids = embedder().inputIds(input, view(test::instructionOf(c)));
        REQUIRE(ids.ok());
        auto images = embedder().bundle().processImages(input);
        REQUIRE(images.ok());
        prepared.push_back({*ids, std::move(*images)});
    }
    REQUIRE(prepared.size() >= 6);
    std::vector<model::nn::SequenceInput> batch;
    for (const auto &p : prepared)
        batch.push_back(p.view());
    const auto &net = embedder().bundle().model();
    const auto whole = net.forward(batch);
    const auto last = net.lastTokenStates(batch);
    REQUIRE(whole.ok());
    REQUIRE(last.ok());
    REQUIRE(last->size(0) == int64_t(batch.size()));
    double worst = 0;
    for (size_t i = 0; i < batch.size(); ++i) {
        const auto row = (*whole)[int64_t(i)][int64_t(batch[i].ids.size()) - 1].to(at::kFloat);
        const double d = (row - (*last)[int64_t(i)]).abs().max().item<double>();
        const double scale = std::max(1.0, row.abs().max().item<double>());
        worst = std::max(worst, d / scale);
        CHECK(d <= (test::testsApproximate() ? 0.03 : 1e-5) * scale);
    }
    MESSAGE("last-token path vs whole forward: max|d| / max(1, max|row|) = " << worst << " over "
                                                                             << batch.size() << " sequences");
}
