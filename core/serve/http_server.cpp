#include "serve/http_server.h"

#include "serve/http_connection.h"
#include "serve/http_response_bytes.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <utility>

namespace cortex::serve {

namespace {

// How long a refused connection (over the limit) is given to take its 503 before it is cut.
constexpr int kRefusedConnectionMs = 1000;

// Equal or not in a time that depends only on the expected token's length, so that timing the 401s
// tells nothing about how much of a guess was right.
bool constantTimeEquals(QByteArrayView given, QByteArrayView expected)
{
    unsigned char difference = given.size() == expected.size() ? 0 : 1;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const char g = i < given.size() ? given[i] : '\0';
        difference |= static_cast<unsigned char>(g ^ expected[i]);
    }
    return difference == 0;
}

// The token of "Authorization: Bearer <token>" (the scheme in any case), or nothing.
std::optional<QByteArray> bearerToken(const HttpRequest &request)
{
    const QByteArray value = request.header("authorization");
    constexpr QByteArrayView scheme = "bearer ";
    if (value.size() <= scheme.size() ||
        QByteArrayView(value).first(scheme.size()).compare(scheme, Qt::CaseInsensitive) != 0)
        return std::nullopt;
    const QByteArray token = value.sliced(scheme.size()).trimmed();
    if (token.isEmpty())
        return std::nullopt;
    return token;
}

} // namespace

HttpServer::HttpServer(HttpLimits limits, QObject *parent)
    : QObject(parent), limits_(limits), tcp_(new QTcpServer(this)),
      bodyBudget_(std::make_shared<BodyBudget>())
{
    bodyBudget_->limit = limits_.maxBufferedBodyBytes;
    connect(tcp_, &QTcpServer::newConnection, this, &HttpServer::acceptConnections);
}

HttpServer::~HttpServer()
{
    close();
}

void HttpServer::setBearerToken(QByteArray token)
{
    token_ = std::move(token);
}

void HttpServer::route(QByteArray method, QByteArray path, Handler handler, bool prefix)
{
    routes_.append(Route{std::move(method), std::move(path), std::move(handler), prefix});
}

Status HttpServer::listen(const QHostAddress &address, quint16 port)
{
    if (!tcp_->listen(address, port))
        return makeError("cannot listen on " + address.toString().toStdString() + ":" + std::to_string(port) +
                             ": " + tcp_->errorString().toStdString(),
                         ErrorKind::Io);
    return {};
}

quint16 HttpServer::port() const
{
    return tcp_->serverPort();
}

QHostAddress HttpServer::address() const
{
    return tcp_->serverAddress();
}

void HttpServer::close()
{
    tcp_->close();
    const QList<HttpConnection *> open = std::exchange(connections_, {});
    for (HttpConnection *connection : open) {
        disconnect(connection, nullptr, this, nullptr);
        connection->abort();
        connection->deleteLater(); // close() may be called by a handler, inside this connection's code
    }
}

HttpLimits HttpServer::limits() const
{
    return limits_;
}

void HttpServer::acceptConnections()
{
    while (QTcpSocket *socket = tcp_->nextPendingConnection()) {
        if (connections_.size() >= limits_.maxConnections) {
            refuseConnection(socket);
            continue;
        }
        RequestRouting routing;
        routing.checkHead = [this](const HttpRequest &request) {
            return checkHead(request);
        };
        routing.dispatch = [this](const HttpRequest &request, Responder responder) {
            dispatch(request, std::move(responder));
        };
        auto *connection = new HttpConnection(socket, limits_, std::move(routing), bodyBudget_, this);
        connections_.append(connection);
        connect(connection, &HttpConnection::finished, this, [this](HttpConnection *finished) {
            connections_.removeOne(finished);
            finished->deleteLater();
        });
    }
}

void HttpServer::refuseConnection(QTcpSocket *socket)
{
    // Answered without reading: the client learns why, and the server holds it a second at most.
    socket->setParent(this);
    HttpResponse busy =
        errorResponse(503, QStringLiteral("the server has %1 open connections, its limit; try again")
                               .arg(limits_.maxConnections));
    busy.headers.append({QByteArray("Retry-After"), QByteArray("1")});
    socket->write(responseBytes(busy, false));
    socket->disconnectFromHost();
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(kRefusedConnectionMs, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
}

const HttpServer::Route *HttpServer::findRoute(const HttpRequest &request, QByteArray *allowedMethods) const
{
    for (const Route &route : routes_) {
        const bool pathMatches =
            route.prefix ? request.path.startsWith(route.path) : request.path == route.path;
        if (!pathMatches)
            continue;
        if (route.method == request.method)
            return &route;
        if (!allowedMethods->contains(route.method))
            *allowedMethods += (allowedMethods->isEmpty() ? "" : ", ") + route.method;
    }
    return nullptr;
}

std::optional<HttpResponse> HttpServer::checkHead(const HttpRequest &request) const
{
    // The token first: without it, a client learns nothing, not even which paths exist.
    if (!token_.isEmpty()) {
        const std::optional<QByteArray> given = bearerToken(request);
        if (!given || !constantTimeEquals(*given, token_)) {
            HttpResponse refused = errorResponse(
                401, given ? QStringLiteral("the bearer token is not valid")
                           : QStringLiteral(
                                 "this server needs a bearer token: \"Authorization: Bearer <token>\""));
            refused.headers.append(
                {QByteArray("WWW-Authenticate"),
                 given ? QByteArray("Bearer error=\"invalid_token\"") : QByteArray("Bearer")});
            return refused;
        }
    }
    QByteArray allowed;
    if (findRoute(request, &allowed))
        return std::nullopt;
    const QString path = QString::fromUtf8(request.path);
    if (allowed.isEmpty())
        return errorResponse(404, QStringLiteral("there is nothing at %1").arg(path));
    HttpResponse wrongMethod = errorResponse(
        405, QStringLiteral("%1 does not accept %2").arg(path, QString::fromLatin1(request.method)));
    wrongMethod.headers.append({QByteArray("Allow"), allowed});
    return wrongMethod;
}

void HttpServer::dispatch(const HttpRequest &request, Responder responder) const
{
    QByteArray allowed;
    if (const Route *route = findRoute(request, &allowed))
        route->handler(request, std::move(responder));
    else
        responder(errorResponse(
            404, QStringLiteral("there is nothing at %1").arg(QString::fromUtf8(request.path))));
}

} // namespace cortex::serve
