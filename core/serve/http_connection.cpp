#include "serve/http_connection.h"

#include "serve/http_response_bytes.h"

#include <QMetaObject>
#include <QMutex>
#include <QMutexLocker>
#include <QTcpSocket>

#include <atomic>
#include <sys/socket.h>
#include <utility>

namespace cortex::serve {

namespace {

// What is read from the socket at a time; also what Qt may hold unread per connection.
constexpr qint64 kReadChunk = 64 * 1024;
// Answers not yet taken by a client that pipelines without reading: above it, no next request is read.
constexpr qint64 kMaxUnsentBytes = 4 * 1024 * 1024;
// After an error answer: how long and how much of the rest of a request is read and thrown away so
// that the client sees the answer (a close with unread data would reset the connection).
constexpr int kLingerMs = 2000;
constexpr qint64 kLingerBytes = 4 * 1024 * 1024;

} // namespace

// The tie between a Responder, called from any thread, and its connection, which may be gone by then:
// the connection clears it in its destructor, under the mutex, so an answer is posted only to a
// living connection (and Qt drops an event posted to an object deleted before it is delivered).
struct ConnectionLink {
    QMutex mutex;
    HttpConnection *connection = nullptr;
};

// One request's answer: sent once; a handler that drops its Responder without calling it gets a 500
// sent for it, instead of a client that waits for ever.
struct PendingAnswer {
    std::shared_ptr<ConnectionLink> link;
    quint64 serial = 0;
    std::atomic_bool answered = false;

    void post(HttpResponse response)
    {
        QMutexLocker lock(&link->mutex);
        HttpConnection *connection = link->connection;
        if (!connection)
            return;
        QMetaObject::invokeMethod(
            connection,
            [connection, serial = serial, response = std::move(response)]() mutable {
                connection->deliver(serial, std::move(response));
            },
            Qt::QueuedConnection);
    }

