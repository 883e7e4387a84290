// Segments of a video and the clip of one segment (core/video/video_clip_reader.h). The frame ranges and
// sampled indices are worked out by hand from qwen-vl-utils' vision_process.py (the official code for a
// video given with video_start / video_end):
//   calculate_video_frame_range: max_duration = total_frames / fps; start and end clamped to
//     [0, max_duration]; start_frame = ceil(start * fps); end_frame = min(floor(end * fps), total - 1);
//     start_frame >= end_frame raises; the range holds end - start + 1 frames;
//   smart_nframes on that count (fps 1, min 4, max 64, floored to a multiple of 2);
//   idx = torch.linspace(start_frame, end_frame, nframes).round().
// The clip itself is read from a clip encoded at test time whose frames show their numbers.

#include "clip_writer.h"

#include "video/video_clip_reader.h"
#include "video/video_decoder.h"

#include <QTemporaryDir>
#include <QTest>

using namespace cortex;

Q_DECLARE_METATYPE(std::vector<int64_t>)

namespace {

using Segments = std::vector<std::pair<double, double>>;

video::VideoInfo infoOf(int64_t frames, double fps)
{
    video::VideoInfo info;
    info.frameCount = frames;
    info.averageFps = fps;
    info.durationSeconds = fps > 0 ? double(frames) / fps : 0;
    return info;
}

} // namespace

Q_DECLARE_METATYPE(Segments)

class TestVideoClipReader : public QObject {
    Q_OBJECT

private slots:
    void samplesATimeRangeAsTheOfficialCode_data()
    {
        QTest::addColumn<qint64>("frames");
        QTest::addColumn<double>("fps");
        QTest::addColumn<double>("start");
        QTest::addColumn<double>("end");
        QTest::addColumn<std::vector<int64_t>>("indices"); // empty: the official code raises
        // 61 frames (0..60): 61 / 30 * 1 = 2.03 -> at least 4 -> linspace(0, 60, 4) = 0, 20, 40, 60.
        QTest::newRow("first 2 s of 30 fps")
            << qint64(300) << 30.0 << 0.0 << 2.0 << std::vector<int64_t>{0, 20, 40, 60};
        QTest::newRow("2 s to 4 s") << qint64(300) << 30.0 << 2.0 << 4.0
                                    << std::vector<int64_t>{60, 80, 100, 120};
        // The end is clamped to the last frame (floor(300) = 300 -> 299): linspace(270, 299, 4) =
        // 270, 279.67, 289.33, 299 -> 270, 280, 289, 299.
        QTest::newRow("last second") << qint64(300) << 30.0 << 9.0 << 10.0
                                     << std::vector<int64_t>{270, 280, 289, 299};
        // A negative start is clamped to 0.
        QTest::newRow("negative start")
            << qint64(300) << 30.0 << -5.0 << 1.0 << std::vector<int64_t>{0, 10, 20, 30};
        // 10 s at 25 fps (frames 0..250): 251 / 25 = 10.04 -> floored to 10 -> linspace(0, 250, 10), step
        // 27.78: 0, 27.78, 55.56, 83.33, 111.11, 138.89, 166.67, 194.44, 222.22, 250.
        QTest::newRow("10 s of 25 fps") << qint64(1000) << 25.0 << 0.0 << 10.0
                                        << std::vector<int64_t>{0, 28, 56, 83, 111, 139, 167, 194, 222, 250};
        // ceil(9.99 * 30) = 300 > 299; floor(0.03 * 30) = 0 = the first: fewer than two frames.
        QTest::newRow("past the end") << qint64(300) << 30.0 << 9.99 << 20.0 << std::vector<int64_t>{};
        QTest::newRow("one frame") << qint64(300) << 30.0 << 0.0 << 0.03 << std::vector<int64_t>{};
        QTest::newRow("no frame rate") << qint64(300) << 0.0 << 0.0 << 2.0 << std::vector<int64_t>{};
    }
    void samplesATimeRangeAsTheOfficialCode()
    {
        QFETCH(qint64, frames);
        QFETCH(double, fps);
        QFETCH(double, start);
        QFETCH(double, end);
        QFETCH(std::vector<int64_t>, indices);
        auto sampled = video::sampleVideoRange(frames, fps, start, end, {}, "clip.mp4");
        if (indices.empty()) {
            QVERIFY(!sampled);
            QVERIFY2(sampled.error().message.starts_with("clip.mp4: "), sampled.error().message.c_str());
            return;
        }
        QVERIFY2(sampled.ok(), sampled ? "" : sampled.error().message.c_str());
        QCOMPARE(sampled->frameIndices, indices);
        QCOMPARE(sampled->frameSeconds.size(), indices.size());
        for (size_t k = 0; k < indices.size(); ++k)
            QCOMPARE(sampled->frameSeconds[k], double(indices[k]) / fps); // times in the whole file
    }

