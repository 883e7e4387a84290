#include "serve/http_request_reader.h"

#include <utility>

namespace cortex::serve {

namespace {

constexpr int kMaxMethodLength = 32;
// 19 digits overflow qint64 for some values; any Content-Length this long is far above every cap.
constexpr int kMaxLengthDigits = 18;

// RFC 9110 tchar: the characters of a method or a header name.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text)
        if (!isTokenChar(c))
            return false;
    return true;
}

// A header value may hold tabs, visible ASCII, spaces and bytes above 0x7F (obs-text), nothing else.
bool isFieldValue(QByteArrayView value)
{
    for (char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte != '\t' && (byte < 0x20 || byte == 0x7F))
            return false;
    }
    return true;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool hasValidEscapes(QByteArrayView text)
{
    for (qsizetype i = 0; i < text.size(); ++i)
        if (text[i] == '%' &&
            (i + 2 >= text.size() || hexValue(text[i + 1]) < 0 || hexValue(text[i + 2]) < 0))
            return false;
    return true;
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

// The comma-separated tokens of a Connection header, lower-cased.
bool hasConnectionOption(const HttpRequest &request, QByteArrayView option)
{
    for (const auto &[name, value] : request.headers) {
        if (name != "connection")
            continue;
        for (const QByteArray &part : value.split(','))
            if (trimmed(part).compare(option, Qt::CaseInsensitive) == 0)
                return true;
    }
    return false;
}

int headerCount(const HttpRequest &request, QByteArrayView name)
{
    int count = 0;
    for (const auto &header : request.headers)
        if (header.first == name)
            ++count;
    return count;
}

} // namespace

bool percentDecodePath(QByteArrayView encoded, QByteArray *decoded)
{
    decoded->clear();
    decoded->reserve(encoded.size());
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        char c = encoded[i];
        if (c == '%') {
            if (i + 2 >= encoded.size() || hexValue(encoded[i + 1]) < 0 || hexValue(encoded[i + 2]) < 0)
                return false;
            c = static_cast<char>(hexValue(encoded[i + 1]) * 16 + hexValue(encoded[i + 2]));
            if (c == '\0')
                return false;
            i += 2;
        }
        decoded->append(c);
    }
    return true;
}

HttpRequestReader::HttpRequestReader(HttpLimits limits) : limits_(limits) {}

void HttpRequestReader::reset()
{
    state_ = State::Head;
    head_.clear();
    headBytesSeen_ = 0;
    request_ = {};
    version_.clear();
    contentLength_ = 0;
    expectsContinue_ = false;
    keepAlive_ = true;
    errorStatus_ = 0;
    errorMessage_.clear();
}

HttpRequest HttpRequestReader::takeRequest()
{
    return std::exchange(request_, HttpRequest{});
}

bool HttpRequestReader::setError(int status, QString message)
{
    state_ = State::Failed;
    errorStatus_ = status;
    errorMessage_ = std::move(message);
    keepAlive_ = false;
    return false;
}

HttpRequestReader::Step HttpRequestReader::fail(int status, QString message, qsizetype consumed)
{
    setError(status, std::move(message));
    return {Progress::Error, consumed};
}

HttpRequestReader::Step HttpRequestReader::feed(QByteArrayView bytes)
{
    if (state_ == State::Done)
        return {Progress::Complete, 0};
    if (state_ == State::Failed)
        return {Progress::Error, 0};

    qsizetype used = 0;
    if (state_ == State::Head) {
        // Byte by byte up to the blank line: the head is at most maxHeaderBytes, and nothing after it
        // (a body, a pipelined request) is touched.
        while (used < bytes.size() && state_ == State::Head) {
            const char c = bytes[used++];
            if (++headBytesSeen_ > limits_.maxHeaderBytes) {
                if (!head_.contains('\n'))
                    return fail(414,
                                QStringLiteral("the request line is longer than %1 bytes")
                                    .arg(limits_.maxHeaderBytes),
                                used);
                return fail(431,
                            QStringLiteral("the request headers are longer than %1 bytes")
                                .arg(limits_.maxHeaderBytes),
                            used);
            }
            if (head_.isEmpty() && (c == '\r' || c == '\n'))
                continue; // empty lines before a request line are allowed (RFC 9112 2.2)
            // No control byte belongs in a head (a tab only in values, checked there): refused at once,
            // so that a TLS handshake or binary junk gets its 400 now rather than a 408 later.
            const auto byte = static_cast<unsigned char>(c);
            if ((byte < 0x20 && c != '\r' && c != '\n' && c != '\t') || byte == 0x7F)
                return fail(400,
                            QStringLiteral("the request holds a control byte (0x%1)")
                                .arg(byte, 2, 16, QLatin1Char('0')),
                            used);
            head_.append(c);
            if (c == '\n' && (head_.endsWith("\n\n") || head_.endsWith("\n\r\n"))) {
                if (!parseHead())
                    return {Progress::Error, used};
                head_.clear();
                head_.squeeze();
            }
        }
        if (state_ == State::Head)
            return {Progress::NeedMore, used};
    }

    if (state_ == State::Body) {
        const qint64 missing = contentLength_ - request_.body.size();
        const qsizetype take = static_cast<qsizetype>(qMin<qint64>(missing, bytes.size() - used));
        request_.body.append(bytes.sliced(used, take));
        used += take;
        if (request_.body.size() == contentLength_)
            state_ = State::Done;
    }
    return {state_ == State::Done ? Progress::Complete : Progress::NeedMore, used};
}

