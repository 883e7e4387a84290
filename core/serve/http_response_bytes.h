#pragma once
// The bytes of an answer on the wire: status line, Content-Type, Content-Length, Connection, the
// handler's extra headers (any that would break the framing, or hold CR/LF, are dropped), the body.

#include "serve/http_types.h"

#include <QByteArray>

namespace cortex::serve {

QByteArray reasonPhrase(int status);
// The "type" of HttpResponse::error for a status the server answers itself (vLLM's names where it has one).
QString errorTypeFor(int status);
// HttpResponse::error with the type for that status.
HttpResponse errorResponse(int status, const QString &message);
QByteArray responseBytes(const HttpResponse &response, bool keepAlive);

} // namespace cortex::serve
