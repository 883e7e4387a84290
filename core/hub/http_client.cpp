#include "hub/http_client.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QNetworkProxyFactory>
#include <QNetworkRequest>
#include <QTimer>

#include <mutex>

namespace cortex::hub {

namespace {

constexpr qint64 kMaxBufferedBody = 16 * 1024 * 1024;
constexpr int kCancelPollMs = 100;

void useSystemProxyOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { QNetworkProxyFactory::setUseSystemConfiguration(true); });
}

} // namespace

QByteArray HttpResponse::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

HttpClient::HttpClient(const QString &endpoint, const QString &token, int stallTimeoutMs,
                       CancelPredicate cancelled)
    : endpoint_(endpoint), token_(token), stallTimeoutMs_(stallTimeoutMs), cancelled_(std::move(cancelled))
{
    useSystemProxyOnce();
}

bool HttpClient::tokenGoesTo(const QUrl &url) const
{
    return !token_.isEmpty() && url.scheme() == endpoint_.scheme() && url.host() == endpoint_.host() &&
           url.port(url.scheme() == QStringLiteral("https") ? 443 : 80) ==
               endpoint_.port(endpoint_.scheme() == QStringLiteral("https") ? 443 : 80);
}

HttpResponse HttpClient::send(const QByteArray &verb, const QUrl &url, const HeaderList &headers,
                              const BodySink &sink, const QByteArray &body)
{
    HttpResponse response;
    response.url = url;
    if (isCancelled(cancelled_)) {
        response.cancelled = true;
        return response;
    }

    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setHeader(
        QNetworkRequest::UserAgentHeader,
        QStringLiteral("cortex/%1; hf_hub-compatible").arg(QCoreApplication::applicationVersion()));
    request.setRawHeader("Accept-Encoding", "identity");
    if (tokenGoesTo(url))
        request.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);

    QNetworkReply *reply = body.isEmpty() ? manager_.sendCustomRequest(request, verb)
                                          : manager_.sendCustomRequest(request, verb, body);
    QEventLoop loop;
    QTimer stallTimer;
    stallTimer.setSingleShot(true);
    QTimer cancelTimer;

    bool statusKnown = false;
    const auto readStatus = [&] {
        if (statusKnown)
            return;
        const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        if (status.isValid()) {
            response.status = status.toInt();
            statusKnown = true;
        }
    };
    const auto drain = [&] {
        readStatus();
        const QByteArray chunk = reply->readAll();
        if (chunk.isEmpty())
            return;
        stallTimer.start(stallTimeoutMs_);
        if (sink && response.isSuccess()) {
            response.bodyBytes += chunk.size();
            if (!sink(chunk, response.status)) {
                response.sinkRefused = true;
                reply->abort();
            }
        } else if (response.body.size() < kMaxBufferedBody) {
            response.body.append(chunk);
        }
    };

    QObject::connect(reply, &QNetworkReply::readyRead, &loop, drain);
    QObject::connect(reply, &QNetworkReply::metaDataChanged, &loop, readStatus);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&stallTimer, &QTimer::timeout, &loop, [&] {
        response.stalled = true;
        reply->abort();
    });
    QObject::connect(&cancelTimer, &QTimer::timeout, &loop, [&] {
        if (isCancelled(cancelled_)) {
            response.cancelled = true;
            reply->abort();
        }
    });
    stallTimer.start(stallTimeoutMs_);
    cancelTimer.start(kCancelPollMs);
    if (!reply->isFinished())
        loop.exec();
    if (!response.sinkRefused && !response.cancelled && !response.stalled)
        drain();
    readStatus();
    response.headers = reply->rawHeaderPairs();
    response.networkError = reply->error();
    response.errorString = reply->errorString();
    // Qt reports HTTP error statuses as network errors too; only errors without an answer matter here.
    if (response.networkError >= QNetworkReply::ContentAccessDenied &&
        response.networkError <= QNetworkReply::UnknownServerError && response.status != 0)
        response.networkError = QNetworkReply::NoError;
    delete reply; // finished, and no signal of it is being delivered now
    return response;
}

} // namespace cortex::hub
