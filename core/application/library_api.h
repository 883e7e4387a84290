#pragma once
// The window's library API (Settings, "Library API"; off by default): the search, thumbnail and ingestion
// routes of `cortex-cli serve --library` (api/search_api.h) served from the window's own open library.
// The window already holds the library (and its lock), so the API never opens a second Library: its
// work runs on the session's search workers, in turn with the Search tab's searches, with the session's
// models (on this computer or served). When the user opens another library, the API serves that one;
// with none open, a search answers 503 saying so.
//
// Unlike `cortex-cli serve`, the bearer token is always required, on loopback too: any program of any
// user of this computer could reach a loopback port. The token lives in the data folder (0600).
// cortex-cli keeps `serve`, which loads its own models; this is the window's twin of its library routes.

#include "api/search_api.h"
#include "common/result.h"
#include "serve/listen_address.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace cortex::session {
class LibrarySession;
}
namespace cortex::serve {
class HttpServer;
}

namespace cortex::application {

inline constexpr quint16 kLibraryApiDefaultPort = 8000; // cortex-cli serve's default
inline constexpr const char *kLibraryApiDefaultListen = "127.0.0.1:8000";

// Why `listen` is not a "HOST:PORT" the API can listen on (quoting it), or an empty string.
QString listenAddressProblem(const QString &listen);

// settings::dataDir() + "/api-token".
QString libraryApiTokenPath();

// Replaces the token in `path` with a new one (0600, as loadOrCreateApiToken makes it): whoever had the
// old one is locked out.
Result<QByteArray> replaceApiToken(const QString &path);

struct LibraryApiOptions {
    QString listen = QString::fromLatin1(kLibraryApiDefaultListen); // "HOST:PORT", as serve's --listen
    QString tokenFile;                                              // empty: libraryApiTokenPath()
    api::SearchDefaults defaults;                                   // the settings' top K, candidates
    int maxQueue = 64;                                              // requests waiting; more: 503
};

class LibraryApi {
public:
    explicit LibraryApi(session::LibrarySession &session); // GUI thread; serves nothing yet
    ~LibraryApi();                                         // stop()
    LibraryApi(const LibraryApi &) = delete;
    LibraryApi &operator=(const LibraryApi &) = delete;

    // Starts serving (stops first when it serves). The error names the address or the token file and the
    // reason ("cannot listen on 127.0.0.1:8000: The bound address is already in use").
    Status start(const LibraryApiOptions &options);
    // Stops listening, closes the connections and waits for the work already running.
    void stop();
    bool isServing() const;
    // "http://127.0.0.1:8000/v1/search"; empty when not serving.
    QString searchUrl() const;
    quint16 port() const; // the bound port (the one chosen for port 0); 0 when not serving
    // The token requests must send ("Authorization: Bearer <token>"); empty when not serving.
    QByteArray token() const;
    // True while it listens on an address other computers may reach (not loopback).
    bool isReachableFromOtherComputers() const;
    // A new token in the token file; a running API requires it from the next request on.
    Result<QByteArray> replaceToken();

private:
    struct Running;
    session::LibrarySession &session_;
    QString tokenFile_ = libraryApiTokenPath();
    std::unique_ptr<Running> running_;
};

} // namespace cortex::application
