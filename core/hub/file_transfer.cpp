#include "hub/file_transfer.h"

#include "common/durable_file.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QThread>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "hub/http_client.h"
#include "hub/hub_api.h"

namespace cortex::hub {

namespace {

constexpr int kMaxRedirects = 5;

// The lock huggingface_hub takes for the same blob (fcntl.flock on .locks/<repo>/<etag>.lock), so that a
// Python download and a Cortex download of the same file never write one .incomplete file together.
class BlobLock {
public:
    explicit BlobLock(const QString &path)
    {
        QDir().mkpath(QFileInfo(path).path());
        fd_ = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        locked_ = fd_ >= 0 && ::flock(fd_, LOCK_EX | LOCK_NB) == 0;
    }
    ~BlobLock()
    {
        if (fd_ >= 0)
            ::close(fd_); // releases the lock
    }
    BlobLock(const BlobLock &) = delete;
    BlobLock &operator=(const BlobLock &) = delete;
    bool locked() const { return locked_; }

private:
    int fd_ = -1;
    bool locked_ = false;
};

struct Attempt {
    enum Kind { Complete, Transient, Fatal, Cancelled } kind = Fatal;
    std::string message;
};

Attempt transient(const QString &why)
{
    return {Attempt::Transient, why.toStdString()};
}

QString networkFailure(const HttpResponse &response)
{
    if (response.stalled)
        return QStringLiteral("no data arrived for a while");
    return response.errorString.isEmpty() ? QStringLiteral("the connection failed") : response.errorString;
}

// The etag's hash of a file: SHA-256 for LFS files, git's blob SHA-1 otherwise. While a download runs it
// is computed as the bytes arrive, so that a 17 GB file is not read a second time to be verified. After a
// resume it first catches up on the part already on disk; when the file was cut back (a restart from zero,
// a wrong resume offset) it starts over from the file.
class StreamingDigest {
public:
    // size: the whole file's, -1 when unknown (git's SHA-1 covers a header with the size).
    StreamingDigest(const QString &etag, bool lfs, qint64 size)
        : sha256_(lfs || isHexDigest(etag, 64)),
          hash_(sha256_ ? QCryptographicHash::Sha256 : QCryptographicHash::Sha1)
    {
        verifiable_ = sha256_ || isHexDigest(etag, 40);
        streaming_ = verifiable_ && (sha256_ || size >= 0);
        if (!sha256_)
            header_ = "blob " + QByteArray::number(size) + '\0';
        hash_.addData(header_);
    }
    // False for an etag of neither form: there is nothing to check the file against.
    bool verifiable() const { return verifiable_; }
    // Whether it can follow the download (verifiable, and the size is known for a SHA-1); otherwise the
    // finished file is hashed once.
    bool streaming() const { return streaming_; }

