// Reading tokenizer.json: the vocabulary, the merges (as "a b" strings or as [a, b] pairs), the
// added tokens, and a check that the pipeline is the one this tokenizer implements (NFC, the
// Qwen2 split pattern, byte-level BPE), so that another model's file fails loudly instead of
// encoding wrongly.

#include "model/tokenizer/byte_level.h"
#include "model/tokenizer/tokenizer_impl.h"

#include <nlohmann/json.hpp>

#include <array>
#include <limits>

namespace cortex::model {

namespace {

using nlohmann::json;

constexpr std::string_view kQwen2Pattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

// Tokens are kept in a table indexed by id, up to the largest id: an id far beyond the number of tokens
// a file defines would make a few bytes of JSON allocate gigabytes (id 2^31 - 1: 150 GB). Real
// vocabularies are dense (Qwen's 151,669 tokens have the ids 0..151,668); gaps up to this many ids are
// accepted.
constexpr int64_t kMaxIdGap = 65536;

// One readable sentence: "The tokenizer file 'x' <reason>."
Error fail(const std::string &origin, const std::string &reason)
{
    return makeError("The tokenizer file '" + origin + "' " + reason + ".");
}

std::string typeOf(const json &node)
{
    if (node.is_object() && node.contains("type") && node["type"].is_string())
        return node["type"].get<std::string>();
    return "?";
}

bool flagIs(const json &node, const char *key, bool expected)
{
    return !node.contains(key) || node[key].is_null() ||
           (node[key].is_boolean() && node[key].get<bool>() == expected);
}

bool emptyOrNull(const json &node, const char *key)
{
    return !node.contains(key) || node[key].is_null() ||
           (node[key].is_string() && node[key].get<std::string>().empty());
}

// Accepts no normalizer or NFC; sets nfc.
Status checkNormalizer(const json &root, const std::string &origin, bool &nfc)
{
    const json *normalizer = root.contains("normalizer") ? &root["normalizer"] : nullptr;
    nfc = normalizer != nullptr && !normalizer->is_null();
    if (nfc && typeOf(*normalizer) != "NFC")
        return fail(origin, "uses the '" + typeOf(*normalizer) + "' normalizer, but only NFC is supported");
    return {};
}

// Accepts Sequence[Split(Qwen2 pattern, Isolated), ByteLevel(no prefix space, no regex)].
Status checkPreTokenizer(const json &root, const std::string &origin)
{
    const auto unsupported = [&] {
        return fail(origin, "has a pre-tokenizer other than the Qwen2 split pattern followed by ByteLevel, "
                            "which is the only one supported");
    };
    if (!root.contains("pre_tokenizer") || typeOf(root["pre_tokenizer"]) != "Sequence")
        return unsupported();
    const json &sequence = root["pre_tokenizer"];
    if (!sequence.contains("pretokenizers"))
        return unsupported();
    const json &steps = sequence["pretokenizers"];
    if (!steps.is_array() || steps.size() != 2)
        return unsupported();
    const json &split = steps[0];
    const json &byteLevel = steps[1];
    const bool splitOk =
        typeOf(split) == "Split" && split.contains("pattern") && split["pattern"].is_object() &&
        split["pattern"].value("Regex", std::string()) == kQwen2Pattern &&
        split.value("behavior", std::string()) == "Isolated" && flagIs(split, "invert", false);
    const bool byteLevelOk = typeOf(byteLevel) == "ByteLevel" &&
                             flagIs(byteLevel, "add_prefix_space", false) &&
                             flagIs(byteLevel, "use_regex", false);
    if (!splitOk || !byteLevelOk)
        return unsupported();
    return {};
}

Status checkModel(const json &model, const std::string &origin)
{
    if (model.contains("type") && typeOf(model) != "BPE")
        return fail(origin, "has a '" + typeOf(model) + "' model, but only BPE is supported");
    if (!emptyOrNull(model, "continuing_subword_prefix") || !emptyOrNull(model, "end_of_word_suffix"))
        return fail(origin, "uses BPE subword prefixes or suffixes, which byte-level BPE does not support");
    if (model.contains("dropout") && model["dropout"].is_number() && model["dropout"].get<double>() > 0.0)
        return fail(origin, "enables BPE dropout, which is for training only");
    return {};
}

// Reads a non-negative int32 id of at most `maxId`.
bool readId(const json &node, int64_t maxId, int32_t &id)
{
    if (!node.is_number_integer())
        return false;
    const auto value = node.get<int64_t>();
    if (value < 0 || value > std::numeric_limits<int32_t>::max() || value > maxId)
        return false;
    id = static_cast<int32_t>(value);
    return true;
}

void setToken(Tokenizer::Impl &impl, int32_t id, const std::string &text, bool special)
{
    if (impl.byId.size() <= static_cast<size_t>(id))
        impl.byId.resize(static_cast<size_t>(id) + 1);
    Tokenizer::Impl::TokenInfo &info = impl.byId[static_cast<size_t>(id)];
    info.text = text;
    // The ByteLevel decoder's rule: a token of byte-level chars gives their bytes, any other
    // token its own UTF-8.
    info.bytes = byte_level::decode(text).value_or(text);
    info.present = true;
    info.special = special;
}

// What an id out of range is called in errors.
std::string idRule(int64_t maxId)
{
    return "an id that is not an integer from 0 to " + std::to_string(maxId) +
           " (the number of tokens the file defines, plus " + std::to_string(kMaxIdGap) + ")";
}

Status readVocab(const json &vocab, const std::string &origin, int64_t maxId, Tokenizer::Impl &impl)
{
    impl.tokenIds.reserve(vocab.size() + 64);
    for (const auto &[token, idNode] : vocab.items()) {
        int32_t id = 0;
        if (!readId(idNode, maxId, id))
            return fail(origin, "gives the vocabulary token '" + token + "' " + idRule(maxId));
        impl.tokenIds[token] = id;
        setToken(impl, id, token, false);
    }
    return {};
}

// A merge as "left right" (older files) or ["left", "right"].
bool splitMerge(const json &entry, std::string &left, std::string &right)
{
    if (entry.is_string()) {
        const auto &text = entry.get_ref<const std::string &>();
        const size_t space = text.find(' ');
        if (space == std::string::npos || text.find(' ', space + 1) != std::string::npos)
            return false;
        left = text.substr(0, space);
        right = text.substr(space + 1);
        return true;
    }
    if (entry.is_array() && entry.size() == 2 && entry[0].is_string() && entry[1].is_string()) {
        left = entry[0].get<std::string>();
        right = entry[1].get<std::string>();
        return true;
    }
    return false;
}

Status readMerges(const json &merges, const std::string &origin, const Tokenizer::Impl &impl,
                  std::vector<BpeModel::Merge> &out)
{
    out.reserve(merges.size());
    std::string left, right;
    for (size_t rank = 0; rank < merges.size(); ++rank) {
        const std::string where = "merge " + std::to_string(rank + 1);
        if (!splitMerge(merges[rank], left, right))
            return fail(origin, "has " + where + ", which is neither \"a b\" nor [\"a\", \"b\"]");
        const auto l = impl.tokenIds.find(left);
        const auto r = impl.tokenIds.find(right);
        const auto m = impl.tokenIds.find(left + right);
        if (l == impl.tokenIds.end() || r == impl.tokenIds.end() || m == impl.tokenIds.end())
            return fail(origin, "has " + where + " ('" + left + " " + right +
                                    "') with a token missing from the vocabulary");
        out.push_back({l->second, r->second, m->second});
    }
    return {};
}

Status readAddedTokens(const json &root, const std::string &origin, int64_t maxId, Tokenizer::Impl &impl,
                       std::vector<AddedToken> &out)
{
    if (!root.contains("added_tokens") || root["added_tokens"].is_null())
        return {};
    if (!root["added_tokens"].is_array())
        return fail(origin, "has an added_tokens entry that is not a list");
    for (const json &entry : root["added_tokens"]) {
        int32_t id = 0;
        if (!entry.is_object() || !entry.contains("id") || !entry.contains("content") ||
            !entry["content"].is_string())
            return fail(origin, "has an added token without a valid id and content");
        if (!readId(entry["id"], maxId, id))
            return fail(origin, "gives the added token '" + entry["content"].get<std::string>() + "' " +
                                    idRule(maxId));
        AddedToken token;
        token.content = entry["content"].get<std::string>();
        token.id = id;
        token.lstrip = entry.value("lstrip", false);
        token.rstrip = entry.value("rstrip", false);
        impl.tokenIds[token.content] = id;
        setToken(impl, id, token.content, entry.value("special", false));
        out.push_back(std::move(token));
    }
    return {};
}

Result<std::unique_ptr<const Tokenizer::Impl>> build(const json &root, const std::string &origin)
{
    if (!root.is_object() || !root.contains("model") || !root["model"].is_object() ||
        !root["model"].contains("vocab") || !root["model"]["vocab"].is_object())
        return fail(origin, "has no model.vocab object, so it is not a BPE tokenizer.json");
    const json &model = root["model"];
    if (!model.contains("merges") || !model["merges"].is_array())
        return fail(origin, "has no model.merges list");

    auto impl = std::make_unique<Tokenizer::Impl>();
    if (Status s = checkModel(model, origin); !s)
        return s.error();
    if (Status s = checkNormalizer(root, origin, impl->nfc); !s)
        return s.error();
    if (Status s = checkPreTokenizer(root, origin); !s)
        return s.error();
    const json *addedTokens = root.contains("added_tokens") ? &root["added_tokens"] : nullptr;
    const int64_t maxId =
        int64_t(model["vocab"].size()) +
        (addedTokens != nullptr && addedTokens->is_array() ? int64_t(addedTokens->size()) : 0) + kMaxIdGap -
        1;
    if (Status s = readVocab(model["vocab"], origin, maxId, *impl); !s)
        return s.error();

    std::vector<BpeModel::Merge> merges;
    if (Status s = readMerges(model["merges"], origin, *impl, merges); !s)
        return s.error();
    std::array<int32_t, 256> byteIds{};
    for (int b = 0; b < 256; ++b) {
        const auto it = impl->tokenIds.find(byte_level::encode(std::string(1, static_cast<char>(b))));
        byteIds[static_cast<size_t>(b)] = it == impl->tokenIds.end() ? -1 : it->second;
    }
    impl->bpe = BpeModel(byteIds, merges);

    impl->ignoreMerges = model.value("ignore_merges", false);
    if (impl->ignoreMerges) {
        for (const auto &[token, id] : impl->tokenIds) {
            if (auto bytes = byte_level::decode(token))
                impl->rawPieceIds.emplace(std::move(*bytes), id);
        }
    }

    // Added tokens come last: they override vocabulary entries of the same text or id.
    std::vector<AddedToken> added;
    if (Status s = readAddedTokens(root, origin, maxId, *impl, added); !s)
        return s.error();
    impl->addedTokens = AddedTokenMatcher(std::move(added));
    return std::unique_ptr<const Tokenizer::Impl>(std::move(impl));
}

// nlohmann's message less its "[json.exception.parse_error.101] " prefix, which means nothing to users.
std::string withoutExceptionId(const json::exception &e)
{
    const std::string message = e.what();
    const size_t end = message.rfind("] ", message.find(' '));
    return end == std::string::npos ? message : message.substr(end + 2);
}

} // namespace

Result<std::unique_ptr<const Tokenizer::Impl>> parseTokenizerJson(const std::string &jsonText,
                                                                  const std::string &origin)
{
    json root;
    try {
        root = json::parse(jsonText);
    } catch (const json::exception &e) {
        return fail(origin, "is not valid JSON (" + withoutExceptionId(e) + ")");
    }
    try {
        return build(root, origin);
    } catch (const json::exception &e) { // a field of the wrong type
        return fail(origin, "has an unexpected structure (" + withoutExceptionId(e) + ")");
    }
}

} // namespace cortex::model
