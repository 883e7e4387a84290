#pragma once
// A collection as one portable file (a zip): its documents, their items and vectors, the identity of
// the model that made the vectors, and a manifest with a SHA-256 per entry.
//
//   manifest.json   format, version, collection, tags, space identity, counts, entry checksums
//   documents.json  path, size, mtime, sha256, type, page count of every document
//   items.json      per content (by sha256): kind, page, position, text, source, thumbnail (base64)
//   vectors.f32     the items' vectors in items.json order, little-endian float32
//
// Import is one transaction: a damaged file (checksum, size) or a library made with another model is
// refused with a clear message and the library is left as it was. Everything is checked before the
// transaction begins: each field's type and range (one sentence names the archive, the entry, the row
// and the field), vectors finite and of unit length (within 1e-2) when the space is normalised, and
// the dimension at most store::kMaxVectorDim. Each entry is bounded by what the manifest's counts can
// need, checked against its declared size and counted while it inflates (collection_transfer.cpp):
// vectors.f32 exactly items x dimension x 4 bytes and at most 1 GiB, documents.json 16 KiB a
// document, items.json 2 MiB an item (thumbnails at most 1 MiB), both at most 256 MiB, manifest.json
// 1 MiB. A larger collection is refused with the limit in the message: export it in parts.

#include "common/progress.h"
#include "common/result.h"
#include "store/records.h"

#include <filesystem>
#include <optional>
#include <string>

namespace cortex::library {
class Library;
}
namespace cortex::embedding {
class Encoder;
}

namespace cortex::service {

struct TransferSummary {
    std::string collection;
    int64_t documents = 0;
    int64_t items = 0;
    int64_t skippedDocuments = 0; // import: already in the library with other content at that path
    bool reembedded = false;      // import: the vectors were made again with the library's model
};

// Writes atomically (a temporary file renamed over `file`).
Result<TransferSummary> exportCollection(library::Library &library, const std::string &collection,
                                         const std::filesystem::path &file);

// `collection` renames the imported collection (default: the name in the file); an existing collection
// of that name receives the documents. A file made with another model than the library's is refused,
// unless `reembedWith` (the library's model) is given: then every item is embedded again with it, from
// its text, or its image re-read from the document (the carried thumbnail when the document is not on
// this machine), before anything is written.
Result<TransferSummary> importCollection(library::Library &library, const std::filesystem::path &file,
                                         const std::optional<std::string> &collection = std::nullopt,
                                         embedding::Encoder *reembedWith = nullptr,
                                         const ProgressCallback &progress = {},
                                         const CancelPredicate &cancelled = {});

// Reads and verifies only the manifest's identity (for a "would this import?" check).
Result<store::SpaceIdentity> exportedIdentity(const std::filesystem::path &file);

} // namespace cortex::service
