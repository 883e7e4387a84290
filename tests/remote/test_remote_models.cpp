// The remote Encoder and Scorer against a local fake vLLM server (fake_vllm.h) answering in the pinned
// shapes (vllm_fixtures.h): the requests carry what the local engine reads (checked by a toy model
// that both sides compute), answers are matched by index, hostile answers, busy servers, unreachable
// servers and other models are refused with messages that name the server, and the fingerprint decides
// whether a served model is a library's.

#include "remote/fake_vllm.h"
#include "remote/toy_model.h"
#include "remote/vllm_fixtures.h"

#include "embedding/space_fingerprint.h"
#include "remote/remote_encoder.h"
#include "remote/remote_scorer.h"
#include "remote/vllm_protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <atomic>

using namespace cortex;
using namespace cortex::remote;
using cortex::testing::FakeVllm;
using cortex::testing::ToyServer;
namespace vllm = cortex::testing::vllm;

namespace {

RemoteEndpoint endpointOf(const FakeVllm &server)
{
    RemoteEndpoint endpoint;
    endpoint.url = server.url() + QStringLiteral("/v1");
    endpoint.timeoutMs = 20'000;
    endpoint.initialBackoffMs = 10;
    endpoint.maxBackoffMs = 1000;
    endpoint.maxAttempts = 3;
    return endpoint;
}

QString messageOf(const Error &error)
{
    return QString::fromStdString(error.message);
}

std::vector<embedding::EncodeInput> texts(std::initializer_list<const char *> list)
{
    std::vector<embedding::EncodeInput> out;
    for (const char *t : list) {
        out.emplace_back();
        out.back().text = t;
    }
    return out;
}

} // namespace

class TestRemoteModels : public QObject {
    Q_OBJECT

private slots:
    void connectAndEmbedLikeTheLocalModel()
    {
        FakeVllm server(ToyServer{});
        QVERIFY(server.start());
        RemoteEndpoint endpoint = endpointOf(server);
        endpoint.batchSize = 2;
        endpoint.token = QStringLiteral("s3cret");
        auto encoder = RemoteEncoder::connect(endpoint);
        QVERIFY2(encoder, encoder ? "" : encoder.error().message.c_str());
        const store::SpaceIdentity &identity = (*encoder)->identity();
        QCOMPARE(identity.modelName, std::string(testing::kToyModel));
        QCOMPARE(identity.outputDim, testing::kToyDim);
        QCOMPARE(identity.modelHash, std::string("vllm:0123456789abcdef0123456789abcdef01234567"));

        testing::ToyLocalEncoder local(1);
        auto documents = texts({"alpha", "beta", "gamma", ""});
        documents.emplace_back();
        documents.back().images.push_back(embedding::fingerprintProbes()[1].images.front());
        documents.back().text = "a figure";
        auto remote = (*encoder)->embedDocuments(documents);
        QVERIFY2(remote, remote ? "" : remote.error().message.c_str());
        auto expected = local.embedDocuments(documents);
        QVERIFY(expected);
        QCOMPARE(*remote, *expected);

        auto query = texts({"quarterly revenue"});
        auto remoteQuery = (*encoder)->embedQueries(query);
        QVERIFY(remoteQuery);
        QCOMPARE(*remoteQuery, *local.embedQueries(query));

        // /v1/models, the probes (a text batch, an image), then texts in batches of two, the image alone,
        // and the query.
        const auto requests = server.requests();
        QCOMPARE(requests.size(), 1 + 2 + 2 + 1 + 1);
        QCOMPARE(requests[0].method, QByteArray("GET"));
        QCOMPARE(requests[0].path, QStringLiteral("/v1/models"));
        for (const auto &r : requests) {
            QCOMPARE(r.authorization, QByteArray("Bearer s3cret"));
            if (r.method == "POST") {
                QCOMPARE(r.path, QStringLiteral("/v1/embeddings"));
                QCOMPARE(r.contentType, QByteArray("application/json"));
                const QJsonObject body = QJsonDocument::fromJson(r.body).object();
                QCOMPARE(body.value(QStringLiteral("model")).toString(),
                         QString::fromLatin1(testing::kToyModel));
                QCOMPARE(body.value(QStringLiteral("encoding_format")).toString(), QStringLiteral("float"));
            }
        }
        QCOMPARE(QJsonDocument::fromJson(requests[3].body)
                     .object()
                     .value(QStringLiteral("input"))
                     .toArray()
                     .size(),
                 2);
    }

