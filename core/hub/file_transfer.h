#pragma once
// One file of a repository into the cache: blobs/<etag>.incomplete, resumed with Range, retried with
// back-off on transient failures, verified against its etag, then renamed to blobs/<etag>.

#include <QString>
#include <QUrl>

#include <functional>
#include <string>

#include "common/progress.h"

namespace cortex::hub {

class HttpClient;

struct BlobTarget {
    QString file; // path inside the repository (for messages)
    QString what; // "file X of repo Y" (for messages)
    QUrl url;     // the resolve URL
    QString etag; // SHA-256 (LFS) or git blob SHA-1, expected
    bool lfs = false;
    qint64 expectedSize = -1; // -1 when unknown
    QString incompletePath;
    QString blobPath;
    QString lockPath;
};

struct RetryPolicy {
    int maxAttempts = 5;
    int initialBackoffMs = 1000;
};

enum class TransferState { Done, Failed, Cancelled };

struct TransferOutcome {
    TransferState state = TransferState::Failed;
    std::string message;      // for Failed/Cancelled
    qint64 bytesReceived = 0; // over the network
};

// onDisk: bytes of the file on disk so far; note: a retry or resume message for the progress line.
using TransferProgress = std::function<void(qint64 onDisk, const QString &note)>;

TransferOutcome transferBlob(HttpClient &client, const BlobTarget &target, const RetryPolicy &retry,
                             const TransferProgress &progress, const CancelPredicate &cancelled);

// Sleeps for a retry's back-off in short steps; false as soon as `cancelled` says so.
bool waitUnlessCancelled(int milliseconds, const CancelPredicate &cancelled);

} // namespace cortex::hub
