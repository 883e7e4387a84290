#include "service/collection_manifest.h"

#include "service/archive_fields.h"

#include <QJsonArray>

#include <limits>

namespace cortex::service {
namespace {

Result<store::SpaceIdentity> identityFrom(const std::string &name, const QJsonValue &value)
{
    if (!value.isObject())
        return makeError(name + ": manifest.json: 'space' is missing or not an object; the file is damaged "
                                "or crafted, and nothing was imported");
    const ArchiveFields f(name + ": manifest.json, space", value.toObject());
    store::SpaceIdentity id;
    auto modelName = f.text("modelName", true, 1024);
    auto modelHash = f.text("modelHash", true, 1024);
    auto dtype = f.text("dtype", true, 64);
    auto instruction = f.text("instruction", false, 64 << 10);
    auto outputDim = f.integer("outputDim", 1, store::kMaxVectorDim);
    auto normalized = f.boolean("normalized", true);
    if (auto e = firstError(modelName, modelHash, dtype, instruction, outputDim, normalized))
        return *e;
    auto mrlDim = f.integer("mrlDim", 0, *outputDim, 0);
    if (!mrlDim)
        return mrlDim.error();
    if (modelName->empty())
        return f.fail("modelName", "is empty");
    id.modelName = *modelName;
    id.modelHash = *modelHash;
    id.dtype = *dtype;
    id.instruction = *instruction;
    id.outputDim = int(*outputDim);
    id.mrlDim = int(*mrlDim);
    id.normalized = *normalized;
    return id;
}

} // namespace

Result<CollectionManifest> parseCollectionManifest(std::string_view bytes, const std::string &origin)
{
    const std::string &name = origin;
    if (int64_t(bytes.size()) > kMaxManifestBytes)
        return makeError(name + ": manifest.json is " + std::to_string(bytes.size()) +
                         " bytes, more than the " + std::to_string(kMaxManifestBytes) +
                         " a manifest needs; the file is damaged or crafted");
    auto doc =
        parseJson(name, "manifest.json", QByteArray::fromRawData(bytes.data(), qsizetype(bytes.size())));
    if (!doc)
        return doc.error();
    if (!doc->isObject())
        return makeError(name + ": not a Cortex collection file (manifest.json is not an object)");
    CollectionManifest m;
    m.object = doc->object();
    const ArchiveFields f(name + ": manifest.json", m.object);
    if (m.object[QStringLiteral("format")].toString() != QLatin1String(kCollectionFormat))
        return makeError(name + ": not a Cortex collection file");
    auto version = f.integer("version", 1, std::numeric_limits<int32_t>::max());
    if (!version)
        return version.error();
    if (*version > kCollectionFormatVersion)
        return makeError(name + ": made by a newer Cortex (format version " + std::to_string(*version) + ")");
    m.version = int(*version);
    if (!m.jsonLines()) {
        m.documentsEntry = "documents.json";
        m.itemsEntry = "items.json";
    }
    auto identity = identityFrom(name, m.object[QStringLiteral("space")]);
    if (!identity)
        return identity.error();
    m.identity = *identity;
    auto collection = f.text("collection", false, 4096);
    if (!collection)
        return collection.error();
    m.collection = *collection;
    // Tags: optional (archives of older versions have none), each a short non-empty string.
    if (const QJsonValue tags = m.object[QStringLiteral("tags")]; !tags.isUndefined()) {
        if (!tags.isArray())
            return f.fail("tags", "is not a list");
        if (tags.toArray().size() > kMaxTags)
            return f.fail("tags", "holds " + std::to_string(tags.toArray().size()) + " tags, more than " +
                                      std::to_string(kMaxTags));
        for (const QJsonValue &tag : tags.toArray()) {
            if (!tag.isString())
                return f.fail("tags", "holds something that is not a string");
            const std::string text = tag.toString().toStdString();
            if (text.empty() || text.size() > size_t(kMaxTagBytes) || text.find('\0') != std::string::npos)
                return f.fail("tags", "holds an empty tag, a tag over " + std::to_string(kMaxTagBytes) +
                                          " bytes or one with a NUL character");
            m.tags.push_back(text);
        }
    }
    // Counts bound the entries' sizes: vectors.f32 must be exactly items x dimension x 4 bytes. Version 1
    // entries are read whole, so their size is bounded too; version 2 entries are streamed.
    const int64_t maxItems =
        m.jsonLines() ? kMaxStreamedItems
                      : kMaxVectorBytes / (int64_t(m.identity.storedDim()) * int64_t(sizeof(float)));
    auto documents = f.integer("documents", 0, kMaxJsonEntryBytes / 64);
    auto items = f.integer("items", 0, maxItems);
    if (!documents)
        return documents.error();
    if (!items)
        return items.error();
    m.documents = *documents;
    m.items = *items;
    const QJsonValue sums = m.object[QStringLiteral("sha256")];
    if (!sums.isObject())
        return f.fail("sha256", "is missing or not an object");
    const ArchiveFields sumFields(name + ": manifest.json, sha256", sums.toObject());
    for (const char *entry : {m.documentsEntry, m.itemsEntry, "vectors.f32"}) {
        auto sum = sumFields.text(entry, true, 64);
        if (!sum)
            return sum.error();
        m.sha256[entry] = *sum;
    }
    return m;
}

} // namespace cortex::service