    void matryoshkaPrefixIsNormalised()
    {
        FakeVllm server(ToyServer{});
        QVERIFY(server.start());
        auto encoder = RemoteEncoder::connect(endpointOf(server), 4);
        QVERIFY(encoder);
        QCOMPARE((*encoder)->identity().storedDim(), 4);
        auto v = (*encoder)->embedDocuments(texts({"alpha"}));
        QVERIFY(v);
        auto full = testing::ToyLocalEncoder(1).embedDocuments(texts({"alpha"}));
        double norm = 0;
        for (size_t i = 0; i < 4; ++i)
            norm += double((*full)[0][i]) * double((*full)[0][i]);
        QCOMPARE(v->front().size(), size_t(4));
        for (size_t i = 0; i < 4; ++i)
            QVERIFY(std::abs(double(v->front()[i]) - double((*full)[0][i]) / std::sqrt(norm)) < 1e-6);
        QVERIFY(!RemoteEncoder::connect(endpointOf(server), 9));
    }

    void hostileAnswersAreRefused_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::newRow("rows of another request")
            << 200 << vllm::kEmbeddingTwoRowsOutOfOrder << QStringLiteral("2 rows for 1 inputs");
        QTest::newRow("html error page")
            << 502 << vllm::kProxyHtml << QStringLiteral("refused /v1/embeddings: HTTP 502: an HTML page");
        QTest::newRow("html with 200")
            << 200 << vllm::kProxyHtml << QStringLiteral("an HTML page instead of vLLM's JSON");
        QTest::newRow("other model")
            << 404 << vllm::kModelNotFound
            << QStringLiteral("HTTP 404: The model `Qwen/Qwen3-VL-Embedding-8B` does not exist.");
        QTest::newRow("too long") << 400 << vllm::kTooLong
                                  << QStringLiteral("Please reduce the length of the input.");
        QTest::newRow("oversized") << 200 << QByteArray(200'000, ' ')
                                   << QStringLiteral("an answer larger than 100000 bytes to /v1/embeddings");
        QTest::newRow("zero vector")
            << 200
            << QByteArray(
                   R"({"object":"list","model":"m","data":[{"index":0,"object":"embedding","embedding":[0,0,0,0,0,0,0,0]}]})")
            << QStringLiteral("sent a zero vector");
        QTest::newRow("server error not retried")
            << 500
            << QByteArray(R"({"object":"error","message":"boom","type":"InternalServerError","code":500})")
            << QStringLiteral("HTTP 500: boom");
    }

    void hostileAnswersAreRefused()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        // Connected against a well-behaved server, then the same URL answers badly.
        std::atomic_bool bad{false};
        FakeVllm server([&bad, status, body](const FakeVllm::Request &request) {
            if (!bad || request.path == QStringLiteral("/v1/models"))
                return ToyServer{}(request);
            return FakeVllm::Reply{status, {}, body};
        });
        QVERIFY(server.start());
        RemoteEndpoint endpoint = endpointOf(server);
        endpoint.maxResponseBytes = 100'000;
        auto encoder = RemoteEncoder::connect(endpoint);
        QVERIFY(encoder);
        bad = true;
        const int before = int(server.requests().size());
        auto refused = (*encoder)->embedDocuments(texts({"alpha"}));
        QVERIFY(!refused);
        const QString message = messageOf(refused.error());
        QVERIFY2(message.contains(QStringLiteral("the model server at ") + server.url()),
                 qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
        QCOMPARE(int(server.requests().size()) - before, 1); // nothing but 429/503 is retried
    }

    void vectorsThatAreNotUnitLengthAreNormalised()
    {
        std::atomic_bool scaled{false};
        FakeVllm server([&scaled](const FakeVllm::Request &request) {
            if (!scaled || request.path == QStringLiteral("/v1/models"))
                return ToyServer{}(request);
            return FakeVllm::Reply{
                200,
                {},
                R"({"object":"list","model":"m","data":[{"index":0,"object":"embedding","embedding":[3,0,0,4,0,0,0,0]}]})"};
        });
        QVERIFY(server.start());
        auto encoder = RemoteEncoder::connect(endpointOf(server));
        QVERIFY(encoder);
        scaled = true;
        auto v = (*encoder)->embedDocuments(texts({"alpha"}));
        QVERIFY(v);
        QCOMPARE(v->front(), (std::vector<float>{0.6f, 0, 0, 0.8f, 0, 0, 0, 0}));
    }

    void wrongDimensionFromTheServer()
    {
        std::atomic_bool wide{false};
        FakeVllm server([&wide](const FakeVllm::Request &request) {
            return ToyServer{1, wide ? 16 : 8}(request);
        });
        QVERIFY(server.start());
        auto encoder = RemoteEncoder::connect(endpointOf(server));
        QVERIFY(encoder);
        wide = true; // the server was restarted with another model of the same name
        auto refused = (*encoder)->embedDocuments(texts({"alpha"}));
        QVERIFY(!refused);
        QVERIFY2(messageOf(refused.error()).contains(QStringLiteral("row 0 has 16 dimensions, expected 8")),
                 refused.error().message.c_str());
    }

