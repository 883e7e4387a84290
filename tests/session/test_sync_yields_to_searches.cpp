// "Sync work yields to the user's searches" (session/search_yield.h): between two files a background
// sync waits while a search is in flight, and goes on when it ends or after ten seconds at most. The
// clock and the pause between two looks are the test's, so nothing here sleeps to decide: the pause
// counts, advances the fake clock, looks at the library and ends the search when the test says.

#include "library/library_fixture.h"

#include "application/watched_folders.h"
#include "session/library_session.h"
#include "session/search_yield.h"
#include "store/library_db.h"

#include <QCoreApplication>
#include <QDir>

#include <atomic>
#include <mutex>

using namespace cortex;
using namespace cortex::testing;
using Outcome = session::SearchYield::Outcome;

namespace {

// A clock that moves only when told.
struct FakeTime {
    std::atomic<int64_t> ms{0};
    session::SearchYield::Clock clock()
    {
        return [this] {
            return std::chrono::steady_clock::time_point(std::chrono::milliseconds(ms.load()));
        };
    }
};

} // namespace

class TestSyncYieldsToSearches : public QObject {
    Q_OBJECT

    template <typename T> static T await(QFuture<T> future)
    {
        if (!QTest::qWaitFor([&] { return future.isFinished(); }, 60000))
            qFatal("a session call did not finish within a minute");
        return future.result();
    }

private slots:
    void withoutASearchTheSyncGoesOnAtOnce()
    {
        session::SearchYield yield;
        int pauses = 0;
        yield.setTiming({}, [&] { ++pauses; });
        QCOMPARE(int(yield.wait()), int(Outcome::NoSearch));
        QCOMPARE(pauses, 0);
    }

    // It waits exactly as long as the search is in flight: the search ends at the 7th pause.
    void itWaitsUntilTheSearchEnds()
    {
        session::SearchYield yield;
        FakeTime time;
        int pauses = 0;
        yield.setTiming(time.clock(), [&] {
            time.ms += 5;
            if (++pauses == 7)
                yield.searchFinished();
        });
        yield.searchStarted();
        QCOMPARE(int(yield.wait()), int(Outcome::SearchesEnded));
        QCOMPARE(pauses, 7);
        QCOMPARE(yield.searchesInFlight(), 0);
    }

    // Two searches: it waits for both.
    void itWaitsForEverySearch()
    {
        session::SearchYield yield;
        int pauses = 0;
        yield.setTiming({}, [&] {
            ++pauses;
            if (pauses == 2 || pauses == 5)
                yield.searchFinished();
        });
        yield.searchStarted();
        yield.searchStarted();
        QCOMPARE(int(yield.wait()), int(Outcome::SearchesEnded));
        QCOMPARE(pauses, 5);
    }

    // A search that never ends holds a sync for ten seconds of the clock, not a moment longer.
    void tenSecondsAtMost_data()
    {
        QTest::addColumn<int>("stepMs");
        QTest::addColumn<int>("pauses");
        QTest::newRow("5 ms a pause") << 5 << 2000;
        QTest::newRow("1 s a pause") << 1000 << 10;
        QTest::newRow("3 s a pause") << 3000 << 4; // 12 s > 10 s: the first look past the limit
    }

    void tenSecondsAtMost()
    {
        QFETCH(int, stepMs);
        QFETCH(int, pauses);
        session::SearchYield yield;
        FakeTime time;
        time.ms = 123456;
        int counted = 0;
        yield.setTiming(time.clock(), [&] {
            time.ms += stepMs;
            ++counted;
        });
        yield.searchStarted();
        QCOMPARE(int(yield.wait()), int(Outcome::LimitReached));
        QCOMPARE(counted, pauses);
        QVERIFY(time.ms.load() - 123456 >= 10000);
        QCOMPARE(yield.searchesInFlight(), 1); // the search itself is not touched
    }

    void stoppingEndsTheWait()
    {
        session::SearchYield yield;
        int pauses = 0;
        yield.setTiming({}, [&] { ++pauses; });
        yield.searchStarted();
        QCOMPARE(int(yield.wait([&] { return pauses == 3; })), int(Outcome::Stopping));
        QCOMPARE(pauses, 3);
    }

