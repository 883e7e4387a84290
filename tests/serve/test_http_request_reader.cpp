// The HTTP request reader (serve/http_request_reader.h) without sockets: good requests are read whole
// (fed at once and byte by byte alike), every malformed or oversized one is refused with its status, a
// declared body above the cap is refused before one body byte is read, and nothing after a request is
// taken from the next one.

#include "serve/http_request_reader.h"

#include <QTest>

using namespace cortex::serve;
using Progress = HttpRequestReader::Progress;

namespace {

HttpLimits smallLimits()
{
    HttpLimits limits;
    limits.maxBodyBytes = 100;
    limits.maxHeaderBytes = 1024;
    limits.maxHeaderCount = 10;
    return limits;
}

// The status the reader gives: 200 for a complete request, 0 for one it still waits on, else its error.
int statusOf(HttpRequestReader &reader, const QByteArray &bytes, bool byteByByte)
{
    qsizetype offset = 0;
    HttpRequestReader::Step step;
    do {
        const qsizetype size = byteByByte ? 1 : bytes.size() - offset;
        step = reader.feed(QByteArrayView(bytes).sliced(offset, qMin(size, bytes.size() - offset)));
        offset += step.consumed;
    } while (step.progress == Progress::NeedMore && offset < bytes.size());
    if (step.progress == Progress::Complete)
        return 200;
    if (step.progress == Progress::Error)
        return reader.errorStatus();
    return 0;
}

QByteArray repeated(const char *text, int count)
{
    return QByteArray(text).repeated(count);
}

} // namespace

class TestHttpRequestReader : public QObject {
    Q_OBJECT

private slots:
    void requests_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");

