// cortex-cli killed with SIGKILL inside a video (issue 16): a folder with a three-segment clip and a text
// file is ingested with the tiny model, and CORTEX_TEST_KILL_AT_CHECKPOINT=demo.mkv (core/ingest/
// file_ingest.cpp) kills the process right after a checkpoint inside the video saved a segment.
//
// The proof that a resumed job continues at the next segment rather than at the video's start: the hook
// kills after *every* checkpoint, so a `resume` run with the variable still set is killed after the first
// segment it embeds. Continuing, that is segment 1, saved next to segment 0; starting the video again, it
// would be segment 0 once more (a mutation that ignores the saved segments fails here). Then a run
// without the variable finishes the job continuing after the two saved segments (continued_inside), the
// library passes its check, and each segment is stored once with its times and the vector of an
// uninterrupted ingest.

#include "library/stored_items.h"
#include "store/library_db.h"
#include "support/cli_run.h"
#include "support/test_files.h"
#include "video/clip_writer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace cortex;

namespace {

const QString kCli = QStringLiteral(CORTEX_BIN_DIR "/cortex-cli");
const QString kModel = QStringLiteral(CORTEX_TINY_A_DIR);

// 3 s at 10 fps in 1-second windows: segments [0, 1], [1, 2] and [2, 3].
constexpr int kFrames = 30;
constexpr int kFps = 10;
const std::vector<std::pair<double, double>> kSegments{{0, 1}, {1, 2}, {2, 3}};

using Run = testing::CliRun;

} // namespace

class TestVideoKillCli : public QObject {
    Q_OBJECT

    QTemporaryDir home_;
    QString folder_;
    QString clip_;

    QStringList lib(const QString &name) const
    {
        return {QStringLiteral("--library"),    home_.filePath(name),
                QStringLiteral("--model"),      kModel,
                QStringLiteral("--max-pixels"), QStringLiteral("65536"),
                QStringLiteral("--device"),     QStringLiteral("cpu"),
                QStringLiteral("--json")};
    }
    Run cli(const QStringList &args, bool killAtCheckpoint) const
    {
        auto env = testing::isolatedEnvironment(home_);
        if (killAtCheckpoint)
            env.insert(QStringLiteral("CORTEX_TEST_KILL_AT_CHECKPOINT"), QStringLiteral("demo.mkv"));
        else
            env.remove(QStringLiteral("CORTEX_TEST_KILL_AT_CHECKPOINT"));
        return testing::runCli(kCli, args, env);
    }
    QStringList ingestArgs(const QString &name) const
    {
        return QStringList{QStringLiteral("ingest"), folder_, QStringLiteral("--video-segment"),
                           QStringLiteral("1")} +
               lib(name);
    }
    std::unique_ptr<store::LibraryDb> db(const QString &name) const
    {
        auto opened = store::LibraryDb::open(
            QString(home_.filePath(name) + QStringLiteral("/library.db")).toStdString(),
            store::OpenMode::ReadOnly);
        if (!opened)
            qFatal("%s", opened.error().message.c_str());
        return std::move(opened).value();
    }
    // What the one unfinished job has saved of the video so far (its checkpoint rows).
    std::vector<store::NewItem> savedSegments(const QString &name) const
    {
        auto reader = db(name);
        const auto jobs = reader->unfinishedJobs().value();
        if (jobs.size() != 1)
            return {};
        const auto progress = reader->fileProgress(jobs.front().id, clip_.toStdString()).value();
        return progress ? progress->items : std::vector<store::NewItem>{};
    }
    std::vector<testing::StoredItem> storedSegments(const QString &name) const
    {
        return testing::itemsOfFile(*db(name), clip_);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(home_.isValid());
        test::ClipSpec spec; // FFV1 in Matroska, frames showing their numbers
        spec.pts = test::consecutivePts(kFrames);
        spec.timeBaseDen = kFps;
        spec.frameRate = kFps;
        if (!test::canWrite(spec))
            QSKIP("this FFmpeg has no ffv1 encoder or matroska muxer");
        folder_ = home_.filePath(QStringLiteral("media"));
        clip_ = folder_ + QStringLiteral("/demo.mkv");
        QVERIFY(QDir().mkpath(folder_));
        const auto problem = test::writeClip(clip_.toStdString(), spec);
        QVERIFY2(problem.empty(), problem.c_str());
        testing::writeFile(folder_ + QStringLiteral("/notes.txt"),
                           "Minutes of the meeting about the lighthouse budget.");
    }

