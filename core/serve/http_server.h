#pragma once
// Cortex's own small HTTP/1.1 server for `cortex-cli serve`, on QTcpServer: Qt HTTP Server 6.4 (Debian 12)
// buffers a request of any size before a route sees it, so this one reads requests itself
// (http_request_reader.h) with the limits checked before bytes are kept: a declared body above the cap
// is answered 413 before one body byte is read, a head above its limit 431, a request not complete
// within idleTimeoutMs (a deadline for the whole request, so a client sending a byte a second is cut off
// too) 408, a connection above maxConnections 503. Every refusal is HttpResponse::error's JSON; after one
// that leaves the stream in doubt the connection is closed; the server keeps serving others.
// Keep-alive and pipelining (one request at a time per connection, answered in order), HTTP/1.0 and 1.1,
// Expect: 100-continue (answered 100, or the refusal at once without reading the body). Chunked request
// bodies are refused (501): every body has a Content-Length, checked once. Qt Core/Network only.

#include "common/result.h"
#include "serve/http_limits.h"
#include "serve/http_types.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>

#include <memory>
#include <optional>

class QTcpServer;
class QTcpSocket;

namespace cortex::serve {

class HttpConnection;
struct BodyBudget;

class HttpServer : public QObject {
    Q_OBJECT
public:
    explicit HttpServer(HttpLimits limits = {}, QObject *parent = nullptr);
    ~HttpServer() override;

    // Every request must carry "Authorization: Bearer <token>" (401 otherwise, compared in constant time);
    // an empty token turns the check off (--no-auth).
    void setBearerToken(QByteArray token);
    // Exact path ("/v1/embeddings") or, with prefix = true, every path starting with it ("/v1/items/").
    // A known path with another method: 405 with Allow; an unknown path: 404; both as HttpResponse::error.
    void route(QByteArray method, QByteArray path, Handler handler, bool prefix = false);
    Status listen(const QHostAddress &address, quint16 port); // port 0: any free port
    quint16 port() const;
    QHostAddress address() const;
    // Stops listening and closes every connection (an answer still being worked on is dropped).
    void close();
    HttpLimits limits() const;

private:
    struct Route {
        QByteArray method;
        QByteArray path;
        Handler handler;
        bool prefix = false;
    };

    void acceptConnections();
    void refuseConnection(QTcpSocket *socket);
    // The answer to a request whose head is read but that may not go on (no token, no route), or none.
    std::optional<HttpResponse> checkHead(const HttpRequest &request) const;
    void dispatch(const HttpRequest &request, Responder responder) const;
    const Route *findRoute(const HttpRequest &request, QByteArray *allowedMethods) const;

    HttpLimits limits_;
    QByteArray token_;
    QList<Route> routes_;
    QTcpServer *tcp_ = nullptr;
    QList<HttpConnection *> connections_;
    std::shared_ptr<BodyBudget> bodyBudget_;
};

} // namespace cortex::serve
