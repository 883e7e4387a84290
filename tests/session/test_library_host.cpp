// The library host on its own: opening announces the folder or keeps why it failed, a folder that is
// still in use is taken up again (under any spelling of its path) instead of opened twice, and work
// without a library or work that throws answers with an error value.

#include "library/library.h"
#include "session/library_host.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <mutex>
#include <stdexcept>

using namespace cortex;
using namespace cortex::session;

namespace {

template <typename T> T await(QFuture<T> future)
{
    future.waitForFinished();
    return future.result();
}

struct Announced {
    std::mutex mutex;
    QStringList opened;
    QStringList all()
    {
        std::lock_guard lock(mutex);
        return opened;
    }
};

} // namespace

class TestLibraryHost : public QObject {
    Q_OBJECT
private slots:
    void opensAndAnnouncesTheFolder()
    {
        QTemporaryDir dir;
        Announced announced;
        LibraryHost host({.progress = {}, .opened = [&announced](const QString &directory) {
                              std::lock_guard lock(announced.mutex);
                              announced.opened << directory;
                          }});
        QVERIFY(!host.isOpen());
        QVERIFY(host.library() == nullptr);
        const QString lib = dir.path() + QStringLiteral("/lib");
        const Status opened = await(host.open(lib));
        QVERIFY2(opened.ok(), opened ? "" : opened.error().message.c_str());
        QVERIFY(host.isOpen());
        QVERIFY(host.library() != nullptr);
        QCOMPARE(host.directory(), lib);
        QVERIFY(host.openError().isEmpty());
        QCOMPARE(announced.all(), QStringList{lib});
    }

    // The reason stays for the window's banner until an open succeeds; the library open before stays.
    void aFailedOpenKeepsItsReason()
    {
        QTemporaryDir dir;
        LibraryHost host({});
        const QString good = dir.path() + QStringLiteral("/lib");
        QVERIFY(await(host.open(good)).ok());
        QFile blocker(dir.path() + QStringLiteral("/blocker"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const Status failed = await(host.open(dir.path() + QStringLiteral("/blocker/lib")));
        QVERIFY(!failed.ok());
        QCOMPARE(host.openError(), QString::fromStdString(failed.error().message));
        QVERIFY(host.isOpen());
        QCOMPARE(host.directory(), good);
        QVERIFY(await(host.open(good)).ok());
        QVERIFY(host.openError().isEmpty());
    }

    // A task that still holds library A while B is open: opening A again (spelled another way) takes up
    // the same object. Once nothing holds A, it is closed.
    void aFolderStillInUseIsTakenUp()
    {
        QTemporaryDir dir;
        LibraryHost host({});
        const QString a = dir.path() + QStringLiteral("/a");
        QVERIFY(await(host.open(a)).ok());
        std::shared_ptr<library::Library> heldByTask = host.library();
        QVERIFY(await(host.open(dir.path() + QStringLiteral("/b"))).ok());
        QVERIFY(host.library() != heldByTask);
        QVERIFY(await(host.open(dir.path() + QStringLiteral("/b/../a/"))).ok());
        QCOMPARE(host.library(), heldByTask);

        const std::weak_ptr<library::Library> released = heldByTask;
        heldByTask.reset();
        QVERIFY(await(host.open(dir.path() + QStringLiteral("/b"))).ok());
        QVERIFY(released.expired());
        QVERIFY(await(host.open(a)).ok()); // opened afresh: its lock was released with it
    }

    void workWithoutALibraryIsAnError()
    {
        LibraryHost host({});
        const Status status = await(host.run<Status>([](library::Library &) -> Status { return {}; }));
        QVERIFY(!status.ok());
        QCOMPARE(status.error().message, std::string("no library is open"));
        const auto result =
            await(host.runLong<Result<int>>([](library::Library &) -> Result<int> { return 1; }));
        QVERIFY(!result.ok());
    }

    void anExceptionIsAnErrorValue()
    {
        QTemporaryDir dir;
        LibraryHost host({});
        QVERIFY(await(host.open(dir.path() + QStringLiteral("/lib"))).ok());
        const auto thrown = await(host.run<Result<int>>(
            [](library::Library &) -> Result<int> { throw std::runtime_error("parser gave up"); }));
        QVERIFY(!thrown.ok());
        QCOMPARE(thrown.error().message,
                 std::string("the work stopped on an unexpected error: parser gave up"));
        const auto longThrown = await(host.runLong<Status>([](library::Library &) -> Status { throw 42; }));
        QVERIFY(!longThrown.ok());
        QCOMPARE(longThrown.error().message, std::string("the work stopped on an unexpected error"));
        // Both workers go on serving.
        QVERIFY(await(host.run<Result<int>>([](library::Library &) -> Result<int> { return 7; })).ok());
        QVERIFY(await(host.runLong<Result<int>>([](library::Library &) -> Result<int> { return 7; })).ok());
    }
};

QTEST_GUILESS_MAIN(TestLibraryHost)
#include "test_library_host.moc"
