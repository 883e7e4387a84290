// The inotify side of watched folders (ingest/change_watcher.h): a change anywhere below a root names
// that root, including inside a folder created after the watch began; the library folder inside a root
// raises nothing; a missing root or forced polling is polled, with the reason.

#include "ingest/change_watcher.h"
#include "support/test_files.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace cortex::ingest;

namespace {

using cortex::testing::writeFile;

// The folders the watcher reports within a bounded wait (empty when none).
std::set<int64_t> eventsWithin(ChangeWatcher &watcher, int milliseconds)
{
    std::set<int64_t> all;
    QDeadlineTimer deadline(milliseconds);
    while (all.empty() && !deadline.hasExpired()) {
        const auto some = watcher.wait(std::chrono::milliseconds(100));
        all.insert(some.begin(), some.end());
    }
    return all;
}

// Drains what is pending, so that the next check sees only new events.
void drain(ChangeWatcher &watcher)
{
    while (!watcher.wait(std::chrono::milliseconds(50)).empty()) {
    }
}

} // namespace

class TestChangeWatcher : public QObject {
    Q_OBJECT

private slots:
    void changesBelowTheRootNameIt()
    {
        QTemporaryDir dir;
        const QString a = dir.filePath(QStringLiteral("a"));
        const QString b = dir.filePath(QStringLiteral("b"));
        writeFile(a + QStringLiteral("/deep/er/x.txt"), "x");
        QDir().mkpath(b);
        ChangeWatcher watcher;
        QCOMPARE(watcher.watch({1, a, {}}), QString());
        QCOMPARE(watcher.watch({2, b, {}}), QString());
        QVERIFY(!watcher.isPolled(1));
        QCOMPARE(watcher.watchCount(), size_t(4)); // a, a/deep, a/deep/er, b

        writeFile(a + QStringLiteral("/deep/er/y.txt"), "y");
        QCOMPARE(eventsWithin(watcher, 10000), std::set<int64_t>{1});
        writeFile(b + QStringLiteral("/z.txt"), "z");
        QCOMPARE(eventsWithin(watcher, 10000), std::set<int64_t>{2});

        // A folder made after the watch began is watched too.
        QDir().mkpath(a + QStringLiteral("/new"));
        QCOMPARE(eventsWithin(watcher, 10000), std::set<int64_t>{1});
        drain(watcher);
        writeFile(a + QStringLiteral("/new/late.txt"), "late");
        QCOMPARE(eventsWithin(watcher, 10000), std::set<int64_t>{1});

        // The root renamed away is a change of it.
        drain(watcher);
        QVERIFY(QDir().rename(b, dir.filePath(QStringLiteral("b-away"))));
        QCOMPARE(eventsWithin(watcher, 10000), std::set<int64_t>{2});
    }

    void theLibraryFolderRaisesNothing()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("root"));
        const QString library = root + QStringLiteral("/library");
        QDir().mkpath(library);
        ChangeWatcher watcher;
        QCOMPARE(watcher.watch({7, root, QFileInfo(library).canonicalFilePath()}), QString());
        QCOMPARE(watcher.watchCount(), size_t(1));
        writeFile(library + QStringLiteral("/library.db"), "written by every sync");
        QVERIFY(eventsWithin(watcher, 500).empty());
    }

    // At the kernel's watch limit (ENOSPC, imitated by ChangeWatcherOptions::maxWatches) the folder is
    // polled instead, with the reason, and holds no half set of watches.
    void theWatchLimitFallsBackToPolling()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("root"));
        for (int i = 0; i < 4; ++i)
            QDir().mkpath(root + QStringLiteral("/d%1").arg(i));
        ChangeWatcherOptions options;
        options.maxWatches = 3;
        ChangeWatcher watcher(options);
        const QString reason = watcher.watch({5, root, {}});
        QVERIFY2(reason.contains(QStringLiteral("watch limit")), qPrintable(reason));
        QVERIFY(watcher.isPolled(5));
        QCOMPARE(watcher.watchCount(), size_t(0));
    }

    void missingRootsAndForcedPollingArePolled()
    {
        QTemporaryDir dir;
        ChangeWatcher watcher;
        const QString reason = watcher.watch({3, dir.filePath(QStringLiteral("missing")), {}});
        QVERIFY2(reason.contains(QStringLiteral("missing")), qPrintable(reason));
        QVERIFY(watcher.isPolled(3));

        ChangeWatcher polling(true);
        QVERIFY(!polling.watch({4, dir.path(), {}}).isEmpty());
        QVERIFY(polling.isPolled(4));
        QCOMPARE(polling.watchCount(), size_t(0));
    }
};

QTEST_GUILESS_MAIN(TestChangeWatcher)
#include "test_change_watcher.moc"
