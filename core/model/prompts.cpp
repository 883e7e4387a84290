#include "model/prompts.h"

#include "model/tokenizer/byte_level.h"
#include "model/tokenizer/tokenizer.h"

#include <algorithm>

#include <utf8proc.h>

namespace cortex::model {
namespace {

bool isPythonSpace(utf8proc_int32_t c)
{
    if ((c >= 9 && c <= 13) || (c >= 28 && c <= 32) || c == 0x85)
        return true;
    const auto category = utf8proc_category(c);
    return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
           category == UTF8PROC_CATEGORY_ZP;
}

bool isPunctuation(utf8proc_int32_t c)
{
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return true;
    default:
        return false;
    }
}

std::vector<utf8proc_int32_t> decodeCodepoints(std::string_view s)
{
    std::vector<utf8proc_int32_t> out;
    size_t i = 0;
    while (i < s.size()) {
        utf8proc_int32_t c = 0;
        const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t *>(s.data() + i),
                                        static_cast<utf8proc_ssize_t>(s.size() - i), &c);
        if (n <= 0) { // invalid byte: keep it as a replacement character
            out.push_back(0xFFFD);
            ++i;
        } else {
            out.push_back(c);
            i += static_cast<size_t>(n);
        }
    }
    return out;
}

std::string encodeCodepoints(std::span<const utf8proc_int32_t> cps)
{
    std::string out;
    utf8proc_uint8_t buf[4];
    for (const auto c : cps) {
        const auto n = utf8proc_encode_char(c, buf);
        out.append(reinterpret_cast<const char *>(buf), static_cast<size_t>(n));
    }
    return out;
}

} // namespace

std::string normalizeEmbeddingInstruction(std::optional<std::string_view> instruction)
{
    const std::string_view raw =
        instruction && !instruction->empty() ? *instruction : kDefaultEmbeddingInstruction;
    auto cps = decodeCodepoints(raw);
    size_t begin = 0, end = cps.size();
    while (begin < end && isPythonSpace(cps[begin]))
        ++begin;
    while (end > begin && isPythonSpace(cps[end - 1]))
        --end;
    std::span<const utf8proc_int32_t> stripped(cps.data() + begin, end - begin);
    auto out = encodeCodepoints(stripped);
    if (!stripped.empty() && !isPunctuation(stripped.back()))
        out += '.';
    return out;
}

void Prompt::text(std::string_view s)
{
    if (s.empty())
        return;
    if (!pieces_.empty() && pieces_.back().kind == Piece::Text)
        pieces_.back().value += s;
    else
        pieces_.push_back({Piece::Text, std::string(s)});
}

void Prompt::special(std::string_view token)
{
    pieces_.push_back({Piece::Special, std::string(token)});
}

void Prompt::image(int64_t padCount)
{
    special("<|vision_start|>");
    pieces_.push_back({Piece::Pads, "<|image_pad|>", padCount});
    special("<|vision_end|>");
}

void Prompt::video(const VideoPromptPart &video)
{
    for (const auto &groupText : video.groupTexts) {
        text(groupText);
        special("<|vision_start|>");
        pieces_.push_back({Piece::Pads, "<|video_pad|>", video.tokensPerGroup});
        special("<|vision_end|>");
    }
}

void Prompt::content(const PromptContent &c, bool nullWhenEmpty)
{
    const bool hasVideo = c.video != nullptr && !c.video->groupTexts.empty();
    if (hasVideo)
        video(*c.video);
    for (const auto count : c.imageTokenCounts)
        image(count);
    text(c.text);
    if (nullWhenEmpty && !hasVideo && c.imageTokenCounts.empty() && c.text.empty())
        text("NULL");
}

std::string Prompt::render() const
{
    std::string out;
    for (const auto &piece : pieces_)
        out += piece.value;
    return out;
}

