// The request bodies and the answer checks of remote/vllm_protocol.h against vLLM's pinned shapes
// (vllm_fixtures.h), without a network: every hostile answer is refused with a message that says what
// was wrong.

#include "remote/vllm_fixtures.h"

#include "embedding/space_fingerprint.h"
#include "remote/image_data_url.h"
#include "remote/remote_call.h"
#include "remote/vllm_protocol.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace cortex;
using namespace cortex::remote;
namespace vllm = cortex::testing::vllm;

namespace {

const QString kServer = QStringLiteral("the model server at http://gpu:8000");

QJsonObject parsed(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object();
}

model::Image checkerboard(int width, int height, int channels)
{
    model::Image image;
    image.width = width;
    image.height = height;
    image.channels = channels;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            for (int c = 0; c < channels; ++c)
                image.pixels.push_back(uint8_t((x * 31 + y * 17 + c * 90) % 256));
    return image;
}

} // namespace

class TestVllmProtocol : public QObject {
    Q_OBJECT

private slots:
    void embeddingAnswerRowsByIndex()
    {
        auto rows = parseEmbeddingResponse(vllm::kEmbeddingTwoRowsOutOfOrder, 2, 4, kServer);
        QVERIFY2(rows, rows ? "" : rows.error().message.c_str());
        // Row 0 is the one whose "index" is 0, the second in the answer.
        QCOMPARE((*rows)[0], (std::vector<float>{0.5f, 0.5f, 0.5f, 0.5f}));
        QCOMPARE((*rows)[1], (std::vector<float>{0.0f, 0.6f, 0.0f, 0.8f}));
    }

