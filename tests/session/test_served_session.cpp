// The window's session with models served by a (fake) vLLM server, through the application layer's
// twins (application/served_models.h): a library made through the server is ingested and searched; a
// server of other weights is refused with the local path's message and the model loaded before stays;
// an unreachable server is named and the model loaded before stays; ingestion without a tokenizer says
// why; a served reranker reranks.

#include "library/library_fixture.h"
#include "remote/fake_vllm.h"
#include "remote/toy_model.h"

#include "application/served_models.h"
#include "embedding/space_fingerprint.h"
#include "session/library_session.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace cortex;
using cortex::testing::FakeVllm;
using cortex::testing::ToyServer;

namespace {

// A reranker server (vLLM's /v1/rerank shape, as tests/remote pins it): relevance by index, the first
// document the most relevant.
FakeVllm::Reply rerankerAnswer(const FakeVllm::Request &request)
{
    if (request.path == QStringLiteral("/v1/models"))
        return {200, {}, R"({"object":"list","data":[{"id":"tiny-reranker","object":"model"}]})"};
    const int documents =
        int(QJsonDocument::fromJson(request.body)[QStringLiteral("documents")].toArray().size());
    QJsonArray results;
    for (int k = 0; k < documents; ++k)
        results.append(QJsonObject{{QStringLiteral("index"), k},
                                   {QStringLiteral("document"), QJsonObject{}},
                                   {QStringLiteral("relevance_score"), 0.9 - 0.01 * k}});
    const QJsonObject answer{{QStringLiteral("id"), QStringLiteral("rerank-1")},
                             {QStringLiteral("model"), QStringLiteral("tiny-reranker")},
                             {QStringLiteral("usage"), QJsonObject{}},
                             {QStringLiteral("results"), results}};
    return {200, {}, QJsonDocument(answer).toJson(QJsonDocument::Compact)};
}

// A server that answers every text with the first vector of `fingerprint` and every image with the
// second: the library's own model as far as its fingerprint can tell.
FakeVllm::Handler replaying(const embedding::Fingerprint &fingerprint)
{
    return [fingerprint](const FakeVllm::Request &request) -> FakeVllm::Reply {
        if (request.path == QStringLiteral("/v1/models"))
            return {
                200, {}, R"({"object":"list","data":[{"id":"tiny-a","object":"model","owned_by":"vllm"}]})"};
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        const bool text = body.contains(QStringLiteral("input"));
        const int rows = text ? int(body.value(QStringLiteral("input")).toArray().size()) : 1;
        QJsonArray vector;
        for (const float x : fingerprint[text ? 0 : 1])
            vector.append(double(x));
        QJsonArray data;
        for (int k = 0; k < rows; ++k)
            data.append(QJsonObject{{QStringLiteral("index"), k},
                                    {QStringLiteral("object"), QStringLiteral("embedding")},
                                    {QStringLiteral("embedding"), vector}});
        const QJsonObject answer{{QStringLiteral("object"), QStringLiteral("list")},
                                 {QStringLiteral("model"), QStringLiteral("tiny-a")},
                                 {QStringLiteral("data"), data},
                                 {QStringLiteral("usage"), QJsonObject{}}};
        return {200, {}, QJsonDocument(answer).toJson(QJsonDocument::Compact)};
    };
}

// The settings that put the embedding model on `url`; the tiny model's folder gives the tokenizer.
settings::Settings servedAt(const QString &url,
                            const QString &tokenizerFolder = QStringLiteral(CORTEX_TINY_A_DIR))
{
    settings::Settings s;
    s.embeddingModelUrl = url;
    s.embeddingModelDir = tokenizerFolder;
    s.embedBatchSize = 4;
    return s;
}

} // namespace

class TestServedSession : public QObject {
    Q_OBJECT

    template <typename T> static T await(QFuture<T> future)
    {
        if (!QTest::qWaitFor([&] { return future.isFinished(); }, 60000))
            qFatal("a session call did not finish within a minute");
        return future.result();
    }

    static QString why(const Status &status)
    {
        return status ? QString() : QString::fromStdString(status.error().message);
    }

