#include "remote/fake_vllm.h"

#include <QMutexLocker>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>

namespace cortex::testing {
namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

class Connection {
public:
    Connection(QTcpSocket *socket, FakeVllm *owner) : socket_(socket), owner_(owner) {}

    void onReadyRead()
    {
        if (done_)
            return;
        buffer_ += socket_->readAll();
        const qsizetype end = buffer_.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        if (!headParsed_) {
            parseHead(buffer_.left(end));
            headParsed_ = true;
        }
        const qsizetype bodyStart = end + 4;
        if (buffer_.size() - bodyStart < contentLength_)
            return;
        request_.body = buffer_.mid(bodyStart, contentLength_);
        done_ = true;
        const FakeVllm::Reply reply = owner_->answer(request_);
        QByteArray out =
            "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
        out += "Content-Type: " + reply.contentType + "\r\n";
        for (const auto &[name, value] : reply.headers)
            out += name + ": " + value + "\r\n";
        out += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\nConnection: close\r\n\r\n";
        out += reply.body;
        socket_->write(out);
        socket_->disconnectFromHost();
    }

private:
    void parseHead(const QByteArray &head)
    {
        const QList<QByteArray> lines = head.split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request_.method = requestLine.value(0);
        request_.path = QString::fromLatin1(requestLine.value(1));
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = lines[i].left(colon).trimmed().toLower();
            const QByteArray value = lines[i].mid(colon + 1).trimmed();
            if (name == "content-length")
                contentLength_ = value.toLongLong();
            else if (name == "authorization")
                request_.authorization = value;
            else if (name == "content-type")
                request_.contentType = value;
        }
    }

    QTcpSocket *socket_;
    FakeVllm *owner_;
    QByteArray buffer_;
    FakeVllm::Request request_;
    qint64 contentLength_ = 0;
    bool headParsed_ = false;
    bool done_ = false;
};

class Server : public ThreadedServer {
public:
    explicit Server(FakeVllm *owner) : owner_(owner) {}

    bool listen() override
    {
        server_ = new QTcpServer(this);
        if (!server_->listen(QHostAddress::LocalHost, 0))
            return false;
        QObject::connect(server_, &QTcpServer::newConnection, this, [this] { accept(); });
        port_ = server_->serverPort();
        return true;
    }
    quint16 port() const { return port_; } // set by listen(), read after it returned

    void shutdown() override
    {
        server_->close();
        for (const QPointer<QTcpSocket> &socket : std::as_const(sockets_))
            if (socket)
                socket->abort();
        sockets_.clear();
    }

private:
    void accept()
    {
        while (QTcpSocket *socket = server_->nextPendingConnection()) {
            sockets_.append(socket);
            auto connection = std::make_shared<Connection>(socket, owner_);
            QObject::connect(socket, &QTcpSocket::readyRead, socket,
                             [connection] { connection->onReadyRead(); });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    FakeVllm *owner_;
    QTcpServer *server_ = nullptr;
    quint16 port_ = 0;
    QList<QPointer<QTcpSocket>> sockets_;
};

} // namespace

FakeVllm::FakeVllm(Handler handler) : handler_(std::move(handler)) {}

FakeVllm::~FakeVllm() = default;

bool FakeVllm::start()
{
    auto *server = new Server(this);
    if (!thread_.start(server))
        return false;
    port_ = server->port();
    return true;
}

QString FakeVllm::url() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port_);
}

QList<FakeVllm::Request> FakeVllm::requests() const
{
    QMutexLocker lock(&mutex_);
    return requests_;
}

FakeVllm::Reply FakeVllm::answer(const Request &request)
{
    QMutexLocker lock(&mutex_);
    requests_.append(request);
    return handler_(request);
}

quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 9;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace cortex::testing
