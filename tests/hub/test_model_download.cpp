// downloadModel() against a local imitation of the Hub (tests/hub/fake_hub.h): the cache it leaves must
// be huggingface_hub's, byte for byte; drops and cancels resume with Range requests; a corrupt file is
// refused; the token never reaches the CDN; a second download and an offline start transfer nothing.

#include "hub/fake_hub.h"
#include "hub/hub_cache.h"
#include "hub/model_download.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <memory>

using namespace cortex::hub;
using cortex::testing::FakeHub;

namespace {

const QString kRepo = QStringLiteral("Qwen/Qwen3-VL-Embedding-2B");
const QString kGatedRepo = QStringLiteral("Qwen/Qwen3-VL-Reranker-2B");
const QString kBig = QStringLiteral("extra/big.bin");
const QString kWeights = QStringLiteral("model.safetensors");
const QString kToken = QStringLiteral("hf_secret");
constexpr qint64 kMiB = 1024 * 1024;

QString commitOf(const char *seed)
{
    return QString::fromLatin1(QCryptographicHash::hash(seed, QCryptographicHash::Sha1).toHex());
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString etagOf(const FakeHub::File &file)
{
    return file.lfs ? FakeHub::sha256Hex(file.content) : FakeHub::gitBlobSha1(file.content);
}

// Where two byte arrays first differ, for a failure message.
QString difference(const QByteArray &actual, const QByteArray &expected)
{
    if (actual.size() != expected.size())
        return QStringLiteral("%1 bytes, expected %2").arg(actual.size()).arg(expected.size());
    for (qsizetype i = 0; i < actual.size(); ++i) {
        if (actual[i] != expected[i])
            return QStringLiteral("first difference at byte %1").arg(i);
    }
    return {};
}

QString describe(const QList<FakeHub::Request> &requests)
{
    QStringList lines;
    for (const FakeHub::Request &r : requests) {
        lines.append(QStringLiteral("  %1 %2%3 %4 range=[%5] auth=[%6] -> %7, %8 body bytes")
                         .arg(r.method, r.cdn ? QStringLiteral("(cdn) ") : QString(), r.path, r.file, r.range,
                              r.authorization)
                         .arg(r.status)
                         .arg(r.bodyBytesSent));
    }
    return lines.join(QLatin1Char('\n'));
}

// The GETs that carried the file's content (200 or 206), in order: resolve for regular files, the CDN
// for LFS files.
QList<FakeHub::Request> contentGets(const QList<FakeHub::Request> &requests, const QString &file)
{
    QList<FakeHub::Request> gets;
    for (const FakeHub::Request &r : requests) {
        if (r.method == QStringLiteral("GET") && r.file == file && (r.status == 200 || r.status == 206))
            gets.append(r);
    }
    return gets;
}

// "bytes=N-" -> N; -1 otherwise.
qint64 rangeStart(const QString &range)
{
    if (!range.startsWith(QStringLiteral("bytes=")) || !range.endsWith(QLatin1Char('-')))
        return -1;
    bool ok = false;
    const qint64 n = range.mid(6, range.size() - 7).toLongLong(&ok);
    return ok ? n : -1;
}

} // namespace

class TestModelDownload : public QObject {
    Q_OBJECT

    QMap<QString, FakeHub::File> files_;
    QString commit_ = commitOf("tiny-a main");
    std::unique_ptr<FakeHub> hub_;
    std::unique_ptr<QTemporaryDir> cache_;

    DownloadRequest request(const QString &repoId = kRepo) const
    {
        DownloadRequest r;
        r.repoId = repoId;
        r.cacheDir = cache_->path();
        r.endpoint = hub_->endpoint();
        r.initialBackoffMs = 10;
        r.stallTimeoutMs = 10000;
        return r;
    }

    QString repoDir() const
    {
        return cache_->path() + QStringLiteral("/models--Qwen--Qwen3-VL-Embedding-2B");
    }
    QString blobPath(const QString &file) const
    {
        return repoDir() + QStringLiteral("/blobs/") + etagOf(files_.value(file));
    }
    qint64 totalSize() const
    {
        qint64 total = 0;
        for (const FakeHub::File &f : files_)
            total += f.content.size();
        return total;
    }

