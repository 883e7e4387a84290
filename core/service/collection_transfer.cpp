#include "service/collection_transfer.h"

#include "service/collection_manifest.h"

#include "embedding/encoder.h"
#include "library/library.h"
#include "search/item_input.h"
#include "store/library_db.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <zip.h>

#include <cstring>
#include <map>
#include <set>

namespace cortex::service {
namespace fs = std::filesystem;
namespace {

constexpr zip_uint64_t kMaxEntryBytes = zip_uint64_t(8) << 30; // refuses absurd (zip bomb) entries

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}
std::string s(const QJsonValue &v)
{
    return v.toString().toStdString();
}

QString sha256Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
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
    for (const auto &sp : *spaces)
        if (sp.state == store::SpaceState::Active)
            return sp;
    return makeError(libraryName + ": the library has no embedded documents");
}

// A zip archive read fully into memory entry by entry, with the sizes checked first.
class ZipReader {
public:
    ~ZipReader()
    {
        if (zip_)
            zip_discard(zip_);
    }
    Status open(const fs::path &file)
    {
        name_ = file.string();
        int error = 0;
        zip_ = zip_open(name_.c_str(), ZIP_RDONLY, &error);
        if (!zip_) {
            zip_error_t ze;
            zip_error_init_with_code(&ze, error);
            std::string why = zip_error_strerror(&ze);
            zip_error_fini(&ze);
            return makeError(name_ + ": cannot open the collection file: " + why);
        }
        return {};
    }
    Result<QByteArray> read(const char *entry)
    {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat(zip_, entry, 0, &st) != 0)
            return makeError(name_ + ": not a Cortex collection file (" + entry + " is missing)");
        if (st.size > kMaxEntryBytes)
            return makeError(name_ + ": " + entry + " is implausibly large");
        zip_file_t *f = zip_fopen(zip_, entry, 0);
        if (!f)
            return makeError(name_ + ": cannot read " + entry + ": " + zip_strerror(zip_));
        QByteArray bytes(qsizetype(st.size), Qt::Uninitialized);
        const zip_int64_t n = zip_fread(f, bytes.data(), st.size);
        zip_fclose(f);
        if (n < 0 || zip_uint64_t(n) != st.size)
            return makeError(name_ + ": " + entry + " is damaged (could not be read whole)");
        return bytes;
    }

private:
    std::string name_;
    zip_t *zip_ = nullptr;
};

Status addEntry(zip_t *zip, const char *name, const QByteArray &bytes, const std::string &file)
{
    // libzip keeps the pointer until zip_close, so each entry's bytes are copied into a malloc'd buffer
    // that libzip frees.
    void *copy = std::malloc(size_t(std::max<qsizetype>(bytes.size(), 1)));
    std::memcpy(copy, bytes.constData(), size_t(bytes.size()));
    zip_source_t *source = zip_source_buffer(zip, copy, zip_uint64_t(bytes.size()), 1);
    if (!source || zip_file_add(zip, name, source, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0) {
        if (source)
            zip_source_free(source);
        else
            std::free(copy);
        return makeError(file + ": cannot add " + name + ": " + zip_strerror(zip));
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

    TransferSummary summary;
    summary.collection = collection;
    QJsonArray docsJson;
    QJsonArray itemsJson;
    QByteArray vectors;
    std::set<int64_t> contentsDone;
    for (const auto &d : *documents) {
        if (d.status != store::DocumentStatus::Indexed || !d.contentId)
            continue;
        docsJson.append(QJsonObject{{QStringLiteral("path"), q(d.path)},
                                    {QStringLiteral("size"), double(d.size)},
                                    {QStringLiteral("mtimeNs"), q(std::to_string(d.mtimeNs))},
                                    {QStringLiteral("sha256"), q(d.sha256)},
                                    {QStringLiteral("type"), q(d.type)},
                                    {QStringLiteral("pageCount"), d.pageCount}});
        ++summary.documents;
        if (!contentsDone.insert(*d.contentId).second)
            continue;
        auto items = (*db)->itemsOfContent(*d.contentId);
        if (!items)
            return items.error();
        for (const auto &it : *items) {
            auto vector = (*db)->vector(space->id, it.id);
            if (!vector)
                return vector.error();
            if (!vector->has_value())
                continue; // not embedded in this space (a failed part): nothing to carry
            itemsJson.append(QJsonObject{
                {QStringLiteral("content"), q(d.sha256)},
                {QStringLiteral("kind"), q(std::string(toString(it.kind)))},
                {QStringLiteral("page"), it.page},
                {QStringLiteral("position"), it.position},
                {QStringLiteral("text"), q(it.text)},
                {QStringLiteral("sourceRef"), q(it.sourceRef)},
                {QStringLiteral("thumbnail"),
                 QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(it.thumbnailPng.data()),
                                                qsizetype(it.thumbnailPng.size()))
                                         .toBase64())}});
            vectors.append(reinterpret_cast<const char *>((*vector)->data()),
                           qsizetype((*vector)->size() * sizeof(float)));
            ++summary.items;
        }
    }
    const QByteArray documentsBytes = QJsonDocument(docsJson).toJson(QJsonDocument::Compact);
    const QByteArray itemsBytes = QJsonDocument(itemsJson).toJson(QJsonDocument::Compact);
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
        {QStringLiteral("sha256"), QJsonObject{{QStringLiteral("documents.json"), sha256Hex(documentsBytes)},
                                               {QStringLiteral("items.json"), sha256Hex(itemsBytes)},
                                               {QStringLiteral("vectors.f32"), sha256Hex(vectors)}}}};

    const fs::path temporary = fs::path(file.string() + ".tmp");
    const std::string name = file.string();
    int error = 0;
    zip_t *zip = zip_open(temporary.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    if (!zip)
        return makeError(name + ": cannot create the file (zip error " + std::to_string(error) + ")");
    Status status = addEntry(zip, "manifest.json", QJsonDocument(manifest).toJson(), name);
    if (status)
        status = addEntry(zip, "documents.json", documentsBytes, name);
    if (status)
        status = addEntry(zip, "items.json", itemsBytes, name);
    if (status)
        status = addEntry(zip, "vectors.f32", vectors, name);
    if (!status) {
        zip_discard(zip);
        fs::remove(temporary);
        return status.error();
    }
    if (zip_close(zip) != 0) {
        const std::string why = zip_strerror(zip);
        zip_discard(zip);
        fs::remove(temporary);
        return makeError(name + ": cannot write the file: " + why);
    }
    std::error_code ec;
    fs::rename(temporary, file, ec);
    if (ec) {
        fs::remove(temporary);
        return makeError(name + ": cannot write the file: " + ec.message());
    }
    return summary;
}

