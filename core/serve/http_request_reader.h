#pragma once
// An incremental HTTP/1.x request reader, fed the bytes of one connection as they come, that keeps at most
// HttpLimits::maxHeaderBytes of head and a body no longer than a Content-Length already checked against
// HttpLimits::maxBodyBytes: a hostile client costs bounded memory and linear time, whatever it sends.
// No sockets, so every good and bad request is testable as bytes (tests/serve/test_http_request_reader).
//
// What it refuses, with the status to answer (and then close: the stream is in doubt after any of them):
// a request line that is not METHOD SP /origin-form SP HTTP/1.x (400; another version 505; a target
// longer than the head limit 414), a bad percent escape (400), a header line without a colon, with
// space before the colon, folded or with control bytes (400), more head than the limit or more headers
// than the count (431), no Host in HTTP/1.1 (400), Content-Length not digits or given twice (400) or
// above the cap (413), a POST/PUT/PATCH without Content-Length (411), any Transfer-Encoding (501:
// chunked bodies are not read, so that one length check covers every body), an Expect other than
// 100-continue (417).

#include "serve/http_limits.h"
#include "serve/http_types.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace cortex::serve {

class HttpRequestReader {
public:
    enum class Progress { NeedMore, Complete, Error };
    struct Step {
        Progress progress = Progress::NeedMore;
        qsizetype consumed = 0; // bytes of the input used; the rest belongs to the next request
    };

    explicit HttpRequestReader(HttpLimits limits = {});

    // Reads what it can of `bytes`. After Complete or Error it consumes nothing until reset().
    Step feed(QByteArrayView bytes);
    void reset();

    // True once the head (request line and headers) is read and valid: the server may then check the
    // token and the route, and answer 100 Continue, before the body comes.
    bool headComplete() const { return state_ == State::Body || state_ == State::Done; }
    bool started() const { return headBytesSeen_ > 0; }
    bool expectsContinue() const { return expectsContinue_; }
    bool keepAlive() const { return keepAlive_; }
    qint64 contentLength() const { return contentLength_; }
    qint64 bodyBytesRead() const { return request_.body.size(); }

    // Valid after Complete; the body and headers move out with takeRequest().
    const HttpRequest &request() const { return request_; }
    HttpRequest takeRequest();

    // After Error: the status to answer and why, for HttpResponse::error.
    int errorStatus() const { return errorStatus_; }
    const QString &errorMessage() const { return errorMessage_; }

private:
    enum class State { Head, Body, Done, Failed };

    Step fail(int status, QString message, qsizetype consumed);
    bool parseHead(); // sets the error on failure
    bool parseRequestLine(QByteArrayView line);
    bool parseHeaderLine(QByteArrayView line);
    bool checkHeaders();
    bool setError(int status, QString message);

    HttpLimits limits_;
    State state_ = State::Head;
    QByteArray head_;
    qsizetype headBytesSeen_ = 0;
    HttpRequest request_;
    QByteArray version_;
    qint64 contentLength_ = 0;
    bool expectsContinue_ = false;
    bool keepAlive_ = true;
    int errorStatus_ = 0;
    QString errorMessage_;
};

// Percent-decodes a request path; false on a '%' not followed by two hex digits or a decoded NUL.
bool percentDecodePath(QByteArrayView encoded, QByteArray *decoded);

} // namespace cortex::serve
