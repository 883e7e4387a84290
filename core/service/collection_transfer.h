#pragma once
// A collection as one portable file (a zip): its documents, their items and vectors, the identity of
// the model that made the vectors, and a manifest with a SHA-256 per entry.
//
//   manifest.json    format, version, collection, tags, space identity, counts, entry checksums
//   documents.jsonl  one line per document: path, size, mtime, sha256, type, page count
//   items.jsonl      one line per item, a content's items together: content (sha256), kind, page,
//                    position, text, source, thumbnail (base64)
//   vectors.f32      the items' vectors in items.jsonl order, little-endian float32
//
// Both directions stream (archive_zip.h): an export writes each entry to a temporary file beside the
// archive while it reads the library, an import reads the items and vectors row by row. Only the list
// of documents is held in memory, so a collection of any size within the disk exports and imports.
// Version 1 archives (documents.json and items.json as JSON arrays) still import, within their old
// bounds (collection_manifest.h).
//
// Import is one transaction: a damaged file (checksum, size) or a library made with another model is
// refused with a clear message and the library is left as it was. Everything is checked before the
// transaction begins, in a first reading of the archive: the checksums, then each field's type and range
// (one sentence names the archive, the entry, the row and the field), vectors finite and of unit length
// (within 1e-2) when the space is normalised, the dimension at most store::kMaxVectorDim. The second
// reading, inside the transaction, checks the same again, so that a file changed in between is refused
// and rolled back. Each entry is bounded by what the manifest's counts can need, checked against its
// declared size and counted while it inflates: vectors.f32 exactly items x dimension x 4 bytes, a
// document line 16 KiB, an item line 2 MiB (thumbnails at most 1 MiB), the documents' list 256 MiB,
// manifest.json 1 MiB.

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
