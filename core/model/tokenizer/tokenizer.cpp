#include "model/tokenizer/tokenizer.h"

#include "model/tokenizer/pretokenizer.h"
#include "model/tokenizer/tokenizer_impl.h"
#include "model/tokenizer/unicode.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace cortex::model {

namespace {

// Normalises, pre-tokenizes and BPE-encodes text that holds no added token.
void encodeSegment(const Tokenizer::Impl &impl, std::string_view segment, std::vector<int32_t> &ids,
                   std::vector<std::string_view> &pieces, BpeModel::Scratch &scratch)
{
    if (segment.empty())
        return;
    std::string normalized;
    std::string_view text = segment;
    if (impl.nfc) {
        normalized = unicode::nfc(segment);
        text = normalized;
    }
    pieces.clear();
    splitQwen2Pieces(text, pieces);
    for (const std::string_view piece : pieces) {
        if (impl.ignoreMerges) {
            if (const auto it = impl.rawPieceIds.find(piece); it != impl.rawPieceIds.end()) {
                ids.push_back(it->second);
                continue;
            }
        }
        impl.bpe.encodeWord(piece, ids, scratch);
    }
}

} // namespace

Tokenizer::Tokenizer(std::unique_ptr<const Impl> impl) : impl_(std::move(impl)) {}

Tokenizer::~Tokenizer() = default;

Result<std::shared_ptr<const Tokenizer>> Tokenizer::loadFromFile(const std::filesystem::path &tokenizerJson)
{
    std::error_code ec;
    if (std::filesystem::is_directory(tokenizerJson, ec))
        return makeError("Cannot read the tokenizer file '" + tokenizerJson.string() +
                         "': it is a directory.");
    std::ifstream in(tokenizerJson, std::ios::binary);
    if (!in) {
        return makeError("Cannot read the tokenizer file '" + tokenizerJson.string() +
                         "': " + std::strerror(errno) + ".");
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        return makeError("Cannot read the tokenizer file '" + tokenizerJson.string() + "': read error.");
    return loadFromJson(text.str(), tokenizerJson.string());
}

Result<std::shared_ptr<const Tokenizer>> Tokenizer::loadFromJson(const std::string &jsonText,
                                                                 const std::string &origin)
{
    auto impl = parseTokenizerJson(jsonText, origin);
    if (!impl)
        return impl.error();
    return std::shared_ptr<const Tokenizer>(new Tokenizer(std::move(impl).value()));
}

std::vector<int32_t> Tokenizer::encode(std::string_view utf8) const
{
    const std::string text = unicode::repairUtf8(utf8);
    std::vector<int32_t> ids;
    ids.reserve(text.size() / 3 + 4);
    std::vector<std::string_view> pieces;
    BpeModel::Scratch scratch;
    size_t pos = 0;
    while (pos < text.size()) {
        const auto match = impl_->addedTokens.findNext(text, pos);
        const size_t segmentEnd = match ? match->begin : text.size();
        encodeSegment(*impl_, std::string_view(text).substr(pos, segmentEnd - pos), ids, pieces, scratch);
        if (!match)
            break;
        ids.push_back(match->id);
        pos = match->end;
    }
    return ids;
}

std::vector<int32_t> Tokenizer::encodeOrdinary(std::string_view utf8) const
{
    const std::string text = unicode::repairUtf8(utf8);
    std::vector<int32_t> ids;
    ids.reserve(text.size() / 3 + 4);
    std::vector<std::string_view> pieces;
    BpeModel::Scratch scratch;
    encodeSegment(*impl_, text, ids, pieces, scratch);
    return ids;
}

std::string Tokenizer::decode(std::span<const int32_t> ids, bool skipSpecialTokens) const
{
    // Like the ByteLevel decoder: the bytes of all tokens joined, then read as UTF-8 leniently.
    std::string bytes;
    for (const int32_t id : ids) {
        if (id < 0 || static_cast<size_t>(id) >= impl_->byId.size())
            continue;
        const Impl::TokenInfo &info = impl_->byId[static_cast<size_t>(id)];
        if (!info.present || (skipSpecialTokens && info.special))
            continue;
        bytes += info.bytes;
    }
    return unicode::repairUtf8(bytes);
}

std::optional<int32_t> Tokenizer::tokenToId(std::string_view token) const
{
    const auto it = impl_->tokenIds.find(token);
    if (it == impl_->tokenIds.end())
        return std::nullopt;
    return it->second;
}

std::optional<std::string> Tokenizer::idToToken(int32_t id) const
{
    if (id < 0 || static_cast<size_t>(id) >= impl_->byId.size() ||
        !impl_->byId[static_cast<size_t>(id)].present)
        return std::nullopt;
    return impl_->byId[static_cast<size_t>(id)].text;
}

int64_t Tokenizer::vocabSize() const
{
    return static_cast<int64_t>(impl_->byId.size());
}

} // namespace cortex::model
