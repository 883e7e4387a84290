// manifest.json of a collection file (core/service/collection_manifest.cpp) from any bytes.
#include "service/collection_manifest.h"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)cortex::service::parseCollectionManifest(
        std::string_view(reinterpret_cast<const char *>(data), size), "fuzz.cortex");
    return 0;
}
