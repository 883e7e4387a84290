#include "hub/model_download.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSslSocket>
#include <QStorageInfo>

#include <filesystem>
#include <system_error>

#include "common/durable_file.h"
#include "hub/file_transfer.h"
#include "hub/http_client.h"
#include "hub/hub_api.h"
#include "hub/hub_cache.h"

namespace cortex::hub {

namespace {

// Room left beside the model so that the disk is not filled to the last byte.
constexpr qint64 kDiskReserve = 256LL * 1024 * 1024;
constexpr qint64 kProgressIntervalMs = 100;

struct PlannedFile {
    RepoFile file;
    QString etag;
    bool lfs = false;
    bool present = false;     // the snapshot entry exists with the right size
    bool blobPresent = false; // the content is in the cache already (another revision)
};

QString formatGb(qint64 bytes)
{
    return QStringLiteral("%1 GB").arg(bytes / 1e9, 0, 'f', 2);
}

// HF_HUB_OFFLINE as huggingface_hub reads it: 1, ON, YES or TRUE.
bool offlineRequested()
{
    const QString value = qEnvironmentVariable("HF_HUB_OFFLINE").trimmed().toUpper();
    return value == QStringLiteral("1") || value == QStringLiteral("ON") || value == QStringLiteral("YES") ||
           value == QStringLiteral("TRUE");
}

bool validRepoId(const QString &repoId)
{
    static const QRegularExpression pattern(
        QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$"));
    return pattern.match(repoId).hasMatch() && !repoId.contains(QStringLiteral(".."));
}

// The nearest folder that exists, for the free-space question about a cache not created yet.
QString existingAncestor(QString path)
{
    while (!QFileInfo::exists(path) && QFileInfo(path).path() != path)
        path = QFileInfo(path).path();
    return path;
}

Status linkSnapshotEntry(const QString &snapshotDir, const QString &file, const QString &blobPath)
{
    const QString linkPath = snapshotDir + QLatin1Char('/') + file;
    const QString linkDir = QFileInfo(linkPath).path();
    QDir().mkpath(linkDir);
    // Relative, as huggingface_hub makes them, so that the cache can be moved as a whole.
    const std::filesystem::path target =
        QFile::encodeName(QDir(linkDir).relativeFilePath(blobPath)).toStdString();
    const std::filesystem::path link = QFile::encodeName(linkPath).toStdString();
    std::error_code error;
    std::filesystem::remove(link, error);
    std::filesystem::create_symlink(target, link, error);
    if (error)
        return makeError(QStringLiteral("Cannot create %1 in the cache: %2.")
                             .arg(linkPath, QString::fromStdString(error.message()))
                             .toStdString());
    return {};
}

Status writeRef(const RepoPaths &paths, const QString &revision, const QString &commit)
{
    const QString refPath = paths.ref(revision);
    QDir().mkpath(QFileInfo(refPath).path());
    // Written beside it and put in place durably (common/durable_file.h), like every replaced file.
    const QString temporary = refPath + QStringLiteral(".tmp");
    QFile file(temporary);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(commit.toLatin1()) != commit.size() || !file.flush())
        return makeError(
            QStringLiteral("Cannot write %1: %2.").arg(temporary, file.errorString()).toStdString());
    file.close();
    if (auto placed = durableReplace(temporary.toStdString(), refPath.toStdString()); !placed) {
        QFile::remove(temporary);
        return makeError(QStringLiteral("Cannot write %1: %2.")
                             .arg(refPath, QString::fromStdString(placed.error().message))
                             .toStdString());
    }
    return {};
}

class RateMeter {
public:
    RateMeter() { clock_.start(); }
    void update(qint64 transferred)
    {
        const qint64 now = clock_.elapsed();
        if (now - lastMs_ < 500)
            return;
        const double instant = (transferred - lastBytes_) * 1000.0 / double(now - lastMs_);
        rate_ = rate_ == 0 ? instant : 0.7 * rate_ + 0.3 * instant;
        lastMs_ = now;
        lastBytes_ = transferred;
    }
    double rate() const { return rate_; }

private:
    QElapsedTimer clock_;
    qint64 lastMs_ = 0;
    qint64 lastBytes_ = 0;
    double rate_ = 0;
};

class Downloader {
public:
    Downloader(const DownloadRequest &request, const DownloadProgressCallback &progress,
               const CancelPredicate &cancelled)
        : request_(request), paths_(repoPaths(request.cacheDir, request.repoId)), progress_(progress),
          cancelled_(cancelled), client_(request.endpoint, request.token, request.stallTimeoutMs, cancelled)
    {
        throttle_.start();
    }

