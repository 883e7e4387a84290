// The model routes of cortex-cli serve, called directly with HttpRequest values (no network): the
// requests Cortex's own client builds (remote/vllm_protocol.h) are answered with exactly the vectors and
// scores of the engine behind them, in the shapes that client reads; every hostile request gets a 4xx
// with a JSON error that names the input; a full queue answers 503 with Retry-After.

#include "api/fake_models.h"
#include "api/model_api.h"
#include "remote/image_data_url.h"
#include "remote/vllm_protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <future>

using namespace cortex;
using namespace cortex::api;
using namespace cortex::testing;
using serve::HttpRequest;
using serve::HttpResponse;

namespace {

const QString kServer = QStringLiteral("the test server");
const QString kEmbeddingName = QStringLiteral("fake-embedding");
const QString kRerankerName = QStringLiteral("fake-reranker");

using Route = void (ModelApi::*)(const HttpRequest &, serve::Responder);

HttpResponse call(ModelApi &api, Route route, const QByteArray &body, QByteArray method = "POST")
{
    HttpRequest request;
    request.method = std::move(method);
    request.body = body;
    auto answer = std::make_shared<std::promise<HttpResponse>>();
    (api.*route)(request, [answer](HttpResponse response) { answer->set_value(std::move(response)); });
    auto future = answer->get_future();
    if (future.wait_for(std::chrono::seconds(30)) != std::future_status::ready)
        return HttpResponse::error(599, QStringLiteral("no answer within 30 s"), QStringLiteral("Test"));
    return future.get();
}

QString errorMessage(const HttpResponse &response)
{
    return QJsonDocument::fromJson(response.body)[QStringLiteral("error")][QStringLiteral("message")]
        .toString();
}

model::Image checkerboard(int channels)
{
    model::Image image;
    image.width = 5;
    image.height = 3;
    image.channels = channels;
    for (int k = 0; k < 5 * 3 * channels; ++k)
        image.pixels.push_back(uint8_t(k * 37 % 256));
    return image;
}

embedding::EncodeInput textInput(const std::string &text)
{
    embedding::EncodeInput input;
    input.text = text;
    return input;
}

} // namespace

class TestModelApi : public QObject {
    Q_OBJECT

    FakeEncoder encoder_;
    FakeScorer scorer_;

    std::unique_ptr<ModelApi> makeApi(bool withScorer = true, BatchOptions batching = {})
    {
        ServedModels models;
        models.encoder = &encoder_;
        models.encoderName = kEmbeddingName;
        models.encoderRoot = QStringLiteral("/models/fake-embedding");
        if (withScorer) {
            models.scorer = &scorer_;
            models.scorerName = kRerankerName;
        }
        ModelApiOptions options;
        options.embedding = batching;
        options.limits.maxInputs = 4;
        return std::make_unique<ModelApi>(models, options);
    }

private slots:
    void renderedPromptsAreEmbeddedLikeTheLocalInputs()
    {
        auto api = makeApi();
        const std::vector<embedding::EncodeInput> inputs = {textInput("alpha"), textInput(""),
                                                            textInput("päge 3 ∑")};
        for (const std::string &instruction :
             {std::string(kFakeDocumentInstruction), std::string(embedding::kQueryInstruction)}) {
            const auto response = call(*api, &ModelApi::embeddings,
                                       remote::textEmbeddingRequest(kEmbeddingName, inputs, instruction));
            QCOMPARE(response.status, 200);
            auto rows = remote::parseEmbeddingResponse(response.body, inputs.size(), kFakeDim, kServer);
            QVERIFY2(rows.ok(), rows.ok() ? "" : rows.error().message.c_str());
            for (size_t k = 0; k < inputs.size(); ++k) {
                // The empty text travels as "NULL", which the local engine's prompt holds for it too.
                const auto expected =
                    fakeVector(instruction, inputs[k].text.empty() ? textInput("NULL") : inputs[k]);
                QCOMPARE((*rows)[k], expected);
            }
        }
    }

    void chatFormCarriesTheImagesPixels()
    {
        auto api = makeApi();
        for (const int channels : {3, 4}) {
            embedding::EncodeInput input;
            input.images.push_back(checkerboard(channels));
            input.text = channels == 3 ? "a caption" : "";
            const auto response =
                call(*api, &ModelApi::embeddings,
                     remote::chatEmbeddingRequest(kEmbeddingName, input, kFakeDocumentInstruction));
            QCOMPARE(response.status, 200);
            auto rows = remote::parseEmbeddingResponse(response.body, 1, kFakeDim, kServer);
            QVERIFY(rows.ok());
            QCOMPARE(rows->front(), fakeVector(kFakeDocumentInstruction, input));
        }
    }