    void hostileEmbeddingAnswers_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("dim");
        QTest::addColumn<QString>("expected");
        QTest::newRow("wrong dimension") << vllm::kEmbeddingTwoRowsOutOfOrder << 2 << 8
                                         << QStringLiteral("row 0 has 4 dimensions, expected 8");
        QTest::newRow("missing row") << vllm::kEmbeddingTwoRowsOutOfOrder << 3 << 4
                                     << QStringLiteral("2 rows for 3 inputs");
        QByteArray duplicate = vllm::kEmbeddingTwoRowsOutOfOrder;
        duplicate.replace("\"index\":1", "\"index\":0");
        QTest::newRow("index twice") << duplicate << 2 << 4 << QStringLiteral("index 0 twice");
        QByteArray outOfRange = vllm::kEmbeddingTwoRowsOutOfOrder;
        outOfRange.replace("\"index\":1", "\"index\":7");
        QTest::newRow("index out of range")
            << outOfRange << 2 << 4 << QStringLiteral("without a valid index (0..1)");
        QByteArray fractional = vllm::kEmbeddingTwoRowsOutOfOrder;
        fractional.replace("\"index\":1", "\"index\":0.5");
        QTest::newRow("fractional index") << fractional << 2 << 4 << QStringLiteral("without a valid index");
        QByteArray notNumber = vllm::kEmbeddingTwoRowsOutOfOrder;
        notNumber.replace("[0.0,0.6,0.0,0.8]", "[0.0,\"NaN\",0.0,0.8]");
        QTest::newRow("not a number")
            << notNumber << 2 << 4 << QStringLiteral("row 1 holds a value that is not a finite number");
        QByteArray huge = vllm::kEmbeddingTwoRowsOutOfOrder;
        huge.replace("[0.0,0.6,0.0,0.8]", "[0.0,1e400,0.0,0.8]");
        // Qt's parser refuses a number beyond double's range outright.
        QTest::newRow("out of double's range") << huge << 2 << 4 << QStringLiteral("not a JSON object");
        QByteArray base64 = vllm::kEmbeddingTwoRowsOutOfOrder;
        base64.replace("[0.0,0.6,0.0,0.8]", "\"AAAAAA==\"");
        QTest::newRow("base64 row") << base64 << 2 << 4 << QStringLiteral("no \"embedding\" list");
        QTest::newRow("html") << vllm::kProxyHtml << 1 << 4
                              << QStringLiteral("an HTML page instead of vLLM's JSON");
        QTest::newRow("not json") << QByteArray("OK") << 1 << 4 << QStringLiteral("not a JSON object");
        QTest::newRow("no data") << QByteArray(R"({"object":"list"})") << 1 << 4
                                 << QStringLiteral("no \"data\" list");
    }

    void hostileEmbeddingAnswers()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, rows);
        QFETCH(int, dim);
        QFETCH(QString, expected);
        auto result = parseEmbeddingResponse(body, size_t(rows), dim, kServer);
        QVERIFY(!result);
        const QString message = QString::fromStdString(result.error().message);
        QVERIFY2(message.startsWith(kServer), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void textRequestCarriesTheLocalPrompt()
    {
        std::vector<embedding::EncodeInput> inputs(2);
        inputs[0].text = "quarterly revenue";
        const QJsonObject request =
            parsed(textEmbeddingRequest(QStringLiteral("m"), inputs, "Represent the user's input."));
        QCOMPARE(request.value(QStringLiteral("model")).toString(), QStringLiteral("m"));
        QCOMPARE(request.value(QStringLiteral("encoding_format")).toString(), QStringLiteral("float"));
        const QJsonArray input = request.value(QStringLiteral("input")).toArray();
        QCOMPARE(input.size(), 2);
        // The official Qwen3-VL-Embedding template (model/prompts.cpp), empty text as "NULL".
        QCOMPARE(input[0].toString(),
                 QStringLiteral(
                     "<|im_start|>system\nRepresent the user's input.<|im_end|>\n<|im_start|>user\nquarterly "
                     "revenue<|im_end|>\n<|im_start|>assistant\n<|endoftext|>"));
        QVERIFY(input[1].toString().contains(QStringLiteral("user\nNULL<|im_end|>")));
    }

    void chatRequestHasSystemInstructionAndImage()
    {
        embedding::EncodeInput input;
        input.text = "page 3";
        input.images.push_back(checkerboard(5, 3, 3));
        const QJsonObject request =
            parsed(chatEmbeddingRequest(QStringLiteral("m"), input, "Represent the user's input."));
        QCOMPARE(request.value(QStringLiteral("encoding_format")).toString(), QStringLiteral("float"));
        QVERIFY(request.value(QStringLiteral("add_generation_prompt")).toBool());
        const QJsonArray messages = request.value(QStringLiteral("messages")).toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages[0][QStringLiteral("role")].toString(), QStringLiteral("system"));
        QCOMPARE(messages[0][QStringLiteral("content")][0][QStringLiteral("text")].toString(),
                 QStringLiteral("Represent the user's input."));
        const QJsonArray content = messages[1][QStringLiteral("content")].toArray();
        QCOMPARE(messages[1][QStringLiteral("role")].toString(), QStringLiteral("user"));
        QCOMPARE(content.size(), 2);
        // Images first, then the text, as the local prompt orders them.
        QCOMPARE(content[0][QStringLiteral("type")].toString(), QStringLiteral("image_url"));
        QCOMPARE(content[1][QStringLiteral("text")].toString(), QStringLiteral("page 3"));
        QVERIFY(content[0][QStringLiteral("image_url")][QStringLiteral("url")].toString().startsWith(
            QStringLiteral("data:image/png;base64,")));
    }

    void dataUrlIsLossless_data()
    {
        QTest::addColumn<int>("channels");
        QTest::newRow("RGB") << 3;
        QTest::newRow("RGBA") << 4;
    }

    void dataUrlIsLossless()
    {
        QFETCH(int, channels);
        const model::Image image = checkerboard(7, 5, channels);
        const QByteArray url = pngDataUrl(image);
        QVERIFY(url.startsWith("data:image/png;base64,"));
        QImage decoded;
        QVERIFY(decoded.loadFromData(QByteArray::fromBase64(url.mid(22)), "PNG"));
        decoded = decoded.convertToFormat(channels == 4 ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
        QCOMPARE(decoded.width(), 7);
        QCOMPARE(decoded.height(), 5);
        for (int y = 0; y < 5; ++y)
            QCOMPARE(QByteArray(reinterpret_cast<const char *>(decoded.constScanLine(y)), 7 * channels),
                     QByteArray(reinterpret_cast<const char *>(image.pixels.data()) + y * 7 * channels,
                                7 * channels));
        model::Image broken = image;
        broken.pixels.pop_back();
        QVERIFY(pngDataUrl(broken).isEmpty());
    }

    void rerankAnswerByIndex()
    {
        auto scores = parseRerankResponse(vllm::kRerankResponse, 2, kServer);
        QVERIFY2(scores, scores ? "" : scores.error().message.c_str());
        QCOMPARE((*scores)[0], 0.0031);
        QCOMPARE((*scores)[1], 0.9921875);
        QVERIFY(!parseRerankResponse(vllm::kRerankResponse, 3, kServer));
        QByteArray noScore = vllm::kRerankResponse;
        noScore.replace("\"relevance_score\":0.0031", "\"relevance_score\":null");
        auto refused = parseRerankResponse(noScore, 2, kServer);
        QVERIFY(!refused);
        QVERIFY(QString::fromStdString(refused.error().message)
                    .contains(QStringLiteral("row 0 has no finite \"relevance_score\"")));
    }

    void scoreAnswer()
    {
        auto scores = parseScoreResponse(vllm::kScoreResponse, 2, kServer);
        QVERIFY2(scores, scores ? "" : scores.error().message.c_str());
        QCOMPARE((*scores)[0], 0.0031);
        QCOMPARE((*scores)[1], 0.9921875);
    }

    void rerankRequestShapes()
    {
        embedding::EncodeInput query;
        query.text = "What is the capital of France?";
        std::vector<embedding::EncodeInput> documents(2);
        documents[0].text = "The capital of Brazil is Brasilia.";
        documents[1].text = "The capital of France is Paris.";
        QJsonObject request = parsed(rerankRequest(QStringLiteral("r"), query, documents));
        QCOMPARE(request.value(QStringLiteral("query")).toString(),
                 QStringLiteral("What is the capital of France?"));
        QCOMPARE(request.value(QStringLiteral("documents")).toArray().at(1).toString(),
                 QStringLiteral("The capital of France is Paris."));
        // With an image among the documents: vLLM's multimodal score form, a content part per document.
        documents[1].images.push_back(checkerboard(2, 2, 3));
        request = parsed(rerankRequest(QStringLiteral("r"), query, documents));
        const QJsonArray parts =
            request.value(QStringLiteral("documents"))[QStringLiteral("content")].toArray();
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts[0][QStringLiteral("type")].toString(), QStringLiteral("text"));
        QCOMPARE(parts[1][QStringLiteral("type")].toString(), QStringLiteral("image_url"));
        request = parsed(scoreRequest(QStringLiteral("r"), query, documents));
        QCOMPARE(request.value(QStringLiteral("text_1")).toString(), QString::fromStdString(query.text));
        QCOMPARE(request.value(QStringLiteral("text_2")).toArray().size(), 2);
    }

    void servedModels()
    {
        auto served = parseModelList(vllm::kModelList, kServer);
        QVERIFY(served);
        QCOMPARE(served->size(), size_t(1));
        QCOMPARE(revisionOf(served->front()), QStringLiteral("0123456789abcdef0123456789abcdef01234567"));
        QVERIFY(chooseServedModel(*served, {}, kServer));
        QVERIFY(chooseServedModel(*served, QStringLiteral("Qwen/Qwen3-VL-Embedding-2B"), kServer));
        auto other = chooseServedModel(*served, QStringLiteral("Qwen/Qwen3-VL-Embedding-8B"), kServer);
        QVERIFY(!other);
        QCOMPARE(QString::fromStdString(other.error().message),
                 kServer +
                     QStringLiteral(" serves Qwen/Qwen3-VL-Embedding-2B, not Qwen/Qwen3-VL-Embedding-8B"));
    }

    void errorBodies()
    {
        QCOMPARE(describeErrorBody(404, vllm::kModelNotFound),
                 QStringLiteral("HTTP 404: The model `Qwen/Qwen3-VL-Embedding-8B` does not exist."));
        QVERIFY(describeErrorBody(400, vllm::kTooLong)
                    .contains(QStringLiteral("Please reduce the length of the input.")));
        QVERIFY(describeErrorBody(502, vllm::kProxyHtml).contains(QStringLiteral("an HTML page")));
    }

    void retryDelays()
    {
        RemoteEndpoint endpoint;
        endpoint.initialBackoffMs = 500;
        endpoint.maxBackoffMs = 3000;
        QCOMPARE(retryDelayMs(endpoint, 1, {}), 500);
        QCOMPARE(retryDelayMs(endpoint, 2, {}), 1000);
        QCOMPARE(retryDelayMs(endpoint, 3, {}), 2000);
        QCOMPARE(retryDelayMs(endpoint, 4, {}), 3000);
        QCOMPARE(retryDelayMs(endpoint, 1, "2"), 2000);
        QCOMPARE(retryDelayMs(endpoint, 1, "3600"), 3000); // a server's Retry-After is capped
        QCOMPARE(retryDelayMs(endpoint, 2, "Wed, 21 Oct 2026 07:28:00 GMT"), 1000);
        QCOMPARE(baseUrl(QStringLiteral("http://gpu:8000/v1/")), QStringLiteral("http://gpu:8000"));
    }

    void fingerprintRecord()
    {
        const embedding::Fingerprint fingerprint{{0.1f, -0.25f, 1e-7f}, {0.3f, 0.4f, 0.5f}};
        auto decoded = embedding::decodeFingerprint(embedding::encodeFingerprint(fingerprint));
        QVERIFY(decoded);
        QCOMPARE(*decoded, fingerprint); // %.9g round-trips a float exactly
        for (const char *damaged :
             {"", "cortex-fingerprint-1 2 3 0.1", "cortex-fingerprint-1 2 3 1 2 3 4 5 x",
              "cortex-fingerprint-1 1 3 1 2 3 4", "cortex-fingerprint-1 99999 99999",
              "cortex-fingerprint-1 1 1 inf"}) {
            auto refused = embedding::decodeFingerprint(damaged);
            QVERIFY2(!refused, damaged);
            QVERIFY(QString::fromStdString(refused.error().message)
                        .contains(QStringLiteral("fingerprint is damaged")));
        }
        QCOMPARE(embedding::fingerprintAgreement(fingerprint, fingerprint) > 0.999999, true);
        QCOMPARE(embedding::fingerprintAgreement(fingerprint, {{0.1f, -0.25f, 1e-7f}}), -1.0);
    }
};

QTEST_GUILESS_MAIN(TestVllmProtocol)
#include "test_vllm_protocol.moc"
