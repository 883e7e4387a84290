// The reranker's state machine on its own, with a stand-in loader (no model): loaded now (Loading, then
// Ready or Failed), on demand (loaded by the first search that reranks, once however many wait, released
// when idle), disabled, and a load that ends after the reranker was replaced or turned off is dropped.

#include "embedding/encoder.h"
#include "session/reranker_policy.h"

#include <QSemaphore>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <mutex>
#include <vector>

using namespace cortex;
using namespace cortex::session;
using search::RerankerState;

namespace {

class FakeScorer final : public embedding::Scorer {
public:
    std::string name() const override { return "fake"; }
    Result<std::vector<double>> score(const embedding::EncodeInput &,
                                      std::span<const embedding::EncodeInput> documents) override
    {
        return std::vector<double>(documents.size(), 0.5);
    }
};

// A policy with a loader the test controls: it counts its calls, fails for the folder "broken", and
// waits at the gate for the folder "slow" until the test opens it.
struct Fixture {
    QThreadPool pool;
    std::atomic_int loads{0};
    QSemaphore gate;
    std::mutex mutex;
    std::vector<RerankerState> states;
    RerankerPolicy policy{pool,
                          [this](const QString &directory,
                                 const model::EngineOptions &) -> Result<std::unique_ptr<embedding::Scorer>> {
                              ++loads;
                              if (directory == QStringLiteral("slow"))
                                  gate.acquire();
                              if (directory == QStringLiteral("broken"))
                                  return makeError("broken is not a reranker");
                              return std::unique_ptr<embedding::Scorer>(std::make_unique<FakeScorer>());
                          },
                          [this](const search::RerankerStatus &status) {
                              std::lock_guard lock(mutex);
                              states.push_back(status.state);
                          }};

    Fixture() { pool.setMaxThreadCount(1); }
    ~Fixture()
    {
        gate.release(8); // nothing stays blocked
        pool.waitForDone();
    }
    std::vector<RerankerState> seen()
    {
        std::lock_guard lock(mutex);
        return states;
    }
    int count(RerankerState state)
    {
        const auto all = seen();
        return int(std::count(all.begin(), all.end(), state));
    }
};

} // namespace

class TestRerankerPolicy : public QObject {
    Q_OBJECT
private slots:
    void startsDisabled()
    {
        Fixture f;
        QVERIFY(f.policy.status().state == RerankerState::Disabled);
        QVERIFY(!f.policy.isLoaded());
        QVERIFY(!f.policy.isOnDemand());
        const auto lease = f.policy.lease(true);
        QVERIFY(!lease.scorer && !lease.onDemand);
    }

    void loadSaysLoadingAtOnceThenReady()
    {
        Fixture f;
        f.policy.load(QStringLiteral("model"), {});
        QVERIFY(f.seen().front() == RerankerState::Loading); // before the worker starts
        QTRY_VERIFY(f.policy.status().state == RerankerState::Ready);
        QVERIFY(f.policy.isLoaded());
        QCOMPARE(f.policy.directory(), QStringLiteral("model"));
        const auto lease = f.policy.lease(true);
        QVERIFY(lease.scorer != nullptr);
        QVERIFY(!lease.onDemand);
        QVERIFY(lease.status.state == RerankerState::Ready);
    }

    void aFailedLoadSaysWhy()
    {
        Fixture f;
        f.policy.load(QStringLiteral("broken"), {});
        QTRY_VERIFY(f.policy.status().state == RerankerState::Failed);
        QCOMPARE(f.policy.status().message, std::string("broken is not a reranker"));
        QVERIFY(!f.policy.isLoaded());
    }

    // Turned off, or replaced, while a load runs: the late model is dropped and the status stays.
    void aLoadThatEndsAfterAChangeOfMindIsDropped()
    {
        Fixture f;
        f.policy.load(QStringLiteral("slow"), {});
        QTRY_COMPARE(f.loads.load(), 1);
        f.policy.disable();
        f.gate.release();
        f.pool.waitForDone();
        QVERIFY(f.policy.status().state == RerankerState::Disabled);
        QVERIFY(!f.policy.isLoaded());
        QCOMPARE(f.count(RerankerState::Ready), 0);

        f.policy.load(QStringLiteral("slow"), {});
        f.policy.load(QStringLiteral("model"), {}); // waits on the one worker behind the slow load
        f.gate.release();
        QTRY_VERIFY(f.policy.status().state == RerankerState::Ready);
        f.pool.waitForDone();
        QCOMPARE(f.count(RerankerState::Ready), 1); // the slow one's result never showed
        QCOMPARE(f.policy.directory(), QStringLiteral("model"));
    }

