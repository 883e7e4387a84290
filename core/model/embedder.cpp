#include "model/embedder.h"

#include "model/tokenizer/tokenizer.h"

#include <ATen/ATen.h>

#include <algorithm>

namespace cortex::model {

Result<std::unique_ptr<Embedder>> Embedder::load(const std::filesystem::path &modelDir,
                                                 const EngineOptions &options)
{
    auto bundle = ModelBundle::load(modelDir, options);
    if (!bundle)
        return bundle.error();
    auto embedder = std::unique_ptr<Embedder>(new Embedder);
    embedder->bundle_ = std::move(*bundle);
    return embedder;
}

Result<std::vector<int32_t>> Embedder::promptIds(std::string_view text, const std::vector<int64_t> &counts,
                                                 const VideoPromptPart *video,
                                                 std::optional<std::string_view> instruction) const
{
    const Tokenizer &tokenizer = bundle_->tokenizer();
    // What the images and the video take besides the text: the prompt with them and no text, less the
    // prompt with neither (which fitText counts itself).
    int64_t visualTokens = 0;
    if (!counts.empty() || video) {
        const std::vector<int64_t> noImages;
        auto withVisuals =
            embeddingPrompt({std::string_view(), counts, video}, instruction).encode(tokenizer);
        auto without = embeddingPrompt({std::string_view(), noImages}, instruction).encode(tokenizer);
        if (!withVisuals)
            return withVisuals.error();
        if (!without)
            return without.error();
        visualTokens = std::max<int64_t>(0, int64_t(withVisuals->size()) - int64_t(without->size()));
    }
    const FittedText fitted = fitText(text, instruction, visualTokens);
    auto ids = embeddingPrompt({fitted.text, counts, video}, instruction).encode(tokenizer);
    if (!ids)
        return ids.error();
    if (int64_t(ids->size()) + 1 > kMaxInputTokens)
        return makeError("the input takes " + std::to_string(ids->size() + 1) + " tokens (" +
                         std::to_string(visualTokens) + " of them for its images and video), more than the " +
                         std::to_string(kMaxInputTokens) + " the model reads; use fewer or smaller images");
    ids->push_back(int32_t(bundle_->config().tokens.endOfText)); // checked when the model was loaded
    return ids;
}

Result<PreparedSequence> Embedder::prepare(const MultimodalInput &input,
                                           std::optional<std::string_view> instruction) const
{
    auto images = bundle_->processImages(input);
    if (!images)
        return images.error();
    auto video = bundle_->processVideo(input);
    if (!video)
        return video.error();
    std::vector<int64_t> counts;
    for (const auto &image : *images)
        counts.push_back(image.numImageTokens);
    VideoPromptPart videoPart;
    if (*video)
        videoPart = VideoPromptPart{(*video)->groupTexts, (*video)->tokensPerGroup};
    auto ids = promptIds(input.text, counts, *video ? &videoPart : nullptr, instruction);
    if (!ids)
        return ids.error();
    return PreparedSequence{std::move(*ids), std::move(*images), std::move(*video)};
}

Result<int64_t> Embedder::promptTokens(const MultimodalInput &input,
                                       std::optional<std::string_view> instruction) const
{
    auto counts = bundle_->imageTokenCounts(input);
    if (!counts)
        return counts.error();
    // A video's tokens follow from its layout (frame count, frame size, frame times), not its pixels.
    std::optional<VideoLayout> layout;
    if (input.video) {
        auto laidOut = bundle_->videoProcessor().layout(*input.video);
        if (!laidOut)
            return laidOut.error();
        layout = std::move(*laidOut);
    }
    VideoPromptPart videoPart;
    if (layout)
        videoPart = VideoPromptPart{layout->groupTexts, layout->tokensPerGroup};
    auto ids = promptIds(input.text, *counts, layout ? &videoPart : nullptr, instruction);
    if (!ids)
        return ids.error();
    return int64_t(ids->size());
}

FittedText Embedder::fitText(std::string_view text, std::optional<std::string_view> instruction,
                             int64_t imageTokens) const
{
    const Tokenizer &tokenizer = bundle_->tokenizer();
    // The prompt without the text, plus <|endoftext|>: what every input costs besides its text.
    const std::vector<int64_t> noImages;
    const auto frame = embeddingPrompt({std::string_view(), noImages}, instruction).encode(tokenizer);
    const int64_t overhead = (frame ? int64_t(frame->size()) : 0) + 1 + imageTokens;
    FittedText fitted = fitTextToTokens(tokenizer, text, kMaxInputTokens - overhead);
    // Tokenizing the cut text again can merge across the old boundary differently: check and, rarely,
    // cut a few tokens more.
    if (fitted.truncated) {
        const int64_t again = int64_t(tokenizer.encodeOrdinary(fitted.text).size());
        if (again > fitted.tokens)
            fitted = fitTextToTokens(tokenizer, fitted.text, fitted.tokens - (again - fitted.tokens));
        fitted.truncated = true;
    }
    return fitted;
}

Result<std::vector<int32_t>> Embedder::inputIds(const MultimodalInput &input,
                                                std::optional<std::string_view> instruction) const
{
    auto prepared = prepare(input, instruction);
    if (!prepared)
        return prepared.error();
    return std::move(prepared->ids);
}

Result<std::vector<std::vector<float>>> Embedder::embed(std::span<const MultimodalInput> inputs,
                                                        std::optional<std::string_view> instruction,
                                                        int64_t dimension) const
{
    const int64_t full = this->dimension();
    if (dimension < 0 || dimension > full)
        return makeError("embedding dimension " + std::to_string(dimension) + " is outside 1.." +
                         std::to_string(full));
    if (dimension == 0)
        dimension = full;
    std::vector<PreparedSequence> sequences;
    for (const auto &input : inputs) {
        auto prepared = prepare(input, instruction);
        if (!prepared)
            return prepared.error();
        sequences.push_back(std::move(*prepared));
    }
    if (sequences.empty())
        return std::vector<std::vector<float>>{};
    auto states = bundle_->lastTokenStates(sequences);
    if (!states)
        return states.error();
    // MRL: the prefix of the pooled state, normalised (the same as truncating the normalised vector
    // and normalising again).
    const auto pooled = states->narrow(1, 0, dimension);
    const auto normalized = (pooled / pooled.norm(2, {1}, true).clamp_min(1e-12)).contiguous();
    std::vector<std::vector<float>> out(sequences.size());
    for (size_t i = 0; i < out.size(); ++i) {
        const float *row = normalized.data_ptr<float>() + i * static_cast<size_t>(dimension);
        out[i].assign(row, row + dimension);
    }
    return out;
}

} // namespace cortex::model
