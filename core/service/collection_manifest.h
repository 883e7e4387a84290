#pragma once
// manifest.json of an exported collection (see collection_transfer.h): parsed from its bytes alone, so
// that the parser can be tested and fuzzed without a zip archive or a library (tests/fuzz).
#include "common/result.h"
#include "store/records.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cortex::service {

inline constexpr const char *kCollectionFormat = "cortex-collection";
inline constexpr int kCollectionFormatVersion = 1;

struct CollectionManifest {
    std::string collection; // may be empty: the importer must then be given a name
    std::vector<std::string> tags;
    store::SpaceIdentity identity;             // the model that made the vectors
    std::map<std::string, std::string> sha256; // entry name -> lowercase hex SHA-256
};

// Errors are one sentence naming `origin` (the collection file) and the reason: not JSON, not a
// Cortex collection, made by a newer Cortex.
Result<CollectionManifest> parseCollectionManifest(std::string_view bytes, const std::string &origin);

} // namespace cortex::service
