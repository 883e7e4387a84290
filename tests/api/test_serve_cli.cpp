// `cortex-cli serve` end to end with the tiny test model, over loopback: the embeddings equal the local
// engine's (cosine >= 0.9999), the rerank scores the local reranker's, a library made locally searched
// through the server (Cortex's own RemoteEncoder and RemoteScorer, --model-url/--reranker-url) gives the
// local search's hits; and the command wires the transport's defences (the token of its token file, the
// body limit, the idle timeout): a wrong or missing token, a 50 MB body, malformed JSON, a non-image, a
// slow client and one that vanishes mid-request are each answered, and the server keeps serving.

#include "embedding/qwen_models.h"
#include "remote/vllm_protocol.h"
#include "support/cli_run.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace cortex;

namespace {

struct Reply {
    int status = 0;
    QByteArray head;
    QByteArray body;
};

// One request on its own connection, read until the answer's Content-Length is in (bounded: 120 s).
Reply exchange(quint16 port, const QByteArray &bytes, int timeoutMs = 120'000)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(10'000))
        return {};
    socket.write(bytes);
    QByteArray received;
    QElapsedTimer clock;
    clock.start();
    for (;;) {
        const qsizetype end = received.indexOf("\r\n\r\n");
        if (end >= 0) {
            static const QRegularExpression length(QStringLiteral("(?i)content-length:\\s*(\\d+)"));
            const auto match = length.match(QString::fromLatin1(received.left(end)));
            const qsizetype bodyLength = match.hasMatch() ? match.captured(1).toLongLong() : 0;
            if (received.size() >= end + 4 + bodyLength) {
                Reply reply;
                reply.head = received.left(end);
                reply.body = received.mid(end + 4, bodyLength);
                reply.status = reply.head.mid(9, 3).toInt();
                return reply;
            }
        }
        if (clock.elapsed() > timeoutMs ||
            (socket.state() != QAbstractSocket::ConnectedState && !socket.bytesAvailable()))
            return {};
        socket.waitForReadyRead(1000);
        received += socket.readAll();
    }
}

QByteArray post(const QByteArray &path, const QByteArray &body, const QByteArray &token)
{
    QByteArray request =
        "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
    if (!token.isEmpty())
        request += "Authorization: Bearer " + token + "\r\n";
    return request + "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" +
           body;
}

QByteArray get(const QByteArray &path, const QByteArray &token)
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
           "\r\nConnection: close\r\n\r\n";
}

double cosine(const std::vector<float> &a, const std::vector<float> &b)
{
    double dot = 0, na = 0, nb = 0;
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
        dot += double(a[i]) * double(b[i]);
        na += double(a[i]) * double(a[i]);
        nb += double(b[i]) * double(b[i]);
    }
    return a.size() == b.size() && na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : -2;
}

model::Image gradient()
{
    model::Image image;
    image.width = 40;
    image.height = 28;
    image.channels = 3;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x)
            for (int c = 0; c < 3; ++c)
                image.pixels.push_back(uint8_t((x * 6 + y * 3 + c * 70) % 256));
    return image;
}

embedding::EncodeInput textInput(const std::string &text)
{
    embedding::EncodeInput input;
    input.text = text;
    return input;
}

} // namespace

class TestServeCli : public QObject {
    Q_OBJECT

    QTemporaryDir home_;
    QProcess server_;
    quint16 port_ = 0;
    QByteArray token_;

    QProcessEnvironment environment() const { return testing::isolatedEnvironment(home_); }

