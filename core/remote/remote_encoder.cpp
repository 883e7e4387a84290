#include "remote/remote_encoder.h"

#include "remote/remote_call.h"
#include "remote/vllm_protocol.h"

#include <cmath>

namespace cortex::remote {
namespace {

// The instruction the local engine records for a space (model::kDefaultEmbeddingInstruction, already
// normalised: see model::normalizeEmbeddingInstruction).
constexpr const char *kDocumentInstruction = "Represent the user's input.";

// The widest vector a served model may answer (Qwen3-VL-Embedding-8B has 4096 dimensions); the same
// bound as a recorded fingerprint's (embedding/space_fingerprint.cpp).
constexpr size_t kMaxServedDim = 65536;

// vLLM's embedding pooler normalises; a vector that is not (another pooler configuration) is
// normalised here, since a space's vectors are unit length. A zero vector has no direction: refused.
Status normalised(std::vector<float> &v, const QString &server)
{
    double norm = 0;
    for (const float x : v)
        norm += double(x) * double(x);
    norm = std::sqrt(norm);
    if (!(norm > 1e-6)) {
        const QString message = server + QStringLiteral(" sent a zero vector");
        return makeError(message.toStdString(), ErrorKind::Corrupt);
    }
    if (std::abs(norm - 1) > 1e-3)
        for (float &x : v)
            x = float(double(x) / norm);
    return {};
}

// The MRL prefix normalised again: the local engine normalises the pooled state's prefix, which is the
// same as normalising the prefix of the normalised vector.
void keepPrefix(std::vector<float> &v, int dim)
{
    if (dim <= 0 || size_t(dim) >= v.size())
        return;
    v.resize(size_t(dim));
    double norm = 0;
    for (const float x : v)
        norm += double(x) * double(x);
    norm = std::sqrt(norm);
    if (norm > 1e-12)
        for (float &x : v)
            x = float(double(x) / norm);
}

} // namespace

Result<std::unique_ptr<RemoteEncoder>> RemoteEncoder::connect(const RemoteEndpoint &endpoint, int mrlDim)
{
    const QString server = serverName(endpoint);
    auto model = findServedModel(endpoint);
    if (!model)
        return model.error();

    std::unique_ptr<RemoteEncoder> encoder(new RemoteEncoder);
    encoder->endpoint_ = endpoint;
    encoder->endpoint_.model = model->id;
    auto &space = encoder->identity_;
    space.modelName = model->id.toStdString();
    const QString revision = revisionOf(*model);
    space.instruction = kDocumentInstruction;
    space.normalized = true;
    space.dtype = "remote";

    // The probes at the full width tell the dimension; the fingerprint is kept at the stored one.
    const auto probes = embedding::fingerprintProbes();
    auto full = encoder->embed(probes, space.instruction, 0);
    if (!full)
        return wrapError(full.error(), "the model's fingerprint: ");
    if (full->front().size() > kMaxServedDim) {
        const QString message =
            QStringLiteral("%1 answered vectors of %2 dimensions, more than any embedding model "
                           "has (at most %3)")
                .arg(server)
                .arg(qulonglong(full->front().size()))
                .arg(qulonglong(kMaxServedDim));
        return makeError(message.toStdString(), ErrorKind::Corrupt);
    }
    space.outputDim = int(full->front().size());
    if (mrlDim < 0 || mrlDim > space.outputDim) {
        const QString message =
            QStringLiteral("%1: the MRL dimension %2 is outside 1..%3 (the served model's width)")
                .arg(server)
                .arg(mrlDim)
                .arg(space.outputDim);
        return makeError(message.toStdString(), ErrorKind::InvalidInput);
    }
    space.mrlDim = mrlDim == space.outputDim ? 0 : mrlDim;
    for (auto &v : *full)
        keepPrefix(v, space.mrlDim);
    encoder->fingerprint_ = std::move(full).value();
    // Without a folder to hash, the served name and revision stand for the weights; the fingerprint, not
    // this, decides whether the model is a library's (joinLibrarySpace).
    space.modelHash = std::string(kServedModelHashPrefix) +
                      (revision.isEmpty() ? std::string("unknown-revision") : revision.toStdString());
    return encoder;
}

embedding::ComputeInfo RemoteEncoder::compute() const
{
    return {baseUrl(endpoint_.url).toStdString(), "remote", "served by vLLM"};
}

Result<std::vector<std::vector<float>>> RemoteEncoder::embed(std::span<const embedding::EncodeInput> inputs,
                                                             const std::string &instruction, int dim)
{
    const QString server = serverName(endpoint_);
    std::vector<std::vector<float>> out(inputs.size());
    // Text-only inputs in batches (one request, rows matched by index); an input with images alone in
    // the chat form. The answer's dimension must be the space's.
    std::vector<size_t> texts;
    const auto flushTexts = [&]() -> Status {
        if (texts.empty())
            return {};
        std::vector<embedding::EncodeInput> batch;
        for (const size_t k : texts)
            batch.push_back(inputs[k]);
        auto answer = callServer(endpoint_, QStringLiteral("/v1/embeddings"),
                                 textEmbeddingRequest(endpoint_.model, batch, instruction));
        if (!answer)
            return answer.error();
        auto rows = parseEmbeddingResponse(*answer, batch.size(), dim, server);
        if (!rows)
            return rows.error();
        for (size_t i = 0; i < texts.size(); ++i) {
            if (auto unit = normalised((*rows)[i], server); !unit)
                return unit;
            out[texts[i]] = std::move((*rows)[i]);
        }
        texts.clear();
        return {};
    };
    const size_t batchSize = size_t(std::max(1, endpoint_.batchSize));
    for (size_t k = 0; k < inputs.size(); ++k) {
        if (isCancelled(endpoint_.cancelled))
            return makeError("cancelled", ErrorKind::Cancelled);
        if (inputs[k].images.empty()) {
            texts.push_back(k);
            if (texts.size() >= batchSize)
                if (auto sent = flushTexts(); !sent)
                    return sent.error();
            continue;
        }
        auto answer = callServer(endpoint_, QStringLiteral("/v1/embeddings"),
                                 chatEmbeddingRequest(endpoint_.model, inputs[k], instruction));
        if (!answer)
            return wrapError(answer.error(), inputs[k].name.empty() ? std::string() : inputs[k].name + ": ");
        auto rows = parseEmbeddingResponse(*answer, 1, dim, server);
        if (!rows)
            return rows.error();
        if (auto unit = normalised(rows->front(), server); !unit)
            return unit.error();
        out[k] = std::move(rows->front());
    }
    if (auto sent = flushTexts(); !sent)
        return sent.error();
    if (dim == 0) // the first call (connect): every row of one width
        for (const auto &v : out)
            if (v.size() != out.front().size()) {
                const QString message = server + QStringLiteral(" answered vectors of different widths");
                return makeError(message.toStdString(), ErrorKind::Corrupt);
            }
    return out;
}

Result<std::vector<std::vector<float>>>
RemoteEncoder::embedWithInstruction(std::span<const embedding::EncodeInput> inputs,
                                    const std::string &instruction)
{
    auto vectors = embed(inputs, instruction, identity_.outputDim);
    if (!vectors)
        return vectors.error();
    for (auto &v : *vectors)
        keepPrefix(v, identity_.mrlDim);
    return vectors;
}

Result<std::vector<std::vector<float>>>
RemoteEncoder::embedDocuments(std::span<const embedding::EncodeInput> inputs)
{
    return embedWithInstruction(inputs, identity_.instruction);
}

Result<std::vector<std::vector<float>>>
RemoteEncoder::embedQueries(std::span<const embedding::EncodeInput> inputs)
{
    // As the local encoder (encoder.h): text queries take the retrieval instruction, image-only queries
    // are embedded like documents.
    std::vector<std::vector<float>> out(inputs.size());
    for (const bool imageOnly : {false, true}) {
        std::vector<size_t> where;
        std::vector<embedding::EncodeInput> group;
        for (size_t k = 0; k < inputs.size(); ++k)
            if (inputs[k].text.empty() == imageOnly) {
                where.push_back(k);
                group.push_back(inputs[k]);
            }
        if (group.empty())
            continue;
        auto vectors =
            embed(group, imageOnly ? identity_.instruction : std::string(embedding::kQueryInstruction),
                  identity_.outputDim);
        if (!vectors)
            return vectors.error();
        for (size_t i = 0; i < where.size(); ++i) {
            keepPrefix((*vectors)[i], identity_.mrlDim);
            out[where[i]] = std::move((*vectors)[i]);
        }
    }
    return out;
}

std::string RemoteEncoder::fitQueryText(std::string &text) const
{
    if (text.size() <= kRemoteQueryTextBytes)
        return {};
    size_t cut = kRemoteQueryTextBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) // not inside a UTF-8 character
        --cut;
    text.resize(cut);
    return "the query was truncated to " + std::to_string(cut) +
           " bytes (a remote model's query is cut by bytes, without its tokenizer)";
}

Status RemoteEncoder::joinLibrarySpace(const std::string &libraryName, const store::SpaceIdentity &library,
                                       const embedding::Fingerprint &recorded)
{
    // The probes at the library's stored width, from the full vectors of connect().
    embedding::Fingerprint probe = fingerprint_;
    store::SpaceIdentity asLibrary = identity_;
    if (library.outputDim == identity_.outputDim && identity_.mrlDim == 0 && library.mrlDim > 0) {
        for (auto &v : probe)
            keepPrefix(v, library.mrlDim);
        asLibrary.mrlDim = library.mrlDim;
    }
    auto joined = embedding::spaceByFingerprint(libraryName, library, recorded, asLibrary, probe);
    if (!joined)
        return joined.error();
    identity_ = std::move(joined).value();
    return {};
}

} // namespace cortex::remote
