// The ingestion job's ETA counted in files and video segments (ingest/job_eta.h): the estimate from
// what is left and the two measured rates, and the tracker following a run file by file and segment by
// segment. Every expected number is worked by hand in the comments; times are given, not measured.

#include "ingest/job_eta.h"

#include <QTest>

using cortex::ingest::EtaInputs;
using cortex::ingest::JobEta;
using Kind = cortex::ingest::JobEta::Kind;

class TestJobEta : public QObject {
    Q_OBJECT

private slots:
    void estimatesFromTheRateOfEachUnit_data()
    {
        QTest::addColumn<double>("filesLeft");
        QTest::addColumn<double>("segmentsLeft");
        QTest::addColumn<qint64>("filesMeasured");
        QTest::addColumn<double>("fileSeconds");
        QTest::addColumn<qint64>("segmentsMeasured");
        QTest::addColumn<double>("segmentSeconds");
        QTest::addColumn<double>("expected");
        // No rate to multiply by.
        QTest::newRow("nothing measured") << 3.0 << 10.0 << qint64(0) << 0.0 << qint64(0) << 0.0 << -1.0;
        QTest::newRow("nothing left") << 0.0 << 0.0 << qint64(0) << 0.0 << qint64(0) << 0.0 << 0.0;
        // 2 files in 6 s: 3 s each; 4 left: 12 s.
        QTest::newRow("files only") << 4.0 << 0.0 << qint64(2) << 6.0 << qint64(0) << 0.0 << 12.0;
        // No segment measured yet: a segment borrows the file rate, 1 s: 1 * 1 + 12 * 1 = 13 s.
        QTest::newRow("segments borrow the file rate")
            << 1.0 << 12.0 << qint64(3) << 3.0 << qint64(0) << 0.0 << 13.0;
        // No file measured yet: 4 segments in 20 s, 5 s each, for files too: 2 * 5 + 5 * 5 = 35 s.
        QTest::newRow("files borrow the segment rate")
            << 2.0 << 5.0 << qint64(0) << 0.0 << qint64(4) << 20.0 << 35.0;
        // 5 files in 10 s (2 s each), 6 segments in 48 s (8 s each): 10 * 2 + 24 * 8 = 20 + 192 = 212 s,
        // where counting files would say 10 files and a video at about 58 / 11 s each.
        QTest::newRow("both measured") << 10.0 << 24.0 << qint64(5) << 10.0 << qint64(6) << 48.0 << 212.0;
        // A fraction of segments (unplanned videos at the mean): 2.5 * 4 = 10 s.
        QTest::newRow("fractional segments") << 0.0 << 2.5 << qint64(0) << 0.0 << qint64(1) << 4.0 << 10.0;
        // Negative counts or times (a clock going back) count as none.
        QTest::newRow("negative inputs") << -1.0 << 2.0 << qint64(1) << -5.0 << qint64(1) << 3.0 << 6.0;
    }
    void estimatesFromTheRateOfEachUnit()
    {
        EtaInputs in;
        QFETCH(double, filesLeft);
        QFETCH(double, segmentsLeft);
        QFETCH(qint64, filesMeasured);
        QFETCH(double, fileSeconds);
        QFETCH(qint64, segmentsMeasured);
        QFETCH(double, segmentSeconds);
        QFETCH(double, expected);
        in.filesLeft = filesLeft;
        in.segmentsLeft = segmentsLeft;
        in.filesMeasured = filesMeasured;
        in.fileSeconds = fileSeconds;
        in.segmentsMeasured = segmentsMeasured;
        in.segmentSeconds = segmentSeconds;
        QCOMPARE(cortex::ingest::estimateEtaSeconds(in), expected);
    }

