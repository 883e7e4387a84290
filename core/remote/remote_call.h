#pragma once
// One JSON request to a model server with what a network between two machines needs: the token only
// to that server, a bounded answer, 429/503 retried with back-off (the server's Retry-After honoured),
// and errors that name the server and the reason (unreachable, no answer, HTTP status with vLLM's own
// message, HTML from a proxy). Blocking: runs on the caller's thread (a worker, never the GUI's).

#include "common/result.h"
#include "remote/remote_endpoint.h"
#include "remote/vllm_protocol.h"

#include <QByteArray>

namespace cortex::remote {

// GET (empty body) or POST (JSON body) of base URL + path; the 2xx answer's body.
Result<QByteArray> callServer(const RemoteEndpoint &endpoint, const QString &path,
                              const QByteArray &jsonBody = {});

// The wait before retry `attempt` (1-based) after a 429/503: Retry-After in seconds when the server
// gave one (capped), else initialBackoffMs doubled per attempt, capped at maxBackoffMs.
int retryDelayMs(const RemoteEndpoint &endpoint, int attempt, const QByteArray &retryAfter);

// The model the server serves under the endpoint's name (GET /v1/models; the only one when the
// endpoint names none), or an error naming the server and what it serves instead.
Result<ServedModel> findServedModel(const RemoteEndpoint &endpoint);

// "the model server at http://gpu:8000": how messages name it.
QString serverName(const RemoteEndpoint &endpoint);

} // namespace cortex::remote