    void cutsAVideoIntoSegments_data()
    {
        QTest::addColumn<qint64>("frames");
        QTest::addColumn<double>("fps");
        QTest::addColumn<double>("window");
        QTest::addColumn<Segments>("segments"); // empty: an error
        QTest::newRow("whole windows")
            << qint64(300) << 30.0 << 2.0 << Segments{{0, 2}, {2, 4}, {4, 6}, {6, 8}, {8, 10}};
        QTest::newRow("last one shorter")
            << qint64(300) << 30.0 << 3.0 << Segments{{0, 3}, {3, 6}, {6, 9}, {9, 10}};
        QTest::newRow("shorter than a window") << qint64(300) << 30.0 << 60.0 << Segments{{0, 10}};
        // 301 frames: the remainder [10, 10.033] holds one frame (ceil(300) = 300 = the last), so it joins
        // the segment before.
        QTest::newRow("a one-frame remainder")
            << qint64(301) << 30.0 << 2.0 << Segments{{0, 2}, {2, 4}, {4, 6}, {6, 8}, {8, 301.0 / 30}};
        QTest::newRow("two frames") << qint64(2) << 30.0 << 60.0 << Segments{{0, 2.0 / 30}};
        QTest::newRow("one frame") << qint64(1) << 30.0 << 60.0 << Segments{};
        QTest::newRow("no frames") << qint64(0) << 30.0 << 60.0 << Segments{};
        QTest::newRow("no frame rate") << qint64(300) << 0.0 << 60.0 << Segments{};
        QTest::newRow("no window") << qint64(300) << 30.0 << 0.0 << Segments{};
        QTest::newRow("a window shorter than two frames") << qint64(300) << 30.0 << 0.04 << Segments{};
    }
    void cutsAVideoIntoSegments()
    {
        QFETCH(qint64, frames);
        QFETCH(double, fps);
        QFETCH(double, window);
        QFETCH(Segments, segments);
        auto planned = video::planVideoSegments(infoOf(frames, fps), window, {}, "talk.mkv");
        if (segments.empty()) {
            QVERIFY(!planned);
            QVERIFY2(planned.error().message.starts_with("talk.mkv: "), planned.error().message.c_str());
            return;
        }
        QVERIFY2(planned.ok(), planned ? "" : planned.error().message.c_str());
        QCOMPARE(planned->size(), segments.size());
        for (size_t k = 0; k < segments.size(); ++k) {
            QCOMPARE((*planned)[k].index, int(k));
            QCOMPARE((*planned)[k].startSeconds, segments[k].first);
            QCOMPARE((*planned)[k].endSeconds, segments[k].second);
            // Every planned segment can be sampled.
            QVERIFY(
                video::sampleVideoRange(frames, fps, segments[k].first, segments[k].second, {}, "talk.mkv"));
        }
    }

    void namesSegmentsByTheirTimes()
    {
        QCOMPARE(video::segmentName("demo.mp4", 60, 120), std::string("demo.mp4, 1:00-2:00"));
        QCOMPARE(video::segmentName("demo.mp4", 0, 95.5), std::string("demo.mp4, 0:00-1:36"));
        QCOMPARE(video::segmentName("talk.mkv", 3600, 3725), std::string("talk.mkv, 1:00:00-1:02:05"));
        QCOMPARE(video::segmentName("demo.mp4", -3, 0.5), std::string("demo.mp4, 0:00-0:01"));
    }

    void readsTheSampledFramesOfOneSegment()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::filesystem::path file = dir.filePath(QStringLiteral("clip.mkv")).toStdString();
        test::ClipSpec spec; // ffv1 in Matroska: lossless, so every frame number reads back
        spec.pts = test::consecutivePts(300);
        spec.gopSize = 30;
        if (!test::canWrite(spec))
            QSKIP("this FFmpeg has no ffv1 encoder or matroska muxer");
        const auto problem = test::writeClip(file, spec);
        QVERIFY2(problem.empty(), problem.c_str());
        auto decoder = video::VideoDecoder::open(file);
        QVERIFY2(decoder.ok(), decoder ? "" : decoder.error().message.c_str());

        // The segments in order, as ingestion reads them; each one's frames and times in the file.
        const std::vector<std::vector<int>> expected{
            {0, 20, 40, 60}, {60, 80, 100, 120}, {270, 280, 289, 299}};
        const std::pair<double, double> ranges[] = {{0, 2}, {2, 4}, {9, 10}};
        for (size_t s = 0; s < expected.size(); ++s) {
            const auto [start, end] = ranges[s];
            const std::string name = video::segmentName("clip.mkv", start, end);
            auto clip = video::readVideoClip(**decoder, start, end, {}, name);
            QVERIFY2(clip.ok(), clip ? "" : clip.error().message.c_str());
            QCOMPARE(clip->name, name);
            QCOMPARE(clip->frames.size(), expected[s].size());
            QCOMPARE(clip->frameSeconds.size(), expected[s].size());
            for (size_t k = 0; k < expected[s].size(); ++k) {
                QCOMPARE(test::readFrameNumber(clip->frames[k]), expected[s][k]);
                QCOMPARE(clip->frameSeconds[k], expected[s][k] / 30.0);
                QCOMPARE(clip->frames[k].width, 64);
                QCOMPARE(clip->frames[k].height, 48);
            }
        }
        auto beyond = video::readVideoClip(**decoder, 20, 30, {}, "clip.mkv, 0:20-0:30");
        QVERIFY(!beyond);
        QVERIFY2(beyond.error().message.starts_with("clip.mkv, 0:20-0:30: "), beyond.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestVideoClipReader)
#include "test_video_clip_reader.moc"
