#pragma once
// A local imitation of the Hugging Face Hub for the download tests (there is no internet in CI):
//   GET  /api/models/{owner}/{name}/revision/{rev}[?blobs=true]   the commit and the file list
//   HEAD/GET /{owner}/{name}/resolve/{rev}/{path...}               a file; LFS files redirect to the CDN
//   HEAD/GET /cdn-lfs/{sha256}                                     LFS contents, on a second port
// with the Hub's status codes and X-Error-Code headers. The CDN listens on its own port so that a test
// can tell whether the token was sent to a host other than the endpoint's.
//
// It runs on its own thread: the downloader under test blocks the test's thread in its own event loop.
// Every answer carries `Connection: close`; a connection serves one request.

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include "support/server_thread.h"

#include <memory>

namespace cortex::testing {

class FakeHub {
public:
    struct File {
        QByteArray content;
        bool lfs = false;
    };

    struct Request {
        QString method;
        QString path;  // percent-decoded, without the query
        QString query; // as sent
        QString range; // the Range header
        QString authorization;
        QString file;     // the repository file this request is about (resolve and CDN), else empty
        bool cdn = false; // served by the CDN port
        quint16 port = 0;
        int status = 0;
        qint64 bodyBytesSent = 0; // grows while the body is written
    };

    FakeHub();
    ~FakeHub();
    FakeHub(const FakeHub &) = delete;
    FakeHub &operator=(const FakeHub &) = delete;

    void addRepo(const QString &repoId, const QString &branch, const QString &commit,
                 const QMap<QString, File> &files, bool requiresToken = false);
    void setToken(const QString &token); // the bearer token that opens repositories requiring one

    // Closes the socket after that many body bytes of `path` (resolve or CDN), `times` times; the
    // Content-Length still announces the whole body.
    void dropConnectionAfter(const QString &path, qint64 bodyBytes, int times = 1);
    // Answers the next `times` requests for `path` (resolve or CDN) with `status` (503, 429, 500...).
    void failRequests(const QString &path, int status, int times = 1);
    // Serves other bytes of the same length for `path`, while the listing and headers announce the real
    // hashes.
    void corruptContent(const QString &path);
    // Answers requests for `path` with the whole file (200), as a server without Range support does.
    void ignoreRange(const QString &path);
    // The listing claims this size for `path` (the free-disk-space check before a download).
    void announceSize(const QString &path, qint64 bytes);
    // Pauses between 64 KiB body chunks, for `path` only when given (so that a cancel lands mid-file
    // without slowing the other files down).
    void setChunkDelayMs(int ms, const QString &path = {});

    bool start();
    void stop();
    bool isRunning() const;
    QString endpoint() const;    // "http://127.0.0.1:PORT"
    QString cdnEndpoint() const; // "http://127.0.0.1:CDNPORT"

    QList<Request> requests() const; // thread-safe
    void clearRequests();
    // Body bytes sent so far for `path`, over all requests (thread-safe; usable from a cancel predicate).
    qint64 bodyBytesSentFor(const QString &path) const;

    // The files of a model folder as a Hub repository holds them: *.safetensors in LFS, the rest not.
    static QMap<QString, File> filesOf(const QString &folder);

    // The hashes the Hub announces.
    static QString sha256Hex(const QByteArray &content);
    static QString gitBlobSha1(const QByteArray &content); // SHA-1 of "blob <size>\0<content>"
    static QByteArray lfsPointer(const QByteArray &content);

    struct State;

private:
    std::shared_ptr<State> state_;
    ServerThread thread_;
    quint16 port_ = 0;
    quint16 cdnPort_ = 0;
};

} // namespace cortex::testing
