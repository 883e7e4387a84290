#pragma once
// A local stand-in for a vLLM server for the remote model tests (CI has no GPU server): a QTcpServer on
// its own thread (the client under test blocks the test's thread in its own event loop) that reads
// each request whole (head and Content-Length body), logs it and answers what the test's handler
// returns. Every answer carries Content-Length and `Connection: close`.

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QString>

#include "support/server_thread.h"

#include <functional>
#include <utility>

namespace cortex::testing {

class FakeVllm {
public:
    struct Request {
        QByteArray method;
        QString path;
        QByteArray authorization;
        QByteArray contentType;
        QByteArray body;
    };
    struct Reply {
        int status = 200;
        QList<std::pair<QByteArray, QByteArray>> headers = {};
        QByteArray body = {};
        QByteArray contentType = "application/json";
    };
    // Called on the server's thread, one request at a time.
    using Handler = std::function<Reply(const Request &)>;

    explicit FakeVllm(Handler handler);
    ~FakeVllm();
    FakeVllm(const FakeVllm &) = delete;
    FakeVllm &operator=(const FakeVllm &) = delete;

    bool start();
    QString url() const; // "http://127.0.0.1:PORT"
    QList<Request> requests() const;

    // Serialised handler call and log, for the server's connections.
    Reply answer(const Request &request);

private:
    Handler handler_;
    mutable QMutex mutex_;
    QList<Request> requests_;
    quint16 port_ = 0;
    ServerThread thread_; // last: stopped, so done with answer(), before the members above go
};

// A port nobody listens on (bound, then closed).
quint16 closedPort();

} // namespace cortex::testing
