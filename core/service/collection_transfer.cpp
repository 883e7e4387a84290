#include "service/collection_transfer.h"

#include "common/durable_file.h"

#include "embedding/encoder.h"
#include "library/library.h"
#include "search/item_input.h"
#include "service/archive_fields.h"
#include "service/collection_manifest.h"
#include "store/library_db.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <zip.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <set>

namespace cortex::service {
namespace fs = std::filesystem;
namespace {

// What a valid archive can need, so that an entry is refused before (and while) it inflates instead of
// filling memory: a crafted 2 MB zip may hold an entry that inflates to gigabytes.
constexpr qint64 kMaxBytesPerDocument = 16 << 10; // path, sha256, type and numbers as JSON
constexpr qint64 kMaxThumbnailBytes = 1 << 20;    // thumbnails are PNGs of 256 pixels a side
constexpr qint64 kMaxBytesPerItem = 2 << 20;      // base64 thumbnail, text, numbers as JSON
constexpr qint64 kReadChunk = 1 << 20;
// A stored vector of a normalised space has length 1; float16 storage and export keep it within 1e-3.
constexpr double kUnitNormTolerance = 1e-2;

QString q(const std::string &s)
{
    return QString::fromStdString(s);
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
    if (const auto *active = store::activeSpaceIn(*spaces))
        return *active;
    return makeError(libraryName + ": the library has no embedded documents");
}

// A zip archive read entry by entry, each bounded: its declared size is checked first and the bytes are
// counted while they inflate (a lying header cannot make it read more than the bound).
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
    // `bound` is the most a valid archive can need for this entry; `why` says what it was computed from.
    Result<QByteArray> read(const char *entry, qint64 bound, const std::string &why)
    {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat(zip_, entry, 0, &st) != 0)
            return makeError(name_ + ": not a Cortex collection file (" + entry + " is missing)");
        const auto tooLarge = [&](const std::string &size) {
            return makeError(name_ + ": " + entry + " is larger than a valid archive can need (" + size +
                             "; at most " + std::to_string(bound) + " bytes for " + why +
                             "); the file is damaged or crafted, and nothing was imported");
        };
        if ((st.valid & ZIP_STAT_SIZE) && st.size > zip_uint64_t(bound))
            return tooLarge(std::to_string(st.size) + " bytes");
        zip_file_t *f = zip_fopen(zip_, entry, 0);
        if (!f)
            return makeError(name_ + ": cannot read " + entry + ": " + zip_strerror(zip_));
        QByteArray bytes;
        bytes.reserve(qsizetype(std::min<zip_uint64_t>(st.size, zip_uint64_t(bound))));
        for (;;) {
            const qsizetype at = bytes.size();
            bytes.resize(at + kReadChunk);
            const zip_int64_t n = zip_fread(f, bytes.data() + at, zip_uint64_t(kReadChunk));
            if (n < 0) {
                const std::string reason = zip_file_strerror(f);
                zip_fclose(f);
                return makeError(name_ + ": " + entry + " is damaged (" + reason + ")");
            }
            bytes.resize(at + qsizetype(n));
            if (bytes.size() > bound) {
                zip_fclose(f);
                return tooLarge("more than " + std::to_string(bound) + " bytes once inflated");
            }
            if (n == 0)
                break;
        }
        zip_fclose(f);
        if ((st.valid & ZIP_STAT_SIZE) && zip_uint64_t(bytes.size()) != st.size)
            return makeError(name_ + ": " + entry + " is damaged (it inflates to " +
                             std::to_string(bytes.size()) + " bytes, not the " + std::to_string(st.size) +
                             " its header declares)");
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
    if (auto replaced = durableReplace(temporary, file); !replaced) {
        std::error_code ec;
        fs::remove(temporary, ec);
        return makeError(name + ": cannot write the file: " + replaced.error().message);
    }
    return summary;
}

namespace {

struct Document {
    std::string path, sha256, type;
    int64_t size = 0, mtimeNs = 0;
    int pageCount = 0;
};

struct Archive {
    std::string collection;
    store::SpaceIdentity identity;
    std::vector<std::string> tags;
    std::vector<Document> documents;
    // Items grouped by content (sha256), each with its vector, in the file's order.
    std::map<std::string, std::vector<store::NewItem>> itemsByContent;
    int64_t items = 0;
};

// manifest.json, bounded while it inflates, then parsed and checked (collection_manifest.h).
Result<CollectionManifest> readManifest(const std::string &name, ZipReader &zip)
{
    auto bytes = zip.read("manifest.json", kMaxManifestBytes, "a manifest");
    if (!bytes)
        return bytes.error();
    return parseCollectionManifest(std::string_view(bytes->constData(), size_t(bytes->size())), name);
}

Result<QByteArray> readVerified(const std::string &name, ZipReader &zip, const CollectionManifest &m,
                                const char *entry, qint64 bound, const std::string &why)
{
    auto bytes = zip.read(entry, bound, why);
    if (!bytes)
        return bytes.error();
    if (sha256Hex(*bytes) != QString::fromStdString(m.sha256.at(entry)))
        return makeError(name + ": " + entry + " is corrupt (its checksum does not match the manifest)");
    return bytes;
}

Result<std::vector<Document>> readDocuments(const std::string &name, ZipReader &zip,
                                            const CollectionManifest &m)
{
    const qint64 bound = std::min<qint64>(kMaxJsonEntryBytes, 2 + m.documents * kMaxBytesPerDocument);
    auto bytes = readVerified(name, zip, m, "documents.json", bound,
                              std::to_string(m.documents) + " documents, as the manifest declares");
    if (!bytes)
        return bytes.error();
    auto doc = parseJson(name, "documents.json", *bytes);
    bytes->clear();
    if (!doc)
        return doc.error();
    if (!doc->isArray() || doc->array().size() != m.documents)
        return makeError(name + ": documents.json does not hold the " + std::to_string(m.documents) +
                         " documents the manifest declares; the file is damaged or crafted, and nothing was "
                         "imported");
    std::vector<Document> documents;
    const QJsonArray array = doc->array();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const std::string where = name + ": documents.json, document " + std::to_string(i);
        if (!array[i].isObject())
            return makeError(where +
                             " is not an object; the file is damaged or crafted, and nothing was imported");
        const ArchiveFields f(where, array[i].toObject());
        Document d;
        auto path = f.text("path", true, 4096);
        if (!path)
            return path.error();
        const ArchiveFields named(where + " (" + *path + ")", array[i].toObject());
        if (path->empty())
            return named.fail("path", "is empty");
        auto sha = named.text("sha256", true, 64);
        auto type = named.text("type", false, 64);
        auto size = named.integer("size", 0, int64_t(1) << 53, 0);
        auto mtime = named.integer("mtimeNs", std::numeric_limits<int64_t>::min(),
                                   std::numeric_limits<int64_t>::max(), 0, true);
        auto pages = named.integer("pageCount", 0, 10'000'000, 0);
        if (auto e = firstError(sha, type, size, mtime, pages))
            return *e;
        if (!isSha256Hex(*sha))
            return named.fail("sha256", "is not 64 lower-case hexadecimal digits");
        d.path = *path;
        d.sha256 = *sha;
        d.type = *type;
        d.size = *size;
        d.mtimeNs = *mtime;
        d.pageCount = int(*pages);
        documents.push_back(std::move(d));
    }
    return documents;
}

Result<Archive> readArchive(const fs::path &file)
{
    const std::string name = file.string();
    ZipReader zip;
    if (auto st = zip.open(file); !st)
        return st.error();
    auto manifest = readManifest(name, zip);
    if (!manifest)
        return manifest.error();
    const CollectionManifest &m = *manifest;
    Archive a;
    a.identity = m.identity;
    a.tags = m.tags;
    a.collection = m.collection;
    auto documents = readDocuments(name, zip, m);
    if (!documents)
        return documents.error();
    a.documents = std::move(documents).value();
    std::set<std::string> contents;
    for (const auto &d : a.documents)
        contents.insert(d.sha256);

    // The vectors first: their size is exact, and every one is checked before an item is parsed.
    const int dim = a.identity.storedDim();
    const qint64 vectorBytes = m.items * dim * qint64(sizeof(float));
    auto vectors = readVerified(name, zip, m, "vectors.f32", vectorBytes,
                                std::to_string(m.items) + " vectors of " + std::to_string(dim) + " values");
    if (!vectors)
        return vectors.error();
    if (vectors->size() != vectorBytes)
        return makeError(name + ": vectors.f32 does not hold " + std::to_string(m.items) + " vectors of " +
                         std::to_string(dim) + " values (it is " + std::to_string(vectors->size()) +
                         " bytes)");
    const auto *values = reinterpret_cast<const float *>(vectors->constData());
    for (int64_t i = 0; i < m.items; ++i) {
        double norm = 0;
        for (int k = 0; k < dim; ++k) {
            const float v = values[i * dim + k];
            if (!std::isfinite(v))
                return makeError(
                    name + ": vectors.f32, vector " + std::to_string(i) + " (item " + std::to_string(i) +
                    "): value " + std::to_string(k) +
                    " is NaN or infinity; the file is damaged or crafted, and nothing was imported");
            norm += double(v) * double(v);
        }
        if (a.identity.normalized && std::abs(std::sqrt(norm) - 1.0) > kUnitNormTolerance)
            return makeError(
                name + ": vectors.f32, vector " + std::to_string(i) + " (item " + std::to_string(i) +
                ") has the length " + std::to_string(std::sqrt(norm)) +
                ", but the space stores unit vectors; the file is damaged or crafted, and nothing "
                "was imported");
    }

    const qint64 itemsBound = std::min<qint64>(kMaxJsonEntryBytes, 2 + m.items * kMaxBytesPerItem);
    auto itemBytes = readVerified(name, zip, m, "items.json", itemsBound,
                                  std::to_string(m.items) + " items, as the manifest declares");
    if (!itemBytes)
        return itemBytes.error();
    auto itemsDoc = parseJson(name, "items.json", *itemBytes);
    *itemBytes = QByteArray();
    if (!itemsDoc)
        return itemsDoc.error();
    if (!itemsDoc->isArray() || itemsDoc->array().size() != m.items)
        return makeError(
            name + ": items.json does not hold the " + std::to_string(m.items) +
            " items the manifest declares; the file is damaged or crafted, and nothing was imported");
    const QJsonArray items = itemsDoc->array();
    for (qsizetype i = 0; i < items.size(); ++i) {
        const std::string where = name + ": items.json, item " + std::to_string(i);
        if (!items[i].isObject())
            return makeError(where +
                             " is not an object; the file is damaged or crafted, and nothing was imported");
        const ArchiveFields f(where, items[i].toObject());
        auto content = f.text("content", true, 64);
        auto kindText = f.text("kind", true, 32);
        auto page = f.integer("page", -1, 10'000'000, -1);
        auto position = f.integer("position", 0, std::numeric_limits<int32_t>::max(), 0);
        auto text = f.text("text", false, kMaxBytesPerItem);
        auto sourceRef = f.text("sourceRef", false, 4096);
        auto thumbnail = f.text("thumbnail", false, kMaxThumbnailBytes * 4 / 3 + 4);
        if (auto e = firstError(content, kindText, page, position, text, sourceRef, thumbnail))
            return *e;
        const auto kind = itemKindFromString(*kindText);
        if (!kind)
            return f.fail("kind", "is '" + kindText->substr(0, 32) + "', not a kind of item");
        if (!contents.count(*content))
            return f.fail("content", "names content " + content->substr(0, 64) +
                                         ", which no document of documents.json has");
        const auto decoded = QByteArray::fromBase64Encoding(QByteArray::fromStdString(*thumbnail),
                                                            QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return f.fail("thumbnail", "is not base64");
        store::NewItem item;
        item.kind = *kind;
        item.page = int(*page);
        item.position = int(*position);
        item.text = std::move(*text);
        item.sourceRef = std::move(*sourceRef);
        item.thumbnailPng.assign(decoded.decoded.begin(), decoded.decoded.end());
        item.vector.assign(values + i * dim, values + (i + 1) * dim);
        a.itemsByContent[*content].push_back(std::move(item));
    }
    a.items = m.items;
    return a;
}

} // namespace

Result<store::SpaceIdentity> exportedIdentity(const fs::path &file)
{
    ZipReader zip;
    if (auto st = zip.open(file); !st)
        return st.error();
    auto manifest = readManifest(file.string(), zip);
    if (!manifest)
        return manifest.error();
    return manifest->identity;
}

Result<TransferSummary> importCollection(library::Library &library, const fs::path &file,
                                         const std::optional<std::string> &collection,
                                         embedding::Encoder *reembedWith, const ProgressCallback &progress,
                                         const CancelPredicate &cancelled)
{
    auto archive = readArchive(file);
    if (!archive)
        return archive.error();
    Archive &a = *archive;
    const std::string libraryName = library.databaseFile().string();
    TransferSummary summary;
    summary.collection = collection.value_or(a.collection);
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

    auto &itemsByContent = a.itemsByContent;
    std::map<std::string, std::string> pathOfContent, typeOfContent;
    for (const auto &d : a.documents) {
        pathOfContent.try_emplace(d.sha256, d.path);
        typeOfContent.try_emplace(d.sha256, d.type);
    }

    if (summary.reembedded) {
        Progress p;
        p.stage = "re-embedding " + file.filename().string() + " for " + target.modelName;
        p.total = a.items;
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
    auto status = library.commit([&](store::LibraryDb &db, library::IndexChanges &index) -> Status {
        auto spaces = db.spaces();
        if (!spaces)
            return spaces.error();
        for (const auto &sp : *spaces)
            if (sp.state == store::SpaceState::Active && !(sp.identity == target))
                return makeError(
                    file.string() + " was embedded with " + a.identity.modelName + " (" +
                    std::to_string(a.identity.storedDim()) + " dimensions), but " + libraryName + " uses " +
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
        if (!a.tags.empty()) {
            std::vector<std::string> tags =
                existing->has_value() ? (*existing)->tags : std::vector<std::string>{};
            for (const auto &tag : a.tags)
                if (std::find(tags.begin(), tags.end(), tag) == tags.end())
                    tags.push_back(tag);
            if (auto s = db.setCollectionTags(collectionId, tags); !s)
                return s;
        }
        for (const auto &d : a.documents) {
            const std::string &path = d.path;
            const std::string &sha = d.sha256;
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
                auto stored = db.addContent(sha, items, spaceId);
                if (!stored)
                    return stored.error();
                for (size_t k = 0; k < stored->itemIds.size(); ++k)
                    index.add(spaceId, stored->itemIds[k], items[k].vector);
                summary.items += int64_t(stored->itemIds.size());
                contentId = std::optional<int64_t>(stored->contentId);
            }
            store::DocumentRecord record = old->value_or(store::DocumentRecord{});
            record.path = path;
            record.size = d.size;
            record.mtimeNs = d.mtimeNs;
            record.sha256 = sha;
            record.type = d.type;
            record.pageCount = d.pageCount;
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