        // Read whole.
        QTest::newRow("GET") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << 200;
        QTest::newRow("GET with query")
            << QByteArray("GET /v1/search?q=a%20b&k=3 HTTP/1.1\r\nHost: x\r\n\r\n") << 200;
        QTest::newRow("POST with body")
            << QByteArray("POST /v1/e HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello") << 200;
        QTest::newRow("POST empty body")
            << QByteArray("POST /v1/e HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n") << 200;
        QTest::newRow("body at the cap")
            << "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + QByteArray(100, 'a') << 200;
        QTest::newRow("HTTP/1.0 without Host") << QByteArray("GET / HTTP/1.0\r\n\r\n") << 200;
        QTest::newRow("bare LF line ends") << QByteArray("GET / HTTP/1.1\nHost: x\n\n") << 200;
        QTest::newRow("empty lines before") << QByteArray("\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n") << 200;
        QTest::newRow("value with obs-text and tab")
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-Name: caf\xc3\xa9\tbar\r\n\r\n") << 200;
        QTest::newRow("Expect 100-continue")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\n"
                          "Content-Length: 2\r\n\r\nhi")
            << 200;
        QTest::newRow("ten headers") << "GET / HTTP/1.1\r\nHost: x\r\n" + repeated("A: b\r\n", 9) + "\r\n"
                                     << 200;
        QTest::newRow("head not finished") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n") << 0;
        QTest::newRow("body not finished")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nabc") << 0;

        // The request line.
        QTest::newRow("no Host in 1.1") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
        QTest::newRow("two Hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
        QTest::newRow("two spaces") << QByteArray("GET  / HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("no version") << QByteArray("GET /\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("only a word") << QByteArray("HELLO\r\n\r\n") << 400;
        QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
        QTest::newRow("not HTTP") << QByteArray("GET / FOO/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("lower-case version") << QByteArray("GET / http/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("bad method") << QByteArray("G(T / HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("long method") << repeated("G", 40) + " / HTTP/1.1\r\nHost: x\r\n\r\n" << 400;
        QTest::newRow("absolute form") << QByteArray("GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("asterisk") << QByteArray("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("fragment") << QByteArray("GET /a#b HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("control byte in target")
            << QByteArray("GET /a\x01 HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("8-bit byte in target")
            << QByteArray("GET /caf\xc3\xa9 HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("bad escape") << QByteArray("GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("cut escape") << QByteArray("GET /a%2 HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("escaped NUL") << QByteArray("GET /a%00b HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("bad escape in query") << QByteArray("GET /a?q=%g1 HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
        QTest::newRow("request line too long")
            << "GET /" + QByteArray(2000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n"
            << 414;

        // Headers.
        QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n") << 400;
        QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
        QTest::newRow("empty name") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n") << 400;
        QTest::newRow("folded line") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n c\r\n\r\n") << 400;
        QTest::newRow("NUL in value")
            << "GET / HTTP/1.1\r\nHost: x\r\nA: b" + QByteArray(1, '\0') + "c\r\n\r\n"
            << 400;
        QTest::newRow("bare CR") << QByteArray("GET / HTTP/1.1\r\nHost: x\rA: b\r\n\r\n") << 400;
        QTest::newRow("eleven headers") << "GET / HTTP/1.1\r\nHost: x\r\n" + repeated("A: b\r\n", 10) + "\r\n"
                                        << 431;
        QTest::newRow("header flood") << "GET / HTTP/1.1\r\nHost: x\r\n" + repeated("A: b\r\n", 1000) + "\r\n"
                                      << 431;
        QTest::newRow("one long header")
            << "GET / HTTP/1.1\r\nHost: x\r\nA: " + QByteArray(2000, 'b') + "\r\n\r\n"
            << 431;
        QTest::newRow("endless empty lines") << repeated("\r\n", 2000) << 414;

        // Bodies.
        QTest::newRow("body above the cap")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n") << 413;
        QTest::newRow("50 MB declared")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 52428800\r\n\r\n") << 413;
        QTest::newRow("length beyond 64 bits")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n")
            << 413;
        QTest::newRow("negative length")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n") << 400;
        QTest::newRow("length not a number")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1e3\r\n\r\n") << 400;
        QTest::newRow("empty length")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n\r\n") << 400;
        QTest::newRow("length list") << QByteArray(
                                            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1, 1\r\n\r\na")
                                     << 400;
        QTest::newRow("two lengths, same")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\na")
            << 400;
        QTest::newRow("two lengths, different")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")
            << 400;
        QTest::newRow("POST without length") << QByteArray("POST / HTTP/1.1\r\nHost: x\r\n\r\nhello") << 411;
        QTest::newRow("PUT without length") << QByteArray("PUT / HTTP/1.1\r\nHost: x\r\n\r\n") << 411;
        QTest::newRow("chunked") << QByteArray(
                                        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                        "5\r\nhello\r\n0\r\n\r\n")
                                 << 501;
        QTest::newRow("chunked and length")
            << QByteArray(
                   "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n")
            << 501;
        QTest::newRow("unknown expectation")
            << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nExpect: magic\r\nContent-Length: 1\r\n\r\na") << 417;
    }

    void requests()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        for (const bool byteByByte : {false, true}) {
            HttpRequestReader reader(smallLimits());
            const int got = statusOf(reader, bytes, byteByByte);
            QVERIFY2(got == status,
                     qPrintable(QStringLiteral("%1 (byte by byte: %2): status %3, expected %4 (%5)")
                                    .arg(QString::fromLatin1(QTest::currentDataTag()))
                                    .arg(byteByByte)
                                    .arg(got)
                                    .arg(status)
                                    .arg(reader.errorMessage())));
            if (status >= 400)
                QVERIFY(!reader.errorMessage().isEmpty());
        }
    }

    void requestIsParsed()
    {
        HttpRequestReader reader(smallLimits());
        const QByteArray bytes =
            "POST /v1/a%20b/%C3%A9?q=x%20y&k=3 HTTP/1.1\r\nHost: x\r\nX-Mixed-Case:  spaced \r\n"
            "Content-Length: 5\r\n\r\nhello";
        const auto step = reader.feed(bytes);
        QCOMPARE(step.progress, Progress::Complete);
        QCOMPARE(step.consumed, bytes.size());
        const HttpRequest request = reader.takeRequest();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path, QByteArray("/v1/a b/\xc3\xa9"));
        QCOMPARE(request.query.queryItemValue(QStringLiteral("q")), QStringLiteral("x y"));
        QCOMPARE(request.query.queryItemValue(QStringLiteral("k")), QStringLiteral("3"));
        QCOMPARE(request.header("x-mixed-case"), QByteArray("spaced"));
        QCOMPARE(request.headers.size(), 3);
        QCOMPARE(request.body, QByteArray("hello"));
    }

    // A declared body above the cap is refused with the head: not one body byte is asked for or kept.
    void oversizedBodyRefusedBeforeItIsRead()
    {
        HttpRequestReader reader(smallLimits());
        const QByteArray head = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 52428800\r\n\r\n";
        const auto step = reader.feed(QByteArray(head + QByteArray(1000, 'x')));
        QCOMPARE(step.progress, Progress::Error);
        QCOMPARE(step.consumed, head.size());
        QCOMPARE(reader.errorStatus(), 413);
        QCOMPARE(reader.bodyBytesRead(), 0);
        QVERIFY(reader.errorMessage().contains(QStringLiteral("100 bytes")));
        QCOMPARE(reader.feed("more").consumed, 0);
    }

    // The head is known before the body: the server checks the token and answers 100 Continue then.
    void headCompleteBeforeBody()
    {
        HttpRequestReader reader(smallLimits());
        auto step =
            reader.feed("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
        QCOMPARE(step.progress, Progress::NeedMore);
        QVERIFY(reader.headComplete());
        QVERIFY(reader.expectsContinue());
        QCOMPARE(reader.contentLength(), 4);
        step = reader.feed("bodyGET");
        QCOMPARE(step.progress, Progress::Complete);
        QCOMPARE(step.consumed, 4);
        QCOMPARE(reader.request().body, QByteArray("body"));
    }

    // Pipelined requests: each read takes only its own bytes, and the reader starts over after reset().
    void pipelinedRequestsStayApart()
    {
        const QByteArray first = "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc";
        const QByteArray second = "GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        QByteArray stream = first + second;
        HttpRequestReader reader(smallLimits());
        auto step = reader.feed(stream);
        QCOMPARE(step.progress, Progress::Complete);
        QCOMPARE(step.consumed, first.size());
        QCOMPARE(reader.request().path, QByteArray("/a"));
        QVERIFY(reader.keepAlive());
        QCOMPARE(reader.feed(stream.sliced(step.consumed)).consumed, 0); // nothing until reset()
        stream.remove(0, step.consumed);
        reader.reset();
        step = reader.feed(stream);
        QCOMPARE(step.progress, Progress::Complete);
        QCOMPARE(step.consumed, second.size());
        QCOMPARE(reader.request().path, QByteArray("/b"));
        QVERIFY(!reader.keepAlive());
    }

    void keepAlive_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("keepAlive");
        QTest::newRow("1.1") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << true;
        QTest::newRow("1.1 close") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nConnection: Close\r\n\r\n")
                                   << false;
        QTest::newRow("1.1 close in a list")
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nConnection: te, close\r\n\r\n") << false;
        QTest::newRow("1.0") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
        QTest::newRow("1.0 keep-alive")
            << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true;
    }

    void keepAlive()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, keepAlive);
        HttpRequestReader reader(smallLimits());
        QCOMPARE(reader.feed(bytes).progress, Progress::Complete);
        QCOMPARE(reader.keepAlive(), keepAlive);
    }

    void percentDecoding_data()
    {
        QTest::addColumn<QByteArray>("encoded");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QByteArray>("decoded");
        QTest::newRow("plain") << QByteArray("/v1/items") << true << QByteArray("/v1/items");
        QTest::newRow("space") << QByteArray("/a%20b") << true << QByteArray("/a b");
        QTest::newRow("lower-case hex") << QByteArray("/%2f%c3%a9") << true << QByteArray("//\xc3\xa9");
        QTest::newRow("percent at the end") << QByteArray("/a%") << false << QByteArray();
        QTest::newRow("one digit at the end") << QByteArray("/a%4") << false << QByteArray();
        QTest::newRow("not hex") << QByteArray("/%4G") << false << QByteArray();
        QTest::newRow("NUL") << QByteArray("/%00") << false << QByteArray();
    }

    void percentDecoding()
    {
        QFETCH(QByteArray, encoded);
        QFETCH(bool, valid);
        QFETCH(QByteArray, decoded);
        QByteArray result;
        QCOMPARE(percentDecodePath(encoded, &result), valid);
        if (valid)
            QCOMPARE(result, decoded);
    }
};

QTEST_GUILESS_MAIN(TestHttpRequestReader)
#include "test_http_request_reader.moc"