    QByteArray cli(const QStringList &arguments, int *code)
    {
        const testing::CliRun run =
            testing::runCli(QStringLiteral(CORTEX_BIN_DIR "/cortex-cli"), arguments, environment(), 300'000);
        *code = run.exitCode;
        if (*code != 0)
            qWarning("cortex-cli %s: %s", qPrintable(arguments.join(QLatin1Char(' '))), qPrintable(run.err));
        return run.out.toUtf8();
    }

    // Starts `cortex-cli serve` on a free port; returns the port it printed (0: it did not start).
    quint16 startServer(QProcess &process, const QStringList &arguments)
    {
        process.setProcessEnvironment(environment());
        process.start(
            QStringLiteral(CORTEX_BIN_DIR "/cortex-cli"),
            QStringList{QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")} +
                arguments);
        if (!process.waitForStarted(30'000))
            return 0;
        QByteArray line;
        QElapsedTimer clock;
        clock.start();
        while (!line.contains('\n') && clock.elapsed() < 300'000 && process.state() == QProcess::Running) {
            process.waitForReadyRead(1000);
            line += process.readAllStandardOutput();
        }
        if (!line.startsWith("listening on http://127.0.0.1:")) {
            qWarning("cortex-cli serve did not start: %s %s", line.constData(),
                     process.readAllStandardError().constData());
            return 0;
        }
        return quint16(line.trimmed().mid(line.lastIndexOf(':') + 1).toUInt());
    }

    bool stillServing() { return exchange(port_, get("/health", token_)).status == 200; }

private slots:
    void initTestCase()
    {
        QVERIFY(home_.isValid());
        const QString tokenFile = home_.filePath(QStringLiteral("token"));
        port_ = startServer(server_, {QStringLiteral("--model"), QStringLiteral(CORTEX_TINY_A_DIR),
                                      QStringLiteral("--reranker"), QStringLiteral(CORTEX_TINY_A_DIR),
                                      QStringLiteral("--token-file"), tokenFile,
                                      QStringLiteral("--max-body-mb"), QStringLiteral("8")});
        QVERIFY(port_ > 0);
        // The token was made on first start, readable by its user only.
        QFile file(tokenFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        token_ = file.readAll().trimmed();
        QCOMPARE(token_.size(), 43); // 32 bytes, base64url without padding
        QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
    }

    void cleanupTestCase()
    {
        if (server_.state() != QProcess::Running)
            return;
        server_.terminate(); // SIGTERM: a clean stop
        QVERIFY(server_.waitForFinished(60'000));
        QCOMPARE(server_.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server_.exitCode(), 0);
        QVERIFY(server_.readAllStandardError().contains("stopped serving"));
    }

    void embeddingsEqualTheLocalEngine()
    {
        auto local = embedding::QwenEncoder::load(CORTEX_TINY_A_DIR, {}, 0);
        QVERIFY2(local.ok(), local.ok() ? "" : local.error().message.c_str());
        const QString model = QString::fromStdString((*local)->identity().modelName);
        const std::vector<embedding::EncodeInput> texts = {
            textInput("The quarterly revenue chart shows growth."),
            textInput("A cat sleeps on the windowsill."), textInput(""),
            textInput("Ünïcödé, numbers 1 2 3 and punctuation!?")};
        double smallest = 2;
        for (const bool queries : {false, true}) {
            // (embedQueries would embed the empty text like an image-only query, with the document
            // instruction; the client does the same, so here the instruction is given.)
            auto expected = queries ? (*local)->embedWithInstruction(texts, embedding::kQueryInstruction)
                                    : (*local)->embedDocuments(texts);
            QVERIFY(expected.ok());
            const std::string instruction =
                queries ? embedding::kQueryInstruction : (*local)->identity().instruction;
            const Reply reply =
                exchange(port_, post("/v1/embeddings",
                                     remote::textEmbeddingRequest(model, texts, instruction), token_));
            QCOMPARE(reply.status, 200);
            auto served =
                remote::parseEmbeddingResponse(reply.body, texts.size(), 0, QStringLiteral("serve"));
            QVERIFY2(served.ok(), served.ok() ? "" : served.error().message.c_str());
            for (size_t k = 0; k < texts.size(); ++k) {
                smallest = std::min(smallest, cosine((*served)[k], (*expected)[k]));
            }
        }
        // An image, and an image with a caption, in the chat form.
        for (const bool caption : {false, true}) {
            embedding::EncodeInput input;
            input.images.push_back(gradient());
            input.text = caption ? "a gradient" : "";
            auto expected = (*local)->embedDocuments(std::span(&input, 1));
            QVERIFY(expected.ok());
            const Reply reply = exchange(
                port_,
                post("/v1/embeddings",
                     remote::chatEmbeddingRequest(model, input, (*local)->identity().instruction), token_));
            QCOMPARE(reply.status, 200);
            auto served = remote::parseEmbeddingResponse(reply.body, 1, 0, QStringLiteral("serve"));
            QVERIFY(served.ok());
            smallest = std::min(smallest, cosine(served->front(), expected->front()));
        }
        qInfo("smallest cosine between served and local embeddings: %.9f", smallest);
        QVERIFY2(smallest >= 0.9999, qPrintable(QString::number(smallest, 'f', 9)));
    }

    void rerankScoresEqualTheLocalReranker()
    {
        auto local = embedding::QwenScorer::load(CORTEX_TINY_A_DIR, {});
        QVERIFY(local.ok());
        const auto query = textInput("revenue growth");
        const std::vector<embedding::EncodeInput> documents = {
            textInput("The quarterly revenue chart shows growth."),
            textInput("A cat sleeps on the windowsill."), textInput("Revenue fell.")};
        auto expected = (*local)->score(query, documents);
        QVERIFY(expected.ok());
        const QString name = QString::fromStdString((*local)->name());
        const Reply rerank =
            exchange(port_, post("/v1/rerank", remote::rerankRequest(name, query, documents), token_));
        QCOMPARE(rerank.status, 200);
        auto served = remote::parseRerankResponse(rerank.body, documents.size(), QStringLiteral("serve"));
        QVERIFY(served.ok());
        const Reply score =
            exchange(port_, post("/score", remote::scoreRequest(name, query, documents), token_));
        QCOMPARE(score.status, 200);
        auto scored = remote::parseScoreResponse(score.body, documents.size(), QStringLiteral("serve"));
        QVERIFY(scored.ok());
        for (size_t k = 0; k < documents.size(); ++k) {
            QVERIFY2(std::abs((*served)[k] - (*expected)[k]) < 1e-6,
                     qPrintable(QString::number((*served)[k])));
            QVERIFY(std::abs((*scored)[k] - (*expected)[k]) < 1e-6);
        }
    }

    void aLocalLibrarySearchedThroughTheServerGivesTheLocalHits()
    {
        const QString docs = home_.filePath(QStringLiteral("docs"));
        QDir().mkpath(docs);
        const std::vector<std::pair<const char *, const char *>> files = {
            {"a.txt", "The quarterly revenue chart shows growth in every region."},
            {"b.txt", "A cat sleeps on the windowsill in the afternoon sun."},
            {"c.txt", "Revenue and profit tables for the third quarter."},
            {"d.txt", "Notes about gardening: tomatoes, basil and water."}};
        for (const auto &[name, text] : files) {
            QFile file(docs + QLatin1Char('/') + QLatin1String(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(text);
        }
        QImage picture(64, 48, QImage::Format_RGB888);
        for (int y = 0; y < 48; ++y)
            for (int x = 0; x < 64; ++x)
                picture.setPixelColor(x, y, QColor(x * 4, y * 5, (x + y) * 2));
        QVERIFY(picture.save(docs + QStringLiteral("/e.png")));
        const QString lib = home_.filePath(QStringLiteral("lib"));
        int code = -1;
        cli({QStringLiteral("ingest"), docs, QStringLiteral("--library"), lib, QStringLiteral("--model"),
             QStringLiteral(CORTEX_TINY_A_DIR)},
            &code);
        QCOMPARE(code, 0);
        const QStringList query = {QStringLiteral("search"),
                                   QStringLiteral("--text"),
                                   QStringLiteral("revenue"),
                                   QStringLiteral("--library"),
                                   lib,
                                   QStringLiteral("--json")};
        const QByteArray localOut =
            cli(query + QStringList{QStringLiteral("--model"), QStringLiteral(CORTEX_TINY_A_DIR),
                                    QStringLiteral("--reranker"), QStringLiteral(CORTEX_TINY_A_DIR)},
                &code);
        QCOMPARE(code, 0);
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(port_);
        const QString token = QString::fromLatin1(token_);
        const QByteArray servedOut =
            cli(query + QStringList{QStringLiteral("--model-url"), url, QStringLiteral("--model-name"),
                                    QStringLiteral("tiny-a"), QStringLiteral("--model-token"), token,
                                    QStringLiteral("--reranker-url"), url, QStringLiteral("--reranker-name"),
                                    QStringLiteral("tiny-a"), QStringLiteral("--reranker-token"), token},
                &code);
        QCOMPARE(code, 0);
        const QJsonObject localResult = QJsonDocument::fromJson(localOut).object();
        const QJsonObject servedResult = QJsonDocument::fromJson(servedOut).object();
        QVERIFY(localResult.value(QStringLiteral("reranked")).toBool());
        QVERIFY(servedResult.value(QStringLiteral("reranked")).toBool());
        const QJsonArray localHits = localResult.value(QStringLiteral("hits")).toArray();
        const QJsonArray servedHits = servedResult.value(QStringLiteral("hits")).toArray();
        QVERIFY(localHits.size() >= 3);
        compareHits(localHits, servedHits);

        // POST /v1/search of a server of that library gives the same hits (the server holds the library,
        // so the local searches above ran first).
        QProcess libraryServer;
        const quint16 port =
            startServer(libraryServer, {QStringLiteral("--library"), lib, QStringLiteral("--reranker"),
                                        QStringLiteral(CORTEX_TINY_A_DIR), QStringLiteral("--token-file"),
                                        home_.filePath(QStringLiteral("token"))});
        QVERIFY(port > 0);
        const Reply reply =
            exchange(port, post("/v1/search", "{\"query\": \"revenue\", \"rerank\": true}", token_));
        QCOMPARE(reply.status, 200);
        const QJsonObject apiResult = QJsonDocument::fromJson(reply.body).object();
        QVERIFY(apiResult.value(QStringLiteral("reranked")).toBool());
        compareHits(localHits, apiResult.value(QStringLiteral("hits")).toArray());
        const Reply bad =
            exchange(port, post("/v1/search", "{\"query\": \"x\", \"types\": [\"video\"]}", token_));
        QCOMPARE(bad.status, 400);
        const Reply noCollection =
            exchange(port, post("/v1/search", "{\"query\": \"x\", \"collections\": [\"nope\"]}", token_));
        QCOMPARE(noCollection.status, 404);
        // The thumbnail of an image item (PNG); a text item has none; an unknown item is not found.
        const Reply images = exchange(
            port, post("/v1/search", "{\"query\": \"picture\", \"types\": [\"image\"], \"rerank\": false}",
                       token_));
        QCOMPARE(images.status, 200);
        const QJsonArray imageHits = QJsonDocument::fromJson(images.body)[QStringLiteral("hits")].toArray();
        QCOMPARE(imageHits.size(), qsizetype(1));
        const QByteArray imageItem = QByteArray::number(imageHits[0][QStringLiteral("item")].toInteger());
        const Reply thumbnail = exchange(port, get("/v1/items/" + imageItem + "/thumbnail", token_));
        QCOMPARE(thumbnail.status, 200);
        QVERIFY(thumbnail.head.toLower().contains("content-type: image/png"));
        QVERIFY(thumbnail.body.startsWith("\x89PNG"));
        const QByteArray textItem = QByteArray::number(localHits[0][QStringLiteral("item")].toInteger());
        QCOMPARE(exchange(port, get("/v1/items/" + textItem + "/thumbnail", token_)).status, 404);
        QCOMPARE(exchange(port, get("/v1/items/999999/thumbnail", token_)).status, 404);
        QCOMPARE(exchange(port, get("/v1/items/x1/thumbnail", token_)).status, 404);
        // The ingestion that made the library: one finished job of five files.
        const Reply ingestion = exchange(port, get("/v1/ingestion", token_));
        QCOMPARE(ingestion.status, 200);
        const QJsonArray jobs = QJsonDocument::fromJson(ingestion.body)[QStringLiteral("jobs")].toArray();
        QCOMPARE(jobs.size(), qsizetype(1));
        QCOMPARE(jobs[0][QStringLiteral("state")].toString(), QStringLiteral("finished"));
        QCOMPARE(jobs[0][QStringLiteral("indexed")].toInt(), 5);
        libraryServer.terminate();
        QVERIFY(libraryServer.waitForFinished(60'000));
        QCOMPARE(libraryServer.exitCode(), 0);
    }

    void withoutALibraryTheLibraryRoutes404()
    {
        for (const QByteArray &request :
             {post("/v1/search", "{\"query\": \"revenue\"}", token_), get("/v1/ingestion", token_),
              get("/v1/items/1/thumbnail", token_)}) {
            const Reply reply = exchange(port_, request);
            QCOMPARE(reply.status, 404);
            QVERIFY(reply.body.contains("--library"));
        }
    }

private:
    static void compareHits(const QJsonArray &localHits, const QJsonArray &servedHits)
    {
        QCOMPARE(servedHits.size(), localHits.size());
        for (qsizetype k = 0; k < localHits.size(); ++k) {
            const QJsonObject a = localHits[k].toObject(), b = servedHits[k].toObject();
            QCOMPARE(b.value(QStringLiteral("item")), a.value(QStringLiteral("item")));
            QCOMPARE(b.value(QStringLiteral("path")), a.value(QStringLiteral("path")));
            for (const QString &key : {QStringLiteral("vector_similarity"), QStringLiteral("rerank_score")})
                QVERIFY2(std::abs(a.value(key).toDouble() - b.value(key).toDouble()) < 1e-5, qPrintable(key));
        }
    }

private slots:
    void hostileRequestsAreAnsweredAndTheServerKeepsServing_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        const QByteArray body = "{\"input\": \"x\"}";
        QTest::newRow("missing token") << post("/v1/embeddings", body, {}) << 401;
        QTest::newRow("wrong token") << post("/v1/embeddings", body, "not-the-token") << 401;
        QTest::newRow("malformed JSON") << QByteArray() << 400; // filled in below (needs the token)
        QTest::newRow("not an image") << QByteArray() << 400;
        QTest::newRow("50 MB body") << QByteArray() << 413;
        QTest::newRow("unknown route") << QByteArray() << 404;
    }

    void hostileRequestsAreAnsweredAndTheServerKeepsServing()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        const QByteArray tag = QTest::currentDataTag();
        if (tag == "malformed JSON")
            request = post("/v1/embeddings", "{\"input\": [\"a\",", token_);
        else if (tag == "not an image")
            request =
                post("/v1/embeddings",
                     "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{"
                     "\"url\":\"data:image/png;base64," +
                         QByteArray("%PDF-1.4 not an image").toBase64() + "\"}}]}]}",
                     token_);
        else if (tag == "50 MB body") // the head only: the answer comes before any body byte is read
            request = "POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token_ +
                      "\r\nContent-Length: 52428800\r\n\r\n";
        else if (tag == "unknown route")
            request = get("/v1/nothing-here", token_);
        const Reply reply = exchange(port_, request);
        QCOMPARE(reply.status, status);
        QVERIFY2(QJsonDocument::fromJson(reply.body)[QStringLiteral("error")][QStringLiteral("message")]
                     .isString(),
                 reply.body.constData());
        if (tag == "not an image")
            QVERIFY(reply.body.contains("messages[0].content[0]"));
        QVERIFY(stillServing());
    }

    void aSlowClientIsCutOffWhileOthersAreServed()
    {
        QTcpSocket slow;
        slow.connectToHost(QStringLiteral("127.0.0.1"), port_);
        QVERIFY(slow.waitForConnected(10'000));
        slow.write("POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nContent-Le");
        QVERIFY(slow.waitForBytesWritten(10'000));
        QVERIFY(stillServing()); // served while the slow one dawdles
        // The server's idle timeout (15 s) answers it 408 and closes.
        QByteArray received;
        QElapsedTimer clock;
        clock.start();
        while (slow.state() == QAbstractSocket::ConnectedState && clock.elapsed() < 60'000) {
            slow.waitForReadyRead(1000);
            received += slow.readAll();
        }
        received += slow.readAll();
        QVERIFY2(received.startsWith("HTTP/1.1 408"), received.constData());
        QVERIFY(stillServing());
    }

    void aClientThatVanishesMidRequestLeavesTheServerServing()
    {
        {
            QTcpSocket gone;
            gone.connectToHost(QStringLiteral("127.0.0.1"), port_);
            QVERIFY(gone.waitForConnected(10'000));
            gone.write("POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token_ +
                       "\r\nContent-Length: 1000\r\n\r\n{\"input\": ");
            QVERIFY(gone.waitForBytesWritten(10'000));
            gone.abort();
        }
        {
            // A complete request whose client leaves before the answer: the engine's answer goes nowhere.
            QTcpSocket gone;
            gone.connectToHost(QStringLiteral("127.0.0.1"), port_);
            QVERIFY(gone.waitForConnected(10'000));
            gone.write(post("/v1/embeddings", "{\"input\": [\"one\", \"two\", \"three\"]}", token_));
            QVERIFY(gone.waitForBytesWritten(10'000));
            gone.abort();
        }
        QVERIFY(stillServing());
        const Reply reply = exchange(port_, post("/v1/embeddings", "{\"input\": \"after\"}", token_));
        QCOMPARE(reply.status, 200);
    }

    void noAuthIsRefusedOffLoopback()
    {
        int code = -1;
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(QStringLiteral(CORTEX_BIN_DIR "/cortex-cli"),
                      {QStringLiteral("serve"), QStringLiteral("--model"), QStringLiteral(CORTEX_TINY_A_DIR),
                       QStringLiteral("--listen"), QStringLiteral("0.0.0.0:0"), QStringLiteral("--no-auth")});
        QVERIFY(process.waitForFinished(60'000));
        code = process.exitCode();
        QCOMPARE(code, 2);
        QVERIFY(process.readAllStandardError().contains("--no-auth is refused on 0.0.0.0"));
    }
};

QTEST_GUILESS_MAIN(TestServeCli)
#include "test_serve_cli.moc"