    // On demand: a search that does not rerank never loads it; one that does loads it, and it is
    // released after the idle time that follows the last reranked search.
    void onDemandLoadsForARerankingSearchAndIsReleasedWhenIdle()
    {
        Fixture f;
        f.policy.loadOnDemand(QStringLiteral("model"), {}, std::chrono::milliseconds(100));
        QVERIFY(f.policy.isOnDemand());
        QVERIFY(f.policy.status().state == RerankerState::OnDemand);

        auto plain = f.policy.lease(false);
        QVERIFY(!plain.onDemand);
        f.policy.acquire(plain);
        QVERIFY(!plain.scorer);
        QCOMPARE(f.loads.load(), 0);

        auto reranking = f.policy.lease(true);
        QVERIFY(reranking.onDemand);
        QVERIFY(!reranking.scorer);
        f.policy.acquire(reranking);
        QVERIFY(reranking.scorer != nullptr);
        QVERIFY(reranking.status.state == RerankerState::Ready);
        QVERIFY(f.policy.isLoaded());
        QCOMPARE(f.loads.load(), 1);
        const auto states = f.seen();
        QVERIFY(states.size() >= 3 && states[states.size() - 2] == RerankerState::Loading);

        // While loaded, a second search takes the same copy without loading.
        auto second = f.policy.lease(true);
        f.policy.acquire(second);
        QCOMPARE(second.scorer, reranking.scorer);
        QCOMPARE(f.loads.load(), 1);

        f.policy.release(reranking);
        f.policy.release(second);
        QTRY_VERIFY_WITH_TIMEOUT(!f.policy.isLoaded(), 5000);
        QVERIFY(f.policy.status().state == RerankerState::OnDemand);
        QVERIFY(f.policy.isOnDemand());
        // A search still holding the released copy keeps it alive until it ends.
        QVERIFY(reranking.scorer != nullptr);
    }

    // Searches that wait for the same on-demand load take the one copy it made.
    void concurrentSearchesLoadOnce()
    {
        Fixture f;
        f.policy.loadOnDemand(QStringLiteral("slow"), {}, std::chrono::minutes(2));
        auto first = f.policy.lease(true);
        auto second = f.policy.lease(true);
        QThreadPool searches;
        searches.setMaxThreadCount(2);
        auto a = QtConcurrent::run(&searches, [&] { f.policy.acquire(first); });
        auto b = QtConcurrent::run(&searches, [&] { f.policy.acquire(second); });
        QTRY_COMPARE(f.loads.load(), 1);
        f.gate.release();
        a.waitForFinished();
        b.waitForFinished();
        QCOMPARE(f.loads.load(), 1);
        QVERIFY(first.scorer != nullptr);
        QCOMPARE(first.scorer, second.scorer);
    }

    // Turned off while a search loads it on demand: that search goes on without it.
    void disabledWhileLoadingOnDemand()
    {
        Fixture f;
        f.policy.loadOnDemand(QStringLiteral("slow"), {}, std::chrono::minutes(2));
        auto lease = f.policy.lease(true);
        QThreadPool searches;
        auto acquired = QtConcurrent::run(&searches, [&] { f.policy.acquire(lease); });
        QTRY_VERIFY(f.policy.status().state == RerankerState::Loading);
        f.policy.disable();
        f.gate.release();
        acquired.waitForFinished();
        QVERIFY(!lease.scorer);
        QVERIFY(lease.status.state == RerankerState::Disabled);
        QVERIFY(!f.policy.isLoaded());
        QVERIFY(f.policy.status().state == RerankerState::Disabled);
    }

    // A failed on-demand load is reported, and later searches do not try again until it is reconfigured.
    void aFailedOnDemandLoadIsNotRetriedBySearches()
    {
        Fixture f;
        f.policy.loadOnDemand(QStringLiteral("broken"), {}, std::chrono::minutes(2));
        auto lease = f.policy.lease(true);
        f.policy.acquire(lease);
        QVERIFY(!lease.scorer);
        QVERIFY(lease.status.state == RerankerState::Failed);
        QCOMPARE(lease.status.message, std::string("broken is not a reranker"));
        auto next = f.policy.lease(true);
        f.policy.acquire(next);
        QVERIFY(!next.scorer);
        QVERIFY(next.status.state == RerankerState::Failed);
        QCOMPARE(f.loads.load(), 1);

        f.policy.loadOnDemand(QStringLiteral("model"), {}, std::chrono::minutes(2));
        auto again = f.policy.lease(true);
        f.policy.acquire(again);
        QVERIFY(again.scorer != nullptr);
        QCOMPARE(f.loads.load(), 2);
    }

    // Loading it now ends the on-demand mode, and so does turning it off.
    void loadAndDisableEndOnDemand()
    {
        Fixture f;
        f.policy.loadOnDemand(QStringLiteral("model"), {}, std::chrono::milliseconds(50));
        f.policy.load(QStringLiteral("model"), {});
        QVERIFY(!f.policy.isOnDemand());
        QTRY_VERIFY(f.policy.status().state == RerankerState::Ready);
        // Not on demand: the idle time never releases it.
        auto lease = f.policy.lease(true);
        QVERIFY(!lease.onDemand);
        f.policy.release(lease);
        QTest::qWait(200);
        QVERIFY(f.policy.isLoaded());

        f.policy.loadOnDemand(QStringLiteral("model"), {}, std::chrono::minutes(2));
        f.policy.disable();
        QVERIFY(!f.policy.isOnDemand());
        QVERIFY(f.policy.status().state == RerankerState::Disabled);
    }
};

QTEST_GUILESS_MAIN(TestRerankerPolicy)
#include "test_reranker_policy.moc"
