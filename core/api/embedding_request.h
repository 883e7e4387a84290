#pragma once
// POST /v1/embeddings as vLLM's OpenAI-compatible pooling API has it, in the two forms Cortex's own
// client sends (remote/vllm_protocol.h):
//   {"model", "input": "<prompt>" | ["<prompt>", ...], "encoding_format": "float", "dimensions"?}
//   {"model", "messages": [{"role": "system", content}, {"role": "user", content}], ...}
// A completion-form input is either the embedding prompt that renderEmbeddingPrompt() renders
// ("<|im_start|>system\n<instruction><|im_end|>\n<|im_start|>user\n<text><|im_end|>\n<|im_start|>
// assistant\n<|endoftext|>"), read back strictly into its instruction and text so that the local engine
// embeds exactly what a local input gives, or a plain text without any of the template's tokens, which
// is embedded as a document. The chat form's system message is the instruction (none: the document one).

#include "api/json_inputs.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace cortex::api {

struct InstructedInput {
    embedding::EncodeInput input;
    std::string instruction;
};

struct EmbeddingRequest {
    QString model; // empty: the served one
    std::vector<InstructedInput> inputs;
    int dimensions = 0; // a Matryoshka prefix, re-normalised; 0: the full width
};

// `documentInstruction` is the served space's (SpaceIdentity::instruction).
Result<EmbeddingRequest> parseEmbeddingRequest(const QByteArray &body, const std::string &documentInstruction,
                                               const InputLimits &limits);

// The instruction and text of a rendered embedding prompt; nullopt when `prompt` holds none of the
// template's special tokens (a plain text); an error when it holds some but is not the template.
Result<std::optional<std::pair<std::string, std::string>>> parseRenderedPrompt(const std::string &prompt,
                                                                               const QString &name);

// vLLM's answer: {"id", "object": "list", "created", "model", "data": [{"object": "embedding", "index",
// "embedding": [...]}], "usage": {"prompt_tokens", "total_tokens"}}, both `promptTokens` (what the
// encoder counted: Encoder::promptTokens; 0 where it cannot know).
QByteArray embeddingResponse(const QString &model, const std::vector<std::vector<float>> &vectors,
                             int64_t promptTokens);

// The first `dimensions` values, re-normalised, as the local engine's MRL prefix is (0 or more than
// the width: unchanged).
void keepMrlPrefix(std::vector<float> &vector, int dimensions);

} // namespace cortex::api
