#include "model/reranker.h"

#include <algorithm>

#include "model/tokenizer/tokenizer.h"

#include <ATen/ATen.h>

#include <cmath>

namespace cortex::model {
namespace {

std::vector<int64_t> tokenCounts(const std::vector<ProcessedImage> &images)
{
    std::vector<int64_t> counts;
    for (const auto &image : images)
        counts.push_back(image.numImageTokens);
    return counts;
}

int64_t sum(const std::vector<int64_t> &counts)
{
    int64_t total = 0;
    for (const int64_t c : counts)
        total += c;
    return total;
}

} // namespace

Result<std::unique_ptr<Reranker>> Reranker::load(const std::filesystem::path &modelDir,
                                                 const EngineOptions &options)
{
    auto bundle = ModelBundle::load(modelDir, options);
    if (!bundle)
        return bundle.error();
    auto reranker = std::unique_ptr<Reranker>(new Reranker);
    reranker->bundle_ = std::move(*bundle);
    const auto &tokenizer = reranker->bundle_->tokenizer();
    const auto yes = tokenizer.tokenToId("yes"), no = tokenizer.tokenToId("no");
    if (!yes || !no)
        return makeError(modelDir.string() + ": the tokenizer has no 'yes' or 'no' token");
    const auto &w = reranker->bundle_->model().outputEmbedding();
    reranker->scoreDirection_ = (w[*yes].to(at::kFloat) - w[*no].to(at::kFloat)).cpu();
    return reranker;
}

Result<std::vector<int32_t>> Reranker::inputIds(const MultimodalInput &query, const MultimodalInput &document,
                                                std::optional<std::string_view> instruction) const
{
    // The official reranker's inputs here are text and images; a video would be dropped silently.
    if (query.video || document.video)
        return makeError("the reranker does not take video input", ErrorKind::InvalidInput);
    auto queryImages = bundle_->processImages(query);
    if (!queryImages)
        return queryImages.error();
    auto documentImages = bundle_->processImages(document);
    if (!documentImages)
        return documentImages.error();
    const auto q = tokenCounts(*queryImages), d = tokenCounts(*documentImages);
    const auto [queryText, documentText] = fitTexts(query.text, document.text, instruction, sum(q) + sum(d));
    return rerankPrompt({queryText.text, q}, {documentText.text, d}, instruction)
        .encode(bundle_->tokenizer());
}

std::pair<FittedText, FittedText> Reranker::fitTexts(std::string_view query, std::string_view document,
                                                     std::optional<std::string_view> instruction,
                                                     int64_t imageTokens) const
{
    const Tokenizer &tokenizer = bundle_->tokenizer();
    const std::vector<int64_t> noImages;
    const auto frame =
        rerankPrompt({std::string_view(), noImages}, {std::string_view(), noImages}, instruction)
            .encode(tokenizer);
    // Tokenizing a cut text again may take a token or two more at the cut: keep a few in reserve.
    constexpr int64_t kReserve = 8;
    const int64_t overhead = (frame ? int64_t(frame->size()) : 0) + imageTokens + kReserve;
    FittedText queryText = fitTextToTokens(tokenizer, query, kMaxRerankQueryTokens);
    FittedText documentText =
        fitTextToTokens(tokenizer, document, kMaxInputTokens - overhead - queryText.tokens);
    return {std::move(queryText), std::move(documentText)};
}

Result<std::vector<RerankScore>> Reranker::score(const MultimodalInput &query,
                                                 std::span<const MultimodalInput> documents,
                                                 std::optional<std::string_view> instruction) const
{
    // Text and images only here: a video would otherwise be dropped silently.
    if (query.video ||
        std::any_of(documents.begin(), documents.end(), [](const auto &d) { return bool(d.video); }))
        return makeError("the reranker does not take video input", ErrorKind::InvalidInput);
    auto queryImages = bundle_->processImages(query);
    if (!queryImages)
        return queryImages.error();
    const auto queryCounts = tokenCounts(*queryImages);
    std::vector<PreparedSequence> sequences;
    for (const auto &document : documents) {
        auto documentImages = bundle_->processImages(document);
        if (!documentImages)
            return documentImages.error();
        const auto documentCounts = tokenCounts(*documentImages);
        const auto [queryText, documentText] =
            fitTexts(query.text, document.text, instruction, sum(queryCounts) + sum(documentCounts));
        auto ids =
            rerankPrompt({queryText.text, queryCounts}, {documentText.text, documentCounts}, instruction)
                .encode(bundle_->tokenizer());
        if (!ids)
            return ids.error();
        if (int64_t(ids->size()) > kMaxInputTokens)
            return makeError("a query and document pair takes " + std::to_string(ids->size()) +
                             " tokens with their images, more than the " + std::to_string(kMaxInputTokens) +
                             " the reranker reads; use fewer or smaller images");
        PreparedSequence sequence{std::move(*ids), *queryImages, std::nullopt};
        sequence.images.insert(sequence.images.end(), std::make_move_iterator(documentImages->begin()),
                               std::make_move_iterator(documentImages->end()));
        sequences.push_back(std::move(sequence));
    }
    if (sequences.empty())
        return std::vector<RerankScore>{};
    auto states = bundle_->lastTokenStates(sequences);
    if (!states)
        return states.error();
    const auto logits = at::matmul(*states, scoreDirection_).contiguous();
    std::vector<RerankScore> out(sequences.size());
    for (size_t i = 0; i < out.size(); ++i) {
        const double logit = logits.data_ptr<float>()[i];
        out[i] = {logit, 1.0 / (1.0 + std::exp(-logit))};
    }
    return out;
}

} // namespace cortex::model
