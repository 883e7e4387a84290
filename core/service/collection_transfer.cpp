#include "service/collection_transfer.h"

#include "common/durable_file.h"

#include "embedding/encoder.h"
#include "library/library.h"
#include "search/item_input.h"
#include "service/archive_fields.h"
#include "service/archive_reader.h"
#include "service/archive_zip.h"
#include "service/collection_manifest.h"
#include "store/library_db.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryFile>

#include <zip.h>

#include <algorithm>
#include <map>
#include <set>

namespace cortex::service {
namespace fs = std::filesystem;
namespace {

// Items are written to the library this many at a time (a content of thousands of page images is
// never held whole).
constexpr size_t kImportBatch = 256;

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QByteArray jsonLine(const QJsonObject &object)
{
    QByteArray line = QJsonDocument(object).toJson(QJsonDocument::Compact);
    line.append('\n');
    return line;
}

QJsonObject identityToJson(const store::SpaceIdentity &id)
{
    return {
        {QStringLiteral("modelName"), q(id.modelName)}, {QStringLiteral("modelHash"), q(id.modelHash)},
        {QStringLiteral("outputDim"), id.outputDim},    {QStringLiteral("mrlDim"), id.mrlDim},
        {QStringLiteral("dtype"), q(id.dtype)},         {QStringLiteral("instruction"), q(id.instruction)},
        {QStringLiteral("normalized"), id.normalized}};
}

Result<store::SpaceInfo> activeSpace(store::LibraryDb &db, const std::string &libraryName)
{
    auto spaces = db.spaces();
    if (!spaces)
        return spaces.error();
    if (const auto *active = store::activeSpaceIn(*spaces))
        return *active;
    return makeError(libraryName + ": the library has no embedded documents");
}

// The three streamed entries of an export, each a temporary file beside the archive.
struct ExportEntries {
    EntryFile documents, items, vectors;