    Result<DownloadResult> run()
    {
        if (!validRepoId(request_.repoId))
            return makeError(
                QStringLiteral("\"%1\" is not a Hub repository name; it looks like owner/name, e.g. "
                               "Qwen/Qwen3-VL-Embedding-2B.")
                    .arg(request_.repoId)
                    .toStdString());
        if (request_.cacheDir.isEmpty())
            return makeError("No cache folder to download into.");
        if (QUrl(request_.endpoint).scheme() == QStringLiteral("https") && !QSslSocket::supportsSsl())
            return makeError(
                QStringLiteral("Cannot download from %1: Qt found no TLS library for HTTPS (install "
                               "libssl3).")
                    .arg(request_.endpoint)
                    .toStdString());
        if (offlineRequested())
            return cachedSnapshot(QStringLiteral("HF_HUB_OFFLINE is set"));

        Result<RepoListing> listing = fetchListing();
        if (!listing)
            return listing.error();
        if (offlineResult_)
            return *offlineResult_;
        result_.commit = listing->commit;
        result_.snapshotDir = paths_.snapshotDir(listing->commit);

        Result<std::vector<PlannedFile>> plan = makePlan(*listing);
        if (!plan)
            return plan.error();
        if (Status space = checkDiskSpace(*plan); !space)
            return space.error();
        if (Status fetched = fetchAll(*plan); !fetched)
            return fetched.error();
        if (request_.revision != listing->commit)
            if (Status ref = writeRef(paths_, request_.revision, listing->commit); !ref)
                return ref.error();
        return result_;
    }

private:
    QString repoWhat() const { return QStringLiteral("repository %1").arg(request_.repoId); }
    QString fileWhat(const QString &file) const
    {
        return QStringLiteral("file %1 of %2").arg(file, request_.repoId);
    }

    Error cancelledError() const
    {
        return makeError(
            QStringLiteral("The download of %1 was cancelled; what arrived stays in %2 and the next "
                           "download resumes from there.")
                .arg(request_.repoId, paths_.repoDir)
                .toStdString());
    }

    // The revision as the cache has it, used when the Hub cannot be asked.
    Result<DownloadResult> cachedSnapshot(const QString &why)
    {
        const QString commit = resolveCachedRevision(request_.cacheDir, request_.repoId, request_.revision);
        const QString snapshot = commit.isEmpty() ? QString() : paths_.snapshotDir(commit);
        if (commit.isEmpty() || !missingModelFiles(snapshot).isEmpty())
            return makeError(
                QStringLiteral("Cannot reach the Hub (%1), and the cache %2 has no complete copy of %3 "
                               "at %4.")
                    .arg(why, request_.cacheDir, request_.repoId, request_.revision)
                    .toStdString());
        DownloadResult result;
        result.commit = commit;
        result.snapshotDir = snapshot;
        result.offline = true;
        return result;
    }

