#pragma once
// An Encoder whose model runs on a GPU server speaking vLLM's OpenAI-compatible pooling API
// (vllm_protocol.h). Its own identity is the served model's name and revision plus its fingerprint
// (embedding/space_fingerprint.h); joinLibrarySpace() makes it the library's space when the
// fingerprint proves it the library's model, so a library embedded here can be searched through a
// server running the same weights and the other way round.

#include "embedding/encoder.h"
#include "embedding/space_fingerprint.h"
#include "remote/remote_endpoint.h"

#include <memory>

namespace cortex::remote {

class RemoteEncoder final : public embedding::Encoder {
public:
    // Asks the server which models it serves (GET /v1/models: a server serving another model is
    // refused here, naming both), then embeds the fingerprint probes, which also tells the dimension.
    // mrlDim 0 keeps the full width; otherwise the prefix is stored, normalised as the local engine does.
    static Result<std::unique_ptr<RemoteEncoder>> connect(const RemoteEndpoint &endpoint, int mrlDim = 0);

    const store::SpaceIdentity &identity() const override { return identity_; }
    embedding::ComputeInfo compute() const override;
    Result<std::vector<std::vector<float>>>
    embedDocuments(std::span<const embedding::EncodeInput> inputs) override;
    Result<std::vector<std::vector<float>>>
    embedQueries(std::span<const embedding::EncodeInput> inputs) override;
    // Without the model's tokenizer the text is cut by bytes: a byte-level BPE token holds at least one
    // byte, so this many bytes never exceed the model's context with the prompt.
    std::string fitQueryText(std::string &text) const override;
    // promptTokens stays 0: without the model's tokenizer this side cannot count, and vLLM's own usage
    // counts are not passed on.

    // One call with another instruction (cortex-cli embed --instruction), at the stored width.
    Result<std::vector<std::vector<float>>>
    embedWithInstruction(std::span<const embedding::EncodeInput> inputs,
                         const std::string &instruction) override;

    const embedding::Fingerprint &fingerprint() const { return fingerprint_; }
    const RemoteEndpoint &endpoint() const { return endpoint_; }

    // Writes and searches `library`'s space when the fingerprint agrees with `recorded` (the library's
    // model's); otherwise the local path's "made with another model" refusal.
    Status joinLibrarySpace(const std::string &libraryName, const store::SpaceIdentity &library,
                            const embedding::Fingerprint &recorded);

private:
    RemoteEncoder() = default;
    Result<std::vector<std::vector<float>>> embed(std::span<const embedding::EncodeInput> inputs,
                                                  const std::string &instruction, int dim);

    RemoteEndpoint endpoint_;
    store::SpaceIdentity identity_;
    embedding::Fingerprint fingerprint_;
};

// The start of a served model's modelHash ("vllm:<revision>"): no folder to hash.
inline constexpr const char *kServedModelHashPrefix = "vllm:";

// Query text cut to this many bytes (model::kMaxInputTokens less the prompt's tokens).
inline constexpr size_t kRemoteQueryTextBytes = 8000;

} // namespace cortex::remote
