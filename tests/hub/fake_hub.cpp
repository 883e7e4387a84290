#include "hub/fake_hub.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QMutexLocker>
#include <QPointer>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <algorithm>
#include <optional>

namespace cortex::testing {

namespace {

constexpr qint64 kChunk = 64 * 1024;
constexpr qint64 kMaxQueued = 512 * 1024;

struct RepoFile {
    QByteArray content;
    bool lfs = false;
    QString sha256;
    QString blobId;        // of the content, or of the LFS pointer for LFS files (as the Hub lists it)
    QString contentBlobId; // git blob SHA-1 of the content
    int pointerSize = 0;
};

struct Repo {
    QString branch;
    QString commit;
    bool requiresToken = false;
    QMap<QString, RepoFile> files;
};

struct Drop {
    qint64 bodyBytes = 0;
    int times = 0;
};

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 206:
        return "Partial Content";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 416:
        return "Range Not Satisfiable";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

QByteArray corrupted(QByteArray content)
{
    // A few flipped bytes spread over the file: same length, different hash.
    for (qint64 i = 0; i < content.size(); i += std::max<qint64>(1, content.size() / 7))
        content[i] = char(~content[i]);
    return content;
}

} // namespace

struct FakeHub::State {
    mutable QMutex mutex;
    QMap<QString, Repo> repos;
    QString token;
    QMap<QString, Drop> drops;
    QMap<QString, std::pair<int, int>> failures; // path -> status, times left
    QSet<QString> corrupt;
    QMap<QString, qint64> announcedSizes; // path -> the size the listing claims
    QSet<QString> ignoreRange;            // answered with the whole file (200) whatever Range asks
    int chunkDelayMs = 0;
    QString chunkDelayPath;
    QList<Request> requests;
    int generation = 0; // bumped by clearRequests, so that running transfers stop updating old entries
    quint16 port = 0;
    quint16 cdnPort = 0;
};

namespace {

using State = FakeHub::State;
using Request = FakeHub::Request;

struct Response {
    int status = 200;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;   // the whole entity (for ranges: the whole file)
    qint64 offset = 0; // the part of `body` sent
    qint64 length = 0;
    bool sendBody = true; // false for HEAD
    QString file;
    std::optional<qint64> dropAt;
    int delayMs = 0;
};

void addHeader(Response &r, const QByteArray &name, const QByteArray &value)
{
    r.headers.append(std::make_pair(name, value));
}

void setJsonError(Response &r, int status, const QByteArray &errorCode, const QString &message)
{
    r.status = status;
    if (!errorCode.isEmpty())
        addHeader(r, "X-Error-Code", errorCode);
    addHeader(r, "Content-Type", "application/json");
    r.body = QJsonDocument(QJsonObject{{QStringLiteral("error"), message}}).toJson(QJsonDocument::Compact);
    r.length = r.body.size();
}

QByteArray quoted(const QString &s)
{
    return '"' + s.toLatin1() + '"';
}

// Serves `content` (or its corrupted twin) as 200, 206 or 416 depending on the Range header.
void serveContent(Response &r, const QString &file, const QByteArray &content, const QString &rangeHeader,
                  State &state)
{
    const qint64 size = content.size();
    r.file = file;
    qint64 from = 0;
    qint64 to = size - 1;
    bool partial = false;
    if (rangeHeader.startsWith(QStringLiteral("bytes=")) && !state.ignoreRange.contains(file)) {
        const QStringList parts = rangeHeader.mid(6).split(QLatin1Char('-'));
        bool okFrom = false;
        const qint64 f = parts.value(0).toLongLong(&okFrom);
        if (okFrom) {
            if (f >= size) {
                r.status = 416;
                addHeader(r, "Content-Range", "bytes */" + QByteArray::number(size));
                r.length = 0;
                return;
            }
            bool okTo = false;
            const qint64 t = parts.value(1).toLongLong(&okTo);
            from = f;
            if (okTo && t < size)
                to = t;
            partial = true;
        }
    }
    r.status = partial ? 206 : 200;
    addHeader(r, "Accept-Ranges", "bytes");
    addHeader(r, "Content-Type", "application/octet-stream");
    if (partial) {
        addHeader(r, "Content-Range",
                  "bytes " + QByteArray::number(from) + '-' + QByteArray::number(to) + '/' +
                      QByteArray::number(size));
    }
    r.body = state.corrupt.contains(file) ? corrupted(content) : content;
    r.offset = from;
    r.length = std::max<qint64>(0, to - from + 1);
    if (r.sendBody) {
        auto drop = state.drops.find(file);
        if (drop != state.drops.end() && drop->times > 0 && drop->bodyBytes < r.length) {
            --drop->times;
            r.dropAt = drop->bodyBytes;
        }
        if (state.chunkDelayPath.isEmpty() || state.chunkDelayPath == file)
            r.delayMs = state.chunkDelayMs;
    }
}

// Consumes one planned failure for `file`; true when the response became that failure.
bool plannedFailure(Response &r, State &state, const QString &file)
{
    auto failure = state.failures.find(file);
    if (failure == state.failures.end() || failure->second <= 0)
        return false;
    --failure->second;
    r.file = file;
    setJsonError(r, failure->first, {}, QStringLiteral("Planned failure"));
    return true;
}

bool authorized(const Repo &repo, const QString &authorization, const State &state)
{
    return !repo.requiresToken ||
           (!state.token.isEmpty() && authorization == QStringLiteral("Bearer ") + state.token);
}

void setGated(Response &r, const QString &repoId)
{
    setJsonError(r, 401, "GatedRepo",
                 QStringLiteral("Access to model %1 is restricted. You must have access to it and be "
                                "authenticated to access it. Please log in.")
                     .arg(repoId));
}

// Looks the repository and revision up; fills an error response and returns nullptr when it fails.
const Repo *findRevision(Response &r, const State &state, const QString &repoId, const QString &revision,
                         const QString &authorization)
{
    auto repo = state.repos.find(repoId);
    if (repo == state.repos.end()) {
        setJsonError(r, 404, "RepoNotFound", QStringLiteral("Repository not found"));
        return nullptr;
    }
    if (!authorized(*repo, authorization, state)) {
        setGated(r, repoId);
        return nullptr;
    }
    if (revision != repo->branch && revision != repo->commit) {
        setJsonError(r, 404, "RevisionNotFound", QStringLiteral("Invalid rev id: %1").arg(revision));
        return nullptr;
    }
    return &*repo;
}

void serveListing(Response &r, const State &state, const QString &repoId, const QString &revision,
                  const QString &query, const QString &authorization)
{
    const Repo *repo = findRevision(r, state, repoId, revision, authorization);
    if (!repo)
        return;
    // Like the Hub, sizes and hashes only with blobs=true.
    const bool blobs = query.split(QLatin1Char('&')).contains(QStringLiteral("blobs=true"));
    QJsonArray siblings;
    for (auto it = repo->files.begin(); it != repo->files.end(); ++it) {
        QJsonObject sibling{{QStringLiteral("rfilename"), it.key()}};
        if (blobs) {
            const qint64 size = state.announcedSizes.value(it.key(), it->content.size());
            sibling.insert(QStringLiteral("size"), size);
            sibling.insert(QStringLiteral("blobId"), it->blobId);
            if (it->lfs) {
                sibling.insert(QStringLiteral("lfs"),
                               QJsonObject{{QStringLiteral("sha256"), it->sha256},
                                           {QStringLiteral("size"), size},
                                           {QStringLiteral("pointerSize"), it->pointerSize}});
            }
        }
        siblings.append(sibling);
    }
    const QJsonObject answer{
        {QStringLiteral("_id"), QStringLiteral("0123456789abcdef01234567")},
        {QStringLiteral("id"), repoId},
        {QStringLiteral("modelId"), repoId},
        {QStringLiteral("sha"), repo->commit},
        {QStringLiteral("private"), false},
        {QStringLiteral("gated"), repo->requiresToken ? QStringLiteral("manual") : QStringLiteral("false")},
        {QStringLiteral("siblings"), siblings}};
    r.status = 200;
    addHeader(r, "Content-Type", "application/json; charset=utf-8");
    r.body = QJsonDocument(answer).toJson(QJsonDocument::Compact);
    r.length = r.body.size();
}

void serveResolve(Response &r, State &state, const QString &repoId, const QString &revision,
                  const QString &file, const QString &range, const QString &authorization)
{
    const Repo *repo = findRevision(r, state, repoId, revision, authorization);
    if (!repo)
        return;
    auto f = repo->files.find(file);
    if (f == repo->files.end()) {
        setJsonError(r, 404, "EntryNotFound", QStringLiteral("Entry not found"));
        return;
    }
    if (plannedFailure(r, state, file))
        return;
    addHeader(r, "X-Repo-Commit", repo->commit.toLatin1());
    if (f->lfs) {
        r.status = 302;
        addHeader(r, "Location",
                  "http://127.0.0.1:" + QByteArray::number(state.cdnPort) + "/cdn-lfs/" +
                      f->sha256.toLatin1() + "?Expires=4102444800&Signature=fake");
        addHeader(r, "X-Linked-Etag", quoted(f->sha256));
        addHeader(r, "X-Linked-Size", QByteArray::number(f->content.size()));
        addHeader(r, "ETag", quoted(f->blobId));
        r.length = 0;
        r.file = file;
        return;
    }
    addHeader(r, "ETag", quoted(f->contentBlobId));
    serveContent(r, file, f->content, range, state);
}

void serveCdn(Response &r, State &state, const QString &sha256, const QString &range)
{
    for (const Repo &repo : std::as_const(state.repos)) {
        for (auto f = repo.files.begin(); f != repo.files.end(); ++f) {
            if (f->lfs && f->sha256 == sha256) {
                if (plannedFailure(r, state, f.key()))
                    return;
                addHeader(r, "ETag", quoted(f->sha256));
                serveContent(r, f.key(), f->content, range, state);
                return;
            }
        }
    }
    r.status = 404;
    addHeader(r, "Content-Type", "application/xml");
    r.body = "<Error><Code>NoSuchKey</Code></Error>";
    r.length = r.body.size();
}

QString decodedSegments(const QStringList &segments)
{
    QStringList decoded;
    for (const QString &s : segments)
        decoded.append(QUrl::fromPercentEncoding(s.toUtf8()));
    return decoded.join(QLatin1Char('/'));
}

// One connection, one request: parse the head, answer, write the body in chunks (pausing or dropping
// as configured), close.
class Connection {
public:
    Connection(QTcpSocket *socket, bool cdn, std::shared_ptr<State> state)
        : socket_(socket), cdn_(cdn), state_(std::move(state))
    {
    }