    // Everything that differs from the layout huggingface_hub leaves after a complete download of
    // `commit`, one line each; empty when it matches.
    QStringList layoutProblems(const QString &commit, bool checkRefs = true) const
    {
        QStringList problems;
        const QString snapshot = repoDir() + QStringLiteral("/snapshots/") + commit;
        if (checkRefs) {
            const QByteArray ref = readAll(repoDir() + QStringLiteral("/refs/main"));
            if (ref.trimmed() != commit.toLatin1())
                problems.append(QStringLiteral("refs/main holds '%1', expected the commit %2")
                                    .arg(QString::fromLatin1(ref), commit));
        }
        QSet<QString> expectedBlobs;
        for (auto it = files_.begin(); it != files_.end(); ++it) {
            const QString link = snapshot + QLatin1Char('/') + it.key();
            const QString blob = repoDir() + QStringLiteral("/blobs/") + etagOf(*it);
            expectedBlobs.insert(QFileInfo(blob).fileName());
            const QFileInfo info(link);
            if (!info.isSymLink()) {
                problems.append(QStringLiteral("%1: %2 in the snapshot")
                                    .arg(it.key(), info.exists() ? QStringLiteral("not a symbolic link")
                                                                 : QStringLiteral("missing")));
                continue;
            }
            const QString target = QString::fromStdString(std::filesystem::read_symlink(link.toStdString()));
            const QString expectedTarget = QDir(info.absolutePath()).relativeFilePath(blob);
            if (target != expectedTarget)
                problems.append(QStringLiteral("%1: links to '%2', expected the relative '%3'")
                                    .arg(it.key(), target, expectedTarget));
            const QString diff = difference(readAll(link), it->content);
            if (!diff.isEmpty())
                problems.append(
                    QStringLiteral("%1: content differs from the source: %2").arg(it.key(), diff));
        }
        const QStringList blobs = QDir(repoDir() + QStringLiteral("/blobs")).entryList(QDir::Files);
        for (const QString &name : blobs) {
            if (!expectedBlobs.contains(name))
                problems.append(QStringLiteral("unexpected file blobs/%1").arg(name));
        }
        QDirIterator incomplete(cache_->path(), {QStringLiteral("*.incomplete")}, QDir::Files | QDir::Hidden,
                                QDirIterator::Subdirectories);
        while (incomplete.hasNext())
            problems.append(QStringLiteral("left behind: %1").arg(incomplete.next()));
        return problems;
    }

private slots:
    void initTestCase()
    {
        files_ = FakeHub::filesOf(QStringLiteral(CORTEX_TINY_A_DIR));
        QVERIFY2(files_.contains(kWeights), CORTEX_TINY_A_DIR ": no model.safetensors");
        files_.insert(QStringLiteral(".gitattributes"),
                      {QByteArray("*.safetensors filter=lfs diff=lfs merge=lfs "
                                  "-text\n*.bin filter=lfs diff=lfs merge=lfs "
                                  "-text\n"),
                       false});
        files_.insert(QStringLiteral("README.md"), {QByteArray("# tiny-a\n\nA test model.\n"), false});
        // Not a multiple of the server's chunk size, so that no boundary lines up by luck.
        QByteArray big(8 * kMiB + 12345, '\0');
        QRandomGenerator generator(20250101);
        generator.fillRange(reinterpret_cast<quint32 *>(big.data()), big.size() / 4);
        files_.insert(kBig, {big, true});
    }

    void init()
    {
        cache_ = std::make_unique<QTemporaryDir>();
        QVERIFY(cache_->isValid());
        hub_ = std::make_unique<FakeHub>();
        hub_->addRepo(kRepo, QStringLiteral("main"), commit_, files_);
        hub_->addRepo(kGatedRepo, QStringLiteral("main"), commitOf("gated main"), files_, true);
        hub_->setToken(kToken);
        QVERIFY(hub_->start());
    }

    void cleanup()
    {
        if (QTest::currentTestFailed() || qEnvironmentVariableIsSet("CORTEX_FAKE_HUB_LOG"))
            qInfo().noquote() << "requests the fake Hub answered:\n" << describe(hub_->requests());
        hub_.reset();
        cache_.reset();
    }

