// A video segment's preview (application/video_preview.h): the times it steps through (data table:
// one a second, bounded, damaged ranges), and the frames decoded from a clip encoded at test time, with
// the file gone or damaged named in the error.

#include "application/video_preview.h"
#include "video/clip_writer.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <limits>
#include <vector>

using Times = std::vector<double>;
Q_DECLARE_METATYPE(Times)

class TestVideoPreview : public QObject {
    Q_OBJECT

private slots:
    void times_data()
    {
        QTest::addColumn<double>("start");
        QTest::addColumn<double>("end");
        QTest::addColumn<int>("maxFrames");
        QTest::addColumn<Times>("expected");
        QTest::newRow("a second apart") << 60.0 << 64.0 << 600 << Times{60, 61, 62, 63};
        QTest::newRow("a part second at the end") << 0.0 << 2.5 << 600 << Times{0, 1, 2};
        QTest::newRow("shorter than a second") << 10.0 << 10.4 << 600 << Times{10};
        QTest::newRow("end before start") << 10.0 << 5.0 << 600 << Times{10};
        QTest::newRow("no end") << 3.0 << std::numeric_limits<double>::quiet_NaN() << 600 << Times{3};
        QTest::newRow("negative start is 0") << -5.0 << 2.0 << 600 << Times{0, 1};
        QTest::newRow("bounded, spread evenly") << 0.0 << 8.0 << 4 << Times{0, 2, 4, 6};
        QTest::newRow("a week in at most 3") << 0.0 << 604800.0 << 3 << Times{0, 201600, 403200};
    }
    void times()
    {
        QFETCH(double, start);
        QFETCH(double, end);
        QFETCH(int, maxFrames);
        QFETCH(Times, expected);
        QCOMPARE(cortex::application::videoPreviewTimes(start, end, maxFrames), expected);
    }

    void framesOfAClip()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        cortex::test::ClipSpec spec; // 64x48 FFV1 in Matroska, 30 fps
        spec.pts = cortex::test::consecutivePts(300);
        if (!cortex::test::canWrite(spec))
            QSKIP("FFmpeg here cannot write FFV1 in Matroska");
        const QString file = dir.filePath(QStringLiteral("demo clip.mkv"));
        QCOMPARE(QString::fromStdString(cortex::test::writeClip(file.toStdString(), spec)), QString());

        // The segment 4 s - 8 s: frames at 4, 5, 6, 7; a step past the end stays on the last.
        const std::vector<std::pair<int, double>> steps{{0, 4.0}, {2, 6.0}, {3, 7.0}, {9, 7.0}, {-3, 4.0}};
        for (const auto &[index, seconds] : steps) {
            const auto preview = cortex::application::videoFramePreview(file, 4.0, 8.0, index, 1600);
            QVERIFY2(preview.ok(), preview.ok() ? "" : preview.error().message.c_str());
            QCOMPARE(preview->kind, cortex::preview::PreviewKind::VideoFrame);
            QCOMPARE(preview->count, 4);
            QCOMPARE(preview->index, std::clamp(index, 0, 3));
            QCOMPARE(preview->seconds, seconds);
            QCOMPARE(preview->image.size(), QSize(64, 48));
            QCOMPARE(preview->path, file);
        }
    }

    // A frame carries the subtitle line on screen at its time (the file's own SubRip stream), none where
    // no cue is shown then; the cues were written into the clip, so the lines are what it was given.
    void aFrameCarriesItsSubtitleLine()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        cortex::test::ClipSpec spec; // 64x48 FFV1 in Matroska, 30 fps, 10 s
        spec.pts = cortex::test::consecutivePts(300);
        cortex::test::SubtitleTrack track;
        track.packets = {{4500, 5500, "Harbour lights"}, {5800, 6200, "at dusk"}, {5900, 6100, "and dawn"}};
        spec.subtitleTracks = {track};
        if (!cortex::test::canWrite(spec))
            QSKIP("FFmpeg here cannot write FFV1 in Matroska");
        const QString file = dir.filePath(QStringLiteral("harbour.mkv"));
        QCOMPARE(QString::fromStdString(cortex::test::writeClip(file.toStdString(), spec)), QString());

        // The segment 4 s - 8 s: frames at 4 (no cue yet), 5, 6 (two cues at once), 7 (none any more).
        const std::vector<std::pair<int, QString>> frames{{0, QString()},
                                                          {1, QStringLiteral("Harbour lights")},
                                                          {2, QStringLiteral("at dusk\nand dawn")},
                                                          {3, QString()}};
        for (const auto &[index, text] : frames) {
            const auto preview = cortex::application::videoFramePreview(file, 4.0, 8.0, index, 1600);
            QVERIFY2(preview.ok(), preview.ok() ? "" : preview.error().message.c_str());
            QCOMPARE(preview->text, text);
        }

        // The segment's cues are read once for all its frames; a file written again is read again.
        track.packets = {{4500, 5500, "Harbour lights, rewritten with more words"}};
        spec.subtitleTracks = {track};
        QCOMPARE(QString::fromStdString(cortex::test::writeClip(file.toStdString(), spec)), QString());
        const auto again = cortex::application::videoFramePreview(file, 4.0, 8.0, 1, 1600);
        QVERIFY(again.ok());
        QCOMPARE(again->text, QStringLiteral("Harbour lights, rewritten with more words"));
    }

    void goneOrDamagedFilesAreNamed()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString gone = dir.filePath(QStringLiteral("gone.mp4"));
        const auto missing = cortex::application::videoFramePreview(gone, 0, 60, 0, 1600);
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error().message.find("gone.mp4") != std::string::npos,
                 missing.error().message.c_str());

        const QString damaged = dir.filePath(QStringLiteral("damaged.mp4"));
        {
            QFile out(damaged);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(QByteArray(4096, 'x'));
        }
        const auto broken = cortex::application::videoFramePreview(damaged, 0, 60, 0, 1600);
        QVERIFY(!broken.ok());
        QVERIFY2(broken.error().message.find("damaged.mp4") != std::string::npos,
                 broken.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestVideoPreview)
#include "test_video_preview.moc"
