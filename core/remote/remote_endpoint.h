#pragma once
// Where a remote model is served and how Cortex talks to it: a vLLM server's base URL, an optional
// bearer token (sent only to that server), the served model's name, and the limits of one request.

#include "common/progress.h"

#include <QString>

#include <cstdint>

namespace cortex::remote {

struct RemoteEndpoint {
    QString url;   // "http://gpu-box:8000" (a trailing "/v1" is accepted and dropped)
    QString token; // vLLM's --api-key; empty: none
    QString model; // the served model name; empty: the only one the server serves
    // No byte for this long ends a request as "no answer" (a batch of page images can take a while).
    int timeoutMs = 120'000;
    // 429 (busy) and 503 (loading, overloaded) are retried this many times in all, waiting the server's
    // Retry-After or a doubling back-off (never longer than maxBackoffMs per wait).
    int maxAttempts = 5;
    int initialBackoffMs = 500;
    int maxBackoffMs = 30'000;
    // Text inputs per /v1/embeddings request (images go one per request: the chat form holds one).
    int batchSize = 16;
    // An answer larger than this is refused: 16 rows of 4096 floats as JSON are ~1.5 MiB, and parsing
    // JSON holds several times its size, so the bound is the memory a hostile server can make us take.
    int64_t maxResponseBytes = int64_t{16} << 20;
    CancelPredicate cancelled;
};

// "http://gpu:8000/v1/" -> "http://gpu:8000": the base every path is appended to.
QString baseUrl(const QString &url);

} // namespace cortex::remote
