#pragma once
// The official input formats of Qwen3-VL-Embedding and Qwen3-VL-Reranker, turned into token ids.
//
// The template's special tokens are inserted as ids and only the text between them is run through the
// tokenizer, without special-token recognition: for ordinary text this equals tokenizing the rendered
// prompt (what transformers does), and a user text that happens to contain "<|image_pad|>" stays text
// instead of corrupting the image layout.

#include "model/common/result.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cortex::model {

class Tokenizer;

inline constexpr std::string_view kDefaultEmbeddingInstruction = "Represent the user's input.";
inline constexpr std::string_view kDefaultRerankInstruction =
    "Given a search query, retrieve relevant candidates that answer the query.";
inline constexpr std::string_view kRerankSystemPrompt =
    "Judge whether the Document meets the requirements based on the Query and the Instruct provided. "
    "Note that the answer can only be \"yes\" or \"no\".";

// The longest sequence the engine runs, in tokens, prompt and images included: the official
// Qwen3-VL-Embedding and Qwen3-VL-Reranker wrappers tokenize with max_length 8192. Longer text is cut to
// fit (the CLI and the search page say so); the memory and time of one input are bounded by it.
inline constexpr int64_t kMaxInputTokens = 8192;
// Text is cut to this many bytes per token allowed before it is tokenized at all, so that a query of
// 100 MB costs what 256 KB cost (a token averages 3 to 5 bytes; the longest in the Qwen vocabulary is a
// run of 128 spaces, so a text of such runs keeps fewer tokens than allowed, never more).
inline constexpr size_t kMaxBytesPerToken = 32;

// A text cut to a number of tokens.
struct FittedText {
    std::string text; // the text itself when it fits; else the text of its first `tokens` tokens
    bool truncated = false;
    int64_t tokens = 0; // its tokens (when truncated: how many were kept)
};

// Cuts `text` to at most maxTokens tokens of `tokenizer` (at a token boundary, never inside a UTF-8
// character). Only the first maxTokens * kMaxBytesPerToken bytes are ever tokenized.
FittedText fitTextToTokens(const Tokenizer &tokenizer, std::string_view text, int64_t maxTokens);

// "the query was truncated to 8170 tokens (the model reads at most 8192 tokens)": what callers print
// when fitTextToTokens cut a text; `what` names it ("the query", "the text").
std::string truncationNotice(std::string_view what, const FittedText &fitted);

// The embedder's instruction rule: default when empty, stripped, "." appended unless the instruction
// already ends in Unicode punctuation.
std::string normalizeEmbeddingInstruction(std::optional<std::string_view> instruction);

// A video in a prompt (Qwen3VLProcessor's expansion of the chat template's
// <|vision_start|><|video_pad|><|vision_end|>): per temporal group its timestamp text ("<0.5 seconds>",
// ordinary text), <|vision_start|>, tokensPerGroup x <|video_pad|>, <|vision_end|>.
struct VideoPromptPart {
    std::span<const std::string> groupTexts;
    int64_t tokensPerGroup = 0;
};

// One side of an input: the video first (when there is one), then the images (each expands to
// imageTokenCounts[k] pads), then the text, as the official chat template orders a user turn.
struct PromptContent {
    std::string_view text;
    std::span<const int64_t> imageTokenCounts;
    const VideoPromptPart *video = nullptr;
};

// A prompt as a sequence of text runs and special tokens; renders to the official string and encodes
// to ids.
class Prompt {
public:
    void text(std::string_view s);
    void special(std::string_view token);
    void image(int64_t padCount); // <|vision_start|><|image_pad|>*n<|vision_end|>
    void video(const VideoPromptPart &video);
    void content(const PromptContent &c, bool nullWhenEmpty);

    std::string render() const; // each image (each video group) as one <|image_pad|> (<|video_pad|>), as the
                                // reference "prompt" shows it
    Result<std::vector<int32_t>> encode(const Tokenizer &tokenizer) const;

private:
    struct Piece {
        enum Kind { Text, Special, Pads } kind; // Pads: `count` times the token `value`
        std::string value;
        int64_t count = 0;
    };
    std::vector<Piece> pieces_;
};

Prompt embeddingPrompt(const PromptContent &input, std::optional<std::string_view> instruction);
Prompt rerankPrompt(const PromptContent &query, const PromptContent &document,
                    std::optional<std::string_view> instruction);

} // namespace cortex::model