    void onReadyRead(const std::shared_ptr<Connection> &self)
    {
        if (handled_)
            return;
        buffer_ += socket_->readAll();
        const qsizetype end = buffer_.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        handled_ = true;
        handle(self, buffer_.left(end));
    }

    void onBytesWritten(const std::shared_ptr<Connection> &self)
    {
        if (response_.delayMs == 0 && !finished_)
            pump(self);
    }

private:
    void handle(const std::shared_ptr<Connection> &self, const QByteArray &head)
    {
        const QList<QByteArray> lines = head.split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        QMap<QByteArray, QString> headers;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                headers.insert(lines[i].left(colon).trimmed().toLower(),
                               QString::fromLatin1(lines[i].mid(colon + 1).trimmed()));
        }
        Request request;
        request.method = QString::fromLatin1(requestLine.value(0));
        const QString target = QString::fromLatin1(requestLine.value(1));
        const qsizetype question = target.indexOf(QLatin1Char('?'));
        const QString rawPath = question < 0 ? target : target.left(question);
        request.query = question < 0 ? QString() : target.mid(question + 1);
        request.path = QUrl::fromPercentEncoding(rawPath.toUtf8());
        request.range = headers.value("range");
        request.authorization = headers.value("authorization");
        request.cdn = cdn_;
        request.port = socket_->localPort();

