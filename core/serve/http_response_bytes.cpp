#include "serve/http_response_bytes.h"

namespace cortex::serve {

namespace {

// Headers the server writes itself: a handler's copy would contradict the framing.
bool isFramingHeader(const QByteArray &name)
{
    const QByteArray lower = name.toLower();
    return lower == "content-length" || lower == "content-type" || lower == "connection" ||
           lower == "transfer-encoding";
}

// A name or value with CR, LF or NUL would let a handler's data start a header or a response of its own.
bool isSafeHeaderText(const QByteArray &text)
{
    return !text.contains('\r') && !text.contains('\n') && !text.contains('\0');
}

} // namespace

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 417:
        return "Expectation Failed";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return status >= 200 && status < 600 ? "Status" : "Internal Server Error";
    }
}

QString errorTypeFor(int status)
{
    switch (status) {
    case 401:
        return QStringLiteral("AuthenticationError");
    case 404:
        return QStringLiteral("NotFoundError");
    case 405:
        return QStringLiteral("MethodNotAllowedError");
    case 408:
        return QStringLiteral("RequestTimeoutError");
    case 413:
        return QStringLiteral("RequestTooLargeError");
    case 503:
        return QStringLiteral("ServiceUnavailableError");
    default:
        return status >= 500 ? QStringLiteral("InternalServerError") : QStringLiteral("BadRequestError");
    }
}

HttpResponse errorResponse(int status, const QString &message)
{
    return HttpResponse::error(status, message, errorTypeFor(status));
}

QByteArray responseBytes(const HttpResponse &response, bool keepAlive)
{
    // A handler's status outside 200..599 is a bug that must not reach the wire as a malformed line.
    const int status = response.status >= 200 && response.status <= 599 ? response.status : 500;
    QByteArray bytes;
    bytes.reserve(256 + response.body.size());
    bytes += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    if (!response.body.isEmpty() || !response.contentType.isEmpty()) {
        const QByteArray type = isSafeHeaderText(response.contentType) && !response.contentType.isEmpty()
                                    ? response.contentType
                                    : QByteArray("application/octet-stream");
        bytes += "Content-Type: " + type + "\r\n";
    }
    bytes += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    bytes += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    for (const auto &[name, value] : response.headers) {
        if (name.isEmpty() || isFramingHeader(name) || !isSafeHeaderText(name) || !isSafeHeaderText(value) ||
            name.contains(':'))
            continue;
        bytes += name + ": " + value + "\r\n";
    }
    bytes += "\r\n";
    bytes += response.body;
    return bytes;
}

} // namespace cortex::serve
