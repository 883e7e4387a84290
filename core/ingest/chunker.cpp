#include "ingest/chunker.h"

#include "model/tokenizer/byte_level.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace cortex::ingest {

namespace {

// The text as the concatenation of its tokens' bytes, and where each token starts in it.
struct TokenBytes {
    std::string bytes;
    std::vector<size_t> offsets; // offsets[i]: the start of token i; offsets[n]: bytes.size()
};

TokenBytes tokenBytes(const model::Tokenizer &tokenizer, const std::vector<int32_t> &ids)
{
    TokenBytes out;
    out.offsets.reserve(ids.size() + 1);
    for (const int32_t id : ids) {
        out.offsets.push_back(out.bytes.size());
        const std::optional<std::string> token = tokenizer.idToToken(id);
        if (!token)
            continue;
        // Vocabulary tokens are byte-level strings; anything else (an added token) is literal text.
        if (std::optional<std::string> raw = model::byte_level::decode(*token))
            out.bytes += *raw;
        else
            out.bytes += *token;
    }
    out.offsets.push_back(out.bytes.size());
    return out;
}

bool isContinuationByte(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

bool isSpaceByte(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

enum class SentenceEnd { None, Latin, Cjk };

SentenceEnd sentenceEnd(std::string_view before, int64_t &examined)
{
    // Skip closing quotes and brackets: 'He said "no." Then' ends a sentence after the quote. Only a
    // few: a run of a million quotes must not be walked again for every cut considered inside it.
    for (int skipped = 0; skipped < kMaxClosingMarks && !before.empty() &&
                          (before.back() == '"' || before.back() == '\'' || before.back() == ')');
         ++skipped) {
        before.remove_suffix(1);
        ++examined;
    }
    if (before.empty())
        return SentenceEnd::None;
    const char last = before.back();
    if (last == '.' || last == '!' || last == '?')
        return SentenceEnd::Latin;
    // Ideographic full stop, fullwidth ! and ?, ellipsis: CJK text puts no space after them.
    for (const std::string_view mark : {"\u3002", "\uff01", "\uff1f", "\u2026"}) {
        if (before.ends_with(mark))
            return SentenceEnd::Cjk;
    }
    return SentenceEnd::None;
}

class Chunker {
public:
    Chunker(TokenBytes tokens, const ChunkOptions &options, ChunkWork &work)
        : tokens_(std::move(tokens)), count_(int(tokens_.offsets.size()) - 1),
          window_(std::max(1, options.chunkTokens)),
          overlap_(std::clamp(options.overlapTokens, 0, window_ - 1)), work_(work)
    {
        work_.textBytes = int64_t(tokens_.bytes.size());
        measureTrailingSpace();
    }

    std::vector<TextChunk> run()
    {
        std::vector<TextChunk> chunks;
        int start = 0;
        while (start < count_) {
            const int end = cutAfter(start);
            const std::string_view bytes = slice(start, end);
            const QString text = QString::fromUtf8(bytes.data(), qsizetype(bytes.size()));
            if (!text.trimmed().isEmpty())
                chunks.push_back(TextChunk{text, start, end - start});
            if (end >= count_)
                break;
            start = nextStart(start, end);
        }
        return chunks;
    }

private:
    std::string_view slice(int from, int to) const
    {
        return std::string_view(tokens_.bytes)
            .substr(tokens_.offsets[from], tokens_.offsets[to] - tokens_.offsets[from]);
    }

    // A cut before token i keeps every character whole.
    bool isBoundary(int i) const
    {
        return i >= count_ || !isContinuationByte(tokens_.bytes[tokens_.offsets[i]]);
    }

    // For each token boundary, where the text before it ends once trailing whitespace is dropped: one
    // pass over the bytes, instead of walking back over the whitespace for every cut considered (which
    // made a text of megabytes of spaces quadratic).
    void measureTrailingSpace()
    {
        nonSpaceEnd_.resize(size_t(count_) + 1);
        size_t end = 0;
        for (int i = 0; i <= count_; ++i) {
            if (i > 0) {
                for (size_t b = tokens_.offsets[i - 1]; b < tokens_.offsets[i]; ++b) {
                    if (!isSpaceByte(tokens_.bytes[b]))
                        end = b + 1;
                }
            }
            nonSpaceEnd_[size_t(i)] = end;
        }
        work_.bytesExamined += int64_t(tokens_.bytes.size());
    }

    // How good a cut before token i is: 4 paragraph, 3 sentence end, 2 line break, 1 whitespace, 0 none.
    int score(int i) const
    {
        ++work_.cutsScored;
        const std::string_view before = std::string_view(tokens_.bytes).substr(0, tokens_.offsets[i]);
        const std::string_view after = std::string_view(tokens_.bytes).substr(tokens_.offsets[i]);
        if (before.ends_with("\n\n") || after.starts_with("\n\n") ||
            (before.ends_with('\n') && after.starts_with('\n')))
            return 4;
        const std::string_view trimmed = before.substr(0, nonSpaceEnd_[size_t(i)]);
        const bool spaceAround =
            trimmed.size() < before.size() || (!after.empty() && isSpaceByte(after.front()));
        // "3.14" and "e.g.x" are not sentence ends: Latin punctuation counts only before whitespace.
        const SentenceEnd end = sentenceEnd(trimmed, work_.bytesExamined);
        if (end == SentenceEnd::Cjk || (end == SentenceEnd::Latin && spaceAround))
            return 3;
        if (before.ends_with('\n') || after.starts_with('\n'))
            return 2;
        if (spaceAround)
            return 1;
        return 0;
    }

    // The end (exclusive) of the chunk that starts at `start`.
    int cutAfter(int start) const
    {
        const int hi = std::min(start + window_, count_);
        if (hi == count_)
            return count_;
        // Keep the cut past the overlap so that the next chunk starts after this one.
        const int lo = std::min(hi, start + std::max(overlap_ + 1, window_ - std::max(1, window_ / 4)));
        int best = -1;
        int bestScore = -1;
        for (int i = hi; i >= lo; --i) {
            if (!isBoundary(i))
                continue;
            const int s = score(i);
            if (s > bestScore) {
                best = i;
                bestScore = s;
            }
        }
        if (best > start)
            return best;
        for (int i = lo - 1; i > start; --i) {
            if (isBoundary(i))
                return i;
        }
        // One character longer than the window (only possible below 4 tokens a window).
        int i = hi;
        while (!isBoundary(i))
            ++i;
        return i;
    }

    int nextStart(int start, int end) const
    {
        int next = std::max(start + 1, end - overlap_);
        while (next > start + 1 && !isBoundary(next))
            --next;
        while (!isBoundary(next))
            ++next;
        return next;
    }

    TokenBytes tokens_;
    int count_;
    int window_;
    int overlap_;
    ChunkWork &work_;
    std::vector<size_t> nonSpaceEnd_; // [i]: the end of the text before token i, trailing space dropped
};

} // namespace

std::vector<TextChunk> chunkText(const model::Tokenizer &tokenizer, const QString &text,
                                 const ChunkOptions &options, ChunkWork *work)
{
    ChunkWork local;
    ChunkWork &counted = work ? *work : local;
    if (text.trimmed().isEmpty())
        return {};
    const QByteArray utf8 = text.normalized(QString::NormalizationForm_C).toUtf8();
    const std::vector<int32_t> ids =
        tokenizer.encodeOrdinary(std::string_view(utf8.constData(), size_t(utf8.size())));
    return Chunker(tokenBytes(tokenizer, ids), options, counted).run();
}

std::vector<TextChunk> chunkText(const model::Tokenizer &tokenizer, const QString &text,
                                 const ChunkOptions &options)
{
    return chunkText(tokenizer, text, options, nullptr);
}

} // namespace cortex::ingest