    // Opens `dir`/lib and ingests two notes through the model loaded now; empty when it worked.
    static QString ingestNotes(session::LibrarySession &session, const QString &dir)
    {
        testing::writeFile(dir + QStringLiteral("/notes/lighthouse.txt"),
                           "The lighthouse keeper's logbook records every passing ship.");
        testing::writeFile(dir + QStringLiteral("/notes/orchard.txt"),
                           "Apple trees in the orchard bloom in May.");
        session::IngestJob *job = session.ingest({dir + QStringLiteral("/notes")}, {});
        if (!QTest::qWaitFor(
                [&] {
                    return job->state() == session::IngestJob::State::Finished ||
                           job->state() == session::IngestJob::State::Failed;
                },
                60000))
            return QStringLiteral("the ingestion did not end within a minute");
        return job->state() == session::IngestJob::State::Finished ? QString() : job->error();
    }

    static Result<search::SearchResult> searchFor(session::LibrarySession &session, const QString &text,
                                                  bool rerank = false)
    {
        search::Query query;
        query.text = text.toStdString();
        query.rerank = rerank;
        return await(session.search(query));
    }

private slots:
    void libraryMadeThroughTheServerIsSearched()
    {
        FakeVllm server(ToyServer{1});
        QVERIFY(server.start());
        QTemporaryDir dir;
        session::LibrarySession session;
        QVERIFY(await(session.openLibrary(dir.path() + QStringLiteral("/lib"))).ok());
        QSignalSpy changed(&session, &session::LibrarySession::embeddingModelChanged);
        const Status loaded = await(application::useServedEmbeddingModel(session, servedAt(server.url())));
        QVERIFY2(loaded.ok(), qPrintable(why(loaded)));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(session.embeddingModelServer(), server.url());
        QCOMPARE(session.embeddingServedModel(), QString::fromLatin1(testing::kToyModel));
        QCOMPARE(session.embeddingIdentity().storedDim(), testing::kToyDim);

        const QString ingested = ingestNotes(session, dir.path());
        QVERIFY2(ingested.isEmpty(), qPrintable(ingested));
        const auto before = server.requests().size();
        const auto found = searchFor(session, QStringLiteral("lighthouse keeper"));
        QVERIFY2(found.ok(), found ? "" : found.error().message.c_str());
        QVERIFY(!found->hits.empty());
        // The query was embedded by the server, with the retrieval instruction.
        QVERIFY(server.requests().size() > before);
        QVERIFY(server.requests().back().body.contains("Retrieve images or text relevant"));
    }

    // A library embedded by the window's local model records its fingerprint, and is then searched through
    // a server of the same weights; without the record, the server is refused and says how to record it.
    void libraryEmbeddedHereIsSearchedThroughTheServer()
    {
        QTemporaryDir dir;
        session::LibrarySession session;
        QVERIFY(await(session.openLibrary(dir.path() + QStringLiteral("/lib"))).ok());
        QVERIFY(await(session.loadEmbeddingModel(QStringLiteral(CORTEX_TINY_A_DIR), testing::tinyOptions()))
                    .ok());
        const QString ingested = ingestNotes(session, dir.path());
        QVERIFY2(ingested.isEmpty(), qPrintable(ingested));
        auto local = session.encoder();
        auto fingerprint = embedding::computeFingerprint(*local);
        QVERIFY(fingerprint.ok());
        FakeVllm server(replaying(*fingerprint));
        QVERIFY(server.start());

        const Status unrecorded =
            await(application::useServedEmbeddingModel(session, servedAt(server.url())));
        QVERIFY(!unrecorded);
        QVERIFY2(why(unrecorded).contains(QStringLiteral("no recorded fingerprint")),
                 qPrintable(why(unrecorded)));

        QVERIFY(await(application::recordLibraryFingerprint(session)).ok());
        const Status joined = await(application::useServedEmbeddingModel(session, servedAt(server.url())));
        QVERIFY2(joined.ok(), qPrintable(why(joined)));
        QCOMPARE(session.embeddingModelServer(), server.url());
        // The library's space, written through the server.
        QVERIFY(session.embeddingIdentity() == local->identity());
        const auto found = searchFor(session, QStringLiteral("lighthouse"));
        QVERIFY2(found.ok(), found ? "" : found.error().message.c_str());
        QVERIFY(!found->hits.empty());
    }

