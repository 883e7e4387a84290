// The byte-level BPE tokenizer against the ids that Hugging Face `tokenizers` produced for the
// fixture (tests/data/qwen3vl/tiny-a/reference.json), plus its error, invalid-input and threading
// behaviour.

#include "model/tokenizer/tokenizer.h"

#include "support/reference_data.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

using cortex::model::Tokenizer;
using cortex::test::reference;

namespace {

std::shared_ptr<const Tokenizer> qwenTokenizer()
{
    static const std::shared_ptr<const Tokenizer> tokenizer = [] {
        auto loaded = Tokenizer::loadFromFile(cortex::test::qwenFixtureDir() / "tokenizer.json");
        REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().message));
        return loaded.value();
    }();
    return tokenizer;
}

std::vector<int32_t> toIds(const nlohmann::json &array)
{
    std::vector<int32_t> ids;
    for (const auto &v : array)
        ids.push_back(v.get<int32_t>());
    return ids;
}

std::string describe(const std::vector<int32_t> &ids)
{
    std::ostringstream out;
    out << '[';
    for (size_t i = 0; i < ids.size(); ++i)
        out << (i ? ", " : "") << ids[i];
    out << ']';
    return out.str();
}

// The NFC form of the fixture texts: only two of them hold decomposed sequences.
std::string nfcOfFixtureText(std::string text)
{
    const std::pair<std::string, std::string> compositions[] = {{"e\xCC\x81", "\xC3\xA9"},
                                                                {"A\xCC\x8A", "\xC3\x85"}};
    for (const auto &[decomposed, composed] : compositions) {
        for (size_t pos; (pos = text.find(decomposed)) != std::string::npos;)
            text.replace(pos, decomposed.size(), composed);
    }
    return text;
}

// Reference input_ids hold each image as its full run of <|image_pad|>; the prompt has one.
std::vector<int32_t> collapseImagePads(const std::vector<int32_t> &ids, int32_t imagePad)
{
    std::vector<int32_t> out;
    for (const int32_t id : ids) {
        if (id != imagePad || out.empty() || out.back() != imagePad)
            out.push_back(id);
    }
    return out;
}

std::filesystem::path writeTempFile(const std::string &name, const std::string &content)
{
    const auto dir = std::filesystem::path(CORTEX_TEST_BINARY_DIR) / "tokenizer_test_files";
    std::filesystem::create_directories(dir);
    const auto file = dir / name;
    std::ofstream(file, std::ios::binary) << content;
    return file;
}

// A minimal Qwen2-style tokenizer.json with the given merges list: a, b, ab, Ġ, Ġab and <x>.
std::string minimalJson(const std::string &merges)
{
    return R"({"normalizer": {"type": "NFC"}, "pre_tokenizer": {"type": "Sequence", "pretokenizers": [)"
           R"({"type": "Split", "pattern": {"Regex": "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"}, "behavior": "Isolated", "invert": false},)"
           R"({"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false, "use_regex": false}]},)"
           R"("added_tokens": [{"id": 5, "content": "<x>", "special": true}],)"
           R"("model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2, "Ġ": 3, "Ġab": 4}, "merges": )" +
           merges + "}}";
}

} // namespace

TEST_CASE("tokenizer: the fixture texts encode to the Hugging Face ids")
{
    const auto tok = qwenTokenizer();
    const auto &cases = reference()["tokenizer"];
    REQUIRE(cases.size() == 29);
    int passed = 0;
    for (const auto &c : cases) {
        const auto text = c["text"].get<std::string>();
        const auto expected = toIds(c["ids"]);
        const auto actual = tok->encode(text);
        INFO("text: \"", text, "\"\n  expected ", describe(expected), "\n  actual   ", describe(actual));
        CHECK(actual == expected);
        passed += actual == expected;
    }
    MESSAGE(passed, " of ", cases.size(), " fixture texts match");
}

TEST_CASE("tokenizer: embedding and rerank prompts encode to their input ids")
{
    const auto tok = qwenTokenizer();
    const int32_t imagePad = reference()["token_ids"]["<|image_pad|>"].get<int32_t>();
    const int32_t endOfText = reference()["token_ids"]["<|endoftext|>"].get<int32_t>();
    for (const char *section : {"embedding", "rerank"}) {
        const bool isEmbedding = std::string(section) == "embedding";
        for (const auto &c : reference()[section]) {
            auto expected = collapseImagePads(toIds(c["input_ids"]), imagePad);
            if (isEmbedding) {
                REQUIRE(expected.back() == endOfText);
                expected.pop_back(); // appended by the embedder, not part of the prompt
            }
            const auto actual = tok->encode(c["prompt"].get<std::string>());
            INFO(section, " case ", c["name"].get<std::string>(), "\n  expected ", describe(expected),
                 "\n  actual   ", describe(actual));
            CHECK(actual == expected);
        }
    }
}

