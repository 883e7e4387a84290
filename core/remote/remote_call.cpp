#include "remote/remote_call.h"

#include "hub/file_transfer.h"
#include "hub/http_client.h"
#include "remote/vllm_protocol.h"

#include <QCoreApplication>
#include <QUrl>

#include <algorithm>

namespace cortex::remote {

QString baseUrl(const QString &url)
{
    QString base = url.trimmed();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    if (base.endsWith(QStringLiteral("/v1")))
        base.chop(3);
    return base;
}

QString serverName(const RemoteEndpoint &endpoint)
{
    return QStringLiteral("the model server at ") + baseUrl(endpoint.url);
}

int retryDelayMs(const RemoteEndpoint &endpoint, int attempt, const QByteArray &retryAfter)
{
    bool ok = false;
    const int seconds = retryAfter.trimmed().toInt(&ok);
    if (ok && seconds >= 0)
        return int(std::min<qint64>(qint64(seconds) * 1000, endpoint.maxBackoffMs));
    qint64 delay = endpoint.initialBackoffMs;
    for (int k = 1; k < attempt && delay < endpoint.maxBackoffMs; ++k)
        delay *= 2;
    return int(std::min<qint64>(delay, endpoint.maxBackoffMs));
}

Result<QByteArray> callServer(const RemoteEndpoint &endpoint, const QString &path, const QByteArray &jsonBody)
{
    const QString base = baseUrl(endpoint.url);
    const QString server = serverName(endpoint);
    const QString address = base + path;
    const QUrl url(address);
    if (!url.isValid() ||
        (url.scheme() != QStringLiteral("http") && url.scheme() != QStringLiteral("https"))) {
        const QString message =
            QStringLiteral("\"%1\" is not a model server URL (http://host:port)").arg(endpoint.url);
        return makeError(message.toStdString(), ErrorKind::InvalidInput);
    }
    // Qt's network access needs an event loop, hence an application object; without one it would wait
    // for ever.
    if (!QCoreApplication::instance())
        return makeError("a model server can only be reached from a Qt application (no QCoreApplication)");
    // A client per call: QNetworkAccessManager belongs to the thread that made it, and the encoder is
    // used from the ingestion worker and the search pool alike.
    hub::HttpClient client(base, endpoint.token, endpoint.timeoutMs, endpoint.cancelled);
    const QByteArray verb = jsonBody.isEmpty() ? QByteArrayLiteral("GET") : QByteArrayLiteral("POST");
    hub::HeaderList headers{{"Accept", "application/json"}};
    if (!jsonBody.isEmpty())
        headers.emplaceBack("Content-Type", "application/json");

    for (int attempt = 1;; ++attempt) {
        QByteArray answer;
        bool tooLarge = false;
        const hub::BodySink sink = [&](const QByteArray &chunk, int) {
            if (answer.size() + chunk.size() > endpoint.maxResponseBytes) {
                tooLarge = true;
                return false;
            }
            answer.append(chunk);
            return true;
        };
        const hub::HttpResponse response = client.send(verb, url, headers, sink, jsonBody);
        if (response.cancelled)
            return makeError("cancelled", ErrorKind::Cancelled);
        if (tooLarge) {
            const QString limit = endpoint.maxResponseBytes >= (qint64(1) << 20)
                                      ? QStringLiteral("%1 MiB").arg(endpoint.maxResponseBytes >> 20)
                                      : QStringLiteral("%1 bytes").arg(endpoint.maxResponseBytes);
            const QString message =
                QStringLiteral("%1 sent an answer larger than %2 to %3; refused").arg(server, limit, path);
            return makeError(message.toStdString(), ErrorKind::Corrupt);
        }
        if (response.status == 0) {
            const QString why = response.stalled
                                    ? QStringLiteral("no answer for %1 s").arg(endpoint.timeoutMs / 1000.0)
                                    : response.errorString;
            const QString message =
                QStringLiteral("Cannot reach %1 (%2): %3. Is the vLLM server running, and is the URL right?")
                    .arg(server, path, why);
            return makeError(message.toStdString(), ErrorKind::Io);
        }
        if (response.isSuccess())
            return answer;
        const bool busy = response.status == 429 || response.status == 503;
        if (!busy || attempt >= endpoint.maxAttempts) {
            QString message = QStringLiteral("%1 refused %2: %3")
                                  .arg(server, path, describeErrorBody(response.status, response.body));
            if (busy)
                message += QStringLiteral(" (still busy after %1 tries)").arg(attempt);
            if (response.status == 401 || response.status == 403)
                message += endpoint.token.isEmpty()
                               ? QStringLiteral(" (the server wants a token: --model-token)")
                               : QStringLiteral(" (check the token)");
            return makeError(message.toStdString(), ErrorKind::Io);
        }
        if (!hub::waitUnlessCancelled(retryDelayMs(endpoint, attempt, response.header("Retry-After")),
                                      endpoint.cancelled))
            return makeError("cancelled", ErrorKind::Cancelled);
    }
}

Result<ServedModel> findServedModel(const RemoteEndpoint &endpoint)
{
    const QString server = serverName(endpoint);
    auto listed = callServer(endpoint, QStringLiteral("/v1/models"));
    if (!listed)
        return listed.error();
    auto served = parseModelList(*listed, server);
    if (!served)
        return served.error();
    return chooseServedModel(*served, endpoint.model, server);
}

} // namespace cortex::remote
