#pragma once
// Downloads one model repository from the Hub into the Hugging Face cache layout (hub_cache.h), so that
// a later run, or Python, finds it without the network:
//  - lists the revision's files, checks the free disk space first;
//  - skips files whose blob is already there (a second download of a revision transfers nothing);
//  - writes each file to blobs/<etag>.incomplete and resumes it with an HTTP Range request after a
//    cancel, a dropped connection or a restart; renames it to blobs/<etag> only after its SHA-256 (LFS)
//    or git blob SHA-1 matched what the Hub announced (X-Linked-Etag / ETag); a mismatch removes it;
//  - retries transient failures (dropped connection, 408/429/5xx) with exponential back-off;
//  - sends the token only to the endpoint's host, never to the CDN it redirects to;
//  - uses the system proxy settings.
// Blocking: call it on a worker thread (it runs its own event loop there) or in a command-line tool.

#include <QString>

#include <functional>

#include "common/progress.h"
#include "common/result.h"

namespace cortex::hub {

struct DownloadRequest {
    QString repoId;                            // "Qwen/Qwen3-VL-Embedding-2B"
    QString revision = QStringLiteral("main"); // branch, tag or commit
    QString cacheDir;                          // a hub cache root (HubEnvironment::cacheDir by default)
    QString endpoint;                          // HubEnvironment::endpoint
    QString token;                             // empty: anonymous
    int maxAttempts = 5;                       // per file, for transient failures
    int initialBackoffMs = 1000;               // doubled after each failed attempt
    int stallTimeoutMs = 60000;                // no byte for this long: the attempt failed (transient)
};

struct DownloadProgress {
    QString file;      // the file being transferred
    int fileIndex = 0; // 1-based
    int fileCount = 0;
    qint64 fileDone = 0;  // bytes of this file on disk
    qint64 fileTotal = 0; // 0 when unknown
    qint64 done = 0;      // bytes of the whole revision on disk
    qint64 total = 0;
    double bytesPerSecond = 0;
    double etaSeconds = -1;
    QString note; // "retrying in 2 s after: connection closed", "resuming at 1.2 GB", or empty
};
using DownloadProgressCallback = std::function<void(const DownloadProgress &)>;

struct DownloadResult {
    QString snapshotDir; // the folder to give --model
    QString commit;
    qint64 bytesTransferred = 0; // over the network in this run
    int filesTransferred = 0;
    int filesAlreadyPresent = 0;
    bool offline = false; // the Hub was unreachable and a complete cached snapshot was used
};

// A cancelled download returns an error that says so; its partial files stay to be resumed.
Result<DownloadResult> downloadModel(const DownloadRequest &request,
                                     const DownloadProgressCallback &progress = {},
                                     const CancelPredicate &cancelled = {});

} // namespace cortex::hub
