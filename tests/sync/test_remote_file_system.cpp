// Remote file systems are polled, not watched (ingest/remote_file_system.h, change_watcher.h): statfs's
// f_type of every remote or cluster file system Cortex knows names it, local ones name nothing; and a
// watched folder whose file system answers a remote number is polled with that reason, while one at the
// watch limit is polled with its own. The file system's number is injected (ChangeWatcherOptions), so
// no NFS server is needed.

#include "ingest/change_watcher.h"
#include "ingest/remote_file_system.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace cortex::ingest;

class TestRemoteFileSystem : public QObject {
    Q_OBJECT

private slots:
    void classification_data()
    {
        QTest::addColumn<uint64_t>("type");
        QTest::addColumn<QString>("name"); // empty: local, watched by inotify

        // Remote and cluster file systems (linux/magic.h, statfs(2)).
        QTest::newRow("nfs") << uint64_t(0x6969) << QStringLiteral("NFS");
        QTest::newRow("smb") << uint64_t(0x517B) << QStringLiteral("SMB");
        QTest::newRow("cifs") << uint64_t(0xFF534D42) << QStringLiteral("CIFS");
        QTest::newRow("smb2") << uint64_t(0xFE534D42) << QStringLiteral("SMB2");
        QTest::newRow("fuse (sshfs, rclone, gvfs)") << uint64_t(0x65735546) << QStringLiteral("FUSE");
        QTest::newRow("9p") << uint64_t(0x01021997) << QStringLiteral("9p");
        QTest::newRow("ceph") << uint64_t(0x00C36400) << QStringLiteral("Ceph");
        QTest::newRow("afs") << uint64_t(0x5346414F) << QStringLiteral("AFS");
        QTest::newRow("kafs") << uint64_t(0x6B414653) << QStringLiteral("AFS");
        QTest::newRow("coda") << uint64_t(0x73757245) << QStringLiteral("Coda");
        QTest::newRow("ncp") << uint64_t(0x564C) << QStringLiteral("NCP");
        QTest::newRow("lustre") << uint64_t(0x0BD00BD0) << QStringLiteral("Lustre");
        QTest::newRow("gpfs") << uint64_t(0x47504653) << QStringLiteral("GPFS");
        QTest::newRow("gfs2") << uint64_t(0x01161970) << QStringLiteral("GFS2");
        QTest::newRow("ocfs2") << uint64_t(0x7461636F) << QStringLiteral("OCFS2");
        QTest::newRow("vboxsf") << uint64_t(0x786F4256) << QStringLiteral("VirtualBox shared folder");
        // Local ones.
        QTest::newRow("ext4") << uint64_t(0xEF53) << QString();
        QTest::newRow("btrfs") << uint64_t(0x9123683E) << QString();
        QTest::newRow("xfs") << uint64_t(0x58465342) << QString();
        QTest::newRow("tmpfs") << uint64_t(0x01021994) << QString();
        QTest::newRow("overlayfs") << uint64_t(0x794C7630) << QString();
        QTest::newRow("zfs") << uint64_t(0x2FC12FC1) << QString();
        QTest::newRow("zero") << uint64_t(0) << QString();
        // NFS's number in the high word is another number, not NFS.
        QTest::newRow("nfs shifted") << uint64_t(0x69690000) << QString();
    }

    void classification()
    {
        QFETCH(uint64_t, type);
        QFETCH(QString, name);
        QCOMPARE(remoteFileSystemName(type), name);
    }

    void theRealFileSystemIsAsked()
    {
        QTemporaryDir dir;
        QVERIFY(fileSystemTypeOf(QFile::encodeName(dir.path()).toStdString()).has_value());
        QVERIFY(!fileSystemTypeOf("/no/such/folder/here").has_value());
    }

    // A folder on a remote file system is polled, with the file system's name; the same folder on a
    // local one is watched.
    void aRemoteFolderIsPolled_data()
    {
        QTest::addColumn<uint64_t>("type");
        QTest::addColumn<bool>("polled");
        QTest::addColumn<QString>("reason");
        QTest::newRow("nfs") << uint64_t(0x6969) << true << QStringLiteral("remote file system (NFS)");
        QTest::newRow("sshfs") << uint64_t(0x65735546) << true << QStringLiteral("remote file system (FUSE)");
        QTest::newRow("cifs") << uint64_t(0xFF534D42) << true << QStringLiteral("remote file system (CIFS)");
        QTest::newRow("ext4") << uint64_t(0xEF53) << false << QString();
    }

    void aRemoteFolderIsPolled()
    {
        QFETCH(uint64_t, type);
        QFETCH(bool, polled);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("root/sub"))));
        std::vector<std::string> asked;
        ChangeWatcherOptions options;
        options.fileSystemType = [&](const std::string &path) -> std::optional<uint64_t> {
            asked.push_back(path);
            return type;
        };
        ChangeWatcher watcher(options);
        const QString said = watcher.watch({9, dir.filePath(QStringLiteral("root")), {}});
        QVERIFY2(reason.isEmpty() ? said.isEmpty() : said.contains(reason), qPrintable(said));
        QCOMPARE(watcher.isPolled(9), polled);
        QCOMPARE(watcher.watchCount(), polled ? size_t(0) : size_t(2));
        QCOMPARE(asked.size(), size_t(1));
    }

    // The watch limit: up to it a tree is watched; one folder more and it is polled, holding no watch.
    void theWatchLimit_data()
    {
        QTest::addColumn<int>("maxWatches");
        QTest::addColumn<bool>("polled");
        QTest::newRow("room for all 3") << 3 << false;
        QTest::newRow("one short") << 2 << true;
        QTest::newRow("none") << 0 << true;
    }

    void theWatchLimit()
    {
        QFETCH(int, maxWatches);
        QFETCH(bool, polled);
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("root/a"))));
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("root/b"))));
        ChangeWatcherOptions options;
        options.maxWatches = size_t(maxWatches);
        options.fileSystemType = [](const std::string &) {
            return std::optional<uint64_t>(0xEF53);
        };
        ChangeWatcher watcher(options);
        const QString said = watcher.watch({2, dir.filePath(QStringLiteral("root")), {}});
        QCOMPARE(watcher.isPolled(2), polled);
        QVERIFY2(polled ? said.contains(QStringLiteral("watch limit")) : said.isEmpty(), qPrintable(said));
        QCOMPARE(watcher.watchCount(), polled ? size_t(0) : size_t(3));
    }
};

QTEST_GUILESS_MAIN(TestRemoteFileSystem)
#include "test_remote_file_system.moc"
