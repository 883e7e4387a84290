// Cortex's own HTTP server (serve/http_server.h) over a real loopback socket, with a plain QTcpSocket as
// the client: good requests, keep-alive and pipelining, the bearer token, bodies declared or sent above
// the cap (refused before they are read), malformed requests, header floods, slow clients, clients that
// vanish before their answer, more connections than the limit, unknown paths and methods. After every
// bad case a good request on a new connection is still answered: one bad client never stops the server.
// Waits are bounded (kWaitMs) and only ever wait for something to happen, never assert a duration.

#include "serve/http_server.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSemaphore>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <memory>
#include <optional>

using namespace cortex::serve;

namespace {

constexpr int kWaitMs = 15000;
const QByteArray kToken = "test-token-0123456789abcdef";

struct Answer {
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(QByteArrayView lowerCaseName) const
    {
        for (const auto &[name, value] : headers)
            if (name.toLower() == lowerCaseName)
                return value;
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    // HttpResponse::error's shape: {"error": {"message", "type", "code"}}.
    bool isJsonError() const
    {
        const QJsonObject error = json().value(QStringLiteral("error")).toObject();
        return error.value(QStringLiteral("code")).toInt() == status &&
               !error.value(QStringLiteral("message")).toString().isEmpty() &&
               !error.value(QStringLiteral("type")).toString().isEmpty() &&
               header("content-type") == "application/json";
    }
};

// A raw HTTP client: what it sends is bytes, what it reads is parsed just enough to check the answers.
class Client {
public:
    explicit Client(quint16 port)
    {
        socket_.connectToHost(QHostAddress::LocalHost, port);
        (void)QTest::qWaitFor([&] { return socket_.state() == QAbstractSocket::ConnectedState; }, kWaitMs);
    }
    bool connected() const { return socket_.state() == QAbstractSocket::ConnectedState; }
    QTcpSocket &socket() { return socket_; }

    void send(const QByteArray &bytes) { socket_.write(bytes); }

    // The next answer, or nothing when the connection closed (or kWaitMs passed) before one came whole.
    std::optional<Answer> answer()
    {
        std::optional<Answer> parsed;
        (void)QTest::qWaitFor(
            [&] {
                received_ += socket_.readAll();
                parsed = takeAnswer();
                return parsed.has_value() || socket_.state() == QAbstractSocket::UnconnectedState;
            },
            kWaitMs);
        if (!parsed) {
            received_ += socket_.readAll();
            parsed = takeAnswer();
        }
        return parsed;
    }

    // True once the server closed the connection (all it sent read first).
    bool waitClosed()
    {
        (void)QTest::qWaitFor(
            [&] {
                received_ += socket_.readAll();
                return socket_.state() == QAbstractSocket::UnconnectedState;
            },
            kWaitMs);
        return socket_.state() == QAbstractSocket::UnconnectedState;
    }

private:
    std::optional<Answer> takeAnswer()
    {
        const qsizetype end = received_.indexOf("\r\n\r\n");
        if (end < 0)
            return std::nullopt;
        const QList<QByteArray> lines = received_.first(end).split('\n');
        Answer answer;
        const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
        if (statusLine.size() < 2 || statusLine[0] != "HTTP/1.1")
            return std::nullopt;
        answer.status = statusLine[1].toInt();
        qint64 length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            const QByteArray name = lines[i].first(colon).trimmed();
            const QByteArray value = lines[i].sliced(colon + 1).trimmed();
            answer.headers.append({name, value});
            if (name.toLower() == "content-length")
                length = value.toLongLong();
        }
        if (received_.size() < end + 4 + length)
            return std::nullopt;
        answer.body = received_.sliced(end + 4, length);
        received_.remove(0, end + 4 + length);
        return answer;
    }