    void plainTextIsEmbeddedAsADocumentAndDimensionsCut()
    {
        auto api = makeApi();
        const auto response =
            call(*api, &ModelApi::embeddings,
                 "{\"input\": \"hello\", \"dimensions\": 4, \"model\": \"fake-embedding\"}");
        QCOMPARE(response.status, 200);
        auto rows = remote::parseEmbeddingResponse(response.body, 1, 4, kServer);
        QVERIFY(rows.ok());
        auto expected = fakeVector(kFakeDocumentInstruction, textInput("hello"));
        keepMrlPrefix(expected, 4);
        QCOMPARE(rows->front(), expected);
        const QJsonObject answer = QJsonDocument::fromJson(response.body).object();
        QCOMPARE(answer.value(QStringLiteral("object")).toString(), QStringLiteral("list"));
        QCOMPARE(answer.value(QStringLiteral("model")).toString(), kEmbeddingName);
        QVERIFY(answer.value(QStringLiteral("usage")).isObject());
    }

    // The usage counts are the encoder's (Encoder::promptTokens) summed over the request's inputs.
    void usageCountsTheEncodersTokens()
    {
        auto api = makeApi();
        const auto response =
            call(*api, &ModelApi::embeddings,
                 "{\"input\": [\"hello\", \"a longer text\"], \"model\": \"fake-embedding\"}");
        QCOMPARE(response.status, 200);
        const QJsonObject usage =
            QJsonDocument::fromJson(response.body).object().value(QStringLiteral("usage")).toObject();
        const qint64 expected = fakePromptTokens(kFakeDocumentInstruction, textInput("hello")) +
                                fakePromptTokens(kFakeDocumentInstruction, textInput("a longer text"));
        QCOMPARE(usage.value(QStringLiteral("prompt_tokens")).toInteger(), expected);
        QCOMPARE(usage.value(QStringLiteral("total_tokens")).toInteger(), expected);
    }

    void renderedPromptParsing_data()
    {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("instruction"); // empty with ok: a plain text
        QTest::addColumn<QString>("text");
        const auto render = [](const std::string &text, const std::string &instruction) {
            return QString::fromStdString(remote::renderEmbeddingPrompt(text, instruction));
        };
        QTest::newRow("rendered") << render("some text", "Do it.") << true << "Do it."
                                  << "some text";
        QTest::newRow("rendered, text with newlines") << render("a\n<b>\n", "Do it.") << true << "Do it."
                                                      << "a\n<b>\n";
        QTest::newRow("plain") << "just text" << true << ""
                               << "just text";
        QTest::newRow("no end of text") << render("x", "Do it.").chopped(13) << false << ""
                                        << "";
        QTest::newRow("no system turn")
            << "<|im_start|>user\nx<|im_end|>\n<|im_start|>assistant\n<|endoftext|>" << false << ""
            << "";
        QTest::newRow("image pad in the text") << render("<|image_pad|>", "Do it.") << false << ""
                                               << "";
        QTest::newRow("a token alone") << "text <|endoftext|> more" << false << ""
                                       << "";
    }

    void renderedPromptParsing()
    {
        QFETCH(QString, prompt);
        QFETCH(bool, ok);
        QFETCH(QString, instruction);
        QFETCH(QString, text);
        auto parsed = parseRenderedPrompt(prompt.toStdString(), QStringLiteral("input 0"));
        QCOMPARE(parsed.ok(), ok);
        if (!ok) {
            QVERIFY(QString::fromStdString(parsed.error().message).startsWith(QStringLiteral("input 0")));
            return;
        }
        QCOMPARE(parsed->has_value(), !instruction.isEmpty());
        if (*parsed) {
            QCOMPARE(QString::fromStdString((*parsed)->first), instruction);
            QCOMPARE(QString::fromStdString((*parsed)->second), text);
        }
    }