    ~PendingAnswer()
    {
        if (!answered.exchange(true))
            post(errorResponse(500, QStringLiteral("the server gave no answer to this request")));
    }
};

HttpConnection::HttpConnection(QTcpSocket *socket, HttpLimits limits, RequestRouting routing,
                               std::shared_ptr<BodyBudget> budget, QObject *parent)
    : QObject(parent), socket_(socket), limits_(limits), routing_(std::move(routing)), reader_(limits),
      link_(std::make_shared<ConnectionLink>()), budget_(std::move(budget))
{
    link_->connection = this;
    socket_->setParent(this);
    // Qt reads ahead of us at most this much: the rest waits in the kernel, and TCP holds the client back.
    socket_->setReadBufferSize(kReadChunk);
    deadline_.setSingleShot(true);
    linger_.setSingleShot(true);
    connect(&deadline_, &QTimer::timeout, this, &HttpConnection::onDeadline);
    connect(&linger_, &QTimer::timeout, this, &HttpConnection::abort);
    connect(socket_, &QTcpSocket::readyRead, this, &HttpConnection::readInput);
    connect(socket_, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(socket_, &QTcpSocket::disconnected, this, &HttpConnection::finish);
    // A reset, a write to a closed peer, the peer's close: the connection is over either way.
    connect(socket_, &QTcpSocket::errorOccurred, this, &HttpConnection::finish);
    startRequest();
    QMetaObject::invokeMethod(this, &HttpConnection::readInput, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection()
{
    releaseBody();
    QMutexLocker lock(&link_->mutex);
    link_->connection = nullptr;
}

bool HttpConnection::reserveBody(qint64 bytes)
{
    if (budget_->used + bytes > budget_->limit)
        return false;
    budget_->used += bytes;
    reservedBody_ += bytes;
    return true;
}

void HttpConnection::releaseBody()
{
    budget_->used -= reservedBody_;
    reservedBody_ = 0;
}

void HttpConnection::abort()
{
    socket_->abort();
    finish();
}

void HttpConnection::finish()
{
    if (finished_)
        return;
    finished_ = true;
    deadline_.stop();
    linger_.stop();
    releaseBody();
    emit finished(this);
}

void HttpConnection::startRequest()
{
    releaseBody(); // the last request's body is answered, or was never read
    reader_.reset();
    headChecked_ = false;
    // One deadline for the whole next request, not renewed by each byte: a client that trickles is cut
    // off as surely as one that sends nothing.
    deadline_.start(limits_.idleTimeoutMs);
}

void HttpConnection::readInput()
{
    if (finished_)
        return;
    if (closing_) {
        // The rest of a refused request: thrown away, up to a budget.
        const qint64 available = socket_->bytesAvailable();
        socket_->skip(available);
        discardBudget_ -= available;
        if (discardBudget_ < 0)
            abort();
        return;
    }
    while (!awaitingAnswer_ && !closing_ && !finished_ && socket_->bytesToWrite() <= kMaxUnsentBytes) {
        if (pending_.isEmpty()) {
            pending_ = socket_->read(kReadChunk);
            if (pending_.isEmpty())
                return;
        }
        const HttpRequestReader::Step step = reader_.feed(pending_);
        pending_.remove(0, step.consumed);
        if (step.progress == HttpRequestReader::Progress::Error) {
            refuse(reader_.errorStatus(), reader_.errorMessage());
            return;
        }
        const bool complete = step.progress == HttpRequestReader::Progress::Complete;
        if (reader_.headComplete() && !headChecked_) {
            headChecked_ = true;
            if (std::optional<HttpResponse> refusal = routing_.checkHead(reader_.request())) {
                // Refused before its body: with the body all here the connection can go on; otherwise
                // the body is not read, and the stream is in doubt.
                send(*refusal, complete && reader_.keepAlive());
                continue;
            }
            // Held until its answer is sent: while the handler works on it the connection reads nothing.
            if (!reserveBody(reader_.contentLength())) {
                HttpResponse busy = errorResponse(
                    503, QStringLiteral("the server holds as many request bodies as it may; try again"));
                busy.headers.append({QByteArray("Retry-After"), QByteArray("1")});
                send(busy, false);
                return;
            }
            if (reader_.expectsContinue() && !complete)
                socket_->write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        if (complete)
            dispatchRequest();
    }
}

void HttpConnection::dispatchRequest()
{
    awaitingAnswer_ = true;
    keepAliveAfterAnswer_ = reader_.keepAlive();
    deadline_.stop(); // the handler's time is not the client's
    HttpRequest request = reader_.takeRequest();
    request.peer = socket_->peerAddress();
    auto answer = std::make_shared<PendingAnswer>();
    answer->link = link_;
    answer->serial = ++serial_;
    // Always queued, even when the handler answers at once: the answer is written from the event loop,
    // never from inside the handler.
    Responder responder = [answer](HttpResponse response) {
        if (!answer->answered.exchange(true))
            answer->post(std::move(response));
    };
    routing_.dispatch(request, std::move(responder));
}

void HttpConnection::deliver(quint64 serial, HttpResponse response)
{
    if (finished_ || !awaitingAnswer_ || serial != serial_)
        return;
    awaitingAnswer_ = false;
    send(response, keepAliveAfterAnswer_);
    if (!closing_)
        readInput(); // a pipelined request may already be here
}

void HttpConnection::send(const HttpResponse &response, bool keepAlive)
{
    socket_->write(responseBytes(response, keepAlive));
    if (keepAlive)
        startRequest();
    else
        closeAfterWriting();
}

void HttpConnection::refuse(int status, const QString &message)
{
    send(errorResponse(status, message), false);
}

void HttpConnection::closeAfterWriting()
{
    closing_ = true;
    deadline_.stop();
    releaseBody();
    pending_.clear();
    discardBudget_ = kLingerBytes;
    linger_.start(qMin(kLingerMs, limits_.idleTimeoutMs));
    if (socket_->bytesToWrite() == 0)
        stopSending();
}

void HttpConnection::onBytesWritten()
{
    if (closing_) {
        if (socket_->bytesToWrite() == 0)
            stopSending();
        return;
    }
    readInput(); // a client that was behind in reading its answers has caught up
}

void HttpConnection::stopSending()
{
    if (writeShutDown_)
        return;
    writeShutDown_ = true;
    // FIN after the answer, while still reading: the client reads the answer and closes (disconnected
    // then ends it), or the linger timer does.
    ::shutdown(static_cast<int>(socket_->socketDescriptor()), SHUT_WR);
    readInput();
}

void HttpConnection::onDeadline()
{
    if (awaitingAnswer_ || closing_ || finished_)
        return;
    if (reader_.started() || !pending_.isEmpty() || socket_->bytesAvailable() > 0)
        refuse(408, QStringLiteral("the request was not complete within %1 ms").arg(limits_.idleTimeoutMs));
    else
        closeAfterWriting(); // an idle keep-alive connection: closed without a word
}

} // namespace cortex::serve
