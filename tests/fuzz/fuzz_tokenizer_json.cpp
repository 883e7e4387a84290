// Loading a tokenizer.json (core/model/tokenizer/tokenizer_loader.cpp) from any bytes; a file that
// loads then encodes and decodes a fixed text and a slice of its own bytes, so that hostile
// vocabularies, merges and added tokens also reach the BPE and the added-token matcher.
#include "model/tokenizer/tokenizer.h"

#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string json(reinterpret_cast<const char *>(data), size);
    auto loaded = cortex::model::Tokenizer::loadFromJson(json, "fuzz/tokenizer.json");
    if (!loaded)
        return 0;
    const auto &tokenizer = **loaded;
    const std::string_view texts[] = {
        "Hello, world! 123 <|im_start|>user\n  tabs\tand\r\nnewlines  ",
        std::string_view(json).substr(0, 256),
    };
    for (const std::string_view text : texts) {
        for (const auto &ids : {tokenizer.encode(text), tokenizer.encodeOrdinary(text)}) {
            for (const int32_t id : ids)
                if (id < 0 || id >= tokenizer.vocabSize())
                    std::abort(); // an id outside the vocabulary it came from
            (void)tokenizer.decode(ids);
            (void)tokenizer.decode(ids, true);
        }
    }
    return 0;
}