TEST_CASE("tokenizer: token strings and ids")
{
    const auto tok = qwenTokenizer();
    for (const auto &[token, id] : reference()["token_ids"].items()) {
        INFO("token ", token);
        CHECK(tok->tokenToId(token) == id.get<int32_t>());
        CHECK(tok->idToToken(id.get<int32_t>()) == token);
    }
    CHECK(tok->tokenToId("Ġworld") == 1879);
    CHECK(tok->idToToken(1879) == "Ġworld");
    CHECK_FALSE(tok->tokenToId("no such token").has_value());
    CHECK_FALSE(tok->idToToken(-1).has_value());
    CHECK_FALSE(tok->idToToken(1 << 30).has_value());
    CHECK(tok->vocabSize() == 151669);
}

TEST_CASE("tokenizer: decode inverts encode up to NFC")
{
    const auto tok = qwenTokenizer();
    for (const auto &c : reference()["tokenizer"]) {
        const auto text = c["text"].get<std::string>();
        INFO("text: \"", text, "\"");
        CHECK(tok->decode(tok->encode(text)) == nfcOfFixtureText(text));
    }
}

TEST_CASE("tokenizer: decode can skip special tokens")
{
    const auto tok = qwenTokenizer();
    const auto ids = tok->encode("<|im_start|>user hi<|im_end|>\n<tool_call>x</tool_call>");
    CHECK(tok->decode(ids) == "<|im_start|>user hi<|im_end|>\n<tool_call>x</tool_call>");
    // <tool_call> is an added token but not a special one, so it stays.
    CHECK(tok->decode(ids, true) == "user hi\n<tool_call>x</tool_call>");
    const std::vector<int32_t> withUnknown = {9707, -5, 1 << 30, 1879};
    CHECK(tok->decode(withUnknown) == "Hello world");
}

TEST_CASE("tokenizer: invalid UTF-8 is encoded as U+FFFD")
{
    const auto tok = qwenTokenizer();
    const std::string fffd = "\xEF\xBF\xBD";
    const std::pair<std::string, std::string> cases[] = {
        {"\xff\xfe abc", fffd + fffd + " abc"},
        {"abc \xe4\xb8", "abc " + fffd}, // truncated 3-byte sequence at the end
        {"\xe4\xb8xyz", fffd + "xyz"},   // ... and before ASCII
        {"a\xc0\xaf"
         "b",
         "a" + fffd + fffd + "b"},            // overlong encoding
        {"\xed\xa0\x80", fffd + fffd + fffd}, // UTF-16 surrogate
        {"<|im_start|>\x80<|im_end|>", "<|im_start|>" + fffd + "<|im_end|>"},
    };
    for (const auto &[invalid, repaired] : cases) {
        INFO("repaired text: \"", repaired, "\"");
        const auto ids = tok->encode(invalid);
        CHECK(ids == tok->encode(repaired));
        CHECK(tok->decode(ids) == repaired);
    }
    // Decoding a lone lead byte of a multi-byte char gives U+FFFD too ('â' is byte 0xE2).
    const auto leadByte = tok->tokenToId("\xC3\xA2");
    REQUIRE(leadByte.has_value());
    CHECK(tok->decode(std::vector<int32_t>{*leadByte, 9707}) == fffd + "Hello");
}

TEST_CASE("tokenizer: loading errors name the file")
{
    const auto missing = std::filesystem::path(CORTEX_TEST_BINARY_DIR) / "no-such-dir" / "tokenizer.json";
    const auto notJson = writeTempFile("not-json.json", "this is { not json");
    const auto noVocab = writeTempFile("no-vocab.json", R"({"model": {"type": "BPE", "merges": []}})");
    const auto badMerge = writeTempFile("bad-merge.json", minimalJson(R"(["a b", "b a"])")); // no "ba"
    for (const auto &file : {missing, notJson, noVocab, badMerge}) {
        const auto loaded = Tokenizer::loadFromFile(file);
        REQUIRE_FALSE(loaded.ok());
        const std::string &message = loaded.error().message;
        MESSAGE(message);
        CHECK(message.find(file.string()) != std::string::npos);
        CHECK(message.back() == '.');
    }
    // A BPE file with another pipeline (here no pre-tokenizer) is refused rather than misread.
    const auto otherPipeline = Tokenizer::loadFromJson(
        R"({"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}})", "other-model.json");
    REQUIRE_FALSE(otherPipeline.ok());
    MESSAGE(otherPipeline.error().message);
    CHECK(otherPipeline.error().message.find("pre-tokenizer") != std::string::npos);
    const auto fromText = Tokenizer::loadFromJson("[1, 2]", "inline text");
    REQUIRE_FALSE(fromText.ok());
    CHECK(fromText.error().message.find("'inline text'") != std::string::npos);
}