    Status open(const fs::path &file)
    {
        for (EntryFile *entry : {&documents, &items, &vectors})
            if (auto st = entry->open(file); !st)
                return st;
        return {};
    }
};

Status writeArchive(const fs::path &file, const QJsonObject &manifest, const ExportEntries &entries)
{
    const fs::path temporary = fs::path(file.string() + ".tmp");
    const std::string name = file.string();
    int error = 0;
    zip_t *zip = zip_open(temporary.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (!zip)
        return makeError(name + ": cannot create the file (zip error " + std::to_string(error) + ")");
    Status status = addBufferEntry(zip, "manifest.json", QJsonDocument(manifest).toJson(), name);
    if (status)
        status = addFileEntry(zip, "documents.jsonl", entries.documents, name);
    if (status)
        status = addFileEntry(zip, "items.jsonl", entries.items, name);
    if (status)
        status = addFileEntry(zip, "vectors.f32", entries.vectors, name);
    if (!status) {
        zip_discard(zip);
        fs::remove(temporary);
        return status.error();
    }
    // The entries' files are read and deflated here, a buffer at a time.
    if (zip_close(zip) != 0) {
        const std::string why = zip_strerror(zip);
        zip_discard(zip);
        fs::remove(temporary);
        return makeError(name + ": cannot write the file: " + why);
    }
    if (auto replaced = durableReplace(temporary, file); !replaced) {
        std::error_code ec;
        fs::remove(temporary, ec);
        return makeError(name + ": cannot write the file: " + replaced.error().message);
    }
    return {};
}

} // namespace

Result<TransferSummary> exportCollection(library::Library &library, const std::string &collection,
                                         const fs::path &file)
{
    const std::string libraryName = library.databaseFile().string();
    auto db = library.openReader();
    if (!db)
        return db.error();
    auto info = (*db)->collectionByName(collection);
    if (!info)
        return info.error();
    if (!info->has_value())
        return makeError(libraryName + ": there is no collection named '" + collection + "'");
    auto space = activeSpace(**db, libraryName);
    if (!space)
        return space.error();
    auto documents = (*db)->documents((*info)->id);
    if (!documents)
        return documents.error();

    ExportEntries entries;
    if (auto st = entries.open(file); !st)
        return st.error();
    TransferSummary summary;
    summary.collection = collection;
    std::set<int64_t> contentsDone;
    for (const auto &d : *documents) {
        if (d.status != store::DocumentStatus::Indexed || !d.contentId)
            continue;
        if (auto st =
                entries.documents.write(jsonLine({{QStringLiteral("path"), q(d.path)},
                                                  {QStringLiteral("size"), double(d.size)},
                                                  {QStringLiteral("mtimeNs"), q(std::to_string(d.mtimeNs))},
                                                  {QStringLiteral("sha256"), q(d.sha256)},
                                                  {QStringLiteral("type"), q(d.type)},
                                                  {QStringLiteral("pageCount"), d.pageCount}}));
            !st)
            return st.error();
        ++summary.documents;
        if (!contentsDone.insert(*d.contentId).second)
            continue;
        // A content's items are written together, one content at a time (the importer relies on it).
        auto items = (*db)->itemsOfContent(*d.contentId);
        if (!items)
            return items.error();
        for (const auto &it : *items) {
            auto vector = (*db)->vector(space->id, it.id);
            if (!vector)
                return vector.error();
            if (!vector->has_value())
                continue; // not embedded in this space (a failed part): nothing to carry
            const QByteArray thumbnail(reinterpret_cast<const char *>(it.thumbnailPng.data()),
                                       qsizetype(it.thumbnailPng.size()));
            QJsonObject line{{QStringLiteral("content"), q(d.sha256)},
                             {QStringLiteral("kind"), q(std::string(toString(it.kind)))},
                             {QStringLiteral("page"), it.page},
                             {QStringLiteral("position"), it.position},
                             {QStringLiteral("text"), q(it.text)},
                             {QStringLiteral("sourceRef"), q(it.sourceRef)},
                             {QStringLiteral("thumbnail"), QString::fromLatin1(thumbnail.toBase64())}};
            if (it.kind == ItemKind::VideoSegment) { // the moment it points to, and what its card shows
                const QByteArray strip(reinterpret_cast<const char *>(it.frameStripPng.data()),
                                       qsizetype(it.frameStripPng.size()));
                line.insert(QStringLiteral("startSeconds"), it.startSeconds);
                line.insert(QStringLiteral("endSeconds"), it.endSeconds);
                line.insert(QStringLiteral("frameStrip"), QString::fromLatin1(strip.toBase64()));
            }
            if (auto st = entries.items.write(jsonLine(line)); !st)
                return st.error();
            if (auto st = entries.vectors.write(reinterpret_cast<const char *>((*vector)->data()),
                                                int64_t((*vector)->size() * sizeof(float)));
                !st)
                return st.error();
            ++summary.items;
        }
    }
    auto documentsSum = entries.documents.finish();
    auto itemsSum = entries.items.finish();
    auto vectorsSum = entries.vectors.finish();
    if (auto e = firstError(documentsSum, itemsSum, vectorsSum))
        return *e;
    QJsonArray tags;
    for (const auto &t : (*info)->tags)
        tags.append(q(t));
    const QJsonObject manifest{
        {QStringLiteral("format"), QString::fromLatin1(kCollectionFormat)},
        {QStringLiteral("version"), kCollectionFormatVersion},
        {QStringLiteral("collection"), q(collection)},
        {QStringLiteral("tags"), tags},
        {QStringLiteral("space"), identityToJson(space->identity)},
        {QStringLiteral("documents"), double(summary.documents)},
        {QStringLiteral("items"), double(summary.items)},
        {QStringLiteral("sha256"), QJsonObject{{QStringLiteral("documents.jsonl"), *documentsSum},
                                               {QStringLiteral("items.jsonl"), *itemsSum},
                                               {QStringLiteral("vectors.f32"), *vectorsSum}}}};
    if (auto st = writeArchive(file, manifest, entries); !st)
        return st.error();
    return summary;
}

Result<store::SpaceIdentity> exportedIdentity(const fs::path &file)
{
    ArchiveReader archive;
    if (auto st = archive.openManifest(file); !st)
        return st.error();
    return archive.manifest().identity;
}

namespace {

// The vectors of a re-embedded import, in the archive's item order: a temporary file beside the library
// (a large collection's vectors do not fit in memory), written by the first reading of the archive and
// read back by the second.
class ReembeddedVectors {
public:
    Status open(const fs::path &library)
    {
        file_.setFileTemplate(q((library.parent_path() / ".import-vectors.XXXXXX").string()));
        if (!file_.open())
            return makeError(library.string() +
                             ": cannot create a temporary file for the re-embedded vectors: " +
                             file_.errorString().toStdString());
        return {};
    }
    Status append(const std::vector<float> &vector)
    {
        const qint64 bytes = qint64(vector.size() * sizeof(float));
        if (file_.write(reinterpret_cast<const char *>(vector.data()), bytes) != bytes)
            return makeError("cannot write " + file_.fileName().toStdString() + ": " +
                             file_.errorString().toStdString());
        return {};
    }
    Status rewind()
    {
        if (!file_.flush() || !file_.seek(0))
            return makeError("cannot read " + file_.fileName().toStdString() +
                             " back: " + file_.errorString().toStdString());
        return {};
    }
    Status next(std::vector<float> &vector)
    {
        const qint64 bytes = qint64(vector.size() * sizeof(float));
        if (file_.read(reinterpret_cast<char *>(vector.data()), bytes) != bytes)
            return makeError("cannot read " + file_.fileName().toStdString() +
                             " back: " + file_.errorString().toStdString());
        return {};
    }

private:
    QTemporaryFile file_;
};

} // namespace

Result<TransferSummary> importCollection(library::Library &library, const fs::path &file,
                                         const std::optional<std::string> &collection,
                                         embedding::Encoder *reembedWith, const ProgressCallback &progress,
                                         const CancelPredicate &cancelled)
{
    ArchiveReader archive;
    if (auto st = archive.open(file); !st)
        return st.error();
    const CollectionManifest &m = archive.manifest();
    const std::string libraryName = library.databaseFile().string();
    TransferSummary summary;
    summary.collection = collection.value_or(m.collection);
    if (summary.collection.empty())
        return makeError(file.string() + ": the file names no collection; give one");
    const auto cancelledError = [&] {
        return makeError(file.string() + ": the import was cancelled; the library is unchanged");
    };

    // The library's current model decides whether the file's vectors can be used as they are.
    store::SpaceIdentity target = m.identity;
    {
        auto reader = library.openReader();
        if (!reader)
            return reader.error();
        auto active = activeSpace(**reader, libraryName);
        const bool differs = active && !(active->identity == m.identity);
        if (differs && reembedWith) {
            if (!(reembedWith->identity() == active->identity))
                return makeError("the model given for re-embedding is not the one " + libraryName +
                                 " uses (" + active->identity.modelName + ")");
            target = active->identity;
            summary.reembedded = true;
        }
    }

    std::map<std::string, const ArchiveDocument *> documentOfContent;
    for (const auto &d : archive.documents())
        documentOfContent.try_emplace(d.sha256, &d);

    // First reading: every row and vector checked before the transaction; re-embedded when asked (the
    // new vectors go to a temporary file, in order).
    ReembeddedVectors reembedded;
    if (summary.reembedded) {
        if (auto st = reembedded.open(library.databaseFile()); !st)
            return st.error();
    }
    {
        Progress p;
        p.stage = summary.reembedded ? "re-embedding " + file.filename().string() + " for " + target.modelName
                                     : "checking " + file.filename().string();
        p.total = m.items;
        auto checked = archive.forEachItem([&](const std::string &sha, store::NewItem &&item) -> Status {
            if (isCancelled(cancelled))
                return cancelledError();
            if (summary.reembedded) {
                store::ItemView view;
                view.item.kind = item.kind;
                view.item.page = item.page;
                view.item.text = item.text;
                view.item.sourceRef = item.sourceRef;
                view.item.thumbnailPng = item.thumbnailPng;
                view.item.startSeconds = item.startSeconds; // a video segment's frames are read again
                view.item.endSeconds = item.endSeconds;
                view.documentPath = documentOfContent.at(sha)->path;
                view.documentType = documentOfContent.at(sha)->type;
                const auto input = search::itemInput(view);
                auto vectors = reembedWith->embedDocuments(std::span(&input, 1));
                if (!vectors || vectors->size() != 1)
                    return makeError(file.string() + ": re-embedding " + view.documentPath + " failed: " +
                                     (vectors ? std::string("no vector") : vectors.error().message));
                if (auto st = reembedded.append(vectors->front()); !st)
                    return st;
            }
            ++p.done;
            report(progress, p);
            return {};
        });
        if (!checked)
            return checked.error();
    }
    if (summary.reembedded)
        if (auto st = reembedded.rewind(); !st)
            return st.error();

    // Second reading, inside the transaction: the items of the contents the library lacks are stored
    // batch by batch, then the documents. Any error rolls everything back.
    int64_t spaceId = 0;
    auto status = library.commit([&](store::LibraryDb &db, library::IndexChanges &index) -> Status {
        auto spaces = db.spaces();
        if (!spaces)
            return spaces.error();
        for (const auto &sp : *spaces)
            if (sp.state == store::SpaceState::Active && !(sp.identity == target))
                return makeError(
                    file.string() + " was embedded with " + m.identity.modelName + " (" +
                    std::to_string(m.identity.storedDim()) + " dimensions), but " + libraryName + " uses " +
                    sp.identity.modelName + " (" + std::to_string(sp.identity.storedDim()) +
                    " dimensions); import it into a library of that model, re-embed it with this "
                    "library's model (cortex-cli import --re-embed), or migrate one of them");
        auto space = db.ensureSpace(target);
        if (!space)
            return space.error();
        spaceId = *space;
        auto existing = db.collectionByName(summary.collection);
        if (!existing)
            return existing.error();
        int64_t collectionId = 0;
        if (existing->has_value()) {
            collectionId = (*existing)->id;
        } else {
            auto id = db.createCollection(summary.collection);
            if (!id)
                return id.error();
            collectionId = *id;
        }
        // The exported tags join the collection's own (an import into an existing one keeps its tags).
        if (!m.tags.empty()) {
            std::vector<std::string> tags =
                existing->has_value() ? (*existing)->tags : std::vector<std::string>{};
            for (const auto &tag : m.tags)
                if (std::find(tags.begin(), tags.end(), tag) == tags.end())
                    tags.push_back(tag);
            if (auto s = db.setCollectionTags(collectionId, tags); !s)
                return s;
        }

        // Which documents are taken (the library's own version of a path wins) and which of their
        // contents the library lacks.
        std::vector<const ArchiveDocument *> taken;
        std::set<std::string> missing;
        for (const auto &d : archive.documents()) {
            auto old = db.documentByPath(d.path);
            if (!old)
                return old.error();
            if (old->has_value() && (*old)->sha256 != d.sha256) {
                ++summary.skippedDocuments;
                continue;
            }
            taken.push_back(&d);
            auto contentId = db.contentBySha(d.sha256);
            if (!contentId)
                return contentId.error();
            if (!contentId->has_value())
                missing.insert(d.sha256);
        }

        std::string current;
        std::optional<int64_t> currentId;
        std::vector<store::NewItem> batch;
        const auto flush = [&]() -> Status {
            if (batch.empty())
                return {};
            std::vector<int64_t> ids;
            if (!currentId) {
                auto stored = db.addContent(current, batch, spaceId);
                if (!stored)
                    return stored.error();
                currentId = stored->contentId;
                ids = std::move(stored->itemIds);
            } else {
                auto stored = db.appendItems(*currentId, batch, spaceId);
                if (!stored)
                    return stored.error();
                ids = std::move(*stored);
            }
            for (size_t k = 0; k < ids.size(); ++k)
                index.add(spaceId, ids[k], std::move(batch[k].vector));
            summary.items += int64_t(ids.size());
            batch.clear();
            return {};
        };
        Progress p;
        p.stage = "importing " + file.filename().string();
        p.total = m.items;
        auto stored = archive.forEachItem([&](const std::string &sha, store::NewItem &&item) -> Status {
            if (isCancelled(cancelled))
                return cancelledError();
            if (summary.reembedded)
                if (auto st = reembedded.next(item.vector); !st)
                    return st;
            ++p.done;
            report(progress, p);
            if (sha != current) {
                if (auto st = flush(); !st)
                    return st;
                if (currentId)
                    missing.erase(current);
                current = sha;
                currentId.reset();
            }
            if (!missing.count(sha))
                return {};
            batch.push_back(std::move(item));
            return batch.size() >= kImportBatch ? flush() : Status{};
        });
        if (!stored)
            return stored;
        if (auto st = flush(); !st)
            return st;
        if (currentId)
            missing.erase(current);
        for (const auto &sha : missing) // contents without items (nothing embeddable in them)
            if (auto added = db.addContent(sha, {}, spaceId); !added)
                return added.error();

        for (const ArchiveDocument *d : taken) {
            auto old = db.documentByPath(d->path);
            if (!old)
                return old.error();
            auto contentId = db.contentBySha(d->sha256);
            if (!contentId)
                return contentId.error();
            if (!contentId->has_value())
                return makeError(file.string() + ": the content of " + d->path + " was not stored");
            store::DocumentRecord record = old->value_or(store::DocumentRecord{});
            record.path = d->path;
            record.size = d->size;
            record.mtimeNs = d->mtimeNs;
            record.sha256 = d->sha256;
            record.type = d->type;
            record.pageCount = d->pageCount;
            record.status = store::DocumentStatus::Indexed;
            record.contentId = **contentId;
            auto docId = db.upsertDocument(record);
            if (!docId)
                return docId.error();
            if (auto st = db.addToCollection(*docId, collectionId); !st)
                return st;
            ++summary.documents;
        }
        return {};
    });
    if (!status)
        return status.error();
    if (auto st = library.saveIndexes(); !st)
        return st.error();
    return summary;
}

} // namespace cortex::service