bool HttpRequestReader::parseHead()
{
    // The head without its blank line, split into lines that end in LF (a CR before it is dropped).
    QByteArrayView head(head_);
    head.chop(head.endsWith("\r\n") ? 2 : 1);
    bool first = true;
    while (!head.isEmpty()) {
        const qsizetype end = head.indexOf('\n');
        QByteArrayView line = end < 0 ? head : head.first(end);
        head = end < 0 ? QByteArrayView() : head.sliced(end + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.contains('\r'))
            return setError(400, QStringLiteral("a line of the request holds a CR that does not end it"));
        if (first ? !parseRequestLine(line) : !parseHeaderLine(line))
            return false;
        first = false;
    }
    return checkHeaders();
}

bool HttpRequestReader::parseRequestLine(QByteArrayView line)
{
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype lastSpace = line.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace == firstSpace)
        return setError(400, QStringLiteral("the request line is not \"METHOD /path HTTP/1.1\""));
    const QByteArrayView method = line.first(firstSpace);
    const QByteArrayView target = line.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    const QByteArrayView version = line.sliced(lastSpace + 1);

    if (!isToken(method) || method.size() > kMaxMethodLength)
        return setError(400, QStringLiteral("the request method is not a valid name"));
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        const bool looksLikeHttp = version.size() == 8 && version.startsWith("HTTP/") && version[5] >= '0' &&
                                   version[5] <= '9' && version[6] == '.' && version[7] >= '0' &&
                                   version[7] <= '9';
        if (looksLikeHttp)
            return setError(505, QStringLiteral("only HTTP/1.0 and HTTP/1.1 are served"));
        return setError(400, QStringLiteral("the request line is not \"METHOD /path HTTP/1.1\""));
    }
    if (target.isEmpty() || target.front() != '/')
        return setError(400, QStringLiteral("the request target is not a path starting with /"));
    for (char c : target)
        if (c <= 0x20 || c >= 0x7F || c == '#')
            return setError(400, QStringLiteral("the request target holds a byte that is not allowed there"));

    const qsizetype questionMark = target.indexOf('?');
    const QByteArrayView path = questionMark < 0 ? target : target.first(questionMark);
    const QByteArrayView query = questionMark < 0 ? QByteArrayView() : target.sliced(questionMark + 1);
    if (!percentDecodePath(path, &request_.path))
        return setError(400, QStringLiteral("the request path holds an invalid percent escape"));
    if (!hasValidEscapes(query))
        return setError(400, QStringLiteral("the request query holds an invalid percent escape"));
    request_.method = method.toByteArray();
    request_.query.setQuery(QString::fromLatin1(query.data(), query.size()));
    version_ = version.toByteArray();
    return true;
}

bool HttpRequestReader::parseHeaderLine(QByteArrayView line)
{
    if (!line.isEmpty() && (line.front() == ' ' || line.front() == '\t'))
        return setError(400, QStringLiteral("folded header lines are not accepted"));
    const qsizetype colon = line.indexOf(':');
    if (colon < 0)
        return setError(400, QStringLiteral("a header line has no colon"));
    const QByteArrayView name = line.first(colon);
    if (!isToken(name))
        return setError(400,
                        QStringLiteral("a header name is empty or holds a space or another byte not allowed "
                                       "there"));
    const QByteArrayView value = trimmed(line.sliced(colon + 1));
    if (!isFieldValue(value))
        return setError(400, QStringLiteral("the header %1 holds a control byte")
                                 .arg(QString::fromLatin1(name.data(), name.size())));
    if (request_.headers.size() >= limits_.maxHeaderCount)
        return setError(431,
                        QStringLiteral("the request has more than %1 headers").arg(limits_.maxHeaderCount));
    request_.headers.append({name.toByteArray().toLower(), value.toByteArray()});
    return true;
}

bool HttpRequestReader::checkHeaders()
{
    const bool http11 = version_ == "HTTP/1.1";
    const int hosts = headerCount(request_, "host");
    if (hosts > 1 || (http11 && hosts == 0))
        return setError(400, hosts == 0 ? QStringLiteral("an HTTP/1.1 request needs a Host header")
                                        : QStringLiteral("the request has more than one Host header"));
    if (headerCount(request_, "transfer-encoding") > 0)
        return setError(501,
                        QStringLiteral("Transfer-Encoding (chunked bodies) is not supported: send the body "
                                       "with a Content-Length"));

    const int lengths = headerCount(request_, "content-length");
    if (lengths > 1)
        return setError(400, QStringLiteral("the request has more than one Content-Length header"));
    if (lengths == 1) {
        const QByteArray value = request_.header("content-length");
        if (value.isEmpty())
            return setError(400, QStringLiteral("the Content-Length header is empty"));
        for (char c : value)
            if (c < '0' || c > '9')
                return setError(400, QStringLiteral("the Content-Length header is not a number"));
        const QString cap =
            QStringLiteral("the request body is larger than the limit of %1 bytes").arg(limits_.maxBodyBytes);
        if (value.size() > kMaxLengthDigits)
            return setError(413, cap);
        contentLength_ = value.toLongLong();
        if (contentLength_ > limits_.maxBodyBytes)
            return setError(413, cap);
    } else if (request_.method == "POST" || request_.method == "PUT" || request_.method == "PATCH") {
        return setError(411, QStringLiteral("a %1 request needs a Content-Length header")
                                 .arg(QString::fromLatin1(request_.method)));
    }

    const QByteArray expect = request_.header("expect");
    if (http11 && !expect.isEmpty()) {
        if (expect.compare("100-continue", Qt::CaseInsensitive) != 0)
            return setError(417, QStringLiteral("only the expectation 100-continue is supported"));
        expectsContinue_ = contentLength_ > 0;
    }
    keepAlive_ =
        http11 ? !hasConnectionOption(request_, "close") : hasConnectionOption(request_, "keep-alive");
    state_ = contentLength_ > 0 ? State::Body : State::Done;
    return true;
}

} // namespace cortex::serve