    void aKillInsideTheVideoResumesAtTheNextSegment()
    {
        // Killed right after the first segment's checkpoint.
        const Run killed = cli(ingestArgs(QStringLiteral("lib")), true);
        QVERIFY2(killed.exitCode == -1, qPrintable(killed.describe())); // killed, no summary
        QVERIFY(killed.out.isEmpty());
        auto saved = savedSegments(QStringLiteral("lib"));
        QCOMPARE(saved.size(), size_t(1));
        QCOMPARE(saved[0].startSeconds, 0.0);
        const std::vector<float> firstVector = saved[0].vector;

        // Resumed with the hook still set: killed again after the next checkpoint, which added segment 1.
        const Run killedAgain = cli(QStringList{QStringLiteral("resume")} + lib(QStringLiteral("lib")), true);
        QVERIFY2(killedAgain.exitCode == -1, qPrintable(killedAgain.describe()));
        saved = savedSegments(QStringLiteral("lib"));
        QCOMPARE(saved.size(), size_t(2));
        QCOMPARE(saved[0].vector, firstVector); // kept as it was saved
        QCOMPARE(saved[1].page, 1);
        QCOMPARE(saved[1].startSeconds, kSegments[1].first);
        QCOMPARE(saved[1].endSeconds, kSegments[1].second);

        // Without the hook: the job finishes, continuing after the two saved segments.
        const Run resumed = cli(QStringList{QStringLiteral("resume")} + lib(QStringLiteral("lib")), false);
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.describe()));
        const QJsonArray jobs = resumed.json().value(QStringLiteral("resumed")).toArray();
        QCOMPARE(jobs.size(), 1);
        const QJsonObject job = jobs[0].toObject();
        QCOMPARE(job.value(QStringLiteral("failed")).toInt(), 0);
        const QJsonArray inside = job.value(QStringLiteral("continued_inside")).toArray();
        QCOMPARE(inside.size(), 1);
        QCOMPARE(inside[0].toObject().value(QStringLiteral("path")).toString(), clip_);
        QCOMPARE(inside[0].toObject().value(QStringLiteral("saved_items")).toInt(), 2);
        QVERIFY(db(QStringLiteral("lib"))->unfinishedJobs().value().empty());
        QVERIFY(savedSegments(QStringLiteral("lib")).empty());

        const Run checked = cli(QStringList{QStringLiteral("check")} + lib(QStringLiteral("lib")), false);
        QVERIFY2(checked.exitCode == 0, qPrintable(checked.describe()));

        // Each segment once, with its times, and the vectors of an uninterrupted ingest.
        const Run whole = cli(ingestArgs(QStringLiteral("whole")), false);
        QVERIFY2(whole.exitCode == 0, qPrintable(whole.describe()));
        QCOMPARE(whole.json().value(QStringLiteral("indexed")).toInt(), 2);
        const auto got = storedSegments(QStringLiteral("lib"));
        const auto expected = storedSegments(QStringLiteral("whole"));
        QCOMPARE(got.size(), kSegments.size());
        QCOMPARE(expected.size(), kSegments.size());
        for (size_t k = 0; k < kSegments.size(); ++k) {
            QVERIFY(got[k].record.kind == ItemKind::VideoSegment);
            QCOMPARE(got[k].record.page, int(k));
            QCOMPARE(got[k].record.startSeconds, kSegments[k].first);
            QCOMPARE(got[k].record.endSeconds, kSegments[k].second);
            QVERIFY(!got[k].record.frameStripPng.empty());
            QCOMPARE(got[k].record.thumbnailPng, expected[k].record.thumbnailPng);
            const double similarity = testing::cosine(got[k].vector, expected[k].vector);
            qInfo("segment %zu: cosine to the uninterrupted ingest's %.7f", k, similarity);
            QVERIFY(similarity > 0.9999);
        }
        QCOMPARE(got[0].vector, firstVector);
        // The text file beside it: stored once, in the resumed library too.
        QCOMPARE(db(QStringLiteral("lib"))->documents().value().size(), size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestVideoKillCli)

#include "test_video_kill_cli.moc"