    // Two ordinary files, a video of 12 segments, one of 4, one not read at the start (counted as the
    // mean of the planned ones: (12 + 4) / 2 = 8 segments).
    void followsARunSegmentBySegment()
    {
        JobEta eta;
        eta.addPendingFile();
        eta.addPendingFile();
        eta.addPendingVideo(12);
        eta.addPendingVideo(4);
        eta.addUnplannedVideo();
        QCOMPARE(eta.inputs().filesLeft, 2.0);
        QCOMPARE(eta.inputs().segmentsLeft, 24.0); // 12 + 4 + 8
        QCOMPARE(eta.etaSeconds(), -1.0);

        // The first file takes 2 s: 1 file and 24 segments left at 2 s each: 50 s.
        eta.beginFile(Kind::File, 0, 0.0);
        eta.endFile(2.0);
        QCOMPARE(eta.etaSeconds(), 50.0);

        // The 12-segment video begins at 2 s; its plan comes at 2.5 s (nothing saved before): still
        // 1 file and 4 + 8 + 12 = 24 segments, no segment measured.
        eta.beginFile(Kind::Video, 12, 2.0);
        QCOMPARE(eta.inputs().segmentsLeft, 24.0);
        eta.segmentsDone(0, 12, 2.5);
        QCOMPARE(eta.etaSeconds(), 50.0);
        // Its first segment at 12.5 s: 10.5 s since the video began (opening it is part of the cost).
        // 1 file * 2 + (4 + 8 + 11) segments * 10.5 = 2 + 241.5 = 243.5 s.
        eta.segmentsDone(1, 12, 12.5);
        QCOMPARE(eta.etaSeconds(), 243.5);
        // The second at 20 s: 2 segments in 18 s, 9 s each: 2 + 22 * 9 = 200 s.
        eta.segmentsDone(2, 12, 20.0);
        QCOMPARE(eta.etaSeconds(), 200.0);
        // The video says 11 segments, not 12 (a different plan): 2 + (12 + 9) * 9 = 191 s.
        eta.segmentsDone(2, 11, 20.0);
        QCOMPARE(eta.etaSeconds(), 191.0);
        // Done at 99 s (the last at 98, its commit 1 s): 11 segments in 97 s; 1 file and 12 left.
        eta.segmentsDone(11, 11, 98.0);
        eta.endFile(99.0);
        QCOMPARE(eta.inputs().segmentsMeasured, qint64(11));
        QCOMPARE(eta.inputs().segmentSeconds, 97.0);
        QCOMPARE(eta.inputs().filesLeft, 1.0);
        QCOMPARE(eta.inputs().segmentsLeft, 12.0);

        // The video not read at the start begins: its 8 estimated segments stay counted until its plan
        // (5) replaces them: 12 -> 4 + 5 = 9.
        eta.beginFile(Kind::UnplannedVideo, 0, 99.0);
        QCOMPARE(eta.inputs().segmentsLeft, 12.0);
        eta.segmentsDone(0, 5, 100.0);
        QCOMPARE(eta.inputs().segmentsLeft, 9.0);
    }

    // A resumed video: the segments an earlier run saved took no time in this one.
    void aResumedVideoMeasuresOnlyTheSegmentsOfThisRun()
    {
        JobEta eta;
        eta.addPendingVideo(10);
        eta.beginFile(Kind::Video, 10, 0.0);
        eta.segmentsDone(6, 10, 1.0); // 6 saved before
        QCOMPARE(eta.inputs().segmentsMeasured, qint64(0));
        QCOMPARE(eta.inputs().segmentsLeft, 4.0);
        // The 7th at 5 s, 5 s since the video began: 3 left at 5 s each.
        eta.segmentsDone(7, 10, 5.0);
        QCOMPARE(eta.inputs().segmentsMeasured, qint64(1));
        QCOMPARE(eta.etaSeconds(), 15.0);
    }

    // A video that embeds nothing (unchanged, or failing at its header) costs what an ordinary file
    // does, and is measured as one.
    void aVideoThatEmbedsNothingIsMeasuredAsAFile()
    {
        JobEta eta;
        eta.addPendingVideo(5);
        eta.addPendingFile();
        eta.beginFile(Kind::Video, 5, 0.0);
        eta.endFile(0.5);
        QCOMPARE(eta.inputs().filesMeasured, qint64(1));
        QCOMPARE(eta.inputs().segmentsMeasured, qint64(0));
        QCOMPARE(eta.inputs().segmentsLeft, 0.0);
        QCOMPARE(eta.etaSeconds(), 0.5); // the file left, at 0.5 s
    }

    // Videos not read at the start while none was: each counts as one ordinary file.
    void unplannedVideosCountAsFilesWhileNoneIsPlanned()
    {
        JobEta eta;
        eta.addUnplannedVideo();
        eta.addUnplannedVideo();
        QCOMPARE(eta.inputs().filesLeft, 2.0);
        QCOMPARE(eta.inputs().segmentsLeft, 0.0);
    }
};

QTEST_GUILESS_MAIN(TestJobEta)
#include "test_job_eta.moc"