    // Makes the digest cover exactly the first `offset` bytes of `file`; leaves the file at `offset`.
    // False when the file cannot be read or `cancelled` says so.
    bool catchUp(QFile &file, qint64 offset, const CancelPredicate &cancelled = {})
    {
        if (bytes_ > offset) {
            hash_.reset();
            hash_.addData(header_);
            bytes_ = 0;
        }
        if (!file.seek(bytes_))
            return false;
        while (bytes_ < offset) {
            if (isCancelled(cancelled))
                return false;
            const QByteArray block = file.read(std::min<qint64>(offset - bytes_, 4 << 20));
            if (block.isEmpty())
                return false;
            add(block);
        }
        return file.seek(offset);
    }
    void add(const QByteArray &chunk)
    {
        hash_.addData(chunk);
        bytes_ += chunk.size();
    }
    QString hex() const { return QString::fromLatin1(hash_.result().toHex()); }

private:
    bool sha256_;
    bool verifiable_ = false;
    bool streaming_ = false;
    QCryptographicHash hash_;
    QByteArray header_;
    qint64 bytes_ = 0;
};

// qint64 from the total of "bytes 100-199/5000"; -1 when absent.
qint64 rangeStart(const QByteArray &contentRange)
{
    static const QRegularExpression pattern(QStringLiteral("^bytes (\\d+)-"));
    const QRegularExpressionMatch match = pattern.match(QString::fromLatin1(contentRange));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

Attempt attemptOnce(HttpClient &client, const BlobTarget &target, StreamingDigest &digest, qint64 &received,
                    const TransferProgress &progress)
{
    QFile partial(target.incompletePath);
    if (!partial.open(QIODevice::ReadWrite))
        return {Attempt::Fatal, QStringLiteral("Cannot write %1: %2.")
                                    .arg(target.incompletePath, partial.errorString())
                                    .toStdString()};
    qint64 offset = partial.size();
    if (target.expectedSize >= 0 && offset > target.expectedSize) {
        partial.resize(0); // longer than the file can be: not a prefix of it
        offset = 0;
    }
    if (target.expectedSize >= 0 && offset == target.expectedSize)
        return {Attempt::Complete, {}};
    if (digest.streaming() && !digest.catchUp(partial, offset))
        return transient(QStringLiteral("the partial file could not be read back"));
    partial.seek(offset);
    if (offset > 0 && progress)
        progress(offset, QStringLiteral("resuming at byte %1").arg(offset));

    QUrl url = target.url;
    HeaderList headers;
    if (offset > 0)
        headers.append({"Range", "bytes=" + QByteArray::number(offset) + '-'});
    bool diskError = false;
    const BodySink sink = [&](const QByteArray &chunk, int status) {
        if (status == 200 && offset > 0) {
            // The server ignored the Range request and sends the whole file: start it over.
            partial.resize(0);
            offset = 0;
            if (digest.streaming())
                digest.catchUp(partial, 0);
            partial.seek(0);
            if (progress)
                progress(0, QStringLiteral("the server cannot resume; the file starts over"));
        }
        if (partial.write(chunk) != chunk.size()) {
            diskError = true;
            return false;
        }
        received += chunk.size();
        if (digest.streaming())
            digest.add(chunk);
        if (progress)
            progress(partial.pos(), {});
        return true;
    };

    HttpResponse response;
    for (int redirects = 0;; ++redirects) {
        response = client.send("GET", url, headers, sink);
        if (!response.isRedirect())
            break;
        const QUrl location = url.resolved(QUrl::fromEncoded(response.header("Location")));
        if (redirects == kMaxRedirects || !location.isValid())
            return {Attempt::Fatal,
                    QStringLiteral("The Hub redirected %1 in a loop.").arg(target.what).toStdString()};
        url = location;
    }
    if (response.cancelled)
        return {Attempt::Cancelled, {}};
    if (diskError)
        return {Attempt::Fatal, QStringLiteral("Cannot write %1: %2.")
                                    .arg(target.incompletePath, partial.errorString())
                                    .toStdString()};
    if (response.status == 416 && offset > 0) {
        // The partial file is not a prefix the server can continue: start again from zero.
        partial.resize(0);
        return transient(QStringLiteral("the server refused to resume"));
    }
    if (response.status == 0)
        return transient(networkFailure(response));
    if (!response.isSuccess()) {
        const std::string message = describeHttpFailure(response.status, target.what,
                                                        QString::fromLatin1(response.header("X-Error-Code")),
                                                        client.tokenGoesTo(response.url));
        return {isTransientHttpStatus(response.status) ? Attempt::Transient : Attempt::Fatal, message};
    }
    if (response.status == 206 && rangeStart(response.header("Content-Range")) != offset) {
        partial.resize(offset);
        return transient(QStringLiteral("the server resumed at the wrong offset"));
    }
    if (response.networkError != QNetworkReply::NoError || response.stalled)
        return transient(networkFailure(response));
    partial.flush();
    const qint64 size = partial.size();
    if (target.expectedSize >= 0 && size < target.expectedSize)
        return transient(
            QStringLiteral("the connection closed after %1 of %2 bytes").arg(size).arg(target.expectedSize));
    return {Attempt::Complete, {}};
}

} // namespace

bool waitUnlessCancelled(int milliseconds, const CancelPredicate &cancelled)
{
    for (int waited = 0; waited < milliseconds; waited += 50) {
        if (isCancelled(cancelled))
            return false;
        QThread::msleep(std::min(50, milliseconds - waited));
    }
    return !isCancelled(cancelled);
}

TransferOutcome transferBlob(HttpClient &client, const BlobTarget &target, const RetryPolicy &retry,
                             const TransferProgress &progress, const CancelPredicate &cancelled)
{
    TransferOutcome outcome;
    QDir().mkpath(QFileInfo(target.blobPath).path());
    BlobLock lock(target.lockPath);
    if (!lock.locked()) {
        outcome.message =
            QStringLiteral("Another program is downloading %1 into the same cache right now (lock %2); "
                           "try again when it has finished.")
                .arg(target.what, target.lockPath)
                .toStdString();
        return outcome;
    }

    StreamingDigest digest(target.etag, target.lfs, target.expectedSize);
    int backoffMs = retry.initialBackoffMs;
    for (int attempt = 1;; ++attempt) {
        const Attempt result = attemptOnce(client, target, digest, outcome.bytesReceived, progress);
        if (result.kind == Attempt::Cancelled) {
            outcome.state = TransferState::Cancelled;
            return outcome;
        }
        if (result.kind == Attempt::Complete)
            break;
        QString reason = QString::fromStdString(result.message);
        while (reason.endsWith(QLatin1Char('.')))
            reason.chop(1);
        if (result.kind == Attempt::Fatal || attempt >= retry.maxAttempts) {
            outcome.message =
                result.kind == Attempt::Fatal
                    ? result.message
                    : QStringLiteral("Downloading %1 failed %2 times; the last time: %3. What arrived "
                                     "is kept, and the next download continues from there.")
                          .arg(target.what)
                          .arg(attempt)
                          .arg(reason)
                          .toStdString();
            return outcome;
        }
        if (progress)
            progress(
                QFileInfo(target.incompletePath).size(),
                QStringLiteral("retrying in %1 s after: %2").arg(backoffMs / 1000.0, 0, 'f', 1).arg(reason));
        if (!waitUnlessCancelled(backoffMs, cancelled)) {
            outcome.state = TransferState::Cancelled;
            return outcome;
        }
        backoffMs *= 2;
    }

    // A digest that could not follow the download (a SHA-1 of unknown size) hashes the finished file.
    StreamingDigest whole(target.etag, target.lfs, QFileInfo(target.incompletePath).size());
    StreamingDigest &check = digest.streaming() ? digest : whole;
    QString actual;
    bool matches = !check.verifiable();
    if (!matches) {
        QFile file(target.incompletePath);
        if (file.open(QIODevice::ReadOnly) && check.catchUp(file, file.size(), cancelled)) {
            actual = check.hex();
            matches = actual == target.etag;
        }
    }
    if (!matches) {
        if (isCancelled(cancelled)) {
            outcome.state = TransferState::Cancelled;
            return outcome;
        }
        QFile::remove(target.incompletePath);
        outcome.message =
            QStringLiteral("%1 is corrupt: its %2 is %3, the Hub announced %4. The download was removed; "
                           "run it again.")
                .arg(target.what, target.lfs ? QStringLiteral("SHA-256") : QStringLiteral("git SHA-1"),
                     actual.isEmpty() ? QStringLiteral("unreadable") : actual, target.etag)
                .toStdString();
        return outcome;
    }
    // Durably: a crash right after must not leave a blob that looks complete but is not on disk yet
    // (a leftover of the same content is replaced).
    if (auto placed = durableReplace(target.incompletePath.toStdString(), target.blobPath.toStdString());
        !placed) {
        outcome.message =
            QStringLiteral("Cannot rename %1 to %2: %3.")
                .arg(target.incompletePath, target.blobPath, QString::fromStdString(placed.error().message))
                .toStdString();
        return outcome;
    }
    outcome.state = TransferState::Done;
    return outcome;
}

} // namespace cortex::hub