    Result<RepoListing> fetchListing()
    {
        const QUrl url = listingUrl(request_.endpoint, request_.repoId, request_.revision);
        int backoffMs = request_.initialBackoffMs;
        for (int attempt = 1;; ++attempt) {
            const HttpResponse response = client_.send("GET", url);
            if (response.cancelled)
                return cancelledError();
            if (response.isSuccess())
                return parseListing(request_.repoId, response.body);
            std::string failure;
            if (response.status == 0) {
                const QString why = response.stalled ? QStringLiteral("no answer") : response.errorString;
                // Unreachable: a complete cached copy is as good as the Hub's answer, and nothing is retried.
                Result<DownloadResult> cached = cachedSnapshot(why);
                if (cached) {
                    offlineResult_ = std::move(cached).value();
                    return RepoListing{};
                }
                failure = QStringLiteral("Cannot reach the Hub at %1 for %2: %3.")
                              .arg(request_.endpoint, repoWhat(), why)
                              .toStdString();
            } else {
                const bool revisionMissing = response.header("X-Error-Code") == "RevisionNotFound";
                failure = describeHttpFailure(
                    response.status,
                    revisionMissing
                        ? QStringLiteral("revision \"%1\" of %2").arg(request_.revision, repoWhat())
                        : repoWhat(),
                    QString::fromLatin1(response.header("X-Error-Code")), client_.tokenGoesTo(url));
            }
            // No route, no name, nobody listening: retrying only makes an offline user wait.
            const bool unreachable = response.networkError == QNetworkReply::ConnectionRefusedError ||
                                     response.networkError == QNetworkReply::HostNotFoundError ||
                                     response.networkError == QNetworkReply::ProxyNotFoundError;
            if (unreachable || !isTransientHttpStatus(response.status) || attempt >= request_.maxAttempts)
                return makeError(failure);
            if (!waitUnlessCancelled(backoffMs, cancelled_))
                return cancelledError();
            backoffMs *= 2;
        }
    }

    // The etag of a file the listing gave no hash for: a HEAD request, as huggingface_hub does.
    Result<QString> headEtag(const RepoFile &file)
    {
        const QUrl url = resolveUrl(request_.endpoint, request_.repoId, result_.commit, file.path);
        const HttpResponse response = client_.send("HEAD", url);
        if (response.cancelled)
            return cancelledError();
        if (response.status == 0)
            return makeError(QStringLiteral("Cannot reach the Hub for %1: %2.")
                                 .arg(fileWhat(file.path), response.errorString)
                                 .toStdString());
        if (!response.isSuccess() && !response.isRedirect())
            return makeError(describeHttpFailure(response.status, fileWhat(file.path),
                                                 QString::fromLatin1(response.header("X-Error-Code")),
                                                 client_.tokenGoesTo(url)));
        QByteArray etag = response.header("X-Linked-Etag");
        if (etag.isEmpty())
            etag = response.header("ETag");
        if (etag.isEmpty())
            return makeError(QStringLiteral("The Hub sent no ETag for %1, so it cannot be verified.")
                                 .arg(fileWhat(file.path))
                                 .toStdString());
        return normalizeEtag(etag);
    }

    Result<std::vector<PlannedFile>> makePlan(const RepoListing &listing)
    {
        std::vector<PlannedFile> plan;
        for (const RepoFile &file : listing.files) {
            PlannedFile planned;
            planned.file = file;
            planned.lfs = !file.sha256.isEmpty();
            const QFileInfo entry(result_.snapshotDir + QLatin1Char('/') + file.path);
            planned.present = entry.exists() && (file.size < 0 || entry.size() == file.size);
            if (!planned.present) {
                planned.etag = planned.lfs ? file.sha256 : file.blobId;
                if (planned.etag.isEmpty()) {
                    Result<QString> etag = headEtag(file);
                    if (!etag)
                        return etag.error();
                    planned.etag = *etag;
                }
                const QFileInfo blob(paths_.blob(planned.etag));
                planned.blobPresent = blob.exists() && (file.size < 0 || blob.size() == file.size);
            }
            plan.push_back(std::move(planned));
        }
        return plan;
    }

    Status checkDiskSpace(const std::vector<PlannedFile> &plan) const
    {
        qint64 needed = 0;
        for (const PlannedFile &planned : plan)
            if (!planned.present && !planned.blobPresent && planned.file.size > 0)
                needed += std::max<qint64>(0, planned.file.size -
                                                  QFileInfo(paths_.incompleteBlob(planned.etag)).size());
        if (needed == 0)
            return {};
        const QStorageInfo storage(existingAncestor(request_.cacheDir));
        const qint64 available = storage.bytesAvailable();
        if (available >= 0 && needed + kDiskReserve > available)
            return makeError(
                QStringLiteral("Not enough free disk space for %1: it needs %2 more in %3, and %4 are "
                               "free. Free some space or download to another folder.")
                    .arg(request_.repoId, formatGb(needed + kDiskReserve), request_.cacheDir,
                         formatGb(available))
                    .toStdString());
        return {};
    }

