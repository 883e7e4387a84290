#pragma once
// The request and answer of Cortex's own HTTP server (http_server.h), shared by the server, which reads
// requests with its limits checked before any byte is buffered, and the API handlers (the embeddings,
// rerank and search routes of `cortex-cli serve`), which never see a request that broke them.
// Qt Core/Network only.

#include <QByteArray>
#include <QByteArrayView>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

#include <functional>

namespace cortex::serve {

struct HttpRequest {
    QByteArray method;                            // "GET", "POST", ... as sent
    QByteArray path;                              // percent-decoded, without the query: "/v1/search"
    QUrlQuery query;                              // the part after '?'
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased, values trimmed, in order
    QByteArray body;                              // at most HttpLimits::maxBodyBytes
    QHostAddress peer;

    // The first header of that (lower-case) name, or an empty array.
    QByteArray header(QByteArrayView lowerCaseName) const
    {
        for (const auto &[name, value] : headers)
            if (name == lowerCaseName)
                return value;
        return {};
    }
};

struct HttpResponse {
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers; // beyond Content-Type/Length, e.g. Retry-After

    static HttpResponse json(int status, const QJsonObject &object)
    {
        HttpResponse response;
        response.status = status;
        response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
        return response;
    }
    // The error shape of OpenAI-compatible servers (vLLM's ErrorResponse):
    // {"error": {"message": "...", "type": "BadRequestError", "code": 400}}.
    static HttpResponse error(int status, const QString &message, const QString &type)
    {
        return json(status,
                    QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("message"), message},
                                                                      {QStringLiteral("type"), type},
                                                                      {QStringLiteral("code"), status}}}});
    }
};

// Delivers a handler's answer. Call it exactly once, from any thread, now or later; when the client has
// gone meanwhile it does nothing.
using Responder = std::function<void(HttpResponse)>;
// A route's work. Runs on the server's thread: anything slow goes to a worker and answers through
// the Responder from there.
using Handler = std::function<void(const HttpRequest &, Responder)>;

} // namespace cortex::serve
