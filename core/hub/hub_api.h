#pragma once
// The two Hub HTTP endpoints Cortex uses, and their answers.
//   GET {endpoint}/api/models/{repo}/revision/{rev}?blobs=true   -> the commit and the file list
//   GET {endpoint}/{repo}/resolve/{rev}/{file}                    -> the file (LFS files redirect to a CDN)
// Errors are turned into one sentence that names the repository or file and says what to do
// (404: not found, 401/403: needs a token, 429/5xx: transient and retried).

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <vector>

#include "common/result.h"

namespace cortex::hub {

struct RepoFile {
    QString path;     // "model-00001-of-00002.safetensors"
    qint64 size = -1; // -1 when the listing did not say
    QString sha256;   // LFS files: the content's SHA-256 (hex); empty otherwise
    QString blobId;   // git blob SHA-1 (hex)
};

struct RepoListing {
    QString repoId;
    QString commit; // 40 hex digits
    std::vector<RepoFile> files;
};

QUrl listingUrl(const QString &endpoint, const QString &repoId, const QString &revision);
QUrl resolveUrl(const QString &endpoint, const QString &repoId, const QString &revision, const QString &file);

// Parses the JSON answer of the listing endpoint; an error names the repository.
Result<RepoListing> parseListing(const QString &repoId, const QByteArray &json);

// One sentence for an HTTP failure: `what` is "repository Qwen/X" or "file config.json of Qwen/X".
// `hubErrorCode` is the X-Error-Code header when the Hub sent one.
std::string describeHttpFailure(int status, const QString &what, const QString &hubErrorCode, bool sentToken);

// Whether a failure is worth retrying: 408, 429, 5xx and dropped connections (status 0).
bool isTransientHttpStatus(int status);

// Whether `text` is `length` lowercase hex digits (a commit or git SHA-1: 40, a SHA-256: 64).
bool isHexDigest(const QString &text, qsizetype length);

// huggingface_hub's etag normalisation: drops a "W/" prefix and the quotes.
QString normalizeEtag(const QByteArray &etagHeader);

} // namespace cortex::hub