namespace {

struct Archive {
    CollectionManifest manifest;
    QJsonArray documents;
    QJsonArray items;
    QByteArray vectors;
    store::SpaceIdentity identity;
};

Result<Archive> readArchive(const fs::path &file, bool manifestOnly)
{
    const std::string name = file.string();
    ZipReader zip;
    if (auto st = zip.open(file); !st)
        return st.error();
    auto manifestBytes = zip.read("manifest.json");
    if (!manifestBytes)
        return manifestBytes.error();
    auto manifest = parseCollectionManifest(
        std::string_view(manifestBytes->constData(), size_t(manifestBytes->size())), name);
    if (!manifest)
        return manifest.error();
    Archive a;
    a.manifest = std::move(manifest).value();
    a.identity = a.manifest.identity;
    if (manifestOnly)
        return a;
    std::map<std::string, QByteArray> entries;
    for (const char *entry : {"documents.json", "items.json", "vectors.f32"}) {
        auto bytes = zip.read(entry);
        if (!bytes)
            return bytes.error();
        const auto sum = a.manifest.sha256.find(entry);
        if (sum == a.manifest.sha256.end() || sha256Hex(*bytes) != QString::fromStdString(sum->second))
            return makeError(name + ": " + entry + " is corrupt (its checksum does not match the manifest)");
        entries[entry] = std::move(bytes).value();
    }
    a.documents = QJsonDocument::fromJson(entries["documents.json"]).array();
    a.items = QJsonDocument::fromJson(entries["items.json"]).array();
    a.vectors = std::move(entries["vectors.f32"]);
    const int dim = a.identity.storedDim();
    if (dim <= 0 || a.vectors.size() != qsizetype(a.items.size()) * dim * qsizetype(sizeof(float)))
        return makeError(name + ": vectors.f32 does not hold " + std::to_string(a.items.size()) +
                         " vectors of " + std::to_string(dim) + " values");
    return a;
}

} // namespace

Result<store::SpaceIdentity> exportedIdentity(const fs::path &file)
{
    auto a = readArchive(file, true);
    if (!a)
        return a.error();
    return a->identity;
}