    QTcpSocket socket_;
    QByteArray received_;
};

QByteArray get(const QByteArray &path, const QByteArray &extraHeaders = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + kToken + "\r\n" +
           extraHeaders + "\r\n";
}

QByteArray post(const QByteArray &path, const QByteArray &body, const QByteArray &extraHeaders = {})
{
    return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + kToken +
           "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\n" + extraHeaders + "\r\n" + body;
}

} // namespace

class TestHttpServer : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<HttpServer> server_;
    // A worker answering /v1/slow later, from its own thread, when the test releases it.
    QSemaphore releaseSlow_;
    std::atomic_int slowAnswered_ = 0;
    std::unique_ptr<QThread> slowWorker_;

    quint16 port() const { return server_->port(); }

    void start(HttpLimits limits)
    {
        server_ = std::make_unique<HttpServer>(limits);
        server_->setBearerToken(kToken);
        server_->route("GET", "/v1/ping", [](const HttpRequest &request, Responder respond) {
            QJsonObject answer{{QStringLiteral("pong"), true},
                               {QStringLiteral("q"), request.query.queryItemValue(QStringLiteral("q"))},
                               {QStringLiteral("loopback"), request.peer.isLoopback()}};
            respond(HttpResponse::json(200, answer));
        });
        server_->route("POST", "/v1/echo", [](const HttpRequest &request, Responder respond) {
            HttpResponse response;
            response.contentType = "application/octet-stream";
            response.body = request.body;
            response.headers.append({QByteArray("X-Path"), request.path});
            // A handler's header with CR/LF is dropped, never written as a header of its own.
            response.headers.append({QByteArray("X-Evil"), QByteArray("a\r\nX-Injected: yes")});
            respond(response);
        });
        server_->route(
            "GET", "/v1/items/",
            [](const HttpRequest &request, Responder respond) {
                respond(HttpResponse::json(
                    200, {{QStringLiteral("item"), QString::fromUtf8(request.path.sliced(10))}}));
            },
            true);
        server_->route("GET", "/v1/big", [](const HttpRequest &, Responder respond) {
            HttpResponse response;
            response.contentType = "application/octet-stream";
            response.body = QByteArray(20 * 1024 * 1024, 'b');
            respond(response);
        });
        server_->route("GET", "/v1/slow", [this](const HttpRequest &, Responder respond) {
            slowWorker_.reset(QThread::create([this, respond] {
                releaseSlow_.acquire();
                respond(HttpResponse::json(200, {{QStringLiteral("slow"), true}}));
                ++slowAnswered_;
            }));
            slowWorker_->start();
        });
        server_->route("GET", "/v1/twice", [](const HttpRequest &, Responder respond) {
            respond(HttpResponse::json(200, {{QStringLiteral("first"), true}}));
            respond(HttpResponse::json(500, {{QStringLiteral("second"), true}}));
        });
        server_->route("GET", "/v1/dropped", [](const HttpRequest &, Responder) {});
        auto listening = server_->listen(QHostAddress::LocalHost, 0);
        QVERIFY2(listening, listening ? "" : listening.error().message.c_str());
        QVERIFY(port() != 0);
    }

    HttpLimits smallLimits() const
    {
        HttpLimits limits;
        limits.maxBodyBytes = 1024 * 1024;
        limits.maxHeaderBytes = 4096;
        limits.maxHeaderCount = 20;
        limits.idleTimeoutMs = 10000;
        limits.maxConnections = 8;
        return limits;
    }

    // A good request on a new connection is answered: the server survived whatever came before.
    void verifyStillServes()
    {
        Client client(port());
        QVERIFY(client.connected());
        client.send(get("/v1/ping"));
        const auto answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
        QCOMPARE(answer->json().value(QStringLiteral("pong")).toBool(), true);
    }

