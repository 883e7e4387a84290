// Encoding arbitrary bytes with the real Qwen3-VL tokenizer (tests/data/qwen3vl/tokenizer.json):
// invalid UTF-8, NFC normalisation, the Qwen2 split pattern, byte-level BPE, added tokens inside the
// text. Every id must be in the vocabulary; decoding must round-trip the ordinary encoding's text.
#include "model/tokenizer/tokenizer.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

namespace {

const cortex::model::Tokenizer *tokenizer = nullptr;

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    static auto loaded = cortex::model::Tokenizer::loadFromFile(CORTEX_FUZZ_TOKENIZER_JSON);
    if (!loaded) {
        std::fprintf(stderr, "%s\n", loaded.error().message.c_str());
        std::abort();
    }
    tokenizer = loaded->get();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const auto ids = tokenizer->encode(text);
    const auto ordinary = tokenizer->encodeOrdinary(text);
    for (const auto *list : {&ids, &ordinary})
        for (const int32_t id : *list)
            if (id < 0 || id >= tokenizer->vocabSize())
                std::abort(); // an id outside the vocabulary
    // Encoding what decoding gave back is stable (the first pass already replaced invalid UTF-8 and
    // normalised the text).
    const std::string decoded = tokenizer->decode(ordinary);
    if (tokenizer->decode(tokenizer->encodeOrdinary(decoded)) != decoded)
        std::abort();
    (void)tokenizer->decode(ids, true);
    return 0;
}
