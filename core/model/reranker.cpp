#include "model/reranker.h"

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
    auto queryImages = bundle_->processImages(query);
    if (!queryImages)
        return queryImages.error();
    auto documentImages = bundle_->processImages(document);
    if (!documentImages)
        return documentImages.error();
    const auto q = tokenCounts(*queryImages), d = tokenCounts(*documentImages);
    return rerankPrompt({query.text, q}, {document.text, d}, instruction).encode(bundle_->tokenizer());
}

Result<std::vector<RerankScore>> Reranker::score(const MultimodalInput &query,
                                                 std::span<const MultimodalInput> documents,
                                                 std::optional<std::string_view> instruction) const
{
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
        auto ids = rerankPrompt({query.text, queryCounts}, {document.text, documentCounts}, instruction)
                       .encode(bundle_->tokenizer());
        if (!ids)
            return ids.error();
        PreparedSequence sequence{std::move(*ids), *queryImages};
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