    // Through the session: a search is in flight when a watched folder of three files is caught up. While
    // it is, the sync takes no file (the library holds no document at any pause); when the search ends,
    // the sync goes on and takes all three.
    void aSyncTakesNoFileWhileASearchIsInFlight()
    {
        QTemporaryDir dir;
        const QString watched = dir.filePath(QStringLiteral("watched"));
        for (int i = 0; i < 3; ++i)
            writeFile(watched + QStringLiteral("/note%1.txt").arg(i),
                      QStringLiteral("Note %1 about the heron's nest.").arg(i).toUtf8());
        session::LibrarySession session;
        const QString libraryDir = dir.filePath(QStringLiteral("lib"));
        QVERIFY(await(session.openLibrary(libraryDir)).ok());
        QVERIFY(await(session.loadEmbeddingModel(QStringLiteral(CORTEX_TINY_A_DIR), tinyOptions())).ok());

        std::atomic_int pauses{0};
        std::atomic_int documentsSeenWhileWaiting{-1};
        constexpr int kPausesBeforeTheSearchEnds = 25;
        session.searchYield().setTiming({}, [&] {
            // On the ingestion worker, inside the sync's wait: what the library holds now.
            if (++pauses == kPausesBeforeTheSearchEnds) {
                auto db =
                    store::LibraryDb::open(QString(libraryDir + QStringLiteral("/library.db")).toStdString(),
                                           store::OpenMode::ReadOnly);
                documentsSeenWhileWaiting = db ? int((*db)->documents().value().size()) : -2;
                session.searchYield().searchFinished();
            }
        });
        session.searchYield().searchStarted(); // the user's search, answered when the test says
        session.setWatchTiming(
            {.stableSeconds = 0, .pollSeconds = 600, .debounce = std::chrono::milliseconds(10)}, true);
        session.setWatchingEnabled(true);
        auto added = await(application::addWatchedFolder(session, watched.toStdString(), {}));
        QVERIFY2(added.ok(), added.ok() ? "" : added.error().message.c_str());

        QVERIFY(QTest::qWaitFor([&] { return pauses.load() >= kPausesBeforeTheSearchEnds; }, 60000));
        QCOMPARE(documentsSeenWhileWaiting.load(), 0);
        QVERIFY(QTest::qWaitFor(
            [&] {
                auto db =
                    store::LibraryDb::open(QString(libraryDir + QStringLiteral("/library.db")).toStdString(),
                                           store::OpenMode::ReadOnly);
                return db && (*db)->documents().value().size() == 3 && !session.isSyncingWatchedFolders();
            },
            60000));
        QCOMPARE(pauses.load(), kPausesBeforeTheSearchEnds); // no wait once the search had ended
    }

    // A search that does not end: the sync waits ten seconds of the (fake) clock at each turn, then goes
    // on, and the folder is synced while the search is still in flight.
    void aSyncGoesOnAfterTenSecondsOfASearch()
    {
        QTemporaryDir dir;
        const QString watched = dir.filePath(QStringLiteral("watched"));
        for (int i = 0; i < 2; ++i)
            writeFile(watched + QStringLiteral("/log%1.txt").arg(i),
                      QStringLiteral("Log %1 of the glacier survey.").arg(i).toUtf8());
        session::LibrarySession session;
        const QString libraryDir = dir.filePath(QStringLiteral("lib"));
        QVERIFY(await(session.openLibrary(libraryDir)).ok());
        QVERIFY(await(session.loadEmbeddingModel(QStringLiteral(CORTEX_TINY_A_DIR), tinyOptions())).ok());

        FakeTime time;
        std::atomic_int pauses{0};
        session.searchYield().setTiming(time.clock(), [&] {
            time.ms += 1000;
            ++pauses;
        });
        session.searchYield().searchStarted(); // never answered
        session.setWatchTiming(
            {.stableSeconds = 0, .pollSeconds = 600, .debounce = std::chrono::milliseconds(10)}, true);
        session.setWatchingEnabled(true);
        auto added = await(application::addWatchedFolder(session, watched.toStdString(), {}));
        QVERIFY(added.ok());
        QVERIFY(QTest::qWaitFor(
            [&] {
                auto db =
                    store::LibraryDb::open(QString(libraryDir + QStringLiteral("/library.db")).toStdString(),
                                           store::OpenMode::ReadOnly);
                return db && (*db)->documents().value().size() == 2 && !session.isSyncingWatchedFolders();
            },
            60000));
        QCOMPARE(session.searchYield().searchesInFlight(), 1);
        // Every wait was ten pauses of one second: the limit, each time.
        QVERIFY(pauses.load() >= 10);
        QCOMPARE(pauses.load() % 10, 0);
        session.searchYield().searchFinished();
    }
};

QTEST_MAIN(TestSyncYieldsToSearches)
#include "test_sync_yields_to_searches.moc"