        {
            QMutexLocker lock(&state_->mutex);
            response_.sendBody = request.method != QStringLiteral("HEAD");
            route(request, rawPath);
            request.file = response_.file;
            request.status = response_.status;
            generation_ = state_->generation;
            logIndex_ = state_->requests.size();
            state_->requests.append(request);
        }

        QByteArray out = "HTTP/1.1 " + QByteArray::number(response_.status) + ' ' +
                         reasonPhrase(response_.status) + "\r\n";
        for (const auto &[name, value] : std::as_const(response_.headers))
            out += name + ": " + value + "\r\n";
        out += "Content-Length: " + QByteArray::number(response_.length) + "\r\n";
        out += "Connection: close\r\n\r\n";
        socket_->write(out);
        if (!response_.sendBody)
            response_.length = 0;
        pump(self);
    }

    void route(const Request &request, const QString &rawPath)
    {
        State &state = *state_;
        Response &r = response_;
        if (request.method != QStringLiteral("GET") && request.method != QStringLiteral("HEAD")) {
            setJsonError(r, 405, {}, QStringLiteral("Method not allowed"));
            return;
        }
        const QStringList segments = rawPath.mid(1).split(QLatin1Char('/'));
        if (cdn_) {
            if (segments.size() == 2 && segments[0] == QStringLiteral("cdn-lfs"))
                serveCdn(r, state, segments[1], request.range);
            else
                setJsonError(r, 404, {}, QStringLiteral("Not found"));
            return;
        }
        if (segments.size() >= 3 && segments[0] == QStringLiteral("api") &&
            segments[1] == QStringLiteral("models")) {
            // /api/models/{owner}/{name}[/revision/{rev}]
            const QString repoId = decodedSegments(segments.mid(2, 2));
            QString revision = QStringLiteral("main");
            if (segments.size() >= 6 && segments[4] == QStringLiteral("revision"))
                revision = decodedSegments(segments.mid(5));
            if (request.method == QStringLiteral("GET"))
                serveListing(r, state, repoId, revision, request.query, request.authorization);
            else
                setJsonError(r, 405, {}, QStringLiteral("Method not allowed"));
            return;
        }
        if (segments.size() >= 5 && segments[2] == QStringLiteral("resolve")) {
            const QString repoId = decodedSegments(segments.mid(0, 2));
            const QString revision = decodedSegments(segments.mid(3, 1));
            const QString file = decodedSegments(segments.mid(4));
            serveResolve(r, state, repoId, revision, file, request.range, request.authorization);
            return;
        }
        setJsonError(r, 404, "RepoNotFound", QStringLiteral("Repository not found"));
    }