    void hostileEmbeddingRequests_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("named"); // a part of the error message
        const QByteArray notAnImage = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_"
                                      "url\",\"image_url\":{\"url\":\"data:image/png;base64," +
                                      QByteArray("this is not a png").toBase64() + "\"}}]}]}";
        QTest::newRow("malformed JSON") << QByteArray("{\"input\": [\"a\",") << 400 << "not valid JSON";
        QTest::newRow("not an object") << QByteArray("[1,2]") << 400 << "not a JSON object";
        QTest::newRow("input a number") << QByteArray("{\"input\": 5}") << 400 << "\"input\"";
        QTest::newRow("token ids") << QByteArray("{\"input\": [[1,2,3]]}") << 400 << "input 0";
        QTest::newRow("too many inputs")
            << QByteArray("{\"input\": [\"a\",\"b\",\"c\",\"d\",\"e\"]}") << 400 << "at most 4";
        QTest::newRow("empty list") << QByteArray("{\"input\": []}") << 400 << "empty";
        QTest::newRow("both forms") << QByteArray("{\"input\": \"a\", \"messages\": []}") << 400
                                    << "exactly one";
        QTest::newRow("neither form")
            << QByteArray("{\"model\": \"fake-embedding\"}") << 400 << "exactly one";
        QTest::newRow("base64 encoding")
            << QByteArray("{\"input\": \"a\", \"encoding_format\": \"base64\"}") << 400 << "encoding_format";
        QTest::newRow("dimensions zero")
            << QByteArray("{\"input\": \"a\", \"dimensions\": 0}") << 400 << "dimensions";
        QTest::newRow("dimensions too wide")
            << QByteArray("{\"input\": \"a\", \"dimensions\": 9}") << 400 << "9";
        QTest::newRow("not an image") << notAnImage << 400 << "messages[0].content[0]";
        QTest::newRow("a web URL") << QByteArray(
                                          "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_"
                                          "url\",\"image_url\":{\"url\":\"http://x/a.png\"}}]}]}")
                                   << 400 << "fetches no URL";
        QTest::newRow("damaged base64")
            << QByteArray("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_"
                          "url\":{\"url\":\"data:image/png;base64,@@@\"}}]}]}")
            << 400 << "base64";
        QTest::newRow("an assistant turn")
            << QByteArray("{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\","
                          "\"content\":\"b\"}]}")
            << 400 << "messages[1]";
        QTest::newRow("audio part")
            << QByteArray("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\"}]}]}")
            << 400 << "input_audio";
        QTest::newRow("another model") << QByteArray("{\"input\": \"a\", \"model\": \"gpt-4\"}") << 404
                                       << "The model `gpt-4` does not exist.";
        QTest::newRow("model a number") << QByteArray("{\"input\": \"a\", \"model\": 3}") << 400 << "model";
        QTest::newRow("engine failure")
            << QByteArray("{\"input\": [\"ok\", \"break the engine\"]}") << 500 << "input 1";
    }

    void hostileEmbeddingRequests()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, named);
        auto api = makeApi();
        const auto response = call(*api, &ModelApi::embeddings, body);
        QCOMPARE(response.status, status);
        QCOMPARE(response.contentType, QByteArray("application/json"));
        QVERIFY2(errorMessage(response).contains(named), qPrintable(errorMessage(response)));
        // The server still answers.
        QCOMPARE(call(*api, &ModelApi::embeddings, "{\"input\": \"still here\"}").status, 200);
    }

    void aFullQueueAnswers503WithRetryAfter()
    {
        encoder_.gate.close();
        // A failed check must not leave the batcher's worker at the gate (the destructor would wait).
        const std::shared_ptr<void> reopen(nullptr, [this](void *) { encoder_.gate.open(); });
        BatchOptions small;
        small.maxBatch = 1;
        small.windowMs = 0;
        small.maxQueue = 1;
        auto api = makeApi(true, small);
        HttpRequest request;
        request.method = "POST";
        request.body = "{\"input\": \"x\"}";
        std::vector<std::shared_ptr<std::promise<HttpResponse>>> answers;
        const auto send = [&] {
            answers.push_back(std::make_shared<std::promise<HttpResponse>>());
            auto answer = answers.back();
            api->embeddings(request, [answer](HttpResponse r) { answer->set_value(std::move(r)); });
        };
        send();
        QVERIFY(encoder_.gate.waitForCaller()); // the first runs, held
        send();
        QTRY_COMPARE_WITH_TIMEOUT(api->embeddingStats().waiting, size_t(1), 30'000); // the second waits
        send();
        auto third = answers[2]->get_future();
        QVERIFY(third.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
        const HttpResponse refused = third.get();
        encoder_.gate.open();
        QCOMPARE(refused.status, 503);
        QVERIFY(std::any_of(refused.headers.cbegin(), refused.headers.cend(),
                            [](const auto &h) { return h.first == "Retry-After" && h.second == "1"; }));
        for (size_t k = 0; k < 2; ++k) {
            auto future = answers[k]->get_future();
            QVERIFY(future.wait_for(std::chrono::seconds(30)) == std::future_status::ready);
            QCOMPARE(future.get().status, 200);
        }
    }

    void rerankAndScoreAnswerTheScorersRelevance()
    {
        auto api = makeApi();
        const embedding::EncodeInput query = textInput("which page?");
        std::vector<embedding::EncodeInput> documents = {textInput("one"), textInput("two"),
                                                         textInput("three")};
        const auto rerank =
            call(*api, &ModelApi::rerank, remote::rerankRequest(kRerankerName, query, documents));
        QCOMPARE(rerank.status, 200);
        auto relevance = remote::parseRerankResponse(rerank.body, documents.size(), kServer);
        QVERIFY(relevance.ok());
        for (size_t k = 0; k < documents.size(); ++k)
            QCOMPARE((*relevance)[k], fakeRelevance(query, documents[k]));
        // Best first, as vLLM answers.
        const QJsonArray results = QJsonDocument::fromJson(rerank.body)[QStringLiteral("results")].toArray();
        for (qsizetype k = 1; k < results.size(); ++k)
            QVERIFY(results[k - 1][QStringLiteral("relevance_score")].toDouble() >=
                    results[k][QStringLiteral("relevance_score")].toDouble());

        const auto score =
            call(*api, &ModelApi::score, remote::scoreRequest(kRerankerName, query, documents));
        QCOMPARE(score.status, 200);
        auto scores = remote::parseScoreResponse(score.body, documents.size(), kServer);
        QVERIFY(scores.ok());
        QCOMPARE(*scores, *relevance);

        // An image document in vLLM's multimodal form.
        documents[1].images.push_back(checkerboard(3));
        documents[1].text.clear();
        const auto mixed =
            call(*api, &ModelApi::rerank, remote::rerankRequest(kRerankerName, query, documents));
        QCOMPARE(mixed.status, 200);
        auto mixedRelevance = remote::parseRerankResponse(mixed.body, documents.size(), kServer);
        QVERIFY(mixedRelevance.ok());
        QCOMPARE((*mixedRelevance)[1], fakeRelevance(query, documents[1]));
    }

    void hostileRerankRequests_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("score");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("named");
        QTest::newRow("malformed") << QByteArray("{") << false << 400 << "not valid JSON";
        QTest::newRow("no query") << QByteArray("{\"documents\": [\"a\"]}") << false << 400 << "query";
        QTest::newRow("documents a number")
            << QByteArray("{\"query\": \"q\", \"documents\": 3}") << false << 400 << "documents";
        QTest::newRow("too many documents")
            << QByteArray("{\"query\": \"q\", \"documents\": [\"a\",\"b\",\"c\",\"d\",\"e\"]}") << false
            << 400 << "expected 1 to 4";
        QTest::newRow("negative top_n")
            << QByteArray("{\"query\": \"q\", \"documents\": [\"a\"], \"top_n\": -1}") << false << 400
            << "top_n";
        QTest::newRow("another model")
            << QByteArray("{\"query\": \"q\", \"documents\": [\"a\"], \"model\": \"m\"}") << false << 404
            << "The model `m` does not exist.";
        QTest::newRow("score pairs unequal")
            << QByteArray("{\"text_1\": [\"a\",\"b\"], \"text_2\": [\"a\",\"b\",\"c\"]}") << true << 400
            << "pairs";
        QTest::newRow("score text_2 object")
            << QByteArray("{\"text_1\": \"a\", \"text_2\": {}}") << true << 400 << "text_2";
    }

    void hostileRerankRequests()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, score);
        QFETCH(int, status);
        QFETCH(QString, named);
        auto api = makeApi();
        const auto response = call(*api, score ? &ModelApi::score : &ModelApi::rerank, body);
        QCOMPARE(response.status, status);
        QVERIFY2(errorMessage(response).contains(named), qPrintable(errorMessage(response)));
    }

    void withoutAReranker404()
    {
        auto api = makeApi(false);
        const auto response = call(*api, &ModelApi::rerank, "{\"query\": \"q\", \"documents\": [\"a\"]}");
        QCOMPARE(response.status, 404);
        QVERIFY(errorMessage(response).contains(QStringLiteral("--reranker")));
    }

    void modelListIsWhatTheClientReads()
    {
        auto api = makeApi();
        const auto response = call(*api, &ModelApi::models, {}, "GET");
        QCOMPARE(response.status, 200);
        auto served = remote::parseModelList(response.body, kServer);
        QVERIFY(served.ok());
        QCOMPARE(served->size(), size_t(2));
        QCOMPARE(served->at(0).id, kEmbeddingName);
        QCOMPARE(served->at(0).root, QStringLiteral("/models/fake-embedding"));
        auto chosen = remote::chooseServedModel(*served, kEmbeddingName, kServer);
        QVERIFY(chosen.ok());
        QCOMPARE(call(*api, &ModelApi::health, {}, "GET").status, 200);
    }
};

QTEST_GUILESS_MAIN(TestModelApi)
#include "test_model_api.moc"
