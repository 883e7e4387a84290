// cortex-cli with a model served by a (fake) vLLM server, end to end with the tiny test model: a
// library embedded on this computer records its model's fingerprint and is searched through a server
// that answers with the same vectors; a server of other weights is refused with the local path's
// message; an unreachable server is named; a library embedded through the server is searched with the
// local model of the same weights.

#include "remote/fake_vllm.h"
#include "support/cli_run.h"

#include "embedding/space_fingerprint.h"
#include "store/library_db.h"
#include "store/meta_keys.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace cortex;
using cortex::testing::FakeVllm;

namespace {

using Run = cortex::testing::CliRun;

// The fingerprint the library recorded, as the model of that library computed it.
embedding::Fingerprint recordedFingerprint(const QString &libraryDir)
{
    const QString file = libraryDir + QStringLiteral("/library.db");
    auto db = store::LibraryDb::open(file.toStdString(), store::OpenMode::ReadOnly);
    if (!db)
        return {};
    auto value = (*db)->meta(store::kModelFingerprintKey);
    if (!value || !*value)
        return {};
    const std::string text = **value;
    auto decoded = embedding::decodeFingerprint(text.substr(text.find('\n') + 1));
    return decoded ? *decoded : embedding::Fingerprint{};
}

// A server that answers the text probe and every text with the first probe vector and every image with
// the second: the library's own model as far as the fingerprint can tell (or, with `other`, a model
// whose vectors are those with every other sign flipped).
FakeVllm::Handler replaying(const embedding::Fingerprint &fingerprint, bool other)
{
    return [fingerprint, other](const FakeVllm::Request &request) {
        if (request.path == QStringLiteral("/v1/models"))
            return FakeVllm::Reply{
                200,
                {},
                R"({"object":"list","data":[{"id":"tiny-a","object":"model","owned_by":"vllm","root":"/models/tiny-a"}]})"};
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        const bool text = body.contains(QStringLiteral("input"));
        const int rows = text ? int(body.value(QStringLiteral("input")).toArray().size()) : 1;
        QJsonArray vector;
        const auto &source = fingerprint[text ? 0 : 1];
        for (size_t i = 0; i < source.size(); ++i)
            vector.append(double(other && i % 2 ? -source[i] : source[i]));
        QJsonArray data;
        for (int k = 0; k < rows; ++k)
            data.append(QJsonObject{{QStringLiteral("index"), k},
                                    {QStringLiteral("object"), QStringLiteral("embedding")},
                                    {QStringLiteral("embedding"), vector}});
        const QJsonObject answer{{QStringLiteral("object"), QStringLiteral("list")},
                                 {QStringLiteral("model"), QStringLiteral("tiny-a")},
                                 {QStringLiteral("data"), data},
                                 {QStringLiteral("usage"), QJsonObject{}}};
        return FakeVllm::Reply{200, {}, QJsonDocument(answer).toJson(QJsonDocument::Compact)};
    };
}

// A reranker server: relevance 0.5 for every document, by index.
FakeVllm::Reply rerankerAnswer(const FakeVllm::Request &request)
{
    if (request.path == QStringLiteral("/v1/models"))
        return FakeVllm::Reply{
            200, {}, R"({"object":"list","data":[{"id":"tiny-reranker","object":"model"}]})"};
    const int documents =
        int(QJsonDocument::fromJson(request.body)[QStringLiteral("documents")].toArray().size());
    QJsonArray results;
    for (int k = documents; k-- > 0;)
        results.append(QJsonObject{{QStringLiteral("index"), k},
                                   {QStringLiteral("document"), QJsonObject{}},
                                   {QStringLiteral("relevance_score"), 0.5}});
    const QJsonObject answer{{QStringLiteral("id"), QStringLiteral("rerank-1")},
                             {QStringLiteral("model"), QStringLiteral("tiny-reranker")},
                             {QStringLiteral("usage"), QJsonObject{}},
                             {QStringLiteral("results"), results}};
    return FakeVllm::Reply{200, {}, QJsonDocument(answer).toJson(QJsonDocument::Compact)};
}

} // namespace

class TestRemoteCli : public QObject {
    Q_OBJECT

    QTemporaryDir home_;

