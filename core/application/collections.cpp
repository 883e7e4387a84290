#include "application/collections.h"

#include "application/maintenance.h"

#include "library/library.h"
#include "session/library_session.h"
#include "store/library_db.h"

#include <QDir>
#include <QFileInfo>

namespace cortex::application {
namespace {

Result<int64_t> resolve(store::LibraryDb &db, const CollectionRef &ref)
{
    if (ref.id > 0)
        return ref.id;
    auto c = db.collectionByName(ref.name);
    if (!c)
        return c.error();
    if (!c->has_value())
        return makeError("there is no collection named '" + ref.name + "' in " + db.file().string(),
                         ErrorKind::NotFound);
    return (*c)->id;
}

// One write: the body's transaction, its index changes once it committed, then the indexes saved.
Status commitAndSave(library::Library &library,
                     const std::function<Status(store::LibraryDb &, library::IndexChanges &)> &body)
{
    if (auto s = library.commit(body); !s)
        return s;
    return library.saveIndexes();
}

// Adds documents to `into` and/or removes them from `from` (either may be absent), in one transaction.
Result<int64_t> changeMembership(library::Library &library, const std::optional<CollectionRef> &into,
                                 const std::optional<CollectionRef> &from,
                                 const std::vector<int64_t> &documentIds)
{
    const Status s = commitAndSave(library, [&](store::LibraryDb &db, library::IndexChanges &) -> Status {
        std::optional<int64_t> intoId, fromId;
        if (into) {
            auto id = resolve(db, *into);
            if (!id)
                return id.error();
            intoId = *id;
        }
        if (from) {
            auto id = resolve(db, *from);
            if (!id)
                return id.error();
            fromId = *id;
        }
        for (const int64_t doc : documentIds) {
            if (intoId)
                if (auto added = db.addToCollection(doc, *intoId); !added)
                    return added;
            if (fromId)
                if (auto removed = db.removeFromCollection(doc, *fromId); !removed)
                    return removed;
        }
        return {};
    });
    if (!s)
        return s.error();
    return int64_t(documentIds.size());
}

Result<std::optional<int64_t>> documentAtPath(store::LibraryDb &db, const std::string &path)
{
    const std::string absolute = QFileInfo(QString::fromStdString(path)).absoluteFilePath().toStdString();
    for (const auto &candidate : {path, absolute}) {
        auto d = db.documentByPath(candidate);
        if (!d)
            return d.error();
        if (d->has_value())
            return std::optional<int64_t>((*d)->id);
    }
    return std::optional<int64_t>();
}

// Every document recorded under `folder`: as given, made absolute, and with its links resolved, since
// documents are recorded by the path they were ingested under.
std::vector<int64_t> documentsUnder(const std::vector<store::DocumentRecord> &all, const QFileInfo &folder)
{
    std::vector<std::string> prefixes;
    for (const QString &f : {folder.absoluteFilePath(), folder.canonicalFilePath()})
        if (!f.isEmpty())
            prefixes.push_back(QDir::cleanPath(f).toStdString() + (f == QStringLiteral("/") ? "" : "/"));
    std::vector<int64_t> ids;
    for (const auto &d : all)
        for (const auto &prefix : prefixes)
            if (d.path.rfind(prefix, 0) == 0) {
                ids.push_back(d.id);
                break;
            }
    return ids;
}

template <typename T> using Work = std::function<Result<T>(library::Library &)>;

} // namespace

Result<std::vector<store::CollectionInfo>> listCollections(store::LibraryDb &reader)
{
    return reader.collections();
}

Result<std::vector<store::DocumentRecord>> collectionDocuments(store::LibraryDb &reader,
                                                               const CollectionRef &collection)
{
    auto id = resolve(reader, collection);
    if (!id)
        return id.error();
    return reader.documents(*id);
}

Result<std::vector<store::CollectionInfo>> listCollections(library::Library &library)
{
    auto reader = library.openReader();
    if (!reader)
        return reader.error();
    return listCollections(**reader);
}

Result<std::vector<store::DocumentRecord>> collectionDocuments(library::Library &library,
                                                               const CollectionRef &collection)
{
    auto reader = library.openReader();
    if (!reader)
        return reader.error();
    return collectionDocuments(**reader, collection);
}

Result<int64_t> createCollection(library::Library &library, const std::string &name)
{
    int64_t created = 0;
    const Status s = commitAndSave(library, [&](store::LibraryDb &db, library::IndexChanges &) -> Status {
        auto id = db.createCollection(name);
        if (!id)
            return id.error();
        created = *id;
        return {};
    });
    if (!s)
        return s.error();
    return created;
}

Status renameCollection(library::Library &library, const CollectionRef &collection,
                        const std::string &newName)
{
    return commitAndSave(library, [&](store::LibraryDb &db, library::IndexChanges &) -> Status {
        auto id = resolve(db, collection);
        if (!id)
            return id.error();
        return db.renameCollection(*id, newName);
    });
}

Status mergeCollections(library::Library &library, const CollectionRef &from, const CollectionRef &into)
{
    return commitAndSave(library, [&](store::LibraryDb &db, library::IndexChanges &) -> Status {
        auto fromId = resolve(db, from);
        if (!fromId)
            return fromId.error();
        auto intoId = resolve(db, into);
        if (!intoId)
            return intoId.error();
        return db.mergeCollections(*fromId, *intoId);
    });
}

Result<int64_t> deleteCollection(library::Library &library, const CollectionRef &collection)
{
    int64_t removedItems = 0;
    const Status s =
        commitAndSave(library, [&](store::LibraryDb &db, library::IndexChanges &index) -> Status {
            auto id = resolve(db, collection);
            if (!id)
                return id.error();
            auto removed = db.deleteCollection(*id);
            if (!removed)
                return removed.error();
            removedItems = int64_t(removed->size());
            index.remove(*removed); // their vectors leave the search too
            return {};
        });
    if (!s)
        return s.error();
    return removedItems;
}

Status setCollectionTags(library::Library &library, const CollectionRef &collection,
                         const std::vector<std::string> &tags)
{
    return commitAndSave(library, [&](store::LibraryDb &db, library::IndexChanges &) -> Status {
        auto id = resolve(db, collection);
        if (!id)
            return id.error();
        return db.setCollectionTags(*id, tags);
    });
}

Result<int64_t> addDocuments(library::Library &library, const CollectionRef &collection,
                             const std::vector<int64_t> &documentIds)
{
    return changeMembership(library, collection, std::nullopt, documentIds);
}

Result<int64_t> removeDocuments(library::Library &library, const CollectionRef &collection,
                                const std::vector<int64_t> &documentIds)
{
    return changeMembership(library, std::nullopt, collection, documentIds);
}

Result<int64_t> moveDocuments(library::Library &library, const CollectionRef &from, const CollectionRef &into,
                              const std::vector<int64_t> &documentIds)
{
    return changeMembership(library, into, from, documentIds);
}

Result<std::vector<int64_t>> documentsAt(library::Library &library, const std::vector<std::string> &paths)
{
    auto reader = library.openReader();
    if (!reader)
        return reader.error();
    auto &db = **reader;
    std::optional<std::vector<store::DocumentRecord>> all; // read once, for the folders
    std::vector<int64_t> ids;
    for (const auto &path : paths) {
        const QFileInfo info(QString::fromStdString(path));
        if (!info.isDir()) {
            auto one = documentAtPath(db, path);
            if (!one)
                return one.error();
            if (!one->has_value())
                return makeError(path + " is not in the library (ingest it first)", ErrorKind::NotFound);
            ids.push_back(**one);
            continue;
        }
        if (!all) {
            auto documents = db.documents();
            if (!documents)
                return documents.error();
            all = std::move(documents).value();
        }
        const auto under = documentsUnder(*all, info);
        if (under.empty())
            return makeError(path + " is a folder, and no document of the library is in it (ingest it first)",
                             ErrorKind::NotFound);
        ids.insert(ids.end(), under.begin(), under.end());
    }
    return ids;
}

Result<TransferSummary> exportCollection(library::Library &library, const CollectionRef &collection,
                                         const std::filesystem::path &file)
{
    std::string name = collection.name;
    if (collection.id > 0) {
        auto all = listCollections(library);
        if (!all)
            return all.error();
        const auto it =
            std::find_if(all->begin(), all->end(), [&](const auto &c) { return c.id == collection.id; });
        if (it == all->end())
            return makeError("the collection to export is gone from the library", ErrorKind::NotFound);
        name = it->name;
    }
    return service::exportCollection(library, name, file);
}

Result<ImportOutcome> importCollection(library::Library &library, const std::filesystem::path &file,
                                       const std::optional<std::string> &rename,
                                       embedding::Encoder *reembedWith, const ProgressCallback &progress,
                                       const CancelPredicate &cancelled)
{
    ImportOutcome outcome;
    auto fileIdentity = service::exportedIdentity(file);
    if (!fileIdentity)
        return fileIdentity.error();
    outcome.fileIdentity = *fileIdentity;
    auto spaces = librarySpaces(library);
    if (!spaces)
        return spaces.error();
    const auto *active = store::activeSpaceIn(*spaces);
    if (active && !(active->identity == *fileIdentity) && !reembedWith) {
        outcome.libraryIdentity = active->identity; // refused: made with another model
        return outcome;
    }
    auto summary = service::importCollection(library, file, rename, reembedWith, progress, cancelled);
    if (!summary)
        return summary.error();
    outcome.summary = *summary;
    return outcome;
}

std::string refusalMessage(const ImportOutcome &refused, const std::filesystem::path &file)
{
    return file.string() + " was embedded with " + refused.fileIdentity.modelName + " (" +
           std::to_string(refused.fileIdentity.storedDim()) + " dimensions), but this library uses " +
           refused.libraryIdentity.modelName + " (" + std::to_string(refused.libraryIdentity.storedDim()) +
           " dimensions); import it into a library of that model, re-embed it with this library's model "
           "(cortex-cli import --re-embed), or migrate one of them";
}

// --- On the session's workers ---

QFuture<Result<std::vector<store::CollectionInfo>>> listCollections(session::LibrarySession &session)
{
    return session.run<std::vector<store::CollectionInfo>>(
        [](library::Library &lib) { return listCollections(lib); });
}

QFuture<Result<std::vector<store::DocumentRecord>>> collectionDocuments(session::LibrarySession &session,
                                                                        const CollectionRef &collection)
{
    return session.run<std::vector<store::DocumentRecord>>(
        [collection](library::Library &lib) { return collectionDocuments(lib, collection); });
}

QFuture<Result<int64_t>> createCollection(session::LibrarySession &session, const std::string &name)
{
    return session.run<int64_t>([name](library::Library &lib) { return createCollection(lib, name); });
}

QFuture<Status> renameCollection(session::LibrarySession &session, const CollectionRef &collection,
                                 const std::string &newName)
{
    return session.run(
        [collection, newName](library::Library &lib) { return renameCollection(lib, collection, newName); });
}

QFuture<Status> mergeCollections(session::LibrarySession &session, const CollectionRef &from,
                                 const CollectionRef &into)
{
    return session.run([from, into](library::Library &lib) { return mergeCollections(lib, from, into); });
}

QFuture<Result<int64_t>> deleteCollection(session::LibrarySession &session, const CollectionRef &collection)
{
    return session.run<int64_t>(
        [collection](library::Library &lib) { return deleteCollection(lib, collection); });
}

QFuture<Status> setCollectionTags(session::LibrarySession &session, const CollectionRef &collection,
                                  const std::vector<std::string> &tags)
{
    return session.run(
        [collection, tags](library::Library &lib) { return setCollectionTags(lib, collection, tags); });
}

QFuture<Result<int64_t>> removeDocuments(session::LibrarySession &session, const CollectionRef &collection,
                                         const std::vector<int64_t> &documentIds)
{
    return session.run<int64_t>([collection, documentIds](library::Library &lib) {
        return removeDocuments(lib, collection, documentIds);
    });
}

QFuture<Result<int64_t>> moveDocuments(session::LibrarySession &session, const CollectionRef &from,
                                       const CollectionRef &into, const std::vector<int64_t> &documentIds)
{
    return session.run<int64_t>([from, into, documentIds](library::Library &lib) {
        return moveDocuments(lib, from, into, documentIds);
    });
}

QFuture<Result<TransferSummary>> exportCollection(session::LibrarySession &session,
                                                  const CollectionRef &collection,
                                                  const std::filesystem::path &file)
{
    return session.runLong<TransferSummary>(
        [collection, file](library::Library &lib) { return exportCollection(lib, collection, file); });
}

QFuture<Result<ImportOutcome>> importCollection(session::LibrarySession &session,
                                                const std::filesystem::path &file, bool reembed,
                                                const ProgressCallback &progress,
                                                const CancelPredicate &cancelled)
{
    // The session's loaded model, shared and queued; the import checks that it is the library's.
    std::shared_ptr<embedding::Encoder> encoder = reembed ? session.encoder() : nullptr;
    return session.runLong<ImportOutcome>([file, encoder, progress, cancelled](library::Library &lib) {
        return importCollection(lib, file, std::nullopt, encoder.get(), progress, cancelled);
    });
}

} // namespace cortex::application