TEST_CASE("tokenizer: an id far beyond the tokens a file defines is refused before any table is sized by it")
{
    // Seen in fuzz_tokenizer_json (out of memory): a 7 KB file with the id 2^31 - 1 asked for 150 GB. The
    // minimal file defines 6 tokens, so ids up to 6 + 65536 - 1 load (sparse ids stay possible) and larger
    // ones do not.
    std::string sparse = minimalJson(R"(["a b", "Ġ ab"])");
    sparse.replace(sparse.find(R"("id": 5)"), 7, R"("id": 65541)");
    const auto loaded = Tokenizer::loadFromJson(sparse, "sparse.json");
    REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().message));
    CHECK(loaded.value()->encode("ab<x>") == std::vector<int32_t>{2, 65541});
    CHECK(loaded.value()->vocabSize() == 65542);

    for (const auto &[from, to] :
         {std::pair{R"("id": 5)", R"("id": 65542)"}, std::pair{R"("id": 5)", R"("id": 2147483647)"},
          std::pair{R"("Ġab": 4)", R"("Ġab": 2147483647)"}}) {
        std::string json = minimalJson(R"(["a b", "Ġ ab"])");
        json.replace(json.find(from), std::string_view(from).size(), to);
        const auto refused = Tokenizer::loadFromJson(json, "huge-id.json");
        REQUIRE_FALSE(refused.ok());
        const std::string &message = refused.error().message;
        MESSAGE(message);
        CHECK(message.find("'huge-id.json'") != std::string::npos);
        CHECK(message.find("an id that is not an integer from 0 to 65541") != std::string::npos);
    }
}

TEST_CASE("tokenizer: merges in the older \"a b\" form load the same")
{
    // A minimal byte-level file in each merge format; "ab" must come out as one token.
    for (const std::string merges : {R"(["a b", "Ġ ab"])", R"([["a", "b"], ["Ġ", "ab"]])"}) {
        const auto loaded = Tokenizer::loadFromJson(minimalJson(merges), "minimal");
        REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? std::string() : loaded.error().message));
        const auto &tok = *loaded.value();
        CHECK(tok.encode("ab ab<x>ba") == std::vector<int32_t>{2, 4, 5, 1, 0});
        CHECK(tok.vocabSize() == 6);
    }
}

TEST_CASE("tokenizer: encoding from several threads gives the same ids")
{
    const auto tok = qwenTokenizer();
    std::vector<std::string> texts;
    for (const auto &c : reference()["tokenizer"])
        texts.push_back(c["text"].get<std::string>());
    std::vector<std::vector<int32_t>> expected;
    for (const auto &t : texts)
        expected.push_back(tok->encode(t));

    constexpr int kThreads = 4;
    std::vector<std::vector<std::vector<int32_t>>> results(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 20; ++round) {
                for (size_t i = 0; i < texts.size(); ++i) {
                    auto ids = tok->encode(texts[(i + t) % texts.size()]);
                    if (round == 0)
                        results[t].push_back(std::move(ids));
                }
            }
        });
    }
    for (auto &thread : threads)
        thread.join();
    for (int t = 0; t < kThreads; ++t) {
        for (size_t i = 0; i < texts.size(); ++i)
            CHECK(results[t][i] == expected[(i + t) % texts.size()]);
    }
}

TEST_CASE("tokenizer: encoding speed (informational)")
{
    const auto tok = qwenTokenizer();
    const std::string paragraph =
        "The quarterly report shows that revenue grew 12% in Q3 2024, driven by cloud services in EMEA "
        "and APAC. Operating costs (excluding one-time items) were $4,512,300.75; we'll publish the "
        "full breakdown on https://example.com/reports?id=42 before Friday.\n\n"
        "  - Net income: 1.2M USD\n  - Headcount: 3,418 people\n\tNote: figures aren't audited yet!\n";
    std::string text;
    for (int i = 0; text.size() < (1 << 20); ++i)
        text += paragraph + std::to_string(i) + " ";
    const auto start = std::chrono::steady_clock::now();
    const auto ids = tok->encode(text);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    MESSAGE("encoded ", text.size() / 1e6, " MB into ", ids.size(), " tokens in ", seconds * 1e3, " ms (",
            text.size() / 1e6 / seconds, " MB/s)");
    CHECK(tok->decode(ids) == text);
}

TEST_CASE("tokenizer: encodeOrdinary keeps added-token text as text")
{
    const auto tok = qwenTokenizer();
    const std::string text = "see <|image_pad|> and <|im_end|> here";
    const auto ordinary = tok->encodeOrdinary(text);
    CHECK(std::count(ordinary.begin(), ordinary.end(), 151655) == 0);
    CHECK(std::count(ordinary.begin(), ordinary.end(), 151645) == 0);
    CHECK(tok->decode(ordinary) == text);
    // Text without added tokens encodes the same either way.
    for (const auto &c : reference()["tokenizer"]) {
        const auto t = c["text"].get<std::string>();
        if (t.find("<|") == std::string::npos) {
            INFO("text: \"", t, "\"");
            CHECK(tok->encodeOrdinary(t) == tok->encode(t));
        }
    }
}
