// config.json and preprocessor_config.json (core/model/config/model_config.cpp) from any bytes: both
// parsers see every input (the two files share most of their shapes).
#include "model/config/model_config.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const std::string json(reinterpret_cast<const char *>(data), size);
    (void)cortex::model::parseModelConfig(json, "fuzz/config.json");
    (void)cortex::model::parsePreprocessorConfig(json, "fuzz/preprocessor_config.json");
    return 0;
}
