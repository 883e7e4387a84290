// A video's progress in the ingestion job (issue 16): the job reads a pending video's segment count
// from its header (ingest::plannedVideoSegments, what the ETA counts, ingest/job_eta.h), and reports
// "segment k of n" as the video goes (Progress::Unit::Segment, currentPage k, currentOf n) with an ETA
// after every segment, while a text file's progress stays in pages/parts. The clip is encoded at test
// time (5 s at 30 fps, tests/video/clip_writer.h); the encoder is a pixel hash (no model).

#include "library_fixture.h"
#include "support/pixel_hash_encoder.h"
#include "video/clip_writer.h"

#include "ingest/ingestor.h"
#include "ingest/video_ingest.h"
#include "library/library.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>

#include <sys/stat.h>

using namespace cortex;
using namespace cortex::testing;

namespace {

ingest::IngestOptions videoOptions(double window)
{
    ingest::IngestOptions o;
    o.videoSegmentSeconds = window;
    o.checkpointSeconds = 0;
    return o;
}

} // namespace

class TestVideoJobProgress : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString folder_;
    QString clip_;
    QString notes_;
    std::shared_ptr<const model::Tokenizer> tokenizer_;

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        tokenizer_ = loadTinyTokenizer();
        test::ClipSpec spec;
        spec.pts = test::consecutivePts(150);
        spec.gopSize = 30;
        if (!test::canWrite(spec))
            QSKIP("this FFmpeg has no ffv1 encoder or matroska muxer");
        folder_ = dir_.path() + QStringLiteral("/job");
        QVERIFY(QDir().mkpath(folder_));
        notes_ = folder_ + QStringLiteral("/a-notes.txt");
        writeFile(notes_, "Minutes of the meeting about the lighthouse budget.");
        clip_ = folder_ + QStringLiteral("/b-demo.mkv");
        const auto problem = test::writeClip(clip_.toStdString(), spec);
        QVERIFY2(problem.empty(), problem.c_str());
    }

    // 5 s: a 2-second window gives [0, 2], [2, 4], [4, 5]; 1 s gives 5; 60 s gives one.
    void plansAPendingVideoFromItsHeader_data()
    {
        QTest::addColumn<double>("window");
        QTest::addColumn<qint64>("segments");
        QTest::newRow("2 s") << 2.0 << qint64(3);
        QTest::newRow("1 s") << 1.0 << qint64(5);
        QTest::newRow("60 s") << 60.0 << qint64(1);
    }
    void plansAPendingVideoFromItsHeader()
    {
        QFETCH(double, window);
        QFETCH(qint64, segments);
        const auto planned = ingest::plannedVideoSegments(clip_, videoOptions(window));
        QVERIFY(planned.has_value());
        QCOMPARE(qint64(*planned), segments);
    }

    // A file that does not open as a video has no plan: the job counts it as an ordinary file.
    void aFileThatIsNoVideoHasNoPlan()
    {
        QVERIFY(!ingest::plannedVideoSegments(notes_, videoOptions(2)).has_value());
        const QString fake = dir_.path() + QStringLiteral("/fake.mp4");
        writeFile(fake, QByteArray("not a video\n").repeated(20));
        QVERIFY(!ingest::plannedVideoSegments(fake, videoOptions(2)).has_value());
        QVERIFY(!ingest::plannedVideoSegments(dir_.path() + QStringLiteral("/missing.mkv"), videoOptions(2))
                     .has_value());
        // A named pipe is never opened (open() would wait for a writer forever).
        const QString fifo = dir_.path() + QStringLiteral("/pipe.mkv");
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QVERIFY(!ingest::plannedVideoSegments(fifo, videoOptions(2)).has_value());
        QVERIFY(QFile::remove(fifo));
    }

    void reportsSegmentKOfNWithAnEta()
    {
        const QString path = dir_.path() + QStringLiteral("/library");
        auto lib = library::Library::open(path.toStdString()).value();
        PixelHashEncoder encoder;
        ingest::Ingestor ingestor(*lib, encoder, tokenizer_);
        std::vector<Progress> reports;
        auto summary =
            ingestor.ingest({folder_}, videoOptions(2), [&](const Progress &p) { reports.push_back(p); });
        QVERIFY2(summary.ok(), summary ? "" : summary.error().message.c_str());
        QCOMPARE(summary->indexed, 2);

        std::vector<std::pair<int, int>> segments; // (done, of) as reported inside the video
        for (const Progress &p : reports) {
            if (p.currentUnit != Progress::Unit::Segment) {
                QCOMPARE(p.currentOf, 0); // pages and parts: no count of parts
                continue;
            }
            QCOMPARE(QString::fromStdString(p.current), clip_);
            segments.emplace_back(p.currentPage, p.currentOf);
            // After a segment the ETA is known: the text file and the segments done are measured.
            if (p.currentPage > 0)
                QVERIFY2(p.etaSeconds >= 0, qPrintable(QString::number(p.etaSeconds)));
        }
        const std::vector<std::pair<int, int>> expected{{0, 3}, {1, 3}, {2, 3}, {3, 3}};
        QCOMPARE(segments, expected);
        // The last report: the job done, nothing inside a file.
        QCOMPARE(reports.back().done, 2);
        QVERIFY(reports.back().currentUnit == Progress::Unit::Page);
        QCOMPARE(reports.back().currentOf, 0);
    }
};

QTEST_MAIN(TestVideoJobProgress)
#include "test_video_job_progress.moc"
