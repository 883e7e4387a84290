// POST /v1/search's body read without a library: the query text and images, the kinds, the counts with
// the settings' defaults; every hostile body refused with a message that names the field.

#include "api/search_api.h"

#include <QTest>

using namespace cortex;
using namespace cortex::api;

class TestSearchRequest : public QObject {
    Q_OBJECT

private slots:
    void readsTheFieldsWithTheirDefaults()
    {
        SearchDefaults setup;
        setup.topK = 7;
        setup.candidates = 30;
        auto parsed =
            parseSearchRequest("{\"query\": \"revenue type:pdf\", \"types\": [\"text\", \"image\"], "
                               "\"collections\": \"Reports\", \"rerank\": false}",
                               setup, {});
        QVERIFY(parsed.ok());
        QCOMPARE(QString::fromStdString(parsed->query.text), QStringLiteral("revenue type:pdf"));
        QCOMPARE(parsed->query.filter.kinds, (std::vector<ItemKind>{ItemKind::Text, ItemKind::Image}));
        QCOMPARE(parsed->collections, std::vector<std::string>{"Reports"});
        QCOMPARE(parsed->query.topK, 7);
        QCOMPARE(parsed->query.candidates, 30);
        QVERIFY(!parsed->query.rerank);
        auto more = parseSearchRequest("{\"query\": \"x\", \"top_k\": 50, \"candidates\": 10}", setup, {});
        QVERIFY(more.ok());
        QCOMPARE(more->query.candidates, 50); // never fewer candidates than hits
        QVERIFY(more->query.rerank);
    }

    void hostileBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("named");
        QTest::newRow("malformed") << QByteArray("{\"query\": ") << "not valid JSON";
        QTest::newRow("nothing to search") << QByteArray("{\"top_k\": 3}") << "needs a \"query\"";
        QTest::newRow("query a number") << QByteArray("{\"query\": 3}") << "\"query\"";
        QTest::newRow("unknown type") << QByteArray("{\"query\": \"x\", \"types\": [\"video\"]}") << "video";
        QTest::newRow("top_k zero") << QByteArray("{\"query\": \"x\", \"top_k\": 0}") << "top_k";
        QTest::newRow("top_k huge") << QByteArray("{\"query\": \"x\", \"top_k\": 1e9}") << "top_k";
        QTest::newRow("rerank a text") << QByteArray("{\"query\": \"x\", \"rerank\": \"yes\"}") << "rerank";
        QTest::newRow("collections numbers")
            << QByteArray("{\"query\": \"x\", \"collections\": [1]}") << "collections";
        QTest::newRow("an image that is not one") << QByteArray("{\"images\": [\"data:image/png;base64," +
                                                                QByteArray("GIF89a?").toBase64() + "\"]}")
                                                  << "images[0]";
    }

    void hostileBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, named);
        auto parsed = parseSearchRequest(body, {}, {});
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().kind, ErrorKind::InvalidInput);
        QVERIFY2(QString::fromStdString(parsed.error().message).contains(named),
                 parsed.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestSearchRequest)
#include "test_search_request.moc"
