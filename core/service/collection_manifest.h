#pragma once
// manifest.json of an exported collection (collection_transfer.h): parsed and checked from its bytes
// alone, so that the parser is tested and fuzzed without a zip archive or a library (tests/fuzz). The
// counts it declares bound what the importer later reads of the other entries.

#include "common/result.h"
#include "store/records.h"

#include <QJsonObject>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cortex::service {

inline constexpr const char *kCollectionFormat = "cortex-collection";
// Version 1 held documents.json and items.json as JSON arrays, read whole (kMaxJsonEntryBytes, and
// vectors.f32 at most kMaxVectorBytes); version 2 holds one JSON object per line (documents.jsonl,
// items.jsonl), read as streams, so that only the documents' list is held in memory on import.
inline constexpr int kCollectionFormatVersion = 2;

// What a valid archive can need, so that an entry is refused before (and while) it inflates instead of
// filling memory: a crafted 2 MB zip may hold an entry that inflates to gigabytes.
inline constexpr int64_t kMaxManifestBytes = 1 << 20;
inline constexpr int64_t kMaxJsonEntryBytes = int64_t(256) << 20; // documents.json or items.json
inline constexpr int64_t kMaxVectorBytes = int64_t(1) << 30;      // vectors.f32 (split a larger collection)
inline constexpr int64_t kMaxStreamedItems = int64_t(1) << 31;    // items of a version 2 archive
inline constexpr int kMaxTags = 256;                              // tags of one collection
inline constexpr int kMaxTagBytes = 256;                          // one tag, in UTF-8 bytes

struct CollectionManifest {
    QJsonObject object;                             // the whole manifest, for fields read later
    int version = kCollectionFormatVersion;         // what the entries below hold
    const char *documentsEntry = "documents.jsonl"; // version 1: documents.json (a JSON array)
    const char *itemsEntry = "items.jsonl";         // version 1: items.json (a JSON array)
    bool jsonLines() const { return version >= 2; }
    std::string collection;                    // may be empty: the importer must then be given a name
    std::vector<std::string> tags;             // the collection's tags (none in archives without them)
    store::SpaceIdentity identity;             // the model that made the vectors
    int64_t documents = 0, items = 0;          // counts, bounded by what the entries may hold
    std::map<std::string, std::string> sha256; // entry name -> SHA-256 as written (checked on read)
};

// Errors are one sentence naming `origin` (the collection file), the field and the reason: not JSON,
// not a Cortex collection, made by a newer Cortex, a field of the wrong type or out of range.
Result<CollectionManifest> parseCollectionManifest(std::string_view bytes, const std::string &origin);

} // namespace cortex::service
