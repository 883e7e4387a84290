#pragma once
// Collections: every edit the Collections tab and `cortex-cli collections/export/import` make, written
// once. Each write is one transaction through Library::commit (index changes applied when it commits),
// followed by saving the indexes, so a crash never leaves the index ahead of the database.

#include "common/progress.h"
#include "common/result.h"
#include "service/collection_transfer.h"
#include "store/records.h"

#include <QFuture>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cortex::library {
class Library;
}
namespace cortex::store {
class LibraryDb;
}
namespace cortex::embedding {
class Encoder;
}
namespace cortex::session {
class LibrarySession;
}

namespace cortex::application {

// A collection as the caller knows it: by id (the window listed them) or by name (cortex-cli). It is
// looked up inside the transaction that uses it; an unknown one is an error that names it.
struct CollectionRef {
    int64_t id = 0; // used when > 0
    std::string name;
    static CollectionRef byId(int64_t id) { return {id, {}}; }
    static CollectionRef byName(std::string name) { return {0, std::move(name)}; }
};

// What an export or import did (counts for the message).
using TransferSummary = service::TransferSummary;

// The answer of an import: done (summary), or refused because the file was made with another model than
// the library's and no model to embed it again was given (both identities, for the message).
struct ImportOutcome {
    std::optional<TransferSummary> summary;
    store::SpaceIdentity fileIdentity;
    store::SpaceIdentity libraryIdentity;
};

// --- On an open library (cortex-cli, tests) ---
Result<std::vector<store::CollectionInfo>> listCollections(library::Library &library);
Result<std::vector<store::DocumentRecord>> collectionDocuments(library::Library &library,
                                                               const CollectionRef &collection);
// The same on a read-only connection (cortex-cli reads while another process ingests).
Result<std::vector<store::CollectionInfo>> listCollections(store::LibraryDb &reader);
Result<std::vector<store::DocumentRecord>> collectionDocuments(store::LibraryDb &reader,
                                                               const CollectionRef &collection);
Result<int64_t> createCollection(library::Library &library, const std::string &name);
Status renameCollection(library::Library &library, const CollectionRef &collection,
                        const std::string &newName);
// Moves every document of `from` into `into` and deletes `from`.
Status mergeCollections(library::Library &library, const CollectionRef &from, const CollectionRef &into);
// Deletes the collection and the documents that are in no other collection; their vectors leave the
// indexes. Answers how many items were removed.
Result<int64_t> deleteCollection(library::Library &library, const CollectionRef &collection);
Status setCollectionTags(library::Library &library, const CollectionRef &collection,
                         const std::vector<std::string> &tags);
// Documents in and out of a collection (they stay in the library); answers how many.
Result<int64_t> addDocuments(library::Library &library, const CollectionRef &collection,
                             const std::vector<int64_t> &documentIds);
Result<int64_t> removeDocuments(library::Library &library, const CollectionRef &collection,
                                const std::vector<int64_t> &documentIds);
Result<int64_t> moveDocuments(library::Library &library, const CollectionRef &from, const CollectionRef &into,
                              const std::vector<int64_t> &documentIds);
// The library's documents a path names: the document itself (as given or made absolute), or every
// document under a folder (as given, absolute, and with links resolved). An error names a path that
// holds none.
Result<std::vector<int64_t>> documentsAt(library::Library &library, const std::vector<std::string> &paths);

Result<TransferSummary> exportCollection(library::Library &library, const CollectionRef &collection,
                                         const std::filesystem::path &file);
// `rename` imports under another collection name. With `reembedWith` a file made with another model is
// embedded again with it (it must be the library's model); without, such a file is refused (outcome
// without summary) and nothing changes.
Result<ImportOutcome> importCollection(library::Library &library, const std::filesystem::path &file,
                                       const std::optional<std::string> &rename = std::nullopt,
                                       embedding::Encoder *reembedWith = nullptr,
                                       const ProgressCallback &progress = {},
                                       const CancelPredicate &cancelled = {});

// Why an import was refused, in English for cortex-cli (the window says it in the user's language).
std::string refusalMessage(const ImportOutcome &refused, const std::filesystem::path &file);

// --- The same on the session's workers (the window); answers arrive as futures ---
// The library's collections with their document counts and tags, for every view that lists them.
QFuture<Result<std::vector<store::CollectionInfo>>> listCollections(session::LibrarySession &session);
QFuture<Result<std::vector<store::DocumentRecord>>> collectionDocuments(session::LibrarySession &session,
                                                                        const CollectionRef &collection);
QFuture<Result<int64_t>> createCollection(session::LibrarySession &session, const std::string &name);
QFuture<Status> renameCollection(session::LibrarySession &session, const CollectionRef &collection,
                                 const std::string &newName);
QFuture<Status> mergeCollections(session::LibrarySession &session, const CollectionRef &from,
                                 const CollectionRef &into);
QFuture<Result<int64_t>> deleteCollection(session::LibrarySession &session, const CollectionRef &collection);
QFuture<Status> setCollectionTags(session::LibrarySession &session, const CollectionRef &collection,
                                  const std::vector<std::string> &tags);
QFuture<Result<int64_t>> removeDocuments(session::LibrarySession &session, const CollectionRef &collection,
                                         const std::vector<int64_t> &documentIds);
QFuture<Result<int64_t>> moveDocuments(session::LibrarySession &session, const CollectionRef &from,
                                       const CollectionRef &into, const std::vector<int64_t> &documentIds);
// Long work (the session's long-work worker).
QFuture<Result<TransferSummary>> exportCollection(session::LibrarySession &session,
                                                  const CollectionRef &collection,
                                                  const std::filesystem::path &file);
// `reembed`: with the session's loaded model (its identity must be the library's; checked by the import).
QFuture<Result<ImportOutcome>> importCollection(session::LibrarySession &session,
                                                const std::filesystem::path &file, bool reembed,
                                                const ProgressCallback &progress,
                                                const CancelPredicate &cancelled);

} // namespace cortex::application