Result<TransferSummary> importCollection(library::Library &library, const fs::path &file,
                                         const std::optional<std::string> &collection,
                                         embedding::Encoder *reembedWith, const ProgressCallback &progress,
                                         const CancelPredicate &cancelled)
{
    auto archive = readArchive(file, false);
    if (!archive)
        return archive.error();
    const Archive &a = *archive;
    const std::string libraryName = library.databaseFile().string();
    TransferSummary summary;
    summary.collection = collection.value_or(a.manifest.collection);
    if (summary.collection.empty())
        return makeError(file.string() + ": the file names no collection; give one");

    // The library's current model decides whether the file's vectors can be used as they are.
    store::SpaceIdentity target = a.identity;
    {
        auto reader = library.openReader();
        if (!reader)
            return reader.error();
        auto active = activeSpace(**reader, libraryName);
        const bool differs = active && !(active->identity == a.identity);
        if (differs && reembedWith) {
            if (!(reembedWith->identity() == active->identity))
                return makeError("the model given for re-embedding is not the one " + libraryName +
                                 " uses (" + active->identity.modelName + ")");
            target = active->identity;
            summary.reembedded = true;
        }
    }

    // Items grouped by content, each with its vector.
    const int dim = a.identity.storedDim();
    std::map<std::string, std::vector<store::NewItem>> itemsByContent;
    std::map<std::string, std::string> pathOfContent, typeOfContent;
    for (const auto &value : a.documents) {
        const QJsonObject o = value.toObject();
        pathOfContent.try_emplace(s(o[QStringLiteral("sha256")]), s(o[QStringLiteral("path")]));
        typeOfContent.try_emplace(s(o[QStringLiteral("sha256")]), s(o[QStringLiteral("type")]));
    }
    for (qsizetype i = 0; i < a.items.size(); ++i) {
        const QJsonObject o = a.items[i].toObject();
        store::NewItem item;
        const auto kind = itemKindFromString(s(o[QStringLiteral("kind")]));
        if (!kind)
            return makeError(file.string() + ": item " + std::to_string(i) + " has an unknown kind");
        item.kind = *kind;
        item.page = o[QStringLiteral("page")].toInt(-1);
        item.position = o[QStringLiteral("position")].toInt();
        item.text = s(o[QStringLiteral("text")]);
        item.sourceRef = s(o[QStringLiteral("sourceRef")]);
        const QByteArray thumb = QByteArray::fromBase64(o[QStringLiteral("thumbnail")].toString().toLatin1());
        item.thumbnailPng.assign(thumb.begin(), thumb.end());
        item.vector.resize(size_t(dim));
        std::memcpy(item.vector.data(), a.vectors.constData() + i * dim * qsizetype(sizeof(float)),
                    size_t(dim) * sizeof(float));
        itemsByContent[s(o[QStringLiteral("content")])].push_back(std::move(item));
    }

    if (summary.reembedded) {
        Progress p;
        p.stage = "re-embedding " + file.filename().string() + " for " + target.modelName;
        p.total = a.items.size();
        for (auto &[sha, items] : itemsByContent) {
            for (auto &item : items) {
                if (isCancelled(cancelled))
                    return makeError(file.string() + ": the import was cancelled; the library is unchanged");
                store::ItemView view;
                view.item.kind = item.kind;
                view.item.page = item.page;
                view.item.text = item.text;
                view.item.sourceRef = item.sourceRef;
                view.item.thumbnailPng = item.thumbnailPng;
                view.documentPath = pathOfContent[sha];
                view.documentType = typeOfContent[sha];
                const auto input = search::itemInput(view);
                auto vectors = reembedWith->embedDocuments(std::span(&input, 1));
                if (!vectors || vectors->size() != 1)
                    return makeError(file.string() + ": re-embedding " + view.documentPath + " failed: " +
                                     (vectors ? std::string("no vector") : vectors.error().message));
                item.vector = std::move(vectors->front());
                ++p.done;
                report(progress, p);
            }
        }
    }

    int64_t spaceId = 0;
    std::vector<std::pair<int64_t, std::vector<float>>> added;
    auto status = library.write([&](store::LibraryDb &db) -> Status {
        auto committed = db.transaction([&]() -> Status {
            auto spaces = db.spaces();
            if (!spaces)
                return spaces.error();
            for (const auto &sp : *spaces)
                if (sp.state == store::SpaceState::Active && !(sp.identity == target))
                    return makeError(
                        file.string() + " was embedded with " + a.identity.modelName + " (" +
                        std::to_string(a.identity.storedDim()) + " dimensions), but " + libraryName +
                        " uses " + sp.identity.modelName + " (" + std::to_string(sp.identity.storedDim()) +
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
            for (const auto &value : a.documents) {
                const QJsonObject o = value.toObject();
                const std::string path = s(o[QStringLiteral("path")]);
                const std::string sha = s(o[QStringLiteral("sha256")]);
                auto old = db.documentByPath(path);
                if (!old)
                    return old.error();
                if (old->has_value() && (*old)->sha256 != sha) {
                    ++summary.skippedDocuments; // the library's own version of that file wins
                    continue;
                }
                auto contentId = db.contentBySha(sha);
                if (!contentId)
                    return contentId.error();
                if (!contentId->has_value()) {
                    const auto &items = itemsByContent[sha];
                    auto ids = db.addContent(sha, items, spaceId);
                    if (!ids)
                        return ids.error();
                    for (size_t k = 0; k < ids->size(); ++k)
                        added.emplace_back((*ids)[k], items[k].vector);
                    summary.items += int64_t(ids->size());
                    contentId = db.contentBySha(sha);
                    if (!contentId)
                        return contentId.error();
                }
                store::DocumentRecord record = old->value_or(store::DocumentRecord{});
                record.path = path;
                record.size = int64_t(o[QStringLiteral("size")].toDouble());
                record.mtimeNs = std::stoll(
                    s(o[QStringLiteral("mtimeNs")]).empty() ? "0" : s(o[QStringLiteral("mtimeNs")]));
                record.sha256 = sha;
                record.type = s(o[QStringLiteral("type")]);
                record.pageCount = o[QStringLiteral("pageCount")].toInt();
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
        if (!committed)
            return committed;
        for (const auto &[id, vector] : added)
            if (auto st = library.addToIndex(spaceId, id, vector); !st)
                return st;
        return {};
    });
    if (!status)
        return status.error();
    if (auto st = library.saveIndexes(); !st)
        return st.error();
    return summary;
}

} // namespace cortex::service