    void fullDownload()
    {
        QList<DownloadProgress> reports;
        const auto result =
            downloadModel(request(), [&reports](const DownloadProgress &p) { reports.append(p); });
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
        QCOMPARE(result->commit, commit_);
        QCOMPARE(QDir::cleanPath(result->snapshotDir), repoDir() + QStringLiteral("/snapshots/") + commit_);
        QCOMPARE(result->offline, false);
        QCOMPARE(result->filesTransferred, int(files_.size()));
        QCOMPARE(result->filesAlreadyPresent, 0);
        QCOMPARE(result->bytesTransferred, totalSize());

        const QStringList problems = layoutProblems(commit_);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QCOMPARE(missingModelFiles(result->snapshotDir), QStringList());

        const auto found = findModels({cache_->path()});
        QCOMPARE(found.size(), size_t(1));
        QCOMPARE(found[0].repoId, kRepo);
        QVERIFY2(found[0].complete, qPrintable(found[0].missingFiles.join(QLatin1Char(','))));
        QCOMPARE(found[0].revision, commit_);
        QCOMPARE(found[0].refs, QStringList{QStringLiteral("main")});

        QVERIFY(!reports.isEmpty());
        for (const DownloadProgress &p : std::as_const(reports)) {
            QCOMPARE(p.fileCount, int(files_.size()));
            QVERIFY2(p.done <= p.total,
                     qPrintable(QStringLiteral("progress: %1 of %2").arg(p.done).arg(p.total)));
        }
        QCOMPARE(reports.back().done, totalSize());
    }

    void droppedConnectionResumes()
    {
        const qint64 size = files_.value(kBig).content.size();
        hub_->dropConnectionAfter(kBig, 3 * kMiB, 1);
        const auto result = downloadModel(request());
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
        const QStringList problems = layoutProblems(commit_);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));

