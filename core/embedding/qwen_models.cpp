#include "embedding/qwen_models.h"

#include "embedding/model_identity.h"
#include "model/embedder.h"
#include "model/prompts.h"
#include "model/reranker.h"

namespace cortex::embedding {
namespace {

model::MultimodalInput toModelInput(const EncodeInput &input)
{
    model::MultimodalInput out;
    out.text = input.text;
    out.images = input.images;
    out.imageNames.assign(input.images.size(), input.name);
    out.video = input.video;
    if (out.video && out.video->name.empty())
        out.video->name = input.name;
    return out;
}

std::vector<model::MultimodalInput> toModelInputs(std::span<const EncodeInput> inputs)
{
    std::vector<model::MultimodalInput> out;
    out.reserve(inputs.size());
    for (const auto &input : inputs)
        out.push_back(toModelInput(input));
    return out;
}

} // namespace

QwenEncoder::~QwenEncoder() = default;

Result<std::unique_ptr<QwenEncoder>> QwenEncoder::load(const std::filesystem::path &modelDir,
                                                       const model::EngineOptions &options, int mrlDim)
{
    auto identity = identifyModel(modelDir);
    if (!identity)
        return identity.error();
    auto embedder = model::Embedder::load(modelDir, options);
    if (!embedder)
        return embedder.error();
    const auto hidden = int((*embedder)->dimension());
    if (mrlDim != 0 && (mrlDim < 1 || mrlDim > hidden))
        return makeError(modelDir.string() + ": the MRL dimension " + std::to_string(mrlDim) +
                         " is outside 1.." + std::to_string(hidden) + " (the model's width)");

    std::unique_ptr<QwenEncoder> encoder(new QwenEncoder);
    encoder->embedder_ = std::move(embedder).value();
    auto &space = encoder->identity_;
    space.modelName = identity->name;
    space.modelHash = identity->hash;
    space.outputDim = hidden;
    space.mrlDim = mrlDim == hidden ? 0 : mrlDim;
    space.dtype = encoder->compute().dtype;
    space.instruction = model::normalizeEmbeddingInstruction(std::nullopt);
    space.normalized = true;
    return encoder;
}

std::shared_ptr<const model::Tokenizer> QwenEncoder::tokenizer() const
{
    return embedder_->bundle().sharedTokenizer();
}

ComputeInfo QwenEncoder::compute() const
{
    const auto &target = embedder_->bundle().model().target();
    return {target.device.str(), model::dtypeName(target), target.dtypeReason};
}

Result<std::vector<std::vector<float>>> QwenEncoder::embedWithInstruction(std::span<const EncodeInput> inputs,
                                                                          const std::string &instruction)
{
    const auto modelInputs = toModelInputs(inputs);
    return embedder_->embed(modelInputs, instruction, identity_.mrlDim);
}

int64_t QwenEncoder::promptTokens(const EncodeInput &input, const std::string &instruction) const
{
    const auto tokens = embedder_->promptTokens(toModelInput(input), instruction);
    return tokens ? *tokens : 0;
}

Result<std::vector<std::vector<float>>> QwenEncoder::embedDocuments(std::span<const EncodeInput> inputs)
{
    return embedWithInstruction(inputs, identity_.instruction);
}

Result<std::vector<std::vector<float>>> QwenEncoder::embedQueries(std::span<const EncodeInput> inputs)
{
    // Text queries and image-only (or video-only) queries take different instructions (see encoder.h):
    // an input without text is embedded like a document. Each group in its own call, the results put
    // back in input order.
    std::vector<EncodeInput> withText, imageOnly;
    std::vector<std::pair<bool, size_t>> where;
    for (const auto &input : inputs) {
        auto &group = input.text.empty() ? imageOnly : withText;
        where.emplace_back(input.text.empty(), group.size());
        group.push_back(input);
    }
    std::vector<std::vector<float>> textVectors, imageVectors;
    if (!withText.empty()) {
        auto v = embedWithInstruction(withText, kQueryInstruction);
        if (!v)
            return v.error();
        textVectors = std::move(v).value();
    }
    if (!imageOnly.empty()) {
        auto v = embedWithInstruction(imageOnly, identity_.instruction);
        if (!v)
            return v.error();
        imageVectors = std::move(v).value();
    }
    std::vector<std::vector<float>> out;
    for (const auto &[isImage, k] : where)
        out.push_back(std::move(isImage ? imageVectors[k] : textVectors[k]));
    return out;
}

std::string QwenEncoder::fitQueryText(std::string &text) const
{
    model::FittedText fitted = embedder_->fitText(text, kQueryInstruction);
    if (!fitted.truncated)
        return {};
    text = std::move(fitted.text);
    return model::truncationNotice("the query", fitted);
}

QwenScorer::~QwenScorer() = default;

Result<std::unique_ptr<QwenScorer>> QwenScorer::load(const std::filesystem::path &modelDir,
                                                     const model::EngineOptions &options)
{
    auto identity = identifyModel(modelDir);
    if (!identity)
        return identity.error();
    auto reranker = model::Reranker::load(modelDir, options);
    if (!reranker)
        return reranker.error();
    std::unique_ptr<QwenScorer> scorer(new QwenScorer);
    scorer->reranker_ = std::move(reranker).value();
    scorer->name_ = identity->name;
    return scorer;
}

Result<std::vector<double>> QwenScorer::score(const EncodeInput &query,
                                              std::span<const EncodeInput> documents)
{
    const auto modelQuery = toModelInput(query);
    const auto modelDocuments = toModelInputs(documents);
    auto scores = reranker_->score(modelQuery, modelDocuments);
    if (!scores)
        return scores.error();
    std::vector<double> out;
    out.reserve(scores->size());
    for (const auto &s : *scores)
        out.push_back(s.score);
    return out;
}

} // namespace cortex::embedding
