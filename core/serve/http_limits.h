#pragma once
// The limits of Cortex's own HTTP server (http_server.h), checked while a request is read, before its
// bytes are kept: a declared body above maxBodyBytes is refused before one body byte is read, a head
// above maxHeaderBytes before it is all kept. Qt Core only.

#include <QtGlobal>

namespace cortex::serve {

struct HttpLimits {
    qint64 maxBodyBytes = 32 * 1024 * 1024; // Content-Length above it: 413 before a body byte is read
    int maxHeaderBytes = 16 * 1024;         // request line + headers; above it: 431
    int maxHeaderCount = 100;
    int idleTimeoutMs = 15000; // no complete request within it (slow client): 408 and close
    int maxConnections = 256;  // above it: 503 and close
    // The bodies all connections may hold at once (declared lengths of requests being read or answered):
    // without it, maxConnections clients each declaring maxBodyBytes would take 8 GB. Above it: 503.
    qint64 maxBufferedBodyBytes = 256 * 1024 * 1024;
};

} // namespace cortex::serve
