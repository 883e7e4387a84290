// The window's library API (application/library_api.h) over real loopback HTTP, on a session with a
// library ingested with the tiny model: a search answers the hits the session's own search gives; the
// token is required (missing or wrong: 401) and a new token replaces the old one at once; a stopped API
// refuses connections; a session without a library answers 503 with a JSON error saying so; thumbnails
// and the ingestion state come from the session's library. Waits are bounded and wait for events only.

#include "library/library_fixture.h"

#include "application/library_api.h"
#include "session/library_session.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace cortex;
using namespace cortex::testing;

namespace {

constexpr int kWaitMs = 60000;

struct Answer {
    int status = 0; // 0: no HTTP answer (the connection failed)
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QByteArray retryAfter;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString errorMessage() const
    {
        return json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
    }
};

template <typename T> T await(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, kWaitMs))
        qFatal("a session call did not finish within a minute");
    return future.result();
}

} // namespace

class TestLibraryApi : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<Corpus> corpus_;
    std::unique_ptr<session::LibrarySession> session_;
    QNetworkAccessManager network_;

    QString tokenFile() const { return dir_.path() + QStringLiteral("/api-token"); }

    application::LibraryApiOptions loopbackOptions() const
    {
        application::LibraryApiOptions options;
        options.listen = QStringLiteral("127.0.0.1:0"); // any free port
        options.tokenFile = tokenFile();
        return options;
    }

    Answer call(const QByteArray &method, const QString &url, const QByteArray &token,
                const QByteArray &body = {})
    {
        QNetworkRequest request{QUrl(url)};
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token);
        QNetworkReply *reply = network_.sendCustomRequest(request, method, body);
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, kWaitMs))
            qFatal("no answer from %s within a minute", qPrintable(url));
        Answer answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.error = reply->error();
        answer.body = reply->readAll();
        answer.retryAfter = reply->rawHeader("Retry-After");
        reply->deleteLater();
        return answer;
    }

    static QString base(const application::LibraryApi &api)
    {
        return api.searchUrl().chopped(int(qstrlen("/v1/search")));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        corpus_ = std::make_unique<Corpus>(dir_.path());
        session_ = std::make_unique<session::LibrarySession>();
        QVERIFY(await(session_->openLibrary(dir_.path() + QStringLiteral("/lib"))).ok());
        QVERIFY(await(session_->loadEmbeddingModel(QStringLiteral(CORTEX_TINY_A_DIR), tinyOptions())).ok());
        auto *job = session_->ingest({corpus_->root}, {});
        QSignalSpy finished(job, &session::IngestJob::finished);
        QVERIFY(finished.wait(kWaitMs) || finished.count() == 1);
    }

    void searchAnswersTheSessionsHits_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("revenue") << QStringLiteral("quarterly revenue");
        QTest::newRow("harbour") << QStringLiteral("fishing boats in the harbour");
        QTest::newRow("lighthouse") << QStringLiteral("lighthouse budget");
    }
    void searchAnswersTheSessionsHits()
    {
        QFETCH(QString, text);
        application::LibraryApi api(*session_);
        QVERIFY(api.start(loopbackOptions()).ok());
        QVERIFY(api.isServing());
        QVERIFY(api.searchUrl().startsWith(QStringLiteral("http://127.0.0.1:")));
        QVERIFY(api.searchUrl().endsWith(QStringLiteral("/v1/search")));
        QVERIFY(!api.token().isEmpty());
        QVERIFY(!api.isReachableFromOtherComputers());

        const QJsonObject request{{QStringLiteral("query"), text},
                                  {QStringLiteral("top_k"), 4},
                                  {QStringLiteral("candidates"), 10},
                                  {QStringLiteral("rerank"), false}};
        const Answer answer = call("POST", api.searchUrl(), api.token(), QJsonDocument(request).toJson());
        QCOMPARE(answer.status, 200);
        const QJsonArray hits = answer.json().value(QStringLiteral("hits")).toArray();

        search::Query query;
        query.text = text.toStdString();
        query.topK = 4;
        query.candidates = 10;
        query.rerank = false;
        const auto own = await(session_->search(query));
        QVERIFY(own.ok());
        QVERIFY(!own->hits.empty());
        QCOMPARE(qsizetype(hits.size()), qsizetype(own->hits.size()));
        for (qsizetype k = 0; k < hits.size(); ++k) {
            const QJsonObject hit = hits[k].toObject();
            QCOMPARE(hit.value(QStringLiteral("item")).toInteger(),
                     qint64(own->hits[size_t(k)].view.item.id));
            QCOMPARE(hit.value(QStringLiteral("path")).toString(),
                     QString::fromStdString(own->hits[size_t(k)].view.documentPath));
            QCOMPARE(hit.value(QStringLiteral("rank")).toInt(), int(k + 1));
        }
    }

    void theTokenIsRequired_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::newRow("missing") << QByteArray();
        QTest::newRow("wrong") << QByteArray("not-the-token");
    }
    void theTokenIsRequired()
    {
        QFETCH(QByteArray, token);
        application::LibraryApi api(*session_);
        QVERIFY(api.start(loopbackOptions()).ok());
        const QByteArray body = R"({"query": "revenue"})";
        const Answer refused = call("POST", api.searchUrl(), token, body);
        QCOMPARE(refused.status, 401);
        QVERIFY(refused.json().contains(QStringLiteral("error")));
        QCOMPARE(call("POST", api.searchUrl(), api.token(), body).status, 200);
    }

    void aNewTokenReplacesTheOldOneAtOnce()
    {
        application::LibraryApi api(*session_);
        QVERIFY(api.start(loopbackOptions()).ok());
        const QByteArray old = api.token();
        auto replaced = api.replaceToken();
        QVERIFY(replaced.ok());
        QVERIFY(*replaced != old);
        QCOMPARE(api.token(), *replaced);
        const QByteArray body = R"({"query": "revenue"})";
        QCOMPARE(call("POST", api.searchUrl(), old, body).status, 401);
        QCOMPARE(call("POST", api.searchUrl(), *replaced, body).status, 200);
    }

    void aStoppedApiRefusesConnections()
    {
        application::LibraryApi api(*session_);
        QVERIFY(api.start(loopbackOptions()).ok());
        const QString url = api.searchUrl();
        const QByteArray token = api.token();
        QCOMPARE(call("POST", url, token, R"({"query": "revenue"})").status, 200);
        api.stop();
        QVERIFY(!api.isServing());
        QVERIFY(api.searchUrl().isEmpty());
        const Answer after = call("POST", url, token, R"({"query": "revenue"})");
        QCOMPARE(after.status, 0);
        QCOMPARE(after.error, QNetworkReply::ConnectionRefusedError);
    }

    void aBusyAddressIsNamedWithTheReason()
    {
        application::LibraryApi first(*session_);
        QVERIFY(first.start(loopbackOptions()).ok());
        application::LibraryApi second(*session_);
        auto options = loopbackOptions();
        options.listen = QStringLiteral("127.0.0.1:%1").arg(first.port());
        const Status started = second.start(options);
        QVERIFY(!started.ok());
        QVERIFY2(started.error().message.find("127.0.0.1:" + std::to_string(first.port())) !=
                     std::string::npos,
                 started.error().message.c_str());
        QVERIFY(!second.isServing());
        options.listen = QStringLiteral("127.0.0.1:99999");
        QVERIFY(!second.start(options).ok());
    }

    void noLibraryAnswers503SayingSo()
    {
        session::LibrarySession empty; // opens nothing
        application::LibraryApi api(empty);
        QVERIFY(api.start(loopbackOptions()).ok());
        const Answer search = call("POST", api.searchUrl(), api.token(), R"({"query": "revenue"})");
        QCOMPARE(search.status, 503);
        QVERIFY2(search.errorMessage().contains(QStringLiteral("no library is open")),
                 search.body.constData());
        QVERIFY(!search.retryAfter.isEmpty());
        QCOMPARE(call("GET", base(api) + QStringLiteral("/v1/ingestion"), api.token()).status, 503);
    }

    void thumbnailsAndIngestionComeFromTheSessionsLibrary()
    {
        application::LibraryApi api(*session_);
        QVERIFY(api.start(loopbackOptions()).ok());
        const Answer jobs = call("GET", base(api) + QStringLiteral("/v1/ingestion"), api.token());
        QCOMPARE(jobs.status, 200);
        const QJsonArray list = jobs.json().value(QStringLiteral("jobs")).toArray();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list[0].toObject().value(QStringLiteral("state")).toString(), QStringLiteral("finished"));

        // The red image's item has a thumbnail, found through an image search.
        const Answer found = call("POST", api.searchUrl(), api.token(),
                                  R"({"query": "red stripes", "types": ["image"], "rerank": false})");
        QCOMPARE(found.status, 200);
        const QJsonArray hits = found.json().value(QStringLiteral("hits")).toArray();
        QVERIFY(!hits.isEmpty());
        const qint64 item = hits[0].toObject().value(QStringLiteral("item")).toInteger();
        const Answer thumbnail =
            call("GET", base(api) + QStringLiteral("/v1/items/%1/thumbnail").arg(item), api.token());
        QCOMPARE(thumbnail.status, 200);
        QVERIFY(thumbnail.body.startsWith("\x89PNG"));
        QCOMPARE(call("GET", base(api) + QStringLiteral("/v1/items/999999/thumbnail"), api.token()).status,
                 404);
    }

    void cleanupTestCase() { session_.reset(); }
};

QTEST_MAIN(TestLibraryApi)
#include "test_library_api.moc"
