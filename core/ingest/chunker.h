#pragma once
// Splits extracted text into windows that fit the embedding model's context, measured in the model's own
// tokens (core/model/tokenizer), so that a chunk never gets truncated by the engine.

#include "model/tokenizer/tokenizer.h"

#include <QString>

#include <vector>

namespace cortex::ingest {

struct ChunkOptions {
    int chunkTokens = 512;  // at most this many tokens a chunk (values below 1 count as 1)
    int overlapTokens = 64; // tokens shared by consecutive chunks (clamped below chunkTokens)
};

struct TextChunk {
    QString text;       // the chunk exactly as in the (NFC-normalised) text, not trimmed
    int firstToken = 0; // index of its first token in the encoding of the whole text
    int tokenCount = 0;
};

// Splits text into windows of at most chunkTokens tokens that overlap by overlapTokens, cut at token
// boundaries and preferably at a paragraph/sentence/whitespace boundary near the end of the window;
// whitespace-only chunks are dropped. Decoding token windows must never split a multi-byte UTF-8 character
// (check the decoded text is valid and that concatenating the non-overlapping parts reproduces the input text
// modulo whitespace trimming).
//
// Details: the text is NFC-normalised first (the tokenizer normalises so anyway) and encoded as ordinary
// text (a "<|im_start|>" written in a document is just characters). A cut or an overlap start that would
// fall inside a character moves back to the character's start (the overlap then grows by a token or
// three); only with chunkTokens < 4 can a single character need a longer window than chunkTokens.
// The preferred cut is searched in the last quarter of the window: paragraph break, then sentence end,
// then line break, then whitespace, the latest of the best kind.
//
// Linear in the text's length: every byte is looked at a bounded number of times (the whitespace before a
// cut is measured once for the whole text, and at most kMaxClosingMarks quotes or brackets are skipped
// before a sentence end), so a text of megabytes of spaces costs what the same length of prose costs.
std::vector<TextChunk> chunkText(const model::Tokenizer &tokenizer, const QString &text,
                                 const ChunkOptions &options = {});

// Closing quotes and brackets skipped when looking for a sentence end before a cut ('He said "no."').
inline constexpr int kMaxClosingMarks = 8;

// The work chunkText did, counted for the tests that prove it linear (steps, not time).
struct ChunkWork {
    int64_t textBytes = 0;     // bytes of the encoded text
    int64_t cutsScored = 0;    // candidate cuts scored
    int64_t bytesExamined = 0; // bytes looked at while scoring them and measuring whitespace
};
std::vector<TextChunk> chunkText(const model::Tokenizer &tokenizer, const QString &text,
                                 const ChunkOptions &options, ChunkWork *work);

} // namespace cortex::ingest
