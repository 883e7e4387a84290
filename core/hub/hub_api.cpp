#include "hub/hub_api.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringList>

namespace cortex::hub {

namespace {

QString encodeSegments(const QString &path)
{
    QStringList segments = path.split(QLatin1Char('/'));
    for (QString &segment : segments)
        segment = QString::fromLatin1(QUrl::toPercentEncoding(segment));
    return segments.join(QLatin1Char('/'));
}

// A revision is one path segment even when it contains '/' ("refs/pr/1"), as huggingface_hub quotes it.
QString encodeRevision(const QString &revision)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(revision));
}

QUrl endpointUrl(const QString &endpoint, const QString &path)
{
    QUrl url(endpoint);
    QString base = url.path(QUrl::FullyEncoded);
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path, QUrl::TolerantMode);
    return url;
}

} // namespace

bool isHexDigest(const QString &text, qsizetype length)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]+$"));
    return text.size() == length && hex.match(text).hasMatch();
}

QUrl listingUrl(const QString &endpoint, const QString &repoId, const QString &revision)
{
    QUrl url = endpointUrl(endpoint, QStringLiteral("/api/models/") + encodeSegments(repoId) +
                                         QStringLiteral("/revision/") + encodeRevision(revision));
    url.setQuery(QStringLiteral("blobs=true"));
    return url;
}

QUrl resolveUrl(const QString &endpoint, const QString &repoId, const QString &revision, const QString &file)
{
    return endpointUrl(endpoint, QLatin1Char('/') + encodeSegments(repoId) + QStringLiteral("/resolve/") +
                                     encodeRevision(revision) + QLatin1Char('/') + encodeSegments(file));
}

Result<RepoListing> parseListing(const QString &repoId, const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    const auto fail = [&](const QString &why) {
        return makeError(
            QStringLiteral("The Hub's file list for %1 is unusable: %2.").arg(repoId, why).toStdString());
    };
    if (!document.isObject())
        return fail(parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                 : QStringLiteral("it is not a JSON object"));
    const QJsonObject object = document.object();
    RepoListing listing;
    listing.repoId = repoId;
    listing.commit = object.value(QStringLiteral("sha")).toString();
    if (!isHexDigest(listing.commit, 40))
        return fail(QStringLiteral("it names no commit (\"sha\")"));
    const QJsonValue siblings = object.value(QStringLiteral("siblings"));
    if (!siblings.isArray())
        return fail(QStringLiteral("it has no file list (\"siblings\")"));
    for (const QJsonValue &value : siblings.toArray()) {
        const QJsonObject entry = value.toObject();
        RepoFile file;
        file.path = entry.value(QStringLiteral("rfilename")).toString();
        // A name that climbs out of the snapshot folder would write outside the cache.
        if (file.path.isEmpty() || file.path.startsWith(QLatin1Char('/')) ||
            file.path.split(QLatin1Char('/')).contains(QStringLiteral("..")))
            return fail(QStringLiteral("it lists the unsafe file name \"%1\"").arg(file.path));
        file.size = entry.value(QStringLiteral("size")).toInteger(-1);
        file.blobId = entry.value(QStringLiteral("blobId")).toString();
        const QJsonObject lfs = entry.value(QStringLiteral("lfs")).toObject();
        if (!lfs.isEmpty()) {
            file.sha256 = lfs.value(QStringLiteral("sha256")).toString();
            if (file.size < 0)
                file.size = lfs.value(QStringLiteral("size")).toInteger(-1);
        }
        listing.files.push_back(std::move(file));
    }
    if (listing.files.empty())
        return fail(QStringLiteral("the revision has no files"));
    return listing;
}

std::string describeHttpFailure(int status, const QString &what, const QString &hubErrorCode, bool sentToken)
{
    QString text;
    if (status == 401 || status == 403) {
        if (hubErrorCode == QStringLiteral("GatedRepo"))
            text =
                QStringLiteral("Access to %1 is restricted (HTTP %2): accept its conditions on the Hub, then "
                               "set HF_TOKEN to an access token of that account.");
        else if (sentToken)
            text = QStringLiteral(
                "The Hub refused the token for %1 (HTTP %2): check HF_TOKEN; the token may have "
                "expired or may not grant access to this repository.");
        else
            text =
                QStringLiteral("%1 was not found or needs a Hugging Face token (HTTP %2): check the name, or "
                               "set HF_TOKEN to an access token of an account that may read it.");
        return text.arg(what).arg(status).toStdString();
    }
    if (status == 404) {
        if (hubErrorCode == QStringLiteral("RevisionNotFound"))
            text = QStringLiteral(
                "The %1 was not found on the Hub (HTTP 404): check the branch, tag or commit.");
        else if (hubErrorCode == QStringLiteral("EntryNotFound"))
            text = QStringLiteral("%1 does not exist in that revision (HTTP 404).");
        else
            text = QStringLiteral("%1 was not found on the Hub (HTTP 404): check the name.");
        return text.arg(what).toStdString();
    }
    if (status == 429)
        return QStringLiteral("The Hub is limiting requests for %1 (HTTP 429); try again later.")
            .arg(what)
            .toStdString();
    if (status >= 500)
        return QStringLiteral("The Hub failed to serve %1 (HTTP %2, a server error); try again later.")
            .arg(what)
            .arg(status)
            .toStdString();
    return QStringLiteral("The Hub answered HTTP %2 for %1.").arg(what).arg(status).toStdString();
}

bool isTransientHttpStatus(int status)
{
    return status == 0 || status == 408 || status == 429 || status >= 500;
}

QString normalizeEtag(const QByteArray &etagHeader)
{
    QString etag = QString::fromLatin1(etagHeader).trimmed();
    if (etag.startsWith(QStringLiteral("W/")))
        etag = etag.mid(2);
    etag.remove(QLatin1Char('"'));
    return etag;
}

} // namespace cortex::hub