    void serverOfAnotherModelIsRefusedAndTheModelStays()
    {
        FakeVllm first(ToyServer{1});
        FakeVllm other(ToyServer{2}); // the same name, other weights
        QVERIFY(first.start() && other.start());
        QTemporaryDir dir;
        session::LibrarySession session;
        QVERIFY(await(session.openLibrary(dir.path() + QStringLiteral("/lib"))).ok());
        QVERIFY(await(application::useServedEmbeddingModel(session, servedAt(first.url()))).ok());
        const QString ingested = ingestNotes(session, dir.path());
        QVERIFY2(ingested.isEmpty(), qPrintable(ingested));

        const Status refused = await(application::useServedEmbeddingModel(session, servedAt(other.url())));
        QVERIFY(!refused);
        const QString message = why(refused);
        // The local path's refusal (embedding/space_fingerprint.h), naming the library and both models.
        QVERIFY2(message.contains(QStringLiteral("/lib was made with ")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("a library holds one model's vectors")),
                 qPrintable(message));
        QCOMPARE(session.embeddingModelServer(), first.url());
        QVERIFY(searchFor(session, QStringLiteral("orchard")).ok());
    }

    void unreachableServerIsNamedAndTheModelStays()
    {
        FakeVllm server(ToyServer{1});
        QVERIFY(server.start());
        QTemporaryDir dir;
        session::LibrarySession session;
        QVERIFY(await(session.openLibrary(dir.path() + QStringLiteral("/lib"))).ok());
        QVERIFY(await(application::useServedEmbeddingModel(session, servedAt(server.url()))).ok());

        const QString nowhere = QStringLiteral("http://127.0.0.1:%1").arg(testing::closedPort());
        const Status failed = await(application::useServedEmbeddingModel(session, servedAt(nowhere)));
        QVERIFY(!failed);
        QVERIFY2(why(failed).contains(nowhere), qPrintable(why(failed)));
        QCOMPARE(session.embeddingModelServer(), server.url());
        QVERIFY(session.hasEmbeddingModel());
    }

    void ingestionWithoutTokenizerSaysWhy()
    {
        FakeVllm server(ToyServer{1});
        QVERIFY(server.start());
        QTemporaryDir dir;
        session::LibrarySession session;
        QVERIFY(await(session.openLibrary(dir.path() + QStringLiteral("/lib"))).ok());
        QVERIFY(await(application::useServedEmbeddingModel(session, servedAt(server.url(), QString()))).ok());
        const QString failed = ingestNotes(session, dir.path());
        QVERIFY2(failed.contains(QStringLiteral("tokenizer")), qPrintable(failed));
    }

    void servedRerankerReranks()
    {
        FakeVllm server(ToyServer{1});
        FakeVllm reranker(rerankerAnswer);
        QVERIFY(server.start() && reranker.start());
        QTemporaryDir dir;
        session::LibrarySession session;
        QVERIFY(await(session.openLibrary(dir.path() + QStringLiteral("/lib"))).ok());
        QVERIFY(await(application::useServedEmbeddingModel(session, servedAt(server.url()))).ok());
        const QString ingested = ingestNotes(session, dir.path());
        QVERIFY2(ingested.isEmpty(), qPrintable(ingested));

        settings::Settings s;
        s.rerankerModelUrl = reranker.url();
        application::useServedReranker(session, s);
        QTRY_COMPARE_WITH_TIMEOUT(session.rerankerStatus().state, search::RerankerState::Ready, 30000);
        QCOMPARE(session.rerankerServer(), reranker.url());
        QCOMPARE(session.rerankerServedModel(), QStringLiteral("tiny-reranker"));
        const auto found = searchFor(session, QStringLiteral("lighthouse"), true);
        QVERIFY2(found.ok(), found ? "" : found.error().message.c_str());
        QVERIFY(!found->hits.empty());
        QVERIFY(found->hits.front().rerankScore.has_value());
        QCOMPARE(reranker.requests().back().path, QStringLiteral("/v1/rerank"));

        // An unreachable reranker server: Failed, with the server named.
        const QString nowhere = QStringLiteral("http://127.0.0.1:%1").arg(testing::closedPort());
        s.rerankerModelUrl = nowhere;
        application::useServedReranker(session, s);
        QTRY_COMPARE_WITH_TIMEOUT(session.rerankerStatus().state, search::RerankerState::Failed, 30000);
        QVERIFY2(QString::fromStdString(session.rerankerStatus().message).contains(nowhere),
                 session.rerankerStatus().message.c_str());
    }
};

QTEST_MAIN(TestServedSession)
#include "test_served_session.moc"
