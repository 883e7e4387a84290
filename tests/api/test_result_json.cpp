// The one builder of hit and job JSON (api/result_json.h) that `cortex-cli search/jobs --json` and the
// library API share: every field present with the CLI's names, unknown scores null, the snippet cut to
// 300 bytes, and the derived counts (pending files, page images left, none once finished).

#include "api/result_json.h"

#include <QJsonArray>
#include <QTest>

using namespace cortex;

class TestResultJson : public QObject {
    Q_OBJECT

private slots:
    void hitHasTheCliFields()
    {
        search::Hit h;
        h.view.item.id = 42;
        h.view.item.kind = ItemKind::PdfPage;
        h.view.item.page = 3;
        h.view.item.position = 7;
        h.view.item.text = std::string(400, 'x');
        h.view.documentPath = "/docs/report.pdf";
        h.view.documentType = "pdf";
        h.fusedScore = 0.25;
        h.vectorSimilarity = 0.5;
        h.vectorRank = 2;
        const QJsonObject hit = api::hitJson(h, 1);
        QCOMPARE(hit.value(QStringLiteral("rank")).toInt(), 1);
        QCOMPARE(hit.value(QStringLiteral("item")).toInteger(), 42);
        QCOMPARE(hit.value(QStringLiteral("kind")).toString(), QStringLiteral("pdf_page"));
        QCOMPARE(hit.value(QStringLiteral("path")).toString(), QStringLiteral("/docs/report.pdf"));
        QCOMPARE(hit.value(QStringLiteral("page")).toInt(), 3);
        QCOMPARE(hit.value(QStringLiteral("position")).toInt(), 7);
        QCOMPARE(hit.value(QStringLiteral("snippet")).toString().size(), 300);
        QCOMPARE(hit.value(QStringLiteral("vector_similarity")).toDouble(), 0.5);
        QCOMPARE(hit.value(QStringLiteral("vector_rank")).toInt(), 2);
        QVERIFY(hit.value(QStringLiteral("bm25")).isNull());
        QVERIFY(hit.value(QStringLiteral("bm25_rank")).isNull());
        QVERIFY(hit.value(QStringLiteral("rerank_score")).isNull());
        QCOMPARE(hit.value(QStringLiteral("found_by")).toString(), QStringLiteral("meaning"));
        QCOMPARE(hit.value(QStringLiteral("score")).toDouble(), search::hitScore(h));
        QCOMPARE(hit.value(QStringLiteral("has_thumbnail")).toBool(), false);
        QVERIFY(!hit.contains(QStringLiteral("source"))); // only when the item has one
        for (const char *key : {"document_type", "fused_score"})
            QVERIFY2(hit.contains(QLatin1String(key)), key);
    }

    void resultHoldsRankedHitsAndTimes()
    {
        search::SearchResult result;
        result.hits.resize(2);
        result.hits[1].view.item.id = 9;
        result.reranked = true;
        result.note = "note";
        result.spaceId = 3;
        result.embedSeconds = 0.5;
        const QJsonObject json = api::searchResultJson(result);
        const QJsonArray hits = json.value(QStringLiteral("hits")).toArray();
        QCOMPARE(hits.size(), 2);
        QCOMPARE(hits[1].toObject().value(QStringLiteral("rank")).toInt(), 2);
        QCOMPARE(hits[1].toObject().value(QStringLiteral("item")).toInteger(), 9);
        QVERIFY(json.value(QStringLiteral("reranked")).toBool());
        QCOMPARE(json.value(QStringLiteral("note")).toString(), QStringLiteral("note"));
        QCOMPARE(json.value(QStringLiteral("space")).toInteger(), 3);
        QCOMPARE(json.value(QStringLiteral("seconds")).toObject().value(QStringLiteral("embed")).toDouble(),
                 0.5);
        QVERIFY(json.contains(QStringLiteral("query_notice")));
    }

