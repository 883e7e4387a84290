#pragma once
// A fake server (tests/hub/fake_hub, tests/remote/fake_vllm) on a thread of its own: the client under
// test blocks the test's thread in its own event loop, so the server cannot share it. Starting moves
// the server there and listens there; stopping shuts it down there and ends the thread, which deletes it.

#include <QMetaObject>
#include <QObject>
#include <QThread>

namespace cortex::testing {

// What a server does on its own thread.
class ThreadedServer : public QObject {
public:
    virtual bool listen() = 0;   // open the listening sockets; false when one does not open
    virtual void shutdown() = 0; // close them and abort the open connections
};

class ServerThread {
public:
    ServerThread() = default;
    ~ServerThread() { stop(); }
    ServerThread(const ServerThread &) = delete;
    ServerThread &operator=(const ServerThread &) = delete;

    // Takes `server` (deleted when the thread ends) and waits for its listen() on the thread; when that
    // fails the thread is stopped again and `server` is gone.
    bool start(ThreadedServer *server)
    {
        server->moveToThread(&thread_);
        QObject::connect(&thread_, &QThread::finished, server, &QObject::deleteLater);
        server_ = server;
        thread_.start();
        bool listening = false;
        QMetaObject::invokeMethod(
            server, [server, &listening] { listening = server->listen(); }, Qt::BlockingQueuedConnection);
        if (!listening)
            stop();
        return listening;
    }

    void stop()
    {
        if (!server_)
            return;
        ThreadedServer *server = server_;
        QMetaObject::invokeMethod(
            server, [server] { server->shutdown(); }, Qt::BlockingQueuedConnection);
        thread_.quit();
        thread_.wait();
        server_ = nullptr; // deleted by QThread::finished
    }

    bool isRunning() const { return server_ != nullptr; }

private:
    QThread thread_;
    ThreadedServer *server_ = nullptr;
};

} // namespace cortex::testing