private slots:
    void init() { start(smallLimits()); }

    void cleanup()
    {
        releaseSlow_.release(100);
        if (slowWorker_)
            slowWorker_->wait();
        slowWorker_.reset();
        releaseSlow_.acquire(releaseSlow_.available());
        slowAnswered_ = 0;
        server_.reset();
    }

    void getAndPost()
    {
        Client client(port());
        client.send(get("/v1/ping?q=hello%20world"));
        auto answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
        QCOMPARE(answer->header("content-type"), QByteArray("application/json"));
        QCOMPARE(answer->header("connection"), QByteArray("keep-alive"));
        QCOMPARE(answer->json().value(QStringLiteral("q")).toString(), QStringLiteral("hello world"));
        QCOMPARE(answer->json().value(QStringLiteral("loopback")).toBool(), true);

        const QByteArray body = "{\"input\": [\"a\", \"b\"]}";
        client.send(post("/v1/%65cho", body));
        answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
        QCOMPARE(answer->body, body);
        QCOMPARE(answer->header("x-path"), QByteArray("/v1/echo"));
        QVERIFY(answer->header("x-evil").isEmpty());
        QVERIFY(answer->header("x-injected").isEmpty());

        client.send(get("/v1/items/42"));
        answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->json().value(QStringLiteral("item")).toString(), QStringLiteral("42"));
    }

    void keepAliveAndPipelining()
    {
        Client client(port());
        for (int i = 0; i < 3; ++i) {
            client.send(get("/v1/ping?q=" + QByteArray::number(i)));
            const auto answer = client.answer();
            QVERIFY(answer);
            QCOMPARE(answer->json().value(QStringLiteral("q")).toString(), QString::number(i));
        }
        // Three requests in one write, the first answered late from another thread: answered in order.
        client.send(get("/v1/slow") + post("/v1/echo", "second") + get("/v1/ping?q=third"));
        QTest::qWait(50); // let the server read what it will before the slow answer comes
        releaseSlow_.release();
        auto answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->json().value(QStringLiteral("slow")).toBool(), true);
        answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->body, QByteArray("second"));
        answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->json().value(QStringLiteral("q")).toString(), QStringLiteral("third"));
        QVERIFY(client.connected());

        // Connection: close is honoured.
        client.send(get("/v1/ping", "Connection: close\r\n"));
        answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->header("connection"), QByteArray("close"));
        QVERIFY(client.waitClosed());
    }

    void http10ClosesAfterTheAnswer()
    {
        Client client(port());
        client.send("GET /v1/ping HTTP/1.0\r\nAuthorization: Bearer " + kToken + "\r\n\r\n");
        const auto answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
        QVERIFY(client.waitClosed());
    }

    void token_data()
    {
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<int>("status");
        QTest::newRow("missing") << QByteArray() << 401;
        QTest::newRow("wrong") << QByteArray("Authorization: Bearer test-token-0123456789abcdeX\r\n") << 401;
        QTest::newRow("prefix of the token") << QByteArray("Authorization: Bearer test-token\r\n") << 401;
        QTest::newRow("longer than the token") << "Authorization: Bearer " + kToken + "0\r\n" << 401;
        QTest::newRow("Bearer without token") << QByteArray("Authorization: Bearer\r\n") << 401;
        QTest::newRow("Bearer and spaces") << QByteArray("Authorization: Bearer    \r\n") << 401;
        QTest::newRow("Basic") << QByteArray("Authorization: Basic dXNlcjpwYXNz\r\n") << 401;
        QTest::newRow("token without scheme") << "Authorization: " + kToken + "\r\n" << 401;
        QTest::newRow("right") << "Authorization: Bearer " + kToken + "\r\n" << 200;
        QTest::newRow("scheme in lower case") << "Authorization: bearer " + kToken + "\r\n" << 200;
    }

    void token()
    {
        QFETCH(QByteArray, authorization);
        QFETCH(int, status);
        for (const QByteArray &path : {QByteArray("/v1/ping"), QByteArray("/no/such/path")}) {
            Client client(port());
            client.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n" + authorization + "\r\n");
            const auto answer = client.answer();
            QVERIFY(answer);
            // Without the token even an unknown path is 401: nothing about the server is told.
            const int expected = status == 200 && path != "/v1/ping" ? 404 : status;
            QCOMPARE(answer->status, expected);
            if (status == 401) {
                QVERIFY(answer->isJsonError());
                QVERIFY(answer->header("www-authenticate").startsWith("Bearer"));
            }
        }
        verifyStillServes();
    }

    void noAuthWithEmptyToken()
    {
        server_->setBearerToken({});
        Client client(port());
        client.send("GET /v1/ping HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
    }

    // Only the head is sent: the 413 comes without the server waiting for (or reading) 50 MB.
    void declaredHugeBodyRefusedBeforeItIsRead()
    {
        Client client(port());
        client.send("POST /v1/echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + kToken +
                    "\r\nContent-Length: 52428800\r\n\r\n");
        const auto answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 413);
        QVERIFY(answer->isJsonError());
        QCOMPARE(answer->header("connection"), QByteArray("close"));
        QVERIFY(client.waitClosed());
        verifyStillServes();
    }

    // 50 MB actually sent: refused, and the connection is cut long before the server could have taken
    // it all (it discards a few MB at most, so the client is left with most of its body unsent).
    void streamedHugeBodyRefused()
    {
        Client client(port());
        qint64 written = 0;
        connect(&client.socket(), &QTcpSocket::bytesWritten, this, [&](qint64 bytes) { written += bytes; });
        const QByteArray body(50 * 1024 * 1024, 'x');
        client.send("POST /v1/echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + kToken +
                    "\r\nContent-Length: 52428800\r\n\r\n");
        client.send(body);
        const auto answer = client.answer();
        if (answer) // the 413, when it was read before the server cut the connection
            QCOMPARE(answer->status, 413);
        QVERIFY(client.waitClosed());
        QVERIFY2(written < 30 * 1024 * 1024, qPrintable(QStringLiteral("%1 bytes were taken").arg(written)));
        qInfo("50 MB body refused: %lld bytes reached the kernel before the connection was cut; answer read: "
              "%s",
              written, answer ? "yes" : "no");
        verifyStillServes();
    }

    void expectContinue()
    {
        {
            Client client(port());
            client.send("POST /v1/echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + kToken +
                        "\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            auto answer = client.answer();
            QVERIFY(answer);
            QCOMPARE(answer->status, 100);
            client.send("hello");
            answer = client.answer();
            QVERIFY(answer);
            QCOMPARE(answer->status, 200);
            QCOMPARE(answer->body, QByteArray("hello"));
        }
        // Refused at once, no 100 first: too large, or without the token.
        for (const QByteArray &head : QList<QByteArray>{
                 "POST /v1/echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + kToken +
                     "\r\nExpect: 100-continue\r\nContent-Length: 52428800\r\n\r\n",
                 QByteArray("POST /v1/echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
                            "5\r\n\r\n")}) {
            Client client(port());
            client.send(head);
            const auto answer = client.answer();
            QVERIFY(answer);
            QVERIFY(answer->status == 413 || answer->status == 401);
            QVERIFY(answer->isJsonError());
            QVERIFY(client.waitClosed());
        }
        verifyStillServes();
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        const QByteArray auth = "Authorization: Bearer " + kToken + "\r\n";
        QTest::newRow("not HTTP") << QByteArray("HELLO THERE\r\n\r\n") << 400;
        // A TLS ClientHello's first bytes: refused at its first control byte, not after the deadline.
        QTest::newRow("TLS handshake")
            << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) << 400;
        QTest::newRow("no Host") << "GET /v1/ping HTTP/1.1\r\n" + auth + "\r\n" << 400;
        QTest::newRow("header without colon")
            << "GET /v1/ping HTTP/1.1\r\nHost: x\r\n" + auth + "Broken\r\n\r\n"
            << 400;
        QTest::newRow("bad escape") << "GET /v1/p%zzing HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n" << 400;
        QTest::newRow("two lengths") << "POST /v1/echo HTTP/1.1\r\nHost: x\r\n" + auth +
                                            "Content-Length: 1\r\nContent-Length: 2\r\n\r\nab"
                                     << 400;
        QTest::newRow("POST without length")
            << "POST /v1/echo HTTP/1.1\r\nHost: x\r\n" + auth + "\r\nhello" << 411;
        QTest::newRow("chunked") << "POST /v1/echo HTTP/1.1\r\nHost: x\r\n" + auth +
                                        "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                                 << 501;
        QTest::newRow("HTTP/2.0") << "GET /v1/ping HTTP/2.0\r\nHost: x\r\n" + auth + "\r\n" << 505;
        QTest::newRow("header flood") << "GET /v1/ping HTTP/1.1\r\nHost: x\r\n" + auth +
                                             QByteArray("X-A: b\r\n").repeated(5000) + "\r\n"
                                      << 431;
        QTest::newRow("too many headers")
            << "GET /v1/ping HTTP/1.1\r\nHost: x\r\n" + auth + QByteArray("X-A: b\r\n").repeated(30) + "\r\n"
            << 431;
        QTest::newRow("long target") << "GET /v1/" + QByteArray(100000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n"
                                     << 414;
    }

    // Malformed HTTP is answered 4xx/5xx with the JSON error, the connection is closed, and the
    // server serves the next client.
    void malformed()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        Client client(port());
        client.send(bytes);
        const auto answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, status);
        QVERIFY(answer->isJsonError());
        QCOMPARE(answer->header("connection"), QByteArray("close"));
        QVERIFY(client.waitClosed());
        verifyStillServes();
    }

    void unknownPathAndWrongMethod()
    {
        Client client(port());
        client.send(get("/v1/nothing"));
        auto answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 404);
        QVERIFY(answer->isJsonError());
        // Answered after the whole request was read: the connection goes on.
        client.send(post("/v1/ping", "{}"));
        answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 405);
        QVERIFY(answer->isJsonError());
        QCOMPARE(answer->header("allow"), QByteArray("GET"));
        client.send(get("/v1/ping"));
        answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
    }

    // A request never completed within the deadline is answered 408 and closed, even when the client
    // keeps sending a byte now and then: the deadline is for the whole request.
    void slowClientCutOff()
    {
        HttpLimits limits = smallLimits();
        limits.idleTimeoutMs = 300;
        start(limits);
        Client client(port());
        // A header value that never ends, a byte every 20 ms: far more often than the deadline.
        client.send("GET /v1/ping HTTP/1.1\r\nHost: x\r\nX-Slow: ");
        QTimer trickle;
        connect(&trickle, &QTimer::timeout, this, [&] {
            if (client.connected())
                client.send("a");
        });
        trickle.start(20);
        const auto answer = client.answer();
        trickle.stop();
        QVERIFY(answer);
        QCOMPARE(answer->status, 408);
        QVERIFY(answer->isJsonError());
        QVERIFY(client.waitClosed());

        // An idle connection is closed too.
        Client idle(port());
        QVERIFY(idle.waitClosed());
        verifyStillServes();
    }

    void clientGoneMidRequest()
    {
        {
            Client client(port());
            client.send("POST /v1/echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + kToken +
                        "\r\nContent-Length: 1000\r\n\r\nonly a part");
            QTest::qWait(20);
            client.socket().abort();
        }
        {
            Client client(port());
            client.send("GET /v1/pi");
            client.socket().disconnectFromHost();
        }
        verifyStillServes();
    }

    // The client is gone before its answer, which comes later from another thread: nothing is sent,
    // nothing breaks.
    void clientGoneBeforeTheAnswer()
    {
        {
            Client client(port());
            client.send(get("/v1/slow"));
            QVERIFY(QTest::qWaitFor([&] { return slowWorker_ != nullptr; }, kWaitMs));
            client.socket().abort();
        }
        QTest::qWait(50); // the server sees the connection closed (or not: both must be safe)
        releaseSlow_.release();
        QVERIFY(QTest::qWaitFor([&] { return slowAnswered_ == 1; }, kWaitMs));
        QTest::qWait(20); // the queued answer reaches the event loop
        verifyStillServes();

        // A large answer the client stops reading half way.
        {
            Client client(port());
            client.send(get("/v1/big"));
            QVERIFY(QTest::qWaitFor([&] { return client.socket().bytesAvailable() > 0; }, kWaitMs));
            client.socket().abort();
        }
        QTest::qWait(50);
        verifyStillServes();
    }

    // The server is destroyed while a worker still holds a Responder: calling it later does nothing.
    void serverGoneBeforeTheAnswer()
    {
        Client client(port());
        client.send(get("/v1/slow"));
        QVERIFY(QTest::qWaitFor([&] { return slowWorker_ != nullptr; }, kWaitMs));
        server_.reset();
        releaseSlow_.release();
        QVERIFY(QTest::qWaitFor([&] { return slowAnswered_ == 1; }, kWaitMs));
        QTest::qWait(20); // anything wrongly queued would run now
        QVERIFY(client.waitClosed());
    }

    void responderCalledTwiceOrNever()
    {
        Client client(port());
        client.send(get("/v1/twice"));
        auto answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
        client.send(get("/v1/dropped"));
        answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 500);
        QVERIFY(answer->isJsonError());
        client.send(get("/v1/ping"));
        answer = client.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
    }

    void connectionLimit()
    {
        HttpLimits limits = smallLimits();
        limits.maxConnections = 2;
        start(limits);
        std::vector<std::unique_ptr<Client>> clients;
        for (int i = 0; i < 2; ++i) {
            clients.push_back(std::make_unique<Client>(port()));
            clients.back()->send(get("/v1/ping"));
            const auto answer = clients.back()->answer();
            QVERIFY(answer);
            QCOMPARE(answer->status, 200);
        }
        Client third(port());
        const auto refused = third.answer();
        QVERIFY(refused);
        QCOMPARE(refused->status, 503);
        QVERIFY(refused->isJsonError());
        QCOMPARE(refused->header("retry-after"), QByteArray("1"));
        QVERIFY(third.waitClosed());

        // One leaves: a place is free again once the server has seen it go.
        clients.front()->socket().disconnectFromHost();
        clients.erase(clients.begin());
        bool served = false;
        (void)QTest::qWaitFor(
            [&] {
                Client next(port());
                next.send(get("/v1/ping"));
                const auto answer = next.answer();
                served = answer && answer->status == 200;
                return served;
            },
            kWaitMs);
        QVERIFY(served);
    }

    // The bodies all connections hold together are capped too: many clients each declaring a large
    // body cannot add up to more than maxBufferedBodyBytes.
    void bodiesHeldTogetherAreCapped()
    {
        HttpLimits limits = smallLimits();
        limits.maxBufferedBodyBytes = 1000;
        start(limits);
        const QByteArray head = "POST /v1/echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + kToken +
                                "\r\nExpect: 100-continue\r\nContent-Length: 800\r\n\r\n";
        Client first(port());
        first.send(head);
        auto answer = first.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 100); // its 800 bytes are counted from now on

        Client second(port());
        second.send(head);
        answer = second.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 503);
        QVERIFY(answer->isJsonError());
        QVERIFY(second.waitClosed());

        first.send(QByteArray(800, 'a'));
        answer = first.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
        QCOMPARE(answer->body.size(), 800);

        // Answered: its share is free again.
        Client third(port());
        third.send(head);
        answer = third.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 100);
        third.send(QByteArray(800, 'c'));
        answer = third.answer();
        QVERIFY(answer);
        QCOMPARE(answer->status, 200);
    }

    void listenErrorNamesTheAddress()
    {
        HttpServer second;
        const auto listening = second.listen(QHostAddress::LocalHost, port());
        QVERIFY(!listening);
        QVERIFY2(QString::fromStdString(listening.error().message).contains(QStringLiteral("127.0.0.1:")),
                 listening.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "test_http_server.moc"