    void busyServerIsRetriedWithBackOff()
    {
        std::atomic_int busy{1};
        FakeVllm server([&busy](const FakeVllm::Request &request) {
            if (request.path == QStringLiteral("/v1/embeddings") && busy-- > 0)
                return FakeVllm::Reply{
                    429,
                    {{"Retry-After", "1"}},
                    R"({"object":"error","message":"busy","type":"TooManyRequests","code":429})"};
            return ToyServer{}(request);
        });
        QVERIFY(server.start());
        auto encoder = RemoteEncoder::connect(endpointOf(server));
        QVERIFY2(encoder, encoder ? "" : encoder.error().message.c_str());
        // 429 once (Retry-After honoured), then 200: /v1/models, 429, the text probe, the image probe.
        QCOMPARE(server.requests().size(), 4);
        QCOMPARE(server.requests()[1].body, server.requests()[2].body);

        busy = 1000;
        auto refused = (*encoder)->embedDocuments(texts({"alpha"}));
        QVERIFY(!refused);
        QVERIFY2(
            messageOf(refused.error()).contains(QStringLiteral("HTTP 429: busy (still busy after 3 tries)")),
            refused.error().message.c_str());
        QCOMPARE(server.requests().size(), 4 + 3); // bounded: maxAttempts in all
    }

    void serviceUnavailableIsRetried()
    {
        std::atomic_int loading{2};
        FakeVllm server([&loading](const FakeVllm::Request &request) {
            if (request.path == QStringLiteral("/v1/models") && loading-- > 0)
                return FakeVllm::Reply{
                    503,
                    {},
                    R"({"object":"error","message":"loading","type":"ServiceUnavailable","code":503})"};
            return ToyServer{}(request);
        });
        QVERIFY(server.start());
        QVERIFY(RemoteEncoder::connect(endpointOf(server)));
        QCOMPARE(server.requests().size(), 2 + 1 + 2);
    }

    void unreachableServer()
    {
        RemoteEndpoint endpoint;
        endpoint.url = QStringLiteral("http://127.0.0.1:%1").arg(testing::closedPort());
        auto refused = RemoteEncoder::connect(endpoint);
        QVERIFY(!refused);
        const QString message = messageOf(refused.error());
        QVERIFY2(message.startsWith(QStringLiteral("Cannot reach the model server at ") + endpoint.url +
                                    QStringLiteral(" (/v1/models)")),
                 qPrintable(message));
        QVERIFY(message.contains(QStringLiteral("Is the vLLM server running")));
        endpoint.url = QStringLiteral("gpu-box:8000");
        QVERIFY(messageOf(RemoteEncoder::connect(endpoint).error())
                    .contains(QStringLiteral("is not a model server URL")));
    }

    void serverOfAnotherModel()
    {
        FakeVllm server(ToyServer{});
        QVERIFY(server.start());
        RemoteEndpoint endpoint = endpointOf(server);
        endpoint.model = QStringLiteral("Qwen/Qwen3-VL-Embedding-8B");
        auto refused = RemoteEncoder::connect(endpoint);
        QVERIFY(!refused);
        QCOMPARE(messageOf(refused.error()),
                 QStringLiteral("the model server at ") + server.url() +
                     QStringLiteral(" serves Qwen/Qwen3-VL-Embedding-2B, not Qwen/Qwen3-VL-Embedding-8B"));
    }

    void fingerprintDecidesTheSpace_data()
    {
        QTest::addColumn<uint>("serverSeed");
        QTest::addColumn<bool>("same");
        QTest::newRow("same weights") << 1u << true;
        QTest::newRow("other weights") << 2u << false;
    }

