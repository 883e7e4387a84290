#include "application/library_api.h"

#include "serve/api_token.h"
#include "serve/http_server.h"
#include "session/library_session.h"
#include "settings/settings.h"

#include <QFile>
#include <QMetaObject>

#include <condition_variable>
#include <mutex>

namespace cortex::application {
namespace {

// The session's library and models for the API's work, on the session's search workers. The session
// takes work on the GUI thread (a search leases the reranker there); a request is read on a worker, so
// its work hops to the GUI thread first. The queue counts both hops and is bounded.
class SessionLibraryAccess final : public api::LibraryAccess {
public:
    SessionLibraryAccess(session::LibrarySession &session, int maxQueue)
        : session_(&session), maxQueue_(std::max(1, maxQueue)), state_(std::make_shared<State>())
    {
    }

    // On the GUI thread: the work queued for the GUI thread is answered 503 when it comes; the work on
    // the search workers is waited for (it answers through the Responder, which never blocks).
    ~SessionLibraryAccess() override
    {
        std::unique_lock lock(state_->mutex);
        state_->closed = true;
        state_->drained.wait(lock, [this] { return state_->running == 0; });
    }

    void run(bool rerank, Work work, serve::Responder respond) override
    {
        bool accepted = false;
        {
            std::lock_guard lock(state_->mutex);
            accepted = !state_->closed && state_->queued < maxQueue_;
            state_->queued += accepted ? 1 : 0;
        }
        if (!accepted) {
            respond(api::libraryQueueFull());
            return;
        }
        QMetaObject::invokeMethod(
            session_,
            [session = session_, state = state_, rerank, work = std::move(work), respond]() mutable {
                bool closed = false;
                {
                    std::lock_guard lock(state->mutex);
                    closed = state->closed;
                    state->queued -= closed ? 1 : 0;
                    state->running += closed ? 0 : 1;
                }
                if (closed) {
                    respond(serve::HttpResponse::error(503, QStringLiteral("the library API was turned off"),
                                                       QStringLiteral("ServiceUnavailableError")));
                    return;
                }
                (void)session->runSearchWork(rerank, [state, work = std::move(work), respond](
                                                         const session::LibrarySession::SearchTools &tools) {
                    // Counted out however the work ends, so that stop() never waits forever.
                    const std::shared_ptr<void> done(nullptr, [state](void *) {
                        std::lock_guard lock(state->mutex);
                        --state->queued;
                        --state->running;
                        state->drained.notify_all();
                    });
                    try {
                        respond(work({tools.library, tools.encoder, tools.scorer, tools.reranker}));
                    } catch (const std::exception &e) {
                        respond(serve::HttpResponse::error(
                            500,
                            QStringLiteral("the work stopped on an unexpected error: %1")
                                .arg(QString::fromUtf8(e.what())),
                            QStringLiteral("InternalServerError")));
                    }
                });
            },
            Qt::QueuedConnection);
    }

private:
    struct State {
        std::mutex mutex;
        std::condition_variable drained;
        int queued = 0;  // accepted and not answered yet
        int running = 0; // handed to the session's search workers
        bool closed = false;
    };
    session::LibrarySession *session_;
    const int maxQueue_;
    std::shared_ptr<State> state_;
};

} // namespace

struct LibraryApi::Running {
    // Destroyed from the bottom up: the server first (no new requests), then the requests still being
    // read, then the work on the session's workers.
    std::unique_ptr<SessionLibraryAccess> access;
    std::unique_ptr<api::SearchApi> search;
    std::unique_ptr<serve::HttpServer> server;
    QByteArray token;
    ~Running()
    {
        server->close();
        server.reset();
        search.reset();
        access.reset();
    }
};

QString listenAddressProblem(const QString &listen)
{
    const auto address = serve::parseListenAddress(listen, kLibraryApiDefaultPort);
    return address ? QString() : QString::fromStdString(address.error().message);
}

QString libraryApiTokenPath()
{
    return settings::dataDir() + QStringLiteral("/api-token");
}

Result<QByteArray> replaceApiToken(const QString &path)
{
    if (QFile::exists(path) && !QFile::remove(path))
        return makeError(path.toStdString() + ": the old token could not be removed", ErrorKind::Io);
    return serve::loadOrCreateApiToken(path);
}

LibraryApi::LibraryApi(session::LibrarySession &session) : session_(session) {}

LibraryApi::~LibraryApi()
{
    stop();
}

Status LibraryApi::start(const LibraryApiOptions &options)
{
    stop();
    auto address = serve::parseListenAddress(options.listen, kLibraryApiDefaultPort);
    if (!address)
        return address.error();
    tokenFile_ = options.tokenFile.isEmpty() ? libraryApiTokenPath() : options.tokenFile;
    auto token = serve::loadOrCreateApiToken(tokenFile_);
    if (!token)
        return token.error();
    auto running = std::make_unique<Running>();
    running->token = *token;
    running->access = std::make_unique<SessionLibraryAccess>(session_, options.maxQueue);
    running->search =
        std::make_unique<api::SearchApi>(*running->access, options.defaults, api::InputLimits{});
    running->server = std::make_unique<serve::HttpServer>();
    running->server->setBearerToken(*token); // always, on loopback too (library_api.h)
    api::SearchApi *search = running->search.get();
    running->server->route("POST", "/v1/search",
                           [search](const serve::HttpRequest &r, serve::Responder respond) {
                               search->search(r, std::move(respond));
                           });
    running->server->route(
        "GET", "/v1/items/",
        [search](const serve::HttpRequest &r, serve::Responder respond) {
            search->thumbnail(r, std::move(respond));
        },
        true);
    running->server->route("GET", "/v1/ingestion",
                           [search](const serve::HttpRequest &r, serve::Responder respond) {
                               search->ingestion(r, std::move(respond));
                           });
    if (auto listening = running->server->listen(address->host, address->port); !listening)
        return listening.error();
    running_ = std::move(running);
    return {};
}

void LibraryApi::stop()
{
    running_.reset();
}

bool LibraryApi::isServing() const
{
    return running_ != nullptr;
}

QString LibraryApi::searchUrl() const
{
    if (!running_)
        return {};
    return serve::httpUrl(running_->server->address(), running_->server->port()) +
           QStringLiteral("/v1/search");
}

quint16 LibraryApi::port() const
{
    return running_ ? running_->server->port() : 0;
}

QByteArray LibraryApi::token() const
{
    return running_ ? running_->token : QByteArray();
}

bool LibraryApi::isReachableFromOtherComputers() const
{
    return running_ && !running_->server->address().isLoopback();
}

Result<QByteArray> LibraryApi::replaceToken()
{
    auto token = replaceApiToken(tokenFile_);
    if (!token)
        return token.error();
    if (running_) {
        running_->token = *token;
        running_->server->setBearerToken(*token);
    }
    return token;
}

} // namespace cortex::application
