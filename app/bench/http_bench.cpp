// Cortex's own HTTP server (core/serve/http_server.h) on loopback: keep-alive and pipelined requests per
// second, the time to stream bodies, and how fast a declared 50 MB body is refused. The server runs on
// its own thread; the client is a blocking QTcpSocket. Prints its figures and the parameters it used.
//   usage: cortex-bench-http [REQUESTS=20000]

#include "serve/http_server.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QThread>

#include <cstdio>
#include <cstdlib>

using namespace cortex::serve;

namespace {

const QByteArray kToken = "bench-token-0123456789";

// Reads one answer; returns its status (0 when the connection ended first).
int readAnswer(QTcpSocket &socket, QByteArray &buffer)
{
    for (;;) {
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end >= 0) {
            const QByteArray head = buffer.first(end);
            const qsizetype at = head.toLower().indexOf("content-length:");
            qsizetype length = 0;
            if (at >= 0)
                length = head.sliced(at + 15, head.indexOf('\r', at) < 0 ? head.size() - at - 15
                                                                         : head.indexOf('\r', at) - at - 15)
                             .trimmed()
                             .toLongLong();
            if (buffer.size() >= end + 4 + length) {
                const int status = buffer.mid(9, 3).toInt();
                buffer.remove(0, end + 4 + length);
                return status;
            }
        }
        if (!socket.waitForReadyRead(30000))
            return 0;
        buffer += socket.readAll();
    }
}

QByteArray getRequest()
{
    return "GET /ping HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + kToken + "\r\n\r\n";
}

QByteArray postHead(qint64 length)
{
    return "POST /echo-size HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + kToken +
           "\r\nContent-Length: " + QByteArray::number(length) + "\r\n\r\n";
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int requests = argc > 1 ? std::atoi(argv[1]) : 20000;

    QThread serverThread;
    auto *server = new HttpServer();
    server->setBearerToken(kToken);
    server->route("GET", "/ping", [](const HttpRequest &, Responder respond) {
        respond(HttpResponse::json(200, {{QStringLiteral("pong"), true}}));
    });
    server->route("POST", "/echo-size", [](const HttpRequest &request, Responder respond) {
        respond(HttpResponse::json(200, {{QStringLiteral("bytes"), double(request.body.size())}}));
    });
    server->moveToThread(&serverThread);
    serverThread.start();
    quint16 port = 0;
    QMetaObject::invokeMethod(
        server,
        [&] {
            if (server->listen(QHostAddress::LocalHost, 0))
                port = server->port();
        },
        Qt::BlockingQueuedConnection);
    if (port == 0) {
        std::fprintf(stderr, "cannot listen on 127.0.0.1\n");
        return 1;
    }
    std::printf("server on 127.0.0.1:%u, limits: defaults (32 MiB body, 16 KiB head)\n", unsigned(port));

    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    socket.waitForConnected();
    QByteArray buffer;

    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < requests; ++i) {
        socket.write(getRequest());
        if (readAnswer(socket, buffer) != 200)
            return 2;
    }
    double seconds = timer.nsecsElapsed() / 1e9;
    std::printf("keep-alive GET, one at a time: %d requests in %.2f s: %.0f requests/s, %.1f us each\n",
                requests, seconds, requests / seconds, seconds * 1e6 / requests);

    timer.restart();
    QByteArray batch;
    for (int i = 0; i < requests; ++i)
        batch += getRequest();
    socket.write(batch);
    for (int i = 0; i < requests; ++i)
        if (readAnswer(socket, buffer) != 200)
            return 3;
    seconds = timer.nsecsElapsed() / 1e9;
    std::printf("pipelined GET, all written at once: %d requests in %.2f s: %.0f requests/s\n", requests,
                seconds, requests / seconds);

    const int bodies = 50;
    const QByteArray body(1024 * 1024, 'x');
    timer.restart();
    for (int i = 0; i < bodies; ++i) {
        socket.write(postHead(body.size()));
        socket.write(body);
        if (readAnswer(socket, buffer) != 200)
            return 4;
    }
    seconds = timer.nsecsElapsed() / 1e9;
    std::printf("POST 1 MiB bodies: %d in %.2f s: %.0f MiB/s\n", bodies, seconds, bodies / seconds);

    // Only the head of a 50 MB body: the 413 comes without the body.
    QTcpSocket refused;
    refused.connectToHost(QHostAddress::LocalHost, port);
    refused.waitForConnected();
    QByteArray refusedBuffer;
    timer.restart();
    refused.write(postHead(50 * 1024 * 1024));
    const int status = readAnswer(refused, refusedBuffer);
    std::printf("declared 50 MB body: answered %d in %.2f ms, no body byte sent\n", status,
                timer.nsecsElapsed() / 1e6);

    QMetaObject::invokeMethod(
        server, [server] { delete server; }, Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();
    return 0;
}
