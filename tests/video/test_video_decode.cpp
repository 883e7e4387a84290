// Video decoding (core/video) on clips encoded at test time (clip_writer.h): each frame shows its number,
// so every check says WHICH frame came back. Sampling at 1 fps of a 10 s, 30 fps clip in each container
// whose encoder this FFmpeg has, variable frame rates (frames picked by time, not count), rotation, and
// hostile files: damaged, truncated, empty, not a video, absurd sizes and durations.

#include "clip_writer.h"

#include "model/video/video_sampling.h"
#include "video/video_decoder.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <fstream>
#include <thread>

using namespace cortex;
using cortex::test::ClipSpec;

namespace {

std::filesystem::path pathIn(const QTemporaryDir &dir, const char *name)
{
    return std::filesystem::path(dir.filePath(QString::fromUtf8(name)).toStdString());
}

// Writes the clip or skips the test, naming what this FFmpeg lacks.
#define WRITE_CLIP_OR_SKIP(file, spec)                                                                       \
    do {                                                                                                     \
        if (!cortex::test::canWrite(spec))                                                                   \
            QSKIP(qPrintable(QStringLiteral("this FFmpeg has no %1 encoder or %2 muxer")                     \
                                 .arg(QString::fromStdString((spec).encoder),                                \
                                      QString::fromStdString((spec).container))));                           \
        const auto problem = cortex::test::writeClip(file, spec);                                            \
        QVERIFY2(problem.empty(), problem.c_str());                                                          \
    } while (false)

ClipSpec tenSecondsAt30(const std::string &container, const std::string &encoder, int maxBFrames)
{
    ClipSpec spec;
    spec.container = container;
    spec.encoder = encoder;
    spec.pts = test::consecutivePts(300);
    spec.timeBaseDen = 30;
    spec.frameRate = 30;
    spec.gopSize = 30;
    spec.maxBFrames = maxBFrames;
    return spec;
}

std::vector<char> readAll(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeAll(const std::filesystem::path &file, const std::vector<char> &bytes)
{
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

bool isRed(test::Rgb c)
{
    return c.r > 200 && c.g < 60 && c.b < 60;
}

} // namespace

class TestVideoDecode : public QObject {
    Q_OBJECT

private slots:
    void samplesOneFramePerSecond_data()
    {
        QTest::addColumn<QString>("container");
        QTest::addColumn<QString>("encoder");
        QTest::addColumn<QString>("extension");
        QTest::addColumn<int>("maxBFrames");
        QTest::newRow("MKV, FFV1") << "matroska"
                                   << "ffv1"
                                   << ".mkv" << 0;
        QTest::newRow("MP4, MPEG-4 with B-frames") << "mp4"
                                                   << "mpeg4"
                                                   << ".mp4" << 2;
        QTest::newRow("MP4, H.264 with B-frames") << "mp4"
                                                  << "libx264"
                                                  << ".mp4" << 2;
        QTest::newRow("WebM, VP8") << "webm"
                                   << "libvpx"
                                   << ".webm" << 0;
        QTest::newRow("WebM, VP9") << "webm"
                                   << "libvpx-vp9"
                                   << ".webm" << 0;
        QTest::newRow("MOV, Motion JPEG") << "mov"
                                          << "mjpeg"
                                          << ".mov" << 0;
        QTest::newRow("AVI, MPEG-4") << "avi"
                                     << "mpeg4"
                                     << ".avi" << 0;
    }

    // 10 s at 30 fps sampled as the official embedder does (1 fps: 10 frames, indices 0, 33, 66, 100,
    // ... 299 as tests/video/test_video_sampling.cpp works out): the decoder, asked for idx / 30 seconds,
    // gives exactly frames 0, 33, 66, 100, ... 299.
    void samplesOneFramePerSecond()
    {
        QFETCH(QString, container);
        QFETCH(QString, encoder);
        QFETCH(QString, extension);
        QFETCH(int, maxBFrames);
        QTemporaryDir dir;
        const auto file = pathIn(dir, qPrintable(QStringLiteral("clip") + extension));
        const auto spec = tenSecondsAt30(container.toStdString(), encoder.toStdString(), maxBFrames);
        WRITE_CLIP_OR_SKIP(file, spec);

        auto decoder = video::VideoDecoder::open(file);
        QVERIFY2(decoder.ok(), decoder.ok() ? "" : decoder.error().message.c_str());
        const auto &info = (*decoder)->info();
        QCOMPARE(info.width, 64);
        QCOMPARE(info.height, 48);
        QCOMPARE(info.rotation, 0);
        QVERIFY2(std::abs(info.durationSeconds - 10.0) < 0.05, std::to_string(info.durationSeconds).c_str());
        QVERIFY2(std::abs(info.averageFps - 30.0) < 1e-6, std::to_string(info.averageFps).c_str());
        QCOMPARE(info.frameCount, int64_t{300});

        const auto plan = model::planVideoSampling(info.frameCount, info.averageFps, info.height, info.width,
                                                   model::VideoSamplingOptions{}, file.string());
        QVERIFY(plan.ok());
        const std::vector<int64_t> expected = {0, 33, 66, 100, 133, 166, 199, 233, 266, 299};
        QCOMPARE(plan->frameIndices, expected);
        auto frames = (*decoder)->framesAt(plan->frameSeconds);
        QVERIFY2(frames.ok(), frames.ok() ? "" : frames.error().message.c_str());
        QCOMPARE(frames->size(), expected.size());
        for (size_t i = 0; i < expected.size(); ++i) {
            const auto &frame = (*frames)[i];
            QCOMPARE(frame.image.width, 64);
            QCOMPARE(frame.image.height, 48);
            QCOMPARE(frame.image.channels, 3);
            QCOMPARE(test::readFrameNumber(frame.image), static_cast<int>(expected[i]));
            QVERIFY(std::abs(frame.seconds - static_cast<double>(expected[i]) / 30.0) < 1e-3);
        }
    }

    void picksFramesByTimeNotCount_data()
    {
        QTest::addColumn<QString>("container");
        QTest::addColumn<QString>("encoder");
        QTest::addColumn<QString>("extension");
        QTest::newRow("MKV, FFV1") << "matroska"
                                   << "ffv1"
                                   << ".mkv";
        QTest::newRow("MP4, H.264") << "mp4"
                                    << "libx264"
                                    << ".mp4";
    }

    // Frames at irregular times (milliseconds): 0, 100, 150, 700, 720, 1500, 2600, 2610, 4000. The frame
    // for a time is the one on screen then: the last at or before it.
    void picksFramesByTimeNotCount()
    {
        QFETCH(QString, container);
        QFETCH(QString, encoder);
        QFETCH(QString, extension);
        QTemporaryDir dir;
        const auto file = pathIn(dir, qPrintable(QStringLiteral("vfr") + extension));
        ClipSpec spec;
        spec.container = container.toStdString();
        spec.encoder = encoder.toStdString();
        spec.timeBaseDen = 1000;
        spec.frameRate = 0;
        spec.pts = {0, 100, 150, 700, 720, 1500, 2600, 2610, 4000};
        spec.gopSize = 3; // key frames at frames 0, 3, 6: requests seek as well as decode forward
        WRITE_CLIP_OR_SKIP(file, spec);

        auto decoder = video::VideoDecoder::open(file);
        QVERIFY2(decoder.ok(), decoder.ok() ? "" : decoder.error().message.c_str());
        // Out of order and repeated on purpose: the answers come back in the order asked.
        const std::vector<double> times = {2.0,  0.0,   0.099, 0.1, 0.149, 0.5, 0.71,
                                           0.72, 2.605, 3.9,   4.0, 2.0,   9.0};
        const std::vector<int> expected = {5, 0, 0, 1, 1, 2, 3, 4, 6, 7, 8, 5, 8};
        auto frames = (*decoder)->framesAt(times);
        QVERIFY2(frames.ok(), frames.ok() ? "" : frames.error().message.c_str());
        QCOMPARE(frames->size(), times.size());
        for (size_t i = 0; i < times.size(); ++i) {
            QCOMPARE(test::readFrameNumber((*frames)[i].image), expected[i]);
            QCOMPARE((*frames)[i].request, i);
            QCOMPARE((*frames)[i].requestedSeconds, times[i]);
        }
        QVERIFY(std::abs((*frames)[0].seconds - 1.5) < 1e-3); // frame 5 is shown from 1.5 s
        // The same decoder again, backwards: a seek back.
        auto again = (*decoder)->framesAt({0.72, 0.1});
        QVERIFY(again.ok());
        QCOMPARE(test::readFrameNumber((*again)[0].image), 4);
        QCOMPARE(test::readFrameNumber((*again)[1].image), 1);
    }

    void honoursRotation_data()
    {
        QTest::addColumn<QString>("container");
        QTest::addColumn<int>("rotation");
        QTest::addColumn<int>("markerX"); // where the coded top-left corner ends up
        QTest::addColumn<int>("markerY");
        QTest::newRow("MP4, none") << "mp4" << 0 << 4 << 4;
        QTest::newRow("MP4, 90 clockwise: portrait, corner top right") << "mp4" << 90 << 43 << 4;
        QTest::newRow("MP4, 180: corner bottom right") << "mp4" << 180 << 59 << 43;
        QTest::newRow("MP4, 270 clockwise: portrait, corner bottom left") << "mp4" << 270 << 4 << 59;
        QTest::newRow("MOV, 90 clockwise") << "mov" << 90 << 43 << 4;
    }

    void honoursRotation()
    {
        QFETCH(QString, container);
        QFETCH(int, rotation);
        QFETCH(int, markerX);
        QFETCH(int, markerY);
        QTemporaryDir dir;
        const auto file = pathIn(dir, container == QLatin1String("mov") ? "turned.mov" : "turned.mp4");
        ClipSpec spec;
        spec.container = container.toStdString();
        spec.encoder = "mpeg4";
        spec.pts = test::consecutivePts(4);
        spec.rotation = rotation;
        spec.marker = true;
        WRITE_CLIP_OR_SKIP(file, spec);

        auto decoder = video::VideoDecoder::open(file);
        QVERIFY2(decoder.ok(), decoder.ok() ? "" : decoder.error().message.c_str());
        const auto &info = (*decoder)->info();
        QCOMPARE(info.rotation, rotation);
        const bool portrait = rotation == 90 || rotation == 270;
        QCOMPARE(info.width, portrait ? 48 : 64);
        QCOMPARE(info.height, portrait ? 64 : 48);
        auto frames = (*decoder)->framesAt({0.0});
        QVERIFY(frames.ok());
        const auto &image = (*frames)[0].image;
        QCOMPARE(image.width, info.width);
        QCOMPARE(image.height, info.height);
        QVERIFY2(isRed(test::pixelAt(image, markerX, markerY)),
                 "the red corner is not where the rotation puts it");
        // The opposite corner is grey.
        QVERIFY(!isRed(test::pixelAt(image, image.width - 1 - markerX, image.height - 1 - markerY)));
    }

    void hostileFilesFailNamingTheFile_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("reason"); // a part of the message
        QTest::newRow("text file named .mp4") << "text"
                                              << "not a video";
        QTest::newRow("missing file") << "missing"
                                      << "no such file";
        QTest::newRow("MP4 header bytes flipped") << "flipped-header"
                                                  << "not a video";
        QTest::newRow("MKV data bytes flipped") << "flipped-data"
                                                << "damaged";
        QTest::newRow("MP4 truncated") << "truncated-mp4"
                                       << "truncated";
        QTest::newRow("MKV truncated") << "truncated-mkv"
                                       << "truncated";
        QTest::newRow("MKV with no frames") << "empty-mkv"
                                            << "ends before any video";
        QTest::newRow("MP4 with no frames") << "empty-mp4"
                                            << "no video";
        QTest::newRow("frames beyond the pixel limit") << "pixels"
                                                       << "64x48 pixels, beyond the limit";
        QTest::newRow("duration beyond the limit") << "duration"
                                                   << "duration";
        QTest::newRow("a time that is no time") << "nan"
                                                << "no time in a video";
    }

    void hostileFilesFailNamingTheFile()
    {
        QFETCH(QString, kind);
        QFETCH(QString, reason);
        const std::string k = kind.toStdString();
        const auto startsWith = [&](const char *prefix) {
            return k.rfind(prefix, 0) == 0;
        };
        QTemporaryDir dir;
        const bool mkv = (k.size() >= 3 && k.compare(k.size() - 3, 3, "mkv") == 0) || k == "flipped-data";
        const auto file = pathIn(dir, mkv ? "hostile.mkv" : "hostile.mp4");
        video::VideoLimits limits;
        if (k == "text") {
            writeAll(file, std::vector<char>(4096, 'a'));
        } else if (k != "missing") {
            auto spec = tenSecondsAt30(mkv ? "matroska" : "mp4", mkv ? "ffv1" : "mpeg4", 0);
            if (startsWith("empty"))
                spec.pts.clear();
            WRITE_CLIP_OR_SKIP(file, spec);
            auto bytes = readAll(file);
            QVERIFY(bytes.size() > (startsWith("empty") ? 100u : 1000u));
            if (k == "flipped-header") {
                for (size_t i = 0; i < 64; ++i)
                    bytes[i] = static_cast<char>(~bytes[i]);
            } else if (k == "flipped-data") {
                // Every byte from a third of the file on: the header (with its duration) survives.
                for (size_t i = bytes.size() / 3; i < bytes.size(); ++i)
                    bytes[i] = static_cast<char>(~bytes[i]);
            } else if (startsWith("truncated")) {
                bytes.resize(bytes.size() / 2);
            }
            writeAll(file, bytes);
        }
        if (k == "pixels")
            limits.maxFramePixels = 1000;
        if (k == "duration")
            limits.maxDurationSeconds = 5;

        std::string message;
        auto decoder = video::VideoDecoder::open(file, limits);
        if (!decoder) {
            message = decoder.error().message;
        } else {
            // Damage that the header does not show comes out when the frames are asked for.
            std::vector<double> times = {0.0, 3.0, 6.0, 9.0};
            if (k == "nan")
                times.push_back(std::nan(""));
            auto frames = (*decoder)->framesAt(times);
            QVERIFY2(!frames.ok(), qPrintable(kind + QStringLiteral(" was decoded without an error")));
            message = frames.error().message;
        }
        QVERIFY2(message.find(file.string()) != std::string::npos, message.c_str());
        QVERIFY2(message.find(reason.toStdString()) != std::string::npos, message.c_str());
    }

    // Two decoders on two threads at once (ingestion decodes several files in parallel).
    void decodersRunOnThreadsAtOnce()
    {
        QTemporaryDir dir;
        const auto first = pathIn(dir, "a.mkv");
        const auto second = pathIn(dir, "b.mkv");
        const auto spec = tenSecondsAt30("matroska", "ffv1", 0);
        WRITE_CLIP_OR_SKIP(first, spec);
        WRITE_CLIP_OR_SKIP(second, spec);
        std::vector<int> got[2];
        auto work = [&](const std::filesystem::path &file, std::vector<int> &numbers) {
            for (int round = 0; round < 3; ++round) {
                auto decoder = video::VideoDecoder::open(file);
                if (!decoder)
                    return;
                auto frames = (*decoder)->framesAt({1.0, 5.0, 9.9});
                if (!frames)
                    return;
                for (const auto &frame : *frames)
                    numbers.push_back(test::readFrameNumber(frame.image));
            }
        };
        std::thread a(work, first, std::ref(got[0]));
        std::thread b(work, second, std::ref(got[1]));
        a.join();
        b.join();
        const std::vector<int> expected = {30, 150, 297, 30, 150, 297, 30, 150, 297};
        QCOMPARE(got[0], expected);
        QCOMPARE(got[1], expected);
    }
};

QTEST_GUILESS_MAIN(TestVideoDecode)
#include "test_video_decode.moc"