    void pump(const std::shared_ptr<Connection> &self)
    {
        if (finished_ || socket_->state() != QAbstractSocket::ConnectedState)
            return;
        const qint64 limit = response_.dropAt.value_or(response_.length);
        for (;;) {
            const qint64 left = std::min(limit, response_.length) - sent_;
            if (left <= 0) {
                finished_ = true;
                // disconnectFromHost, not abort: the bytes already queued must arrive before the close.
                socket_->disconnectFromHost();
                return;
            }
            if (response_.delayMs == 0 && socket_->bytesToWrite() >= kMaxQueued)
                return; // bytesWritten brings us back
            const qint64 n = std::min(kChunk, left);
            socket_->write(response_.body.constData() + response_.offset + sent_, n);
            sent_ += n;
            {
                QMutexLocker lock(&state_->mutex);
                if (state_->generation == generation_ && logIndex_ < state_->requests.size())
                    state_->requests[logIndex_].bodyBytesSent = sent_;
            }
            if (response_.delayMs > 0 && sent_ < std::min(limit, response_.length)) {
                QTimer::singleShot(response_.delayMs, socket_, [self] { self->pump(self); });
                return;
            }
        }
    }

    QTcpSocket *socket_;
    bool cdn_;
    std::shared_ptr<State> state_;
    QByteArray buffer_;
    bool handled_ = false;
    bool finished_ = false;
    Response response_;
    qint64 sent_ = 0;
    int generation_ = 0;
    qsizetype logIndex_ = 0;
};

class Server : public ThreadedServer {
public:
    explicit Server(std::shared_ptr<State> state) : state_(std::move(state)) {}

    bool listen() override
    {
        main_ = new QTcpServer(this);
        cdn_ = new QTcpServer(this);
        if (!main_->listen(QHostAddress::LocalHost, 0) || !cdn_->listen(QHostAddress::LocalHost, 0))
            return false;
        QObject::connect(main_, &QTcpServer::newConnection, this, [this] { accept(main_, false); });
        QObject::connect(cdn_, &QTcpServer::newConnection, this, [this] { accept(cdn_, true); });
        QMutexLocker lock(&state_->mutex);
        state_->port = main_->serverPort();
        state_->cdnPort = cdn_->serverPort();
        return true;
    }

    void shutdown() override
    {
        main_->close();
        cdn_->close();
        for (const QPointer<QTcpSocket> &socket : std::as_const(sockets_)) {
            if (socket) {
                socket->abort();
                socket->deleteLater();
            }
        }
        sockets_.clear();
    }

private:
    void accept(QTcpServer *server, bool cdn)
    {
        while (QTcpSocket *socket = server->nextPendingConnection()) {
            sockets_.append(socket);
            auto connection = std::make_shared<Connection>(socket, cdn, state_);
            QObject::connect(socket, &QTcpSocket::readyRead, socket,
                             [connection] { connection->onReadyRead(connection); });
            QObject::connect(socket, &QTcpSocket::bytesWritten, socket,
                             [connection] { connection->onBytesWritten(connection); });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            sockets_.removeIf([](const QPointer<QTcpSocket> &s) { return s.isNull(); });
        }
    }

