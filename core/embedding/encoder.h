#pragma once
// What the knowledge base needs from a model, as two small interfaces: an Encoder turns inputs into
// vectors of one embedding space, a Scorer re-scores candidates against a query. The Qwen3-VL
// implementations (qwen_encoder.h) wrap the engine; tests can substitute deterministic fakes, which
// keeps the store, index and search testable without libtorch (and under ThreadSanitizer).

#include "common/result.h"
#include "embedding/compute_info.h"
#include "model/image/image.h"
#include "model/video/video_clip.h"
#include "store/records.h"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace cortex::embedding {

// A text, images, or both. `name` identifies the input in error messages (a file, "page 3 of x.pdf").
struct EncodeInput {
    std::string text;
    std::vector<model::Image> images;
    std::string name;
    std::optional<model::VideoClip> video; // a video segment (before the images and the text)
};

// The query-side instruction: documents are embedded with the space's own instruction (recorded in
// SpaceIdentity); queries that hold text get a retrieval instruction, as the Qwen3-VL-Embedding model
// card does. An image-only query ("find this picture", a pasted screenshot) is embedded exactly like a
// document, so the identical image scores a cosine of 1 and near-duplicates come first.
inline constexpr const char *kQueryInstruction = "Retrieve images or text relevant to the user's query.";

class Encoder {
public:
    virtual ~Encoder() = default;
    virtual ComputeInfo compute() const { return {}; }
    // The space this encoder writes: model, dimension, MRL prefix, dtype, document instruction.
    virtual const store::SpaceIdentity &identity() const = 0;
    // One vector of identity().storedDim() floats per input, L2-normalised, in input order.
    virtual Result<std::vector<std::vector<float>>> embedDocuments(std::span<const EncodeInput> inputs) = 0;
    virtual Result<std::vector<std::vector<float>>> embedQueries(std::span<const EncodeInput> inputs) = 0;
    // One call with the instruction a client names (cortex-cli serve answers prompts rendered elsewhere,
    // remote/vllm_protocol.h). Encoders that can only embed with their own two instructions map those
    // and refuse any other.
    virtual Result<std::vector<std::vector<float>>> embedWithInstruction(std::span<const EncodeInput> inputs,
                                                                         const std::string &instruction)
    {
        if (instruction == identity().instruction)
            return embedDocuments(inputs);
        bool allText = true;
        for (const auto &input : inputs)
            allText = allText && !input.text.empty();
        if (instruction == kQueryInstruction && allText)
            return embedQueries(inputs);
        return makeError("this model embeds only with its document or query instruction, not \"" +
                             instruction + "\"",
                         ErrorKind::InvalidInput);
    }
    // The tokens the model reads for `input` embedded with `instruction` (prompt, image pads and
    // <|endoftext|>): the usage that `cortex-cli serve` reports. 0 when the encoder cannot know (test
    // fakes; a remote encoder, whose server keeps its tokenizer and counts to itself).
    virtual int64_t promptTokens(const EncodeInput &input, const std::string &instruction) const
    {
        (void)input;
        (void)instruction;
        return 0;
    }
    // Cuts a query's text to what the model reads (model::kMaxInputTokens with the prompt) and returns
    // the notice to show ("the query was truncated to 8170 tokens ..."), or an empty string when it fits.
    // The searcher uses the cut text for every stage (vector, full text, reranker), so a 100 MB paste
    // costs what the kept text costs. Encoders without a context limit (test fakes) keep it whole.
    virtual std::string fitQueryText(std::string &text) const
    {
        (void)text;
        return {};
    }
};

class Scorer {
public:
    virtual ~Scorer() = default;
    virtual std::string name() const = 0;
    // A relevance in (0, 1) per document, in input order.
    virtual Result<std::vector<double>> score(const EncodeInput &query,
                                              std::span<const EncodeInput> documents) = 0;
};

} // namespace cortex::embedding