    void fingerprintDecidesTheSpace()
    {
        QFETCH(uint, serverSeed);
        QFETCH(bool, same);
        // The library was embedded locally by the toy model of seed 1, which recorded its fingerprint.
        testing::ToyLocalEncoder local(1);
        auto recorded = embedding::computeFingerprint(local);
        QVERIFY(recorded);
        FakeVllm server(ToyServer{serverSeed});
        QVERIFY(server.start());
        auto encoder = RemoteEncoder::connect(endpointOf(server));
        QVERIFY(encoder);
        QVERIFY(!((*encoder)->identity() == local.identity())); // no folder hash: not the same until proven
        const Status joined = (*encoder)->joinLibrarySpace("/libraries/work", local.identity(), *recorded);
        QCOMPARE(bool(joined), same);
        if (same) {
            QVERIFY((*encoder)->identity() == local.identity());
            // Vectors written through the server land in the library's space and equal the local ones.
            QCOMPARE(*(*encoder)->embedDocuments(texts({"alpha"})), *local.embedDocuments(texts({"alpha"})));
        } else {
            // The local path's message, word for word, then the cosine.
            const std::string localWords =
                embedding::otherModelMessage("/libraries/work", local.identity(), (*encoder)->identity());
            QVERIFY2(joined.error().message.starts_with(localWords), joined.error().message.c_str());
            QVERIFY(joined.error().message.find("; the same weights agree to 0.999 or more)") !=
                    std::string::npos);
            QVERIFY(
                joined.error().message.starts_with("/libraries/work was made with Qwen/Qwen3-VL-Embedding-2B "
                                                   "(8 dimensions), but the loaded model is"));
        }
    }

    void fingerprintOfAnotherWidthIsRefused()
    {
        testing::ToyLocalEncoder local(1, 16);
        auto recorded = embedding::computeFingerprint(local);
        FakeVllm server(ToyServer{});
        QVERIFY(server.start());
        auto encoder = RemoteEncoder::connect(endpointOf(server));
        QVERIFY(encoder);
        QVERIFY(!(*encoder)->joinLibrarySpace("lib", local.identity(), *recorded));
    }

    void rerankThroughTheServer()
    {
        std::atomic_int calls{0};
        FakeVllm server([&calls](const FakeVllm::Request &request) {
            if (request.path == QStringLiteral("/v1/models"))
                return FakeVllm::Reply{200, {}, vllm::kRerankerModelList};
            ++calls;
            return FakeVllm::Reply{200,
                                   {},
                                   request.path == QStringLiteral("/v1/rerank") ? vllm::kRerankResponse
                                                                                : vllm::kScoreResponse};
        });
        QVERIFY(server.start());
        RemoteEndpoint endpoint = endpointOf(server);
        endpoint.model = QStringLiteral("Qwen/Qwen3-VL-Reranker-2B");
        for (const ScoreApi api : {ScoreApi::Rerank, ScoreApi::Score}) {
            auto scorer = RemoteScorer::connect(endpoint, api);
            QVERIFY2(scorer, scorer ? "" : scorer.error().message.c_str());
            QCOMPARE((*scorer)->name(), std::string("Qwen/Qwen3-VL-Reranker-2B"));
            embedding::EncodeInput query;
            query.text = "What is the capital of France?";
            auto scores = (*scorer)->score(
                query, texts({"The capital of Brazil is Brasilia.", "The capital of France is Paris."}));
            QVERIFY2(scores, scores ? "" : scores.error().message.c_str());
            QCOMPARE(*scores, (std::vector<double>{0.0031, 0.9921875}));
        }
        const auto requests = server.requests();
        QCOMPARE(requests[1].path, QStringLiteral("/v1/rerank"));
        const QJsonObject body = QJsonDocument::fromJson(requests[1].body).object();
        QCOMPARE(body.value(QStringLiteral("model")).toString(), QStringLiteral("Qwen/Qwen3-VL-Reranker-2B"));
        QCOMPARE(body.value(QStringLiteral("documents")).toArray().size(), 2);
        QCOMPARE(requests[3].path, QStringLiteral("/score"));

        endpoint.model = QStringLiteral("Qwen/Qwen3-VL-Embedding-2B");
        auto refused = RemoteScorer::connect(endpoint);
        QVERIFY(!refused);
        QVERIFY(messageOf(refused.error())
                    .endsWith(
                        QStringLiteral("serves Qwen/Qwen3-VL-Reranker-2B, not Qwen/Qwen3-VL-Embedding-2B")));
    }

    void rerankRelevanceOutsideZeroOne()
    {
        QByteArray raw = vllm::kRerankResponse;
        raw.replace("\"relevance_score\":0.9921875", "\"relevance_score\":4.85");
        FakeVllm server([raw](const FakeVllm::Request &request) {
            if (request.path == QStringLiteral("/v1/models"))
                return FakeVllm::Reply{200, {}, vllm::kRerankerModelList};
            return FakeVllm::Reply{200, {}, raw};
        });
        QVERIFY(server.start());
        auto scorer = RemoteScorer::connect(endpointOf(server));
        QVERIFY(scorer);
        embedding::EncodeInput query;
        query.text = "q";
        auto refused = (*scorer)->score(query, texts({"a", "b"}));
        QVERIFY(!refused);
        QVERIFY(messageOf(refused.error()).contains(QStringLiteral("a relevance of 4.85, outside 0..1")));
    }
};

QTEST_GUILESS_MAIN(TestRemoteModels)
#include "test_remote_models.moc"
