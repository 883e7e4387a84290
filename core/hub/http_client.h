#pragma once
// One HTTP request at a time, blocking, for the downloader's and the remote models' worker threads: runs a
// local event loop until the answer is complete, aborts on cancellation or when no byte arrived for the stall
// timeout, never follows redirects itself (the caller needs the Hub's headers on the redirect, and decides
// whether the token may follow it), and asks for the identity encoding so that Range offsets are
// offsets into the file.

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QString>
#include <QUrl>

#include <functional>
#include <utility>

#include "common/progress.h"

namespace cortex::hub {

struct HttpResponse {
    int status = 0; // 0: no HTTP answer (see networkError)
    QNetworkReply::NetworkError networkError = QNetworkReply::NoError;
    QString errorString;
    bool cancelled = false;
    bool stalled = false;
    bool sinkRefused = false; // the body sink failed (disk full, ...)
    QUrl url;
    QList<QNetworkReply::RawHeaderPair> headers;
    QByteArray body;      // non-2xx answers, and 2xx answers without a sink (capped at 16 MiB)
    qint64 bodyBytes = 0; // bytes handed to the sink

    QByteArray header(const QByteArray &name) const; // case-insensitive; empty when absent
    bool isRedirect() const { return status >= 300 && status < 400; }
    bool isSuccess() const { return status >= 200 && status < 300; }
};

// Receives the body of a 2xx answer chunk by chunk, with the answer's status (200 or 206); false aborts.
using BodySink = std::function<bool(const QByteArray &chunk, int status)>;
using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

class HttpClient {
public:
    // The token is sent only to URLs on the endpoint's scheme, host and port.
    HttpClient(const QString &endpoint, const QString &token, int stallTimeoutMs, CancelPredicate cancelled);

    // `body` is sent as the request's content (a JSON request to a model server); empty: none.
    HttpResponse send(const QByteArray &verb, const QUrl &url, const HeaderList &headers = {},
                      const BodySink &sink = {}, const QByteArray &body = {});
    bool tokenGoesTo(const QUrl &url) const;

private:
    QNetworkAccessManager manager_;
    QUrl endpoint_;
    QString token_;
    int stallTimeoutMs_;
    CancelPredicate cancelled_;
};

} // namespace cortex::hub
