// How long embedding again would take (application/reembedding.h), from the library's recorded jobs:
// the newest finished ingestion jobs' indexed files over their seconds, applied to the documents; jobs
// that are not finished, not ingestions, indexed nothing or took under a second measure nothing, and
// without a measurement the estimate is unknown, never a guess. And which edits change the chunking.

#include "application/reembedding.h"

#include <QTest>

using namespace cortex;
using application::ReembedEstimate;

Q_DECLARE_METATYPE(std::vector<cortex::store::JobInfo>)

namespace {

store::JobInfo job(int64_t doneFiles, int64_t seconds, store::JobState state = store::JobState::Finished,
                   std::string kind = store::kIngestJobKind)
{
    store::JobInfo j;
    j.kind = std::move(kind);
    j.state = state;
    j.doneFiles = doneFiles;
    j.createdAt = 1'700'000'000;
    j.updatedAt = j.createdAt + seconds;
    return j;
}

} // namespace

class TestReembedEstimate : public QObject {
    Q_OBJECT

private slots:
    void estimate_data()
    {
        QTest::addColumn<std::vector<store::JobInfo>>("jobs"); // newest first
        QTest::addColumn<int64_t>("documents");
        QTest::addColumn<double>("seconds"); // < 0: unknown
        QTest::addColumn<int64_t>("measuredFiles");
        QTest::addColumn<int64_t>("measuredSeconds");
        QTest::addColumn<int>("measuredJobs");

        QTest::newRow("no jobs") << std::vector<store::JobInfo>{} << int64_t(10) << -1.0 << int64_t(0)
                                 << int64_t(0) << 0;
        QTest::newRow("one job: 100 files in 50 s")
            << std::vector{job(100, 50)} << int64_t(10) << 5.0 << int64_t(100) << int64_t(50) << 1;
        QTest::newRow("two jobs add up") << std::vector{job(100, 50), job(20, 70)} << int64_t(12) << 12.0
                                         << int64_t(120) << int64_t(120) << 2;
        QTest::newRow("unfinished jobs measure nothing")
            << std::vector{job(5, 500, store::JobState::Paused), job(5, 500, store::JobState::Running),
                           job(5, 500, store::JobState::Failed), job(10, 20)}
            << int64_t(4) << 8.0 << int64_t(10) << int64_t(20) << 1;
        QTest::newRow("other kinds measure nothing")
            << std::vector{job(50, 1, store::JobState::Finished, "export"), job(10, 10)} << int64_t(3) << 3.0
            << int64_t(10) << int64_t(10) << 1;
        QTest::newRow("nothing indexed: skipped files only")
            << std::vector{job(0, 90), job(30, 60)} << int64_t(3) << 6.0 << int64_t(30) << int64_t(60) << 1;
        QTest::newRow("under a second measures nothing")
            << std::vector{job(500, 0)} << int64_t(3) << -1.0 << int64_t(0) << int64_t(0) << 0;
        QTest::newRow("a clock set back measures nothing")
            << std::vector{job(500, -30)} << int64_t(3) << -1.0 << int64_t(0) << int64_t(0) << 0;
        QTest::newRow("no documents take no time")
            << std::vector{job(100, 50)} << int64_t(0) << 0.0 << int64_t(100) << int64_t(50) << 1;
        // Only the newest kMeasuredJobs: the model and the computer of now, not of last year.
        std::vector<store::JobInfo> many(application::kMeasuredJobs, job(10, 10));
        many.push_back(job(10, 10'000));
        QTest::newRow("the newest 20 jobs only")
            << many << int64_t(7) << 7.0 << int64_t(10 * application::kMeasuredJobs)
            << int64_t(10 * application::kMeasuredJobs) << application::kMeasuredJobs;
    }

    void estimate()
    {
        QFETCH(std::vector<store::JobInfo>, jobs);
        QFETCH(int64_t, documents);
        QFETCH(double, seconds);
        QFETCH(int64_t, measuredFiles);
        QFETCH(int64_t, measuredSeconds);
        QFETCH(int, measuredJobs);
        const ReembedEstimate e = application::estimateReembedding(documents, 42, jobs);
        QCOMPARE(e.documents, documents);
        QCOMPARE(e.items, int64_t(42));
        QCOMPARE(e.seconds.has_value(), seconds >= 0);
        if (seconds >= 0)
            QCOMPARE(*e.seconds, seconds);
        QCOMPARE(e.measuredFiles, measuredFiles);
        QCOMPARE(e.measuredSeconds, measuredSeconds);
        QCOMPARE(e.measuredJobs, measuredJobs);
    }

    void description_data()
    {
        QTest::addColumn<double>("seconds"); // < 0: unknown
        QTest::addColumn<QString>("text");
        QTest::newRow("unknown") << -1.0
                                 << QStringLiteral(
                                        "3 documents (40 items) would be embedded again; how long is "
                                        "unknown: no ingestion of this library has been timed yet");
        QTest::newRow("seconds") << 44.6
                                 << QStringLiteral(
                                        "3 documents (40 items) would be embedded again, which takes "
                                        "about 45 seconds (measured: 9 files in 12 s by this "
                                        "library's last 2 ingestions)");
        QTest::newRow("one second") << 0.2 << QStringLiteral("about 1 second ");
        QTest::newRow("minutes") << 150.0 << QStringLiteral("about 3 minutes");
        QTest::newRow("one minute") << 61.0 << QStringLiteral("about 1 minute ");
        QTest::newRow("hours") << 9000.0 << QStringLiteral("about 2.5 hours");
    }

    void description()
    {
        QFETCH(double, seconds);
        QFETCH(QString, text);
        ReembedEstimate e;
        e.documents = 3;
        e.items = 40;
        e.measuredFiles = 9;
        e.measuredSeconds = 12;
        e.measuredJobs = 2;
        if (seconds >= 0)
            e.seconds = seconds;
        const QString said = QString::fromStdString(application::describeReembedding(e));
        QVERIFY2(said.contains(text), qPrintable(said));
    }

    void whichEditsChangeTheChunking_data()
    {
        QTest::addColumn<int>("chunk"); // -1: not edited
        QTest::addColumn<int>("overlap");
        QTest::addColumn<bool>("changes");
        QTest::newRow("nothing edited") << -1 << -1 << false;
        QTest::newRow("the same values") << 256 << 32 << false;
        QTest::newRow("a new size") << 512 << 32 << true;
        QTest::newRow("a new overlap") << 256 << 0 << true;
        QTest::newRow("back to the settings'") << 0 << 0 << true;
    }

    void whichEditsChangeTheChunking()
    {
        QFETCH(int, chunk);
        QFETCH(int, overlap);
        QFETCH(bool, changes);
        store::WatchedFolder folder;
        folder.settings.chunkTokens = 256;
        folder.settings.overlapTokens = 32;
        application::WatchedFolderEdit edit;
        edit.collection = "elsewhere"; // other fields do not count
        if (chunk >= 0)
            edit.chunkTokens = chunk;
        if (overlap >= 0)
            edit.overlapTokens = overlap;
        QCOMPARE(application::editChangesChunking(folder, edit), changes);
    }
};

QTEST_GUILESS_MAIN(TestReembedEstimate)
#include "test_reembed_estimate.moc"
