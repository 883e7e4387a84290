// When a watched folder is synced (ingest/watch_schedule.h), on a clock the test moves by hand: a burst
// of events is one sync after the quiet time, a folder with settling files comes back after the stable
// time, polled folders every poll interval, Sync Now at once, a forgotten folder never.

#include "ingest/watch_schedule.h"

#include <QTest>

using namespace cortex::ingest;
using namespace std::chrono_literals;
using Clock = WatchSchedule::Clock;
using Ids = std::set<int64_t>;

class WatchScheduleTest : public QObject {
    Q_OBJECT

private slots:
    void burstIsOneSyncAfterTheQuietTime()
    {
        const auto t0 = Clock::now();
        WatchSchedule s({.stableSeconds = 3, .pollSeconds = 60, .debounce = 1000ms}, t0);
        s.changed({1}, t0);
        s.changed({2}, t0 + 600ms); // the burst goes on: the quiet time starts again
        QCOMPARE(s.takeDue(t0 + 1200ms, {}), Ids{});
        QCOMPARE(s.waiting(), size_t(2));
        QCOMPARE(s.takeDue(t0 + 1600ms, {}), (Ids{1, 2}));
        QCOMPARE(s.takeDue(t0 + 5000ms, {}), Ids{}); // taken once
        QCOMPARE(s.waiting(), size_t(0));
    }

    void settlingFolderComesBackAfterTheStableTime()
    {
        const auto t0 = Clock::now();
        WatchSchedule s({.stableSeconds = 3, .pollSeconds = 60, .debounce = 1000ms}, t0);
        s.synced(7, true, t0);
        s.synced(8, false, t0);
        QCOMPARE(s.takeDue(t0 + 3000ms, {}), Ids{});
        QCOMPARE(s.takeDue(t0 + 3200ms, {}), Ids{7});
        QCOMPARE(s.takeDue(t0 + 9000ms, {}), Ids{});
    }

    void polledFoldersEveryInterval()
    {
        const auto t0 = Clock::now();
        WatchSchedule s({.stableSeconds = 3, .pollSeconds = 10, .debounce = 1000ms}, t0);
        QCOMPARE(s.takeDue(t0 + 9s, {4}), Ids{});
        QCOMPARE(s.takeDue(t0 + 10s, {4}), Ids{4});
        QCOMPARE(s.takeDue(t0 + 15s, {4}), Ids{});
        QCOMPARE(s.takeDue(t0 + 20s, {4}), Ids{4});
    }

    void askedAtOnceAndForgotten()
    {
        const auto t0 = Clock::now();
        WatchSchedule s({.stableSeconds = 3, .pollSeconds = 60, .debounce = 1000ms}, t0);
        s.requestNow({3});
        QCOMPARE(s.takeDue(t0, {}), Ids{3});
        s.changed({5}, t0);
        s.synced(6, true, t0);
        s.requestNow({9});
        s.forget(5);
        s.forget(6);
        s.forget(9);
        QCOMPARE(s.waiting(), size_t(0));
        QCOMPARE(s.takeDue(t0 + 30s, {}), Ids{});
    }

    void rewatchOnlyWhenTheRootCameOrWent()
    {
        QVERIFY(needsRewatch(true, false, false));   // polled while missing, back now
        QVERIFY(!needsRewatch(true, false, true));   // polling asked for: stays polled
        QVERIFY(needsRewatch(false, true, false));   // watched, and the root went
        QVERIFY(!needsRewatch(false, false, false)); // watched and there
        QVERIFY(!needsRewatch(true, true, false));   // still missing
    }
};

QTEST_GUILESS_MAIN(WatchScheduleTest)
#include "test_watch_schedule.moc"
