#include "service/collection_manifest.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cortex::service {
namespace {

std::string s(const QJsonValue &v)
{
    return v.toString().toStdString();
}

store::SpaceIdentity identityFromJson(const QJsonObject &o)
{
    store::SpaceIdentity id;
    id.modelName = s(o[QStringLiteral("modelName")]);
    id.modelHash = s(o[QStringLiteral("modelHash")]);
    id.outputDim = o[QStringLiteral("outputDim")].toInt();
    id.mrlDim = o[QStringLiteral("mrlDim")].toInt();
    id.dtype = s(o[QStringLiteral("dtype")]);
    id.instruction = s(o[QStringLiteral("instruction")]);
    id.normalized = o[QStringLiteral("normalized")].toBool(true);
    return id;
}

} // namespace

Result<CollectionManifest> parseCollectionManifest(std::string_view bytes, const std::string &origin)
{
    const QJsonObject json =
        QJsonDocument::fromJson(QByteArray::fromRawData(bytes.data(), qsizetype(bytes.size()))).object();
    if (json[QStringLiteral("format")].toString() != QLatin1String(kCollectionFormat))
        return makeError(origin + ": not a Cortex collection file");
    const int version = json[QStringLiteral("version")].toInt();
    if (version > kCollectionFormatVersion)
        return makeError(origin + ": made by a newer Cortex (format version " + std::to_string(version) +
                         ")");

    CollectionManifest manifest;
    manifest.collection = s(json[QStringLiteral("collection")]);
    for (const QJsonValue &tag : json[QStringLiteral("tags")].toArray())
        manifest.tags.push_back(s(tag));
    manifest.identity = identityFromJson(json[QStringLiteral("space")].toObject());
    const QJsonObject sums = json[QStringLiteral("sha256")].toObject();
    for (auto it = sums.begin(); it != sums.end(); ++it)
        manifest.sha256[it.key().toStdString()] = s(it.value());
    return manifest;
}

} // namespace cortex::service
