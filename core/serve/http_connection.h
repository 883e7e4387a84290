#pragma once
// One client connection of HttpServer: reads requests one at a time with HttpRequestReader (at most
// one read chunk ahead of the request being read, so a pipelining or streaming client is held back by
// TCP, not buffered), checks each head before its body (token, route, 100 Continue), hands the request
// to its handler and writes the answers in order. A deadline covers each whole request; after an error
// that leaves the stream in doubt it answers, stops sending (FIN) and discards what still comes for a
// moment, so that the client reads the answer instead of a reset, then closes.

#include "serve/http_limits.h"
#include "serve/http_request_reader.h"
#include "serve/http_types.h"

#include <QByteArray>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

class QTcpSocket;

namespace cortex::serve {

// The bytes of request bodies the server holds, shared by its connections (on the server's thread).
struct BodyBudget {
    qint64 limit = 0;
    qint64 used = 0;
};

struct RequestRouting {
    // The answer to a request whose head is read but that may not go on (no token, no route), or none.
    std::function<std::optional<HttpResponse>(const HttpRequest &)> checkHead;
    std::function<void(const HttpRequest &, Responder)> dispatch;
};

struct ConnectionLink;

class HttpConnection : public QObject {
    Q_OBJECT
public:
    HttpConnection(QTcpSocket *socket, HttpLimits limits, RequestRouting routing,
                   std::shared_ptr<BodyBudget> budget, QObject *parent = nullptr);
    ~HttpConnection() override;

    // Closes at once; finished() follows.
    void abort();

signals:
    // The connection is closed; the owner deletes it (later).
    void finished(HttpConnection *connection);

private:
    friend struct PendingAnswer;

    void readInput();
    void startRequest();
    void dispatchRequest();
    void deliver(quint64 serial, HttpResponse response);
    void send(const HttpResponse &response, bool keepAlive);
    void refuse(int status, const QString &message);
    void closeAfterWriting();
    void stopSending();
    void onBytesWritten();
    void onDeadline();
    void finish();
    bool reserveBody(qint64 bytes);
    void releaseBody();

    QTcpSocket *socket_;
    HttpLimits limits_;
    RequestRouting routing_;
    HttpRequestReader reader_;
    QByteArray pending_; // read from the socket, not yet fed to the reader (at most one chunk)
    QTimer deadline_;
    QTimer linger_;
    bool headChecked_ = false;
    bool awaitingAnswer_ = false;
    bool keepAliveAfterAnswer_ = false;
    bool closing_ = false;
    bool writeShutDown_ = false;
    bool finished_ = false;
    qint64 discardBudget_ = 0;
    quint64 serial_ = 0;
    std::shared_ptr<ConnectionLink> link_;
    std::shared_ptr<BodyBudget> budget_;
    qint64 reservedBody_ = 0; // this connection's share of budget_: its current request's body
};

} // namespace cortex::serve
