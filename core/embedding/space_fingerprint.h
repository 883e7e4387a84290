#pragma once
// Whether two encoders write the same embedding space, judged by what they compute rather than by
// their files: a model served by a GPU server has no folder to hash, so its identity is the served
// name and revision plus a fingerprint, the embeddings of fixed probe inputs. A library records its
// model's fingerprint; a remote model whose fingerprint agrees (cosine >= 0.999 for every probe, the
// tolerance between bfloat16 and float32 of one model) is the library's model served elsewhere, and
// writes and searches the library's space; any other is refused with the local path's message.

#include "common/result.h"
#include "embedding/encoder.h"

#include <memory>
#include <string>
#include <vector>

namespace cortex::embedding {

inline constexpr double kFingerprintMinCosine = 0.999;

// The probes: a text and a small image drawn by formula (a text-only probe would not see a server
// whose image path differs), embedded as documents.
std::vector<EncodeInput> fingerprintProbes();

using Fingerprint = std::vector<std::vector<float>>; // one vector per probe

// The encoder's embeddings of the probes.
Result<Fingerprint> computeFingerprint(Encoder &encoder);

// The smallest cosine between the probes' vectors; -1 when the counts or dimensions differ.
double fingerprintAgreement(const Fingerprint &a, const Fingerprint &b);

// A fingerprint as text for the library's meta table, and back (a damaged record is an error).
std::string encodeFingerprint(const Fingerprint &fingerprint);
Result<Fingerprint> decodeFingerprint(const std::string &text);

// "LIBRARY was made with A (N dimensions), but the loaded model is B (M dimensions); ...": what every
// path says when a model is not the library's (ingest::modelFitsLibrary uses it too).
std::string otherModelMessage(const std::string &libraryName, const store::SpaceIdentity &library,
                              const store::SpaceIdentity &model);

// The space a model proven by its fingerprint writes into a library: the library's own identity when
// `probe` agrees with `recorded` and the stored dimension is the same, so the rest of Cortex (which
// compares SpaceIdentity) treats it as the library's model; otherwise the refusal above, followed by
// the cosine the fingerprints agree to.
Result<store::SpaceIdentity> spaceByFingerprint(const std::string &libraryName,
                                                const store::SpaceIdentity &library,
                                                const Fingerprint &recorded,
                                                const store::SpaceIdentity &model, const Fingerprint &probe);

// An encoder that writes another identity's space: a model proven by its fingerprint to be the one a
// library's space was made with under another identity (a local model of a library that was embedded
// through a server). Everything else is the inner encoder's.
class SpaceAlias final : public Encoder {
public:
    SpaceAlias(std::unique_ptr<Encoder> inner, store::SpaceIdentity identity)
        : inner_(std::move(inner)), identity_(std::move(identity))
    {
    }
    ComputeInfo compute() const override { return inner_->compute(); }
    const store::SpaceIdentity &identity() const override { return identity_; }
    Result<std::vector<std::vector<float>>> embedDocuments(std::span<const EncodeInput> inputs) override
    {
        return inner_->embedDocuments(inputs);
    }
    Result<std::vector<std::vector<float>>> embedQueries(std::span<const EncodeInput> inputs) override
    {
        return inner_->embedQueries(inputs);
    }
    std::string fitQueryText(std::string &text) const override { return inner_->fitQueryText(text); }
    int64_t promptTokens(const EncodeInput &input, const std::string &instruction) const override
    {
        return inner_->promptTokens(input, instruction);
    }

private:
    std::unique_ptr<Encoder> inner_;
    store::SpaceIdentity identity_;
};

} // namespace cortex::embedding