    void report(const DownloadProgress &progress, bool force)
    {
        meter_.update(liveTransferred_);
        if (!progress_ || (!force && throttle_.elapsed() < kProgressIntervalMs))
            return;
        throttle_.restart();
        DownloadProgress copy = progress;
        copy.bytesPerSecond = meter_.rate();
        copy.etaSeconds = copy.bytesPerSecond > 0 ? (copy.total - copy.done) / copy.bytesPerSecond : -1;
        progress_(copy);
    }

    Status fetchAll(const std::vector<PlannedFile> &plan)
    {
        DownloadProgress progress;
        progress.fileCount = int(plan.size());
        for (const PlannedFile &planned : plan)
            progress.total += std::max<qint64>(planned.file.size, 0);
        qint64 finishedBytes = 0;
        const RetryPolicy retry{request_.maxAttempts, request_.initialBackoffMs};

        for (const PlannedFile &planned : plan) {
            if (isCancelled(cancelled_))
                return cancelledError();
            ++progress.fileIndex;
            progress.file = planned.file.path;
            progress.fileTotal = std::max<qint64>(planned.file.size, 0);
            progress.note.clear();
            if (planned.present) {
                ++result_.filesAlreadyPresent;
            } else {
                const QString blobPath = paths_.blob(planned.etag);
                if (planned.blobPresent) {
                    ++result_.filesAlreadyPresent;
                } else {
                    BlobTarget target{
                        planned.file.path,
                        fileWhat(planned.file.path),
                        resolveUrl(request_.endpoint, request_.repoId, result_.commit, planned.file.path),
                        planned.etag,
                        planned.lfs,
                        planned.file.size,
                        paths_.incompleteBlob(planned.etag),
                        blobPath,
                        paths_.lock(planned.etag)};
                    const qint64 transferredBefore = result_.bytesTransferred;
                    qint64 startOnDisk =
                        -1; // where this run started on the file (a resumed part is not "rate")
                    const TransferOutcome outcome = transferBlob(
                        client_, target, retry,
                        [&](qint64 onDisk, const QString &note) {
                            if (startOnDisk < 0 || onDisk < startOnDisk)
                                startOnDisk = onDisk;
                            liveTransferred_ = transferredBefore + (onDisk - startOnDisk);
                            progress.fileDone = onDisk;
                            progress.done = finishedBytes + onDisk;
                            if (!note.isEmpty())
                                progress.note = note;
                            report(progress, !note.isEmpty());
                        },
                        cancelled_);
                    result_.bytesTransferred = transferredBefore + outcome.bytesReceived;
                    liveTransferred_ = result_.bytesTransferred;
                    if (outcome.state == TransferState::Cancelled)
                        return cancelledError();
                    if (outcome.state == TransferState::Failed)
                        return makeError(outcome.message);
                    ++result_.filesTransferred;
                }
                if (Status linked = linkSnapshotEntry(result_.snapshotDir, planned.file.path, blobPath);
                    !linked)
                    return linked;
            }
            finishedBytes += std::max<qint64>(planned.file.size, 0);
            progress.fileDone = progress.fileTotal;
            progress.done = finishedBytes;
            progress.note.clear();
            report(progress, true);
        }
        return {};
    }

    const DownloadRequest &request_;
    const RepoPaths paths_;
    const DownloadProgressCallback &progress_;
    const CancelPredicate &cancelled_;
    HttpClient client_;
    DownloadResult result_;
    std::optional<DownloadResult> offlineResult_;
    RateMeter meter_;
    qint64 liveTransferred_ = 0; // bytes over the network so far, updated during a file
    QElapsedTimer throttle_;
};

} // namespace

Result<DownloadResult> downloadModel(const DownloadRequest &request, const DownloadProgressCallback &progress,
                                     const CancelPredicate &cancelled)
{
    return Downloader(request, progress, cancelled).run();
}

} // namespace cortex::hub