    // A running job's time left as its process last estimated it, counted down to now and not below 0;
    // none for a job not running (its estimate is stale) or never estimated.
    void jobTimeLeftCountsDown_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<QVariant>("estimate"); // seconds, or null
        QTest::addColumn<qint64>("estimatedAt");
        QTest::addColumn<QVariant>("left"); // at now = 1000, or null
        QTest::addColumn<qint64>("age");
        const int running = int(store::JobState::Running);
        QTest::newRow("just estimated")
            << running << QVariant(120.0) << qint64(1000) << QVariant(120.0) << qint64(0);
        QTest::newRow("30 s ago") << running << QVariant(120.0) << qint64(970) << QVariant(90.0)
                                  << qint64(30);
        QTest::newRow("overdue: 0, not negative")
            << running << QVariant(10.0) << qint64(900) << QVariant(0.0) << qint64(100);
        QTest::newRow("never estimated") << running << QVariant() << qint64(0) << QVariant() << qint64(0);
        QTest::newRow("unknown then") << running << QVariant() << qint64(990) << QVariant() << qint64(0);
        QTest::newRow("paused: none")
            << int(store::JobState::Paused) << QVariant(120.0) << qint64(990) << QVariant() << qint64(0);
        QTest::newRow("finished: none")
            << int(store::JobState::Finished) << QVariant(5.0) << qint64(990) << QVariant() << qint64(0);
        QTest::newRow("a clock gone back")
            << running << QVariant(60.0) << qint64(1010) << QVariant(60.0) << qint64(0);
    }
    void jobTimeLeftCountsDown()
    {
        QFETCH(int, state);
        QFETCH(QVariant, estimate);
        QFETCH(qint64, estimatedAt);
        QFETCH(QVariant, left);
        QFETCH(qint64, age);
        store::JobInfo job;
        job.state = store::JobState(state);
        if (estimate.isValid())
            job.etaSeconds = estimate.toDouble();
        job.etaAt = estimatedAt;
        const auto counts = api::jobCounts(job, 1000);
        QCOMPARE(counts.etaSeconds.has_value(), left.isValid());
        if (left.isValid())
            QCOMPARE(*counts.etaSeconds, left.toDouble());
        QCOMPARE(counts.etaAgeSeconds, age);
        const QJsonObject json = api::jobJson(job, 1000);
        QCOMPARE(json.value(QStringLiteral("eta_seconds")).isNull(), !left.isValid());
        if (left.isValid())
            QCOMPARE(json.value(QStringLiteral("eta_seconds")).toDouble(), left.toDouble());
        QCOMPARE(json.value(QStringLiteral("eta_age_seconds")).toInteger(), age);
    }

    void jobCountsAreDerivedOnce_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<qint64>("pending");
        QTest::addColumn<qint64>("left");
        QTest::newRow("running") << int(store::JobState::Running) << qint64(3) << qint64(5);
        QTest::newRow("finished: no page images left")
            << int(store::JobState::Finished) << qint64(3) << qint64(0);
    }
    void jobCountsAreDerivedOnce()
    {
        QFETCH(int, state);
        QFETCH(qint64, pending);
        QFETCH(qint64, left);
        store::JobInfo job;
        job.id = 1;
        job.kind = "ingest";
        job.state = store::JobState(state);
        job.totalFiles = 10;
        job.doneFiles = 4;
        job.skippedFiles = 2;
        job.failedFiles = 1;
        job.pageImagesDone = 6;
        job.pageImagesLeft = 5;
        const auto counts = api::jobCounts(job, 1000);
        QCOMPARE(counts.pending, pending);
        QCOMPARE(counts.pageImagesLeft, left);
        const QJsonObject json = api::jobJson(job, 1000);
        QCOMPARE(json.value(QStringLiteral("pending")).toInteger(), pending);
        QCOMPARE(json.value(QStringLiteral("files")).toInteger(), 10);
        QCOMPARE(json.value(QStringLiteral("done")).toInteger(), 4);
        QCOMPARE(json.value(QStringLiteral("indexed")).toInteger(), 4);
        QCOMPARE(json.value(QStringLiteral("skipped")).toInteger(), 2);
        QCOMPARE(json.value(QStringLiteral("failed")).toInteger(), 1);
        QCOMPARE(json.value(QStringLiteral("state")).toString(),
                 QString::fromUtf8(store::toString(job.state).data(),
                                   qsizetype(store::toString(job.state).size())));
        const QJsonObject pages = json.value(QStringLiteral("page_images")).toObject();
        QCOMPARE(pages.value(QStringLiteral("done")).toInteger(), 6);
        QCOMPARE(pages.value(QStringLiteral("left")).toInteger(), left);
    }
};

QTEST_GUILESS_MAIN(TestResultJson)
#include "test_result_json.moc"