    Run cli(const QStringList &arguments)
    {
        QProcessEnvironment environment = testing::isolatedEnvironment(home_);
        environment.insert(QStringLiteral("CORTEX_MODEL_TOKEN"), QStringLiteral("from-the-environment"));
        return testing::runCli(QStringLiteral(CORTEX_BIN_DIR "/cortex-cli"), arguments, environment, 300'000);
    }

    QString makeDocuments()
    {
        const QString docs = home_.filePath(QStringLiteral("docs"));
        QDir().mkpath(docs);
        for (const auto &[name, text] : {std::pair{"a.txt", "The quarterly revenue chart shows growth."},
                                         std::pair{"b.txt", "A cat sleeps on the windowsill."}}) {
            QFile file(docs + QLatin1Char('/') + QLatin1String(name));
            if (!file.open(QIODevice::WriteOnly))
                return {};
            file.write(text);
        }
        return docs;
    }

private slots:
    void initTestCase() { QVERIFY(home_.isValid()); }

    void localLibrarySearchedThroughTheServer()
    {
        const QString docs = makeDocuments();
        const QString lib = home_.filePath(QStringLiteral("local-lib"));
        Run ingest = cli({QStringLiteral("ingest"), docs, QStringLiteral("--library"), lib,
                          QStringLiteral("--model"), QStringLiteral(CORTEX_TINY_A_DIR)});
        QVERIFY2(ingest.exitCode == 0, qPrintable(ingest.err));
        const embedding::Fingerprint fingerprint = recordedFingerprint(lib);
        QCOMPARE(fingerprint.size(), size_t(2));

        FakeVllm same(replaying(fingerprint, false));
        QVERIFY(same.start());
        Run search = cli({QStringLiteral("search"), QStringLiteral("--text"), QStringLiteral("revenue"),
                          QStringLiteral("--library"), lib, QStringLiteral("--model-url"), same.url(),
                          QStringLiteral("--json")});
        QVERIFY2(search.exitCode == 0, qPrintable(search.err));
        QVERIFY2(search.out.contains(u"a.txt"), qPrintable(search.out));
        const auto requests = same.requests();
        QVERIFY(requests.size() >= 4); // models, the two probes, the query
        QCOMPARE(requests.back().authorization, QByteArray("Bearer from-the-environment"));
        QVERIFY(requests.back().body.contains("Retrieve images or text relevant to the user's query."));

        FakeVllm other(replaying(fingerprint, true));
        QVERIFY(other.start());
        Run refused = cli({QStringLiteral("search"), QStringLiteral("--text"), QStringLiteral("revenue"),
                           QStringLiteral("--library"), lib, QStringLiteral("--model-url"), other.url()});
        QVERIFY(refused.exitCode != 0);
        QVERIFY2(
            refused.err.contains(u" was made with tiny-a (64 dimensions), but the loaded model is tiny-a"),
            qPrintable(refused.err));
        QVERIFY(refused.err.contains(u"its fingerprint agrees to a cosine of"));

        const QString nobody = QStringLiteral("http://127.0.0.1:%1").arg(testing::closedPort());
        Run unreachable = cli({QStringLiteral("search"), QStringLiteral("--text"), QStringLiteral("x"),
                               QStringLiteral("--library"), lib, QStringLiteral("--model-url"), nobody});
        QVERIFY(unreachable.exitCode != 0);
        const QString named = QStringLiteral("Cannot reach the model server at ") + nobody;
        QVERIFY2(unreachable.err.contains(named), qPrintable(unreachable.err));
    }

    void servedLibrarySearchedLocally()
    {
        // The fingerprint the local tiny model gives, learned from a library it made above.
        const embedding::Fingerprint fingerprint =
            recordedFingerprint(home_.filePath(QStringLiteral("local-lib")));
        QCOMPARE(fingerprint.size(), size_t(2));
        FakeVllm server(replaying(fingerprint, false));
        QVERIFY(server.start());
        const QString lib = home_.filePath(QStringLiteral("served-lib"));
        Run noTokenizer = cli({QStringLiteral("ingest"), makeDocuments(), QStringLiteral("--library"), lib,
                               QStringLiteral("--model-url"), server.url()});
        QVERIFY(noTokenizer.exitCode != 0);
        QVERIFY2(noTokenizer.err.contains(u"give --tokenizer DIR"), qPrintable(noTokenizer.err));
        Run ingest = cli({QStringLiteral("ingest"), makeDocuments(), QStringLiteral("--library"), lib,
                          QStringLiteral("--model-url"), server.url(), QStringLiteral("--tokenizer"),
                          QStringLiteral(CORTEX_TINY_A_DIR)});
        QVERIFY2(ingest.exitCode == 0, qPrintable(ingest.err));
        // The local model of the same weights joins the served library's space by its fingerprint.
        Run search = cli({QStringLiteral("search"), QStringLiteral("--text"), QStringLiteral("cat"),
                          QStringLiteral("--library"), lib, QStringLiteral("--model"),
                          QStringLiteral(CORTEX_TINY_A_DIR)});
        QVERIFY2(search.exitCode == 0, qPrintable(search.err));
        QVERIFY(search.out.contains(u"b.txt"));
        // Another local model does not.
        Run other = cli({QStringLiteral("search"), QStringLiteral("--text"), QStringLiteral("cat"),
                         QStringLiteral("--library"), lib, QStringLiteral("--model"),
                         QStringLiteral(CORTEX_TINY_B_DIR)});
        QVERIFY(other.exitCode != 0);
        QVERIFY2(other.err.contains(u" was made with tiny-a (64 dimensions, remote), but the model given"),
                 qPrintable(other.err));
    }

    void embedThroughTheServer()
    {
        const embedding::Fingerprint fingerprint =
            recordedFingerprint(home_.filePath(QStringLiteral("local-lib")));
        QCOMPARE(fingerprint.size(), size_t(2));
        FakeVllm server(replaying(fingerprint, false));
        QVERIFY(server.start());
        Run embed = cli({QStringLiteral("embed"), QStringLiteral("--text"), QStringLiteral("revenue"),
                         QStringLiteral("--instruction"), QStringLiteral("Find the chart"),
                         QStringLiteral("--model-url"), server.url(), QStringLiteral("--json")});
        QVERIFY2(embed.exitCode == 0, qPrintable(embed.err));
        const QJsonArray vector = embed.json()[QStringLiteral("embedding")].toArray();
        QCOMPARE(vector.size(), qsizetype(fingerprint[0].size()));
        for (qsizetype i = 0; i < vector.size(); ++i)
            QCOMPARE(float(vector[i].toDouble()), fingerprint[0][size_t(i)]);
        // The instruction normalised as the local engine does ("." appended).
        QVERIFY(server.requests().back().body.contains("system\\nFind the chart.<|im_end|>"));
    }

    void settingsChooseTheServers()
    {
        const QString lib = home_.filePath(QStringLiteral("local-lib"));
        FakeVllm embedder(replaying(recordedFingerprint(lib), false));
        FakeVllm reranker(rerankerAnswer);
        QVERIFY(embedder.start());
        QVERIFY(reranker.start());
        // What the Settings hold: the embedding model's server (written as the window would).
        const QString file = home_.filePath(QStringLiteral("config/Cortex/Cortex.conf"));
        {
            QSettings stored(file, QSettings::IniFormat);
            stored.setValue(QStringLiteral("models/embeddingUrl"), embedder.url());
            stored.setValue(QStringLiteral("models/embeddingToken"), QStringLiteral("from-the-settings"));
        }
        // search --save keeps a reranker server given on the command line.
        Run saved = cli({QStringLiteral("search"), QStringLiteral("--text"), QStringLiteral("revenue"),
                         QStringLiteral("--library"), lib, QStringLiteral("--reranker-url"), reranker.url(),
                         QStringLiteral("--save")});
        QVERIFY2(saved.exitCode == 0, qPrintable(saved.err));
        const qsizetype embedderCalls = embedder.requests().size();
        const qsizetype rerankerCalls = reranker.requests().size();
        QVERIFY(embedderCalls >= 4);
        QVERIFY(rerankerCalls >= 2);
        // The environment's token goes before the settings'.
        QCOMPARE(embedder.requests().back().authorization, QByteArray("Bearer from-the-environment"));

        Run again = cli({QStringLiteral("search"), QStringLiteral("--text"), QStringLiteral("revenue"),
                         QStringLiteral("--library"), lib});
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QVERIFY(embedder.requests().size() > embedderCalls);
        QVERIFY(reranker.requests().size() > rerankerCalls);
        QCOMPARE(reranker.requests().back().path, QStringLiteral("/v1/rerank"));

        // A folder on the command line goes before the settings' server.
        const qsizetype before = embedder.requests().size();
        Run local = cli({QStringLiteral("search"), QStringLiteral("--text"), QStringLiteral("revenue"),
                         QStringLiteral("--library"), lib, QStringLiteral("--model"),
                         QStringLiteral(CORTEX_TINY_A_DIR), QStringLiteral("--no-rerank")});
        QVERIFY2(local.exitCode == 0, qPrintable(local.err));
        QCOMPARE(embedder.requests().size(), before);
        QVERIFY(QFile::remove(file));
    }
};

QTEST_GUILESS_MAIN(TestRemoteCli)
#include "test_remote_cli.moc"