    std::shared_ptr<State> state_;
    QTcpServer *main_ = nullptr;
    QTcpServer *cdn_ = nullptr;
    QList<QPointer<QTcpSocket>> sockets_;
};

} // namespace

FakeHub::FakeHub() : state_(std::make_shared<State>()) {}

FakeHub::~FakeHub()
{
    stop();
}

QString FakeHub::sha256Hex(const QByteArray &content)
{
    return QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
}

QString FakeHub::gitBlobSha1(const QByteArray &content)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    const QByteArray header = "blob " + QByteArray::number(content.size()) + '\0';
    hash.addData(header);
    hash.addData(content);
    return QString::fromLatin1(hash.result().toHex());
}

QByteArray FakeHub::lfsPointer(const QByteArray &content)
{
    return "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256Hex(content).toLatin1() +
           "\nsize " + QByteArray::number(content.size()) + '\n';
}

void FakeHub::addRepo(const QString &repoId, const QString &branch, const QString &commit,
                      const QMap<QString, File> &files, bool requiresToken)
{
    Repo repo;
    repo.branch = branch;
    repo.commit = commit;
    repo.requiresToken = requiresToken;
    for (auto it = files.begin(); it != files.end(); ++it) {
        RepoFile f;
        f.content = it->content;
        f.lfs = it->lfs;
        f.contentBlobId = gitBlobSha1(it->content);
        if (it->lfs) {
            f.sha256 = sha256Hex(it->content);
            const QByteArray pointer = lfsPointer(it->content);
            f.blobId = gitBlobSha1(pointer);
            f.pointerSize = int(pointer.size());
        } else {
            f.blobId = f.contentBlobId;
        }
        repo.files.insert(it.key(), f);
    }
    QMutexLocker lock(&state_->mutex);
    state_->repos.insert(repoId, repo);
}

void FakeHub::setToken(const QString &token)
{
    QMutexLocker lock(&state_->mutex);
    state_->token = token;
}

void FakeHub::dropConnectionAfter(const QString &path, qint64 bodyBytes, int times)
{
    QMutexLocker lock(&state_->mutex);
    state_->drops.insert(path, Drop{bodyBytes, times});
}

void FakeHub::failRequests(const QString &path, int status, int times)
{
    QMutexLocker lock(&state_->mutex);
    state_->failures.insert(path, {status, times});
}

void FakeHub::corruptContent(const QString &path)
{
    QMutexLocker lock(&state_->mutex);
    state_->corrupt.insert(path);
}

QMap<QString, FakeHub::File> FakeHub::filesOf(const QString &folder)
{
    QMap<QString, File> files;
    const QDir dir(folder);
    for (const QString &name : dir.entryList(QDir::Files)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot read %s", qPrintable(file.fileName()));
        files.insert(name, {file.readAll(), name.endsWith(QStringLiteral(".safetensors"))});
    }
    return files;
}

void FakeHub::ignoreRange(const QString &path)
{
    QMutexLocker lock(&state_->mutex);
    state_->ignoreRange.insert(path);
}

void FakeHub::announceSize(const QString &path, qint64 bytes)
{
    QMutexLocker lock(&state_->mutex);
    state_->announcedSizes.insert(path, bytes);
}

void FakeHub::setChunkDelayMs(int ms, const QString &path)
{
    QMutexLocker lock(&state_->mutex);
    state_->chunkDelayMs = ms;
    state_->chunkDelayPath = path;
}

bool FakeHub::start()
{
    if (thread_.isRunning())
        return true;
    const bool listening = thread_.start(new Server(state_));
    QMutexLocker lock(&state_->mutex);
    port_ = state_->port;
    cdnPort_ = state_->cdnPort;
    return listening;
}

void FakeHub::stop()
{
    thread_.stop();
}

bool FakeHub::isRunning() const
{
    return thread_.isRunning();
}

QString FakeHub::endpoint() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port_);
}

QString FakeHub::cdnEndpoint() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(cdnPort_);
}

QList<FakeHub::Request> FakeHub::requests() const
{
    QMutexLocker lock(&state_->mutex);
    return state_->requests;
}

void FakeHub::clearRequests()
{
    QMutexLocker lock(&state_->mutex);
    state_->requests.clear();
    ++state_->generation;
}

qint64 FakeHub::bodyBytesSentFor(const QString &path) const
{
    QMutexLocker lock(&state_->mutex);
    qint64 total = 0;
    for (const Request &r : std::as_const(state_->requests)) {
        if (r.file == path)
            total += r.bodyBytesSent;
    }
    return total;
}

} // namespace cortex::testing