        const auto gets = contentGets(hub_->requests(), kBig);
        QVERIFY2(gets.size() >= 2, "big.bin was fetched once only: the connection was not dropped?");
        QCOMPARE(gets[0].bodyBytesSent, 3 * kMiB);
        // Not necessarily the next GET: on an early close Qt may silently resend the same request once
        // (QHttpNetworkConnectionChannel::handleUnexpectedEOF) before the downloader sees an error.
        const auto resumed = std::find_if(gets.begin() + 1, gets.end(), [](const FakeHub::Request &r) {
            return rangeStart(r.range) > 0 && rangeStart(r.range) <= 3 * kMiB && r.status == 206;
        });
        QVERIFY2(resumed != gets.end(), "no later GET of big.bin asked for bytes=N- with 0 < N <= 3 MiB");
        qint64 sent = 0;
        for (const FakeHub::Request &r : gets)
            sent += r.bodyBytesSent;
        QVERIFY2(sent < 2 * size,
                 qPrintable(QStringLiteral("%1 bytes sent for a %2-byte file: restarted, not resumed")
                                .arg(sent)
                                .arg(size)));
    }

    void corruptFileIsRefused()
    {
        hub_->corruptContent(kWeights);
        const auto result = downloadModel(request());
        QVERIFY2(!result.ok(), "a file whose SHA-256 differs from the announced one was accepted");
        const QString message = QString::fromStdString(result.error().message);
        qInfo().noquote() << "error:" << message;
        QVERIFY2(message.contains(kWeights),
                 qPrintable(QStringLiteral("the error does not name the file: ") + message));
        QVERIFY2(message.contains(QStringLiteral("sha256"), Qt::CaseInsensitive) ||
                     message.contains(QStringLiteral("SHA-256"), Qt::CaseInsensitive) ||
                     message.contains(QStringLiteral("hash"), Qt::CaseInsensitive) ||
                     message.contains(QStringLiteral("checksum"), Qt::CaseInsensitive),
                 qPrintable(QStringLiteral("the error does not mention the hash mismatch: ") + message));

        const QString blob = blobPath(kWeights);
        QVERIFY2(!QFile::exists(blob), "the corrupt file was kept as a blob");
        QVERIFY2(!QFile::exists(blob + QStringLiteral(".incomplete")), "the corrupt partial file was kept");

        // Whatever else landed in blobs/ must be intact (named by the hash of what it holds).
        const QDir blobs(repoDir() + QStringLiteral("/blobs"));
        for (auto it = files_.begin(); it != files_.end(); ++it) {
            const QString path = blobs.filePath(etagOf(*it));
            if (it.key() != kWeights && QFile::exists(path)) {
                const QString diff = difference(readAll(path), it->content);
                QVERIFY2(diff.isEmpty(), qPrintable(it.key() + QStringLiteral(": ") + diff));
            }
        }
    }

    void transientFailuresAreRetried()
    {
        hub_->failRequests(QStringLiteral("config.json"), 503, 2);
        hub_->failRequests(kWeights, 429, 1);
        const auto result = downloadModel(request());
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
        const QStringList problems = layoutProblems(commit_);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        int configGets = 0;
        for (const FakeHub::Request &r : hub_->requests())
            configGets += r.method == QStringLiteral("GET") && r.file == QStringLiteral("config.json");
        QCOMPARE(configGets, 3);
    }

    void persistentFailureGivesUp()
    {
        hub_->failRequests(QStringLiteral("config.json"), 500, 1000);
        DownloadRequest r = request();
        r.maxAttempts = 3;
        const auto result = downloadModel(r);
        QVERIFY(!result.ok());
        const QString message = QString::fromStdString(result.error().message);
        qInfo().noquote() << "error:" << message;
        QVERIFY2(message.contains(QStringLiteral("config.json")),
                 qPrintable(QStringLiteral("the error does not name the file: ") + message));
        int configGets = 0;
        for (const FakeHub::Request &req : hub_->requests())
            configGets += req.method == QStringLiteral("GET") && req.file == QStringLiteral("config.json");
        QCOMPARE(configGets, 3);
    }

    void unknownRepository()
    {
        const QString repo = QStringLiteral("Qwen/Qwen3-VL-Embedding-4B");
        const auto result = downloadModel(request(repo));
        QVERIFY(!result.ok());
        const QString message = QString::fromStdString(result.error().message);
        qInfo().noquote() << "error:" << message;
        QVERIFY2(message.contains(QStringLiteral("not found"), Qt::CaseInsensitive) && message.contains(repo),
                 qPrintable(QStringLiteral("expected 'not found' and the repository: ") + message));
    }

    // A listing that needs more room than the disk has: refused before a byte is written.
    void notEnoughDiskSpace()
    {
        hub_->announceSize(kBig, qint64(1) << 50); // 1 PiB
        const auto result = downloadModel(request());
        QVERIFY(!result.ok());
        const QString message = QString::fromStdString(result.error().message);
        QVERIFY2(message.contains(QStringLiteral("Not enough free disk space")) &&
                     message.contains(cache_->path()),
                 qPrintable(message));
        for (const FakeHub::Request &r : hub_->requests())
            QVERIFY2(r.file.isEmpty(), qPrintable(QStringLiteral("a file was requested: ") + r.path));
        QVERIFY(!QFileInfo::exists(repoDir() + QStringLiteral("/blobs")));
    }

    // Python's huggingface_hub (or another Cortex) holds the blob's lock: no second writer.
    void lockedBlobIsLeftAlone()
    {
        const QString lockPath = repoPaths(cache_->path(), kRepo).lock(etagOf(files_.value(kBig)));
        QDir().mkpath(QFileInfo(lockPath).path());
        const int fd = ::open(QFile::encodeName(lockPath).constData(), O_RDWR | O_CREAT, 0644);
        QVERIFY(fd >= 0);
        QCOMPARE(::flock(fd, LOCK_EX | LOCK_NB), 0);
        const auto result = downloadModel(request());
        ::close(fd);
        QVERIFY(!result.ok());
        const QString message = QString::fromStdString(result.error().message);
        QVERIFY2(message.contains(QStringLiteral("Another program")) && message.contains(kBig),
                 qPrintable(message));
        QVERIFY(
            !QFileInfo::exists(repoPaths(cache_->path(), kRepo).incompleteBlob(etagOf(files_.value(kBig)))));
        // Once the lock is released, the download completes.
        const auto again = downloadModel(request());
        QVERIFY2(again.ok(), again.ok() ? "" : again.error().message.c_str());
    }

    void unknownRevision()
    {
        DownloadRequest r = request();
        r.revision = QStringLiteral("v9");
        const auto result = downloadModel(r);
        QVERIFY(!result.ok());
        const QString message = QString::fromStdString(result.error().message);
        qInfo().noquote() << "error:" << message;
        QVERIFY2(message.contains(QStringLiteral("not found"), Qt::CaseInsensitive) &&
                     message.contains(QStringLiteral("\"v9\"")),
                 qPrintable(QStringLiteral("expected 'not found' and the revision: ") + message));
    }

    void gatedRepositoryNeedsToken_data()
    {
        QTest::addColumn<QString>("token");
        QTest::newRow("no token") << QString();
        QTest::newRow("wrong token") << QStringLiteral("hf_wrong");
    }
    void gatedRepositoryNeedsToken()
    {
        QFETCH(QString, token);
        DownloadRequest r = request(kGatedRepo);
        r.token = token;
        const auto result = downloadModel(r);
        QVERIFY(!result.ok());
        const QString message = QString::fromStdString(result.error().message);
        qInfo().noquote() << "error:" << message;
        QVERIFY2(message.contains(QStringLiteral("token"), Qt::CaseInsensitive),
                 qPrintable(QStringLiteral("the error does not mention the token / HF_TOKEN: ") + message));
        QVERIFY2(message.contains(kGatedRepo),
                 qPrintable(QStringLiteral("the error does not name the repository: ") + message));
    }

    void gatedRepositoryWithToken()
    {
        DownloadRequest r = request(kGatedRepo);
        r.token = kToken;
        const auto result = downloadModel(r);
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
        QCOMPARE(missingModelFiles(result->snapshotDir), QStringList());

        const auto requests = hub_->requests();
        int cdnGets = 0;
        for (const FakeHub::Request &req : requests) {
            if (req.cdn) {
                ++cdnGets;
                QVERIFY2(
                    req.authorization.isEmpty(),
                    qPrintable(
                        QStringLiteral("the token was sent to the CDN: %1 %2").arg(req.method, req.path)));
            } else {
                QCOMPARE(req.authorization, QStringLiteral("Bearer ") + kToken);
            }
        }
        QVERIFY2(cdnGets >= 2, "the LFS files did not come from the CDN");
    }

    void cancelledDownloadResumes()
    {
        const qint64 size = files_.value(kBig).content.size();
        hub_->setChunkDelayMs(15, kBig); // 64 KiB per 15 ms: big.bin takes ~2 s, the cancel lands mid-file

        bool cancel = false;
        const auto progress = [&cancel](const DownloadProgress &p) {
            if (p.file.endsWith(QStringLiteral("big.bin")) && p.fileDone >= kMiB)
                cancel = true;
        };
        // The server-side count is a backstop in case progress is not reported while a file streams.
        const FakeHub *hub = hub_.get();
        const auto cancelled = [&cancel, hub] {
            return cancel || hub->bodyBytesSentFor(kBig) >= 4 * kMiB;
        };
        const auto first = downloadModel(request(), progress, cancelled);
        QVERIFY2(!first.ok(), "the download was not cancelled");
        const QString message = QString::fromStdString(first.error().message);
        qInfo().noquote() << "error:" << message;
        QVERIFY2(message.contains(QStringLiteral("cancel"), Qt::CaseInsensitive),
                 qPrintable(QStringLiteral("the error does not say it was cancelled: ") + message));

        const QFileInfo partial(blobPath(kBig) + QStringLiteral(".incomplete"));
        QVERIFY2(partial.exists(), qPrintable(partial.filePath() + QStringLiteral(" does not exist")));
        const qint64 partialSize = partial.size();
        QVERIFY2(
            partialSize > 0 && partialSize < size,
            qPrintable(QStringLiteral("partial file of %1 bytes (file: %2)").arg(partialSize).arg(size)));

        hub_->setChunkDelayMs(0);
        hub_->clearRequests();
        const auto second = downloadModel(request());
        QVERIFY2(second.ok(), second.ok() ? "" : second.error().message.c_str());
        const QStringList problems = layoutProblems(commit_);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));

        const auto gets = contentGets(hub_->requests(), kBig);
        QVERIFY(!gets.isEmpty());
        QCOMPARE(gets[0].range, QStringLiteral("bytes=%1-").arg(partialSize));
        QCOMPARE(gets[0].status, 206);
    }

    // A server that ignores Range answers a resume with the whole file: the partial file is started over,
    // and the hash (computed while the bytes arrive) still verifies the result.
    void resumeWithoutRangeSupportStartsTheFileOver()
    {
        hub_->setChunkDelayMs(15, kBig);
        const FakeHub *hub = hub_.get();
        const auto first =
            downloadModel(request(), {}, [hub] { return hub->bodyBytesSentFor(kBig) >= 2 * kMiB; });
        QVERIFY(!first.ok());
        const qint64 partialSize = QFileInfo(blobPath(kBig) + QStringLiteral(".incomplete")).size();
        QVERIFY2(partialSize > 0, "nothing of big.bin arrived before the cancel");

        hub_->setChunkDelayMs(0);
        hub_->ignoreRange(kBig);
        hub_->clearRequests();
        const auto second = downloadModel(request());
        QVERIFY2(second.ok(), second.ok() ? "" : second.error().message.c_str());
        const QStringList problems = layoutProblems(commit_);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        const auto gets = contentGets(hub_->requests(), kBig);
        QVERIFY(!gets.isEmpty());
        QCOMPARE(gets.first().range, QStringLiteral("bytes=%1-").arg(partialSize));
        QCOMPARE(gets.first().status, 200);
    }

    void secondDownloadTransfersNothing()
    {
        const auto first = downloadModel(request());
        QVERIFY2(first.ok(), first.ok() ? "" : first.error().message.c_str());
        hub_->clearRequests();

        const auto second = downloadModel(request());
        QVERIFY2(second.ok(), second.ok() ? "" : second.error().message.c_str());
        QCOMPARE(second->filesTransferred, 0);
        QCOMPARE(second->bytesTransferred, qint64(0));
        QCOMPARE(second->filesAlreadyPresent, int(files_.size()));
        QCOMPARE(second->snapshotDir, first->snapshotDir);
        for (const FakeHub::Request &r : hub_->requests()) {
            QVERIFY2(!(r.method == QStringLiteral("GET") &&
                       (r.cdn || r.path.contains(QStringLiteral("/resolve/")))),
                     qPrintable(QStringLiteral("a file was fetched again: ") + r.path));
        }
    }

    void downloadByCommit()
    {
        DownloadRequest r = request();
        r.revision = commit_;
        const auto result = downloadModel(r);
        QVERIFY2(result.ok(), result.ok() ? "" : result.error().message.c_str());
        QCOMPARE(result->commit, commit_);
        const QStringList problems = layoutProblems(commit_, false);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void cachedModelWithoutNetwork()
    {
        const auto first = downloadModel(request());
        QVERIFY2(first.ok(), first.ok() ? "" : first.error().message.c_str());
        hub_->stop();

        const auto found = findModels({cache_->path()});
        QCOMPARE(found.size(), size_t(1));
        QVERIFY(found[0].complete);
        QCOMPARE(QDir::cleanPath(found[0].path), QDir::cleanPath(first->snapshotDir));

        const auto offline = downloadModel(request());
        QVERIFY2(offline.ok(), offline.ok() ? "" : offline.error().message.c_str());
        QCOMPARE(offline->offline, true);
        QCOMPARE(offline->commit, commit_);
        QCOMPARE(QDir::cleanPath(offline->snapshotDir), QDir::cleanPath(first->snapshotDir));
        QCOMPARE(offline->filesTransferred, 0);

        // Nothing cached for that one: the unreachable Hub is an error.
        const auto missing = downloadModel(request(kGatedRepo));
        QVERIFY2(!missing.ok(), "a repository that is not in the cache was 'downloaded' with the Hub down");
        QVERIFY(!missing.error().message.empty());
    }
};

QTEST_GUILESS_MAIN(TestModelDownload)
#include "test_model_download.moc"
