#include "application/watched_folders.h"

#include "library/library.h"
#include "session/library_session.h"
#include "store/library_db.h"

#include <QDir>
#include <QFileInfo>
#include <QString>

#include <set>

namespace cortex::application {
namespace {

Result<store::WatchedFolder> resolve(store::LibraryDb &db, const WatchedFolderRef &ref)
{
    auto found = ref.id > 0 ? db.watchedFolder(ref.id) : db.watchedFolderByPath(watchedPathOf(ref.path));
    if (!found)
        return found.error();
    if (!found->has_value())
        return makeError(ref.id > 0 ? "there is no watched folder " + std::to_string(ref.id) + " in " +
                                          db.file().string()
                                    : watchedPathOf(ref.path) + " is not a watched folder of " +
                                          db.file().string() + " (cortex-cli watch list shows them)",
                         ErrorKind::NotFound);
    return std::move(**found);
}

bool isUnder(const std::string &path, const std::string &folder)
{
    if (path == folder)
        return true;
    const std::string prefix = folder.ends_with('/') ? folder : folder + "/";
    return path.starts_with(prefix);
}

} // namespace

// Documents keep canonical paths, so a folder reached through a link is also looked up where it really is.
Result<std::vector<store::DocumentRecord>> documentsOfWatchedFolder(store::LibraryDb &db,
                                                                    const std::string &path)
{
    std::vector<std::string> places{path};
    const QString canonical = QFileInfo(QString::fromStdString(path)).canonicalFilePath();
    if (!canonical.isEmpty() && canonical.toStdString() != path)
        places.push_back(canonical.toStdString());
    std::vector<store::DocumentRecord> out;
    std::set<int64_t> seen;
    for (const auto &place : places) {
        auto under = db.documentsUnder(place);
        if (!under)
            return under.error();
        auto itself = db.documentByPath(place);
        if (!itself)
            return itself.error();
        if (itself->has_value())
            under->push_back(std::move(**itself));
        for (auto &doc : *under)
            if (seen.insert(doc.id).second)
                out.push_back(std::move(doc));
    }
    return out;
}

namespace {

// A new chunk size for a folder: its documents' chunks were cut at the old size, so their contents go
// (each when no other document shares it) with their vectors, and the next sync sees documents without
// content as changed files, to embed at the new size. Refused unless the user confirmed it.
Status giveUpChunks(store::LibraryDb &db, library::IndexChanges &index, const std::string &folderPath,
                    bool confirmed)
{
    auto documents = documentsOfWatchedFolder(db, folderPath);
    if (!documents)
        return documents.error();
    int64_t embedded = 0;
    for (const auto &doc : *documents)
        embedded += doc.contentId.has_value();
    if (embedded > 0 && !confirmed)
        return makeError("a new chunk size or overlap for " + folderPath + " embeds its " +
                             std::to_string(embedded) +
                             " document(s) again; nothing was changed, since that was not confirmed",
                         ErrorKind::InvalidInput);
    for (auto doc : *documents) {
        if (!doc.contentId)
            continue;
        const int64_t content = *doc.contentId;
        doc.contentId.reset();
        if (auto id = db.upsertDocument(doc); !id)
            return id.error();
        auto removed = db.removeContentIfUnused(content);
        if (!removed)
            return removed.error();
        index.remove(*removed);
    }
    return {};
}

Result<int64_t> collectionId(store::LibraryDb &db, const std::string &name)
{
    auto existing = db.collectionByName(name);
    if (!existing)
        return existing.error();
    if (existing->has_value())
        return (*existing)->id;
    return db.createCollection(name);
}

Status commitAndSave(library::Library &library,
                     const std::function<Status(store::LibraryDb &, library::IndexChanges &)> &body)
{
    if (auto s = library.commit(body); !s)
        return s;
    return library.saveIndexes();
}

} // namespace

std::string watchedPathOf(const std::string &path)
{
    return QDir::cleanPath(QFileInfo(QString::fromStdString(path)).absoluteFilePath()).toStdString();
}

Result<int64_t> addWatchedFolder(library::Library &library, const std::string &path,
                                 const store::WatchedFolderSettings &settings)
{
    const std::string clean = watchedPathOf(path);
    const QFileInfo info(QString::fromStdString(clean));
    if (!info.isDir() && !info.isFile())
        return makeError(clean + ": no such folder or file; nothing is watched", ErrorKind::NotFound);
    // The library's own files change with every sync: watching them would sync forever.
    const QString libraryDir = QDir::cleanPath(QString::fromStdString(library.directory().string()));
    const QString canonical = info.canonicalFilePath();
    const QString libraryCanonical = QFileInfo(libraryDir).canonicalFilePath();
    if (isUnder(canonical.toStdString(), libraryCanonical.toStdString()) ||
        isUnder(clean, libraryDir.toStdString()))
        return makeError(clean + " is the library's own folder or inside it; it cannot be watched",
                         ErrorKind::InvalidInput);
    int64_t id = 0;
    const Status s = library.write([&](store::LibraryDb &db) {
        return db.transaction([&]() -> Status {
            auto existing = db.watchedFolderByPath(clean);
            if (!existing)
                return existing.error();
            if (existing->has_value())
                return makeError(clean + " is watched already (cortex-cli watch edit changes its settings)",
                                 ErrorKind::InvalidInput);
            auto added = db.upsertWatchedFolder(clean, settings);
            if (!added)
                return added.error();
            id = *added;
            return {};
        });
    });
    if (!s)
        return s.error();
    return id;
}

Result<std::vector<store::WatchedFolder>> listWatchedFolders(library::Library &library)
{
    auto reader = library.openReader();
    if (!reader)
        return reader.error();
    return (*reader)->watchedFolders();
}

Result<std::vector<store::WatchedFolder>> listWatchedFolders(store::LibraryDb &reader)
{
    return reader.watchedFolders();
}

Result<store::WatchedFolder> watchedFolder(store::LibraryDb &reader, const WatchedFolderRef &folder)
{
    return resolve(reader, folder);
}

Status setWatchedFolderPaused(library::Library &library, const WatchedFolderRef &folder, bool paused)
{
    return library.write([&](store::LibraryDb &db) {
        return db.transaction([&]() -> Status {
            auto found = resolve(db, folder);
            if (!found)
                return found.error();
            return db.setWatchedFolderPaused(found->id, paused);
        });
    });
}

Result<store::WatchedFolder> editWatchedFolder(library::Library &library, const WatchedFolderRef &folder,
                                               const WatchedFolderEdit &edit)
{
    store::WatchedFolder result;
    const Status s = commitAndSave(library, [&](store::LibraryDb &db, library::IndexChanges &ix) -> Status {
        auto found = resolve(db, folder);
        if (!found)
            return found.error();
        store::WatchedFolderSettings settings = found->settings;
        if (edit.collection)
            settings.collection = *edit.collection;
        if (edit.includePatterns)
            settings.includePatterns = *edit.includePatterns;
        if (edit.excludePatterns)
            settings.excludePatterns = *edit.excludePatterns;
        if (edit.chunkTokens)
            settings.chunkTokens = *edit.chunkTokens;
        if (edit.overlapTokens)
            settings.overlapTokens = *edit.overlapTokens;
        if (edit.followSymlinks)
            settings.followSymlinks = *edit.followSymlinks;
        if (edit.pageImageSide)
            settings.pageImageSide = *edit.pageImageSide;
        if (auto id = db.upsertWatchedFolder(found->path, settings); !id)
            return id.error();
        if (settings.chunkTokens != found->settings.chunkTokens ||
            settings.overlapTokens != found->settings.overlapTokens)
            if (auto given = giveUpChunks(db, ix, found->path, edit.reembed); !given)
                return given;
        if (settings.collection != found->settings.collection) {
            auto documents = documentsOfWatchedFolder(db, found->path);
            if (!documents)
                return documents.error();
            std::optional<int64_t> from;
            if (!found->settings.collection.empty()) {
                auto old = db.collectionByName(found->settings.collection);
                if (!old)
                    return old.error();
                if (old->has_value())
                    from = (*old)->id;
            }
            std::optional<int64_t> into;
            if (!settings.collection.empty()) {
                auto id = collectionId(db, settings.collection);
                if (!id)
                    return id.error();
                into = *id;
            }
            for (const auto &doc : *documents) {
                if (from)
                    if (auto r = db.removeFromCollection(doc.id, *from); !r)
                        return r;
                if (into)
                    if (auto r = db.addToCollection(doc.id, *into); !r)
                        return r;
            }
        }
        auto updated = db.watchedFolder(found->id);
        if (!updated)
            return updated.error();
        result = updated->value_or(store::WatchedFolder{});
        return {};
    });
    if (!s)
        return s.error();
    return result;
}

Result<int64_t> removeWatchedFolder(library::Library &library, const WatchedFolderRef &folder,
                                    FolderDocuments documents)
{
    int64_t removedDocuments = 0;
    const Status s =
        commitAndSave(library, [&](store::LibraryDb &db, library::IndexChanges &index) -> Status {
            auto found = resolve(db, folder);
            if (!found)
                return found.error();
            if (auto r = db.removeWatchedFolder(found->id); !r)
                return r;
            if (documents == FolderDocuments::Keep)
                return {};
            auto others = db.watchedFolders();
            if (!others)
                return others.error();
            auto docs = documentsOfWatchedFolder(db, found->path);
            if (!docs)
                return docs.error();
            for (const auto &doc : *docs) {
                // A document that another watched folder covers stays: its next sync would take it back.
                bool covered = false;
                for (const auto &other : *others)
                    covered = covered || isUnder(doc.path, other.path);
                if (covered)
                    continue;
                auto removed = db.removeDocument(doc.id);
                if (!removed)
                    return removed.error();
                index.remove(*removed);
                ++removedDocuments;
            }
            return {};
        });
    if (!s)
        return s.error();
    return removedDocuments;
}

namespace {
// The session watches what the library lists: after a change of the list, it reads it again (a resumed
// or added folder is caught up, a paused or removed one is no longer watched).
template <typename R> QFuture<R> thenReload(session::LibrarySession &session, QFuture<R> future)
{
    return future.then(&session, [s = &session](const R &answer) {
        s->reloadWatchedFolders();
        return answer;
    });
}
} // namespace

QFuture<Result<int64_t>> addWatchedFolder(session::LibrarySession &session, const std::string &path,
                                          const store::WatchedFolderSettings &settings)
{
    return thenReload(session, session.run<int64_t>([path, settings](library::Library &lib) {
        return addWatchedFolder(lib, path, settings);
    }));
}

QFuture<Result<std::vector<store::WatchedFolder>>> listWatchedFolders(session::LibrarySession &session)
{
    return session.run<std::vector<store::WatchedFolder>>(
        [](library::Library &lib) { return listWatchedFolders(lib); });
}

QFuture<Status> setWatchedFolderPaused(session::LibrarySession &session, const WatchedFolderRef &folder,
                                       bool paused)
{
    return thenReload(session, session.run([folder, paused](library::Library &lib) {
        return setWatchedFolderPaused(lib, folder, paused);
    }));
}

QFuture<Result<store::WatchedFolder>> editWatchedFolder(session::LibrarySession &session,
                                                        const WatchedFolderRef &folder,
                                                        const WatchedFolderEdit &edit)
{
    return session
        .run<store::WatchedFolder>(
            [folder, edit](library::Library &lib) { return editWatchedFolder(lib, folder, edit); })
        .then(&session, [s = &session, reembed = edit.reembed](const Result<store::WatchedFolder> &answer) {
            s->reloadWatchedFolders();
            // Documents that gave up their chunks are embedded again at once, not at the next change.
            if (answer && reembed)
                s->syncWatchedFoldersNow({answer->id});
            return answer;
        });
}

QFuture<Result<int64_t>> removeWatchedFolder(session::LibrarySession &session, const WatchedFolderRef &folder,
                                             FolderDocuments documents)
{
    return thenReload(session, session.run<int64_t>([folder, documents](library::Library &lib) {
        return removeWatchedFolder(lib, folder, documents);
    }));
}

} // namespace cortex::application