Result<std::vector<int32_t>> Prompt::encode(const Tokenizer &tokenizer) const
{
    std::vector<int32_t> ids;
    for (const auto &piece : pieces_) {
        if (piece.kind == Piece::Text) {
            const auto encoded = tokenizer.encodeOrdinary(piece.value);
            ids.insert(ids.end(), encoded.begin(), encoded.end());
            continue;
        }
        const auto id = tokenizer.tokenToId(piece.value);
        if (!id)
            return makeError("the tokenizer has no special token " + piece.value);
        ids.insert(ids.end(), static_cast<size_t>(piece.kind == Piece::Pads ? piece.count : 1), *id);
    }
    return ids;
}

namespace {

// The length of `bytes` without a UTF-8 character cut off at its end.
size_t wholeCharacters(std::string_view bytes)
{
    size_t end = bytes.size();
    size_t back = 0;
    while (back < 3 && back < end && (static_cast<unsigned char>(bytes[end - 1 - back]) & 0xC0) == 0x80)
        ++back;
    if (back == end)
        return end; // only continuation bytes: invalid anyway, the tokenizer repairs it
    const auto lead = static_cast<unsigned char>(bytes[end - 1 - back]);
    const size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return length > back + 1 ? end - 1 - back : end;
}

} // namespace

FittedText fitTextToTokens(const Tokenizer &tokenizer, std::string_view text, int64_t maxTokens)
{
    maxTokens = std::max<int64_t>(0, maxTokens);
    // Cheap cases first: a token covers at least one byte.
    if (int64_t(text.size()) <= maxTokens)
        return FittedText{std::string(text), false, int64_t(tokenizer.encodeOrdinary(text).size())};
    const size_t byteLimit = size_t(maxTokens) * kMaxBytesPerToken;
    const bool cutBytes = text.size() > byteLimit;
    const std::string_view considered =
        cutBytes ? text.substr(0, wholeCharacters(text.substr(0, byteLimit))) : text;
    const std::vector<int32_t> ids = tokenizer.encodeOrdinary(considered);
    if (int64_t(ids.size()) <= maxTokens && !cutBytes)
        return FittedText{std::string(text), false, int64_t(ids.size())};
    // The bytes of the first maxTokens tokens, joined (byte-level tokens; an added token is literal).
    const size_t keep = std::min(ids.size(), size_t(maxTokens));
    std::string bytes;
    for (size_t i = 0; i < keep; ++i) {
        const std::optional<std::string> token = tokenizer.idToToken(ids[i]);
        if (!token)
            continue;
        if (std::optional<std::string> raw = byte_level::decode(*token))
            bytes += *raw;
        else
            bytes += *token;
    }
    bytes.resize(wholeCharacters(bytes));
    return FittedText{std::move(bytes), true, int64_t(keep)};
}

std::string truncationNotice(std::string_view what, const FittedText &fitted)
{
    return std::string(what) + " was truncated to " + std::to_string(fitted.tokens) +
           " tokens (the model reads at most " + std::to_string(kMaxInputTokens) + " tokens)";
}

Prompt embeddingPrompt(const PromptContent &input, std::optional<std::string_view> instruction)
{
    Prompt p;
    p.special("<|im_start|>");
    p.text("system\n" + normalizeEmbeddingInstruction(instruction));
    p.special("<|im_end|>");
    p.text("\n");
    p.special("<|im_start|>");
    p.text("user\n");
    p.content(input, /*nullWhenEmpty=*/true);
    p.special("<|im_end|>");
    p.text("\n");
    p.special("<|im_start|>");
    p.text("assistant\n");
    return p;
}

Prompt rerankPrompt(const PromptContent &query, const PromptContent &document,
                    std::optional<std::string_view> instruction)
{
    const std::string_view instr =
        instruction && !instruction->empty() ? *instruction : kDefaultRerankInstruction;
    Prompt p;
    p.special("<|im_start|>");
    p.text("system\n" + std::string(kRerankSystemPrompt));
    p.special("<|im_end|>");
    p.text("\n");
    p.special("<|im_start|>");
    p.text("user\n<Instruct>: " + std::string(instr) + "<Query>:");
    p.content(query, true);
    p.text("\n<Document>:");
    p.content(document, true);
    p.special("<|im_end|>");
    p.text("\n");
    p.special("<|im_start|>");
    p.text("assistant\n");
    return p;
}

} // namespace cortex::model
