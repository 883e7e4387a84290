#pragma once
// The keys of the settings a library keeps in its `meta` table (LibraryDb::meta / setMeta), named once.

namespace cortex::store {

// The folder of the embedding model whose vectors the library holds, so that later commands and the
// window need no --model (written by ingest, migrate and the Maintenance tab's migration).
inline constexpr const char *kEmbeddingModelDirKey = "embedding_model_dir";
// Until schema version 8: the folders and files given to ingest, each with its collection (JSON). The
// upgrade to version 8 turns them into watched folders (store/watched_folder.h) and removes the key.
inline constexpr const char *kLegacyIngestRootsKey = "ingest_roots";

// The fingerprint of the model whose vectors the library holds (embedding/space_fingerprint.h): its
// modelHash, a newline, then the encoded probe vectors. A model served elsewhere (vLLM) is the
// library's model only when its fingerprint agrees with this one.
inline constexpr const char *kModelFingerprintKey = "model_fingerprint";

} // namespace cortex::store
