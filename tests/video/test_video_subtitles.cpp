// A video's own subtitles (video/subtitle_reader.h): the cues of a text subtitle stream in Matroska
// (SubRip, ASS), MP4 (mov_text) and WebM (WebVTT), timed from the video's first frame, the default stream
// chosen, styling removed; hostile streams (damaged packets, oversized ones, a cut file, too many cues,
// too much text) give what can be read within the limits, never a crash; and each time range gets the
// lines shown during it. The clips and their subtitle packets are written at test time
// (tests/video/clip_writer.h); every expected cue below is what the clip was given.

#include "video/clip_writer.h"

#include "video/subtitle_reader.h"
#include "video/video_decoder.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace cortex;

namespace {

// A minimal ASS script header (the Matroska ASS track's CodecPrivate).
const std::string kAssHeader =
    "[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, "
    "SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, "
    "Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
    "Style: Default,Arial,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0\n\n"
    "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n";

struct ExpectedCue {
    double start = 0;
    double end = 0;
    std::string text;
};

// A minute at 2 fps of noise that does not compress (160x120, about 7 MB): cues far into it lie far
// beyond what opening the file reads.
test::ClipSpec noiseMinute(std::vector<test::SubtitleTrack> tracks)
{
    test::ClipSpec spec;
    spec.subtitleTracks = std::move(tracks);
    spec.width = 160;
    spec.height = 120;
    spec.timeBaseDen = spec.frameRate = 2;
    spec.pts = test::consecutivePts(120);
    spec.paint = [](int frame, int x, int y) {
        const uint32_t h =
            (uint32_t(x) * 73856093u) ^ (uint32_t(y) * 19349663u) ^ (uint32_t(frame) * 83492791u);
        const uint32_t mixed = h * 2654435761u;
        return test::Rgb{int(mixed >> 24), int((mixed >> 16) & 255), int((mixed >> 8) & 255)};
    };
    return spec;
}

// 2 s at 30 fps, frames at pts 0..59 (plus `firstPts`).
test::ClipSpec clipWith(std::vector<test::SubtitleTrack> tracks, int firstPts = 0)
{
    test::ClipSpec spec;
    spec.pts = test::consecutivePts(60);
    for (int64_t &pts : spec.pts)
        pts += firstPts;
    spec.subtitleTracks = std::move(tracks);
    return spec;
}

test::SubtitleTrack subrip(std::vector<test::SubtitlePacket> packets)
{
    test::SubtitleTrack track;
    track.codec = "subrip";
    track.packets = std::move(packets);
    return track;
}

void compareCues(const std::vector<video::SubtitleCue> &cues, const std::vector<ExpectedCue> &expected)
{
    if (cues.size() != expected.size())
        for (const video::SubtitleCue &cue : cues)
            qWarning("read: [%.3f, %.3f] \"%s\"", cue.startSeconds, cue.endSeconds, cue.text.c_str());
    QCOMPARE(cues.size(), expected.size());
    for (size_t i = 0; i < cues.size(); ++i) {
        QVERIFY2(std::abs(cues[i].startSeconds - expected[i].start) < 1e-6,
                 qPrintable(QStringLiteral("cue %1 starts at %2").arg(i).arg(cues[i].startSeconds)));
        QVERIFY2(std::abs(cues[i].endSeconds - expected[i].end) < 1e-6,
                 qPrintable(QStringLiteral("cue %1 ends at %2").arg(i).arg(cues[i].endSeconds)));
        QCOMPARE(QString::fromStdString(cues[i].text), QString::fromStdString(expected[i].text));
    }
}

} // namespace

class TestVideoSubtitles : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    // Writes the clip (skipping the test when this FFmpeg cannot) and returns its path.
    std::string write(const QString &name, const test::ClipSpec &spec)
    {
        const std::string file = QString(dir_.path() + QStringLiteral("/") + name).toStdString();
        if (!test::canWrite(spec))
            return {};
        const std::string problem = test::writeClip(file, spec);
        if (!problem.empty())
            qWarning("%s: %s", file.c_str(), problem.c_str());
        return problem.empty() ? file : std::string();
    }

    // The file's cues, timed from its first frame as ingestion times them.
    Result<video::Subtitles> read(const std::string &file, const video::SubtitleLimits &limits = {})
    {
        auto decoder = video::VideoDecoder::open(file);
        if (!decoder)
            return decoder.error();
        return video::readSubtitles(file, (*decoder)->info().startSeconds, limits);
    }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void readsTheCuesOfEachContainer_data()
    {
        QTest::addColumn<QString>("container");
        QTest::addColumn<QString>("codec");
        QTest::addColumn<QString>("fileName");
        QTest::newRow("Matroska, SubRip") << "matroska"
                                          << "subrip"
                                          << "talk.mkv";
        QTest::newRow("MP4, mov_text") << "mp4"
                                       << "mov_text"
                                       << "talk.mp4";
        QTest::newRow("WebM, WebVTT") << "webm"
                                      << "webvtt"
                                      << "talk.webm";
        QTest::newRow("Matroska, ASS") << "matroska"
                                       << "ass"
                                       << "talk-ass.mkv";
    }
    void readsTheCuesOfEachContainer()
    {
        QFETCH(QString, container);
        QFETCH(QString, codec);
        QFETCH(QString, fileName);
        test::SubtitleTrack track;
        track.codec = codec.toStdString();
        track.language = "eng";
        // The words as each codec carries them, styling included where the codec has it.
        std::vector<std::string> lines{"The <i>quarterly</i> revenue", "Questions\nfrom the room"};
        if (codec == QLatin1String("mov_text")) {
            lines[0] = "The quarterly revenue";
            for (std::string &line : lines)
                line = test::movTextPacket(line);
        } else if (codec == QLatin1String("webvtt")) {
            lines[0] = "The quarterly revenue";
        } else if (codec == QLatin1String("ass")) {
            track.header = kAssHeader;
            lines = {"0,0,Default,,0,0,0,,The {\\i1}quarterly{\\i0} revenue",
                     "1,0,Default,,0,0,0,,Questions\\Nfrom the room"};
        }
        track.packets = {{250, 1250, lines[0]}, {1500, 1900, lines[1]}};
        test::ClipSpec spec = clipWith({track});
        spec.container = container.toStdString();
        spec.encoder = container == QLatin1String("mp4")    ? "mpeg4"
                       : container == QLatin1String("webm") ? "libvpx"
                                                            : "ffv1";
        if (!test::canWrite(spec))
            QSKIP(qPrintable(QStringLiteral("this FFmpeg cannot write %1 with %2")
                                 .arg(container, QString::fromStdString(spec.encoder))));
        const std::string file = write(fileName, spec);
        QVERIFY(!file.empty());
        const auto subtitles = read(file);
        QVERIFY2(subtitles.ok(), subtitles ? "" : subtitles.error().message.c_str());
        QCOMPARE(QString::fromStdString(subtitles->codec), codec);
        QCOMPARE(QString::fromStdString(subtitles->language), QStringLiteral("eng"));
        QVERIFY(!subtitles->truncated);
        compareCues(subtitles->cues,
                    {{0.25, 1.25, "The quarterly revenue"}, {1.5, 1.9, "Questions\nfrom the room"}});
    }

    // Times count from the video's first frame, as the segments' do: a video starting at 0.5 s in the
    // file's clock and a cue at 1.0 s give a cue at 0.5 s.
    void timesCountFromTheFirstFrame()
    {
        const std::string file = write(QStringLiteral("late-start.mkv"),
                                       clipWith({subrip({{1000, 1400, "late"}})}, /*firstPts=*/15));
        QVERIFY(!file.empty());
        auto decoder = video::VideoDecoder::open(file);
        QVERIFY(decoder.ok());
        QCOMPARE((*decoder)->info().startSeconds, 0.5);
        const auto subtitles = video::readSubtitles(file, (*decoder)->info().startSeconds);
        QVERIFY(subtitles.ok());
        compareCues(subtitles->cues, {{0.5, 0.9, "late"}});
    }

    void theDefaultStreamIsChosen()
    {
        test::SubtitleTrack german = subrip({{100, 500, "Umsatz"}});
        german.language = "ger";
        test::SubtitleTrack english = subrip({{100, 500, "revenue"}});
        english.language = "eng";
        english.isDefault = true;
        const std::string file = write(QStringLiteral("two-tracks.mkv"), clipWith({german, english}));
        QVERIFY(!file.empty());
        const auto subtitles = read(file);
        QVERIFY(subtitles.ok());
        QCOMPARE(QString::fromStdString(subtitles->language), QStringLiteral("eng"));
        compareCues(subtitles->cues, {{0.1, 0.5, "revenue"}});

        // Without a default the first text stream counts.
        german.isDefault = english.isDefault = false;
        const std::string plain = write(QStringLiteral("two-tracks-plain.mkv"), clipWith({german, english}));
        const auto first = read(plain);
        QVERIFY(first.ok());
        compareCues(first->cues, {{0.1, 0.5, "Umsatz"}});
    }

    void noSubtitleStreamGivesNoCues()
    {
        const std::string file = write(QStringLiteral("silent.mkv"), clipWith({}));
        QVERIFY(!file.empty());
        const auto subtitles = read(file);
        QVERIFY(subtitles.ok());
        QVERIFY(subtitles->codec.empty());
        QVERIFY(subtitles->cues.empty());
        QVERIFY(!subtitles->truncated);
    }

    // A cue without a duration lasts until the next one starts, the last one 5 seconds.
    void aCueWithoutAnEndLastsUntilTheNext()
    {
        const std::string file = write(QStringLiteral("open-ended.mkv"),
                                       clipWith({subrip({{200, 200, "first"}, {700, 700, "second"}})}));
        QVERIFY(!file.empty());
        const auto subtitles = read(file);
        QVERIFY(subtitles.ok());
        compareCues(subtitles->cues, {{0.2, 0.7, "first"}, {0.7, 5.7, "second"}});
    }

    // Damaged or oversized packets are skipped or read only as far as they go; the cues around them stand.
    void hostilePacketsAreSkipped()
    {
        test::SubtitleTrack track;
        track.codec = "mov_text";
        std::string lying = test::movTextPacket("short"); // claims 65,535 bytes of text, holds 5
        lying[0] = lying[1] = char(0xFF);
        const std::string big(3000, 'x');
        track.packets = {{100, 300, test::movTextPacket("before")},
                         {400, 500, lying},
                         {600, 700, std::string(1, '\0')}, // shorter than its length field
                         {800, 900, test::movTextPacket(big)},
                         {1000, 1100, test::movTextPacket("after")}};
        test::ClipSpec spec = clipWith({track});
        spec.container = "mp4";
        spec.encoder = "mpeg4";
        if (!test::canWrite(spec))
            QSKIP("this FFmpeg cannot write MP4 with mpeg4");
        const std::string file = write(QStringLiteral("hostile.mp4"), spec);
        QVERIFY(!file.empty());
        // FFmpeg's mov_text decoder reads a length field that overstates the packet only up to the
        // packet's end ("short"); the packet too short for its length field is refused.
        const auto whole = read(file);
        QVERIFY2(whole.ok(), whole ? "" : whole.error().message.c_str());
        compareCues(whole->cues,
                    {{0.1, 0.3, "before"}, {0.4, 0.5, "short"}, {0.8, 0.9, big}, {1.0, 1.1, "after"}});
        video::SubtitleLimits limits;
        limits.maxPacketBytes = 1024; // the 3,002-byte packet is over it
        const auto limited = read(file, limits);
        QVERIFY(limited.ok());
        compareCues(limited->cues, {{0.1, 0.3, "before"}, {0.4, 0.5, "short"}, {1.0, 1.1, "after"}});
    }

    void limitsStopTheReading()
    {
        std::vector<test::SubtitlePacket> packets;
        for (int i = 0; i < 5; ++i)
            packets.push_back({i * 300, i * 300 + 200, "cue " + std::to_string(i)});
        const std::string file = write(QStringLiteral("many.mkv"), clipWith({subrip(packets)}));
        QVERIFY(!file.empty());

        video::SubtitleLimits fewCues;
        fewCues.maxCues = 2;
        const auto cues = read(file, fewCues);
        QVERIFY(cues.ok());
        QVERIFY(cues->truncated);
        compareCues(cues->cues, {{0.0, 0.2, "cue 0"}, {0.3, 0.5, "cue 1"}});

        video::SubtitleLimits littleText;
        littleText.maxTextBytes = 16; // "cue 0" + "cue 1" + "cue 2" = 15 bytes, the fourth is over
        const auto text = read(file, littleText);
        QVERIFY(text.ok());
        QVERIFY(text->truncated);
        QCOMPARE(text->cues.size(), size_t(3));
    }

    // Cancelling stops a long read (asked before every read of the file): the cues read so far stand,
    // the later ones are not reached. A minute at 2 fps of noise that does not compress (160x120,
    // about 7 MB), so the cues at 30 and 55 s lie far beyond what opening the file reads.
    void aLongReadStopsWhenCancelled()
    {
        const std::string file = write(
            QStringLiteral("long.mkv"),
            noiseMinute(
                {subrip({{1000, 1500, "one"}, {30000, 30500, "thirty"}, {55000, 55500, "fifty-five"}})}));
        QVERIFY(!file.empty());
        const auto whole = video::readSubtitles(file, 0);
        QVERIFY(whole.ok());
        QCOMPARE(whole->cues.size(), size_t(3));
        QVERIFY(!whole->truncated);
        int asked = 0;
        const auto stopped = video::readSubtitles(file, 0, {}, [&] { return ++asked > 3; });
        QVERIFY2(stopped.ok(), stopped ? "" : stopped.error().message.c_str());
        QVERIFY(asked >= 4); // FFmpeg may ask again on its way out
        QVERIFY(stopped->truncated);
        QVERIFY2(stopped->cues.size() < whole->cues.size(),
                 qPrintable(QString::number(stopped->cues.size())));
        for (size_t i = 0; i < stopped->cues.size(); ++i)
            QCOMPARE(stopped->cues[i].text, whole->cues[i].text);
    }

    // The preview's read of one moment (readSubtitlesAround): the cues on screen then, the same as the
    // whole file's read gives for that time, near the start (no seek) and far into the file (a seek to the
    // key frame 30 s before it); an open-ended cue ends where the whole read ends it. Two minutes at 2 fps,
    // a key frame every 5 s.
    void aMomentsReadGivesTheCuesOnScreenThen_data()
    {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("near the start") << 2.0 << "opening";
        QTest::newRow("between cues") << 20.0 << "";
        QTest::newRow("after a seek") << 41.5 << "the revenue chart";
        QTest::newRow("two cues at once") << 42.5 << "the revenue chart\nhiring plans";
        QTest::newRow("open-ended, until the next cue") << 47.0 << "open-ended";
        QTest::newRow("open-ended, no longer") << 50.5 << "";
        QTest::newRow("a cue's start is on screen") << 70.0 << "later";
        QTest::newRow("a cue's end is not") << 72.0 << "";
        QTest::newRow("the last cue") << 100.2 << "closing";
    }
    void aMomentsReadGivesTheCuesOnScreenThen()
    {
        QFETCH(double, seconds);
        QFETCH(QString, text);
        test::ClipSpec spec = clipWith({subrip({{1000, 3000, "opening"},
                                                {40000, 43000, "the revenue chart"},
                                                {42000, 44000, "hiring plans"},
                                                {45000, 45000, "open-ended"},
                                                {70000, 72000, "later"},
                                                {100000, 100500, "closing"}})});
        spec.timeBaseDen = spec.frameRate = 2;
        spec.pts = test::consecutivePts(240);
        const std::string file = write(QStringLiteral("two-minutes.mkv"), spec);
        QVERIFY(!file.empty());
        const auto whole = read(file);
        QVERIFY(whole.ok());
        QCOMPARE(QString::fromStdString(video::subtitleTextAt(whole->cues, seconds)), text);

        const auto moment = video::readSubtitlesAround(file, 0, {seconds, seconds});
        QVERIFY2(moment.ok(), moment ? "" : moment.error().message.c_str());
        QVERIFY(!moment->truncated);
        QCOMPARE(QString::fromStdString(video::subtitleTextAt(moment->cues, seconds)), text);
        for (const video::SubtitleCue &cue : moment->cues) { // only cues on screen in the window
            QVERIFY(cue.startSeconds <= seconds && seconds < cue.endSeconds);
            if (cue.text == "open-ended")
                QCOMPARE(cue.endSeconds, 50.0); // 5 s, the next cue comes later
        }
    }

    // The same in MP4 (mov_text), where the read around a moment skips the pictures' data by the sample
    // index and reads only subtitle samples: each moment's lines equal the whole read's, before and after
    // a seek.
    void aMomentsReadInMp4EqualsTheWholeRead()
    {
        test::SubtitleTrack track;
        track.codec = "mov_text";
        track.packets = {{1000, 3000, test::movTextPacket("opening")},
                         {40000, 43000, test::movTextPacket("the revenue chart")},
                         {70000, 72000, test::movTextPacket("later")},
                         {100000, 100500, test::movTextPacket("closing")}};
        test::ClipSpec spec = clipWith({track});
        spec.container = "mp4";
        spec.encoder = "mpeg4";
        spec.timeBaseDen = spec.frameRate = 2;
        spec.pts = test::consecutivePts(240);
        if (!test::canWrite(spec))
            QSKIP("this FFmpeg cannot write MP4 with mpeg4");
        const std::string file = write(QStringLiteral("two-minutes.mp4"), spec);
        QVERIFY(!file.empty());
        const auto whole = read(file);
        QVERIFY(whole.ok());
        QCOMPARE(whole->cues.size(), size_t(4));
        const std::vector<std::pair<double, std::string>> moments{
            {2.0, "opening"}, {20.0, ""}, {41.5, "the revenue chart"}, {71.0, "later"}, {100.2, "closing"}};
        for (const auto &[seconds, text] : moments) {
            const auto moment = video::readSubtitlesAround(file, 0, {seconds, seconds});
            QVERIFY2(moment.ok(), moment ? "" : moment.error().message.c_str());
            QCOMPARE(QString::fromStdString(video::subtitleTextAt(moment->cues, seconds)),
                     QString::fromStdString(text));
            QCOMPARE(video::subtitleTextAt(moment->cues, seconds),
                     video::subtitleTextAt(whole->cues, seconds));
        }
    }

    // A moment's read reads the part of the file around it, not the whole file: near the start of a
    // 7 MB minute it asks far fewer reads (FFmpeg asks `cancelled` before each) than the whole read.
    void aMomentsReadStopsPastTheMoment()
    {
        const std::string file = write(QStringLiteral("long-moment.mkv"),
                                       noiseMinute({subrip({{1000, 1500, "one"}, {55000, 55500, "late"}})}));
        QVERIFY(!file.empty());
        int wholeReads = 0;
        const auto whole = video::readSubtitles(file, 0, {}, [&] { return ++wholeReads < 0; });
        QVERIFY(whole.ok());
        QCOMPARE(whole->cues.size(), size_t(2));
        int momentReads = 0;
        const auto moment =
            video::readSubtitlesAround(file, 0, {1.2, 1.2}, {}, [&] { return ++momentReads < 0; });
        QVERIFY(moment.ok());
        QCOMPARE(QString::fromStdString(video::subtitleTextAt(moment->cues, 1.2)), QStringLiteral("one"));
        qInfo("reads: whole file %d, around 1.2 s %d", wholeReads, momentReads);
        QVERIFY2(momentReads * 3 < wholeReads,
                 qPrintable(QStringLiteral("%1 of %2").arg(momentReads).arg(wholeReads)));
    }

    void aWindowThatIsNoRangeFails()
    {
        const std::string file = write(QStringLiteral("range.mkv"), clipWith({subrip({{0, 500, "x"}})}));
        QVERIFY(!file.empty());
        for (const video::TimeRange window : {video::TimeRange{5, 4}, video::TimeRange{std::nan(""), 1}}) {
            const auto refused = video::readSubtitlesAround(file, 0, window);
            QVERIFY(!refused.ok());
            QVERIFY(QString::fromStdString(refused.error().message).startsWith(QString::fromStdString(file)));
        }
    }

    void textAtAMoment_data()
    {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("before any") << 0.1 << "";
        QTest::newRow("at a start") << 1.0 << "one";
        QTest::newRow("two at once") << 1.5 << "one\ntwo";
        QTest::newRow("at an end") << 2.0 << "two";
        QTest::newRow("a repeat given once") << 3.5 << "same";
        QTest::newRow("after all") << 9.0 << "";
    }
    void textAtAMoment()
    {
        QFETCH(double, seconds);
        QFETCH(QString, text);
        const std::vector<video::SubtitleCue> cues{
            {1, 2, "one"}, {1.5, 2.5, "two"}, {3, 4, "same"}, {3.2, 4, "same"}};
        QCOMPARE(QString::fromStdString(video::subtitleTextAt(cues, seconds)), text);
    }

    // A caption stays a caption: 10,000 cues on screen at once give at most the byte limit, whole cues only.
    void textAtAMomentIsBounded()
    {
        std::vector<video::SubtitleCue> cues;
        for (int i = 0; i < 10000; ++i)
            cues.push_back({0, 10, "cue number " + std::to_string(i)});
        const std::string text = video::subtitleTextAt(cues, 5);
        QVERIFY2(text.size() <= 2048 && text.size() > 1900, qPrintable(QString::number(text.size())));
        QVERIFY(text.rfind("cue number ", 0) == 0 && text.back() != '\n');
        QCOMPARE(video::subtitleTextAt(cues, 5, 25), std::string("cue number 0\ncue number 1"));
    }

    // A long cue is cut at a character boundary: "Größe" is G r ö(2 bytes) ß(2 bytes) e.
    void aLongCueIsCutBetweenCharacters()
    {
        const std::string file = write(QStringLiteral("long-cue.mkv"), clipWith({subrip({{0, 500,
                                                                                          "Gr\xC3\xB6\xC3\x9F"
                                                                                          "e"}})}));
        QVERIFY(!file.empty());
        video::SubtitleLimits limits;
        limits.maxCueBytes = 5; // inside the ß: cut before it
        const auto subtitles = read(file, limits);
        QVERIFY(subtitles.ok());
        QCOMPARE(subtitles->cues.size(), size_t(1));
        QCOMPARE(QString::fromStdString(subtitles->cues[0].text), QString::fromUtf8("Gr\xC3\xB6"));
    }

    // A file cut short: the cues before the cut (a prefix of the original ones), or an error naming it.
    void aCutFileGivesThePartBeforeTheCut()
    {
        std::vector<test::SubtitlePacket> packets;
        for (int i = 0; i < 6; ++i)
            packets.push_back({i * 300, i * 300 + 200, "line " + std::to_string(i)});
        const std::string file = write(QStringLiteral("cut.mkv"), clipWith({subrip(packets)}));
        QVERIFY(!file.empty());
        QFile cut(QString::fromStdString(file));
        QVERIFY(cut.open(QIODevice::ReadWrite));
        QVERIFY(cut.resize(cut.size() / 2));
        cut.close();
        const auto subtitles = video::readSubtitles(file, 0);
        if (!subtitles) {
            QVERIFY(
                QString::fromStdString(subtitles.error().message).startsWith(QString::fromStdString(file)));
            return;
        }
        QVERIFY(subtitles->cues.size() < packets.size());
        for (size_t i = 0; i < subtitles->cues.size(); ++i)
            QCOMPARE(subtitles->cues[i].text, packets[i].bytes);
    }

    void aFileThatIsNoVideoFailsNamingIt()
    {
        const QString path = dir_.path() + QStringLiteral("/notes.mkv");
        QFile text(path);
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("these are notes, not a video\n");
        text.close();
        const auto notVideo = video::readSubtitles(path.toStdString(), 0);
        QVERIFY(!notVideo.ok());
        QVERIFY(QString::fromStdString(notVideo.error().message).startsWith(path + QStringLiteral(": ")));
        QVERIFY(notVideo.error().kind == ErrorKind::InvalidInput);

        const QString missing = dir_.path() + QStringLiteral("/missing.mkv");
        const auto none = video::readSubtitles(missing.toStdString(), 0);
        QVERIFY(!none.ok());
        QVERIFY(none.error().kind == ErrorKind::NotFound);
        QVERIFY(QString::fromStdString(none.error().message).startsWith(missing));
    }

    void assEventText_data()
    {
        QTest::addColumn<QString>("event");
        QTest::addColumn<QString>("text");
        QTest::newRow("plain") << "0,0,Default,,0,0,0,,Hello"
                               << "Hello";
        QTest::newRow("commas in the text") << "0,0,Default,,0,0,0,,one, two, three"
                                            << "one, two, three";
        QTest::newRow("override blocks") << "0,0,Default,,0,0,0,,{\\an8}The {\\b1}chart{\\b0}"
                                         << "The chart";
        QTest::newRow("line breaks") << "0,0,Default,,0,0,0,,first\\Nsecond\\nthird"
                                     << "first\nsecond\nthird";
        QTest::newRow("hard space") << "0,0,Default,,0,0,0,,a\\hb"
                                    << "a b";
        QTest::newRow("empty lines dropped") << "0,0,Default,,0,0,0,,\\N  x  \\N\\N"
                                             << "x";
        QTest::newRow("unclosed block") << "0,0,Default,,0,0,0,,kept {\\i1 lost"
                                        << "kept";
        QTest::newRow("not an event line") << "just text"
                                           << "just text";
        QTest::newRow("nothing") << ""
                                 << "";
    }
    void assEventText()
    {
        QFETCH(QString, event);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(video::assDialogueText(event.toStdString())), text);
    }

    // Segments [0, 10), [10, 20), [20, 30): a cue belongs to every segment it is shown in; a repeated line
    // counts once; a segment's text stops at the byte limit.
    void eachRangeGetsTheLinesShownDuringIt()
    {
        const std::vector<video::SubtitleCue> cues{{0.5, 2, "hello"},     {2, 3, "hello"},
                                                   {9.5, 10.5, "across"}, {10, 11, "on the edge"},
                                                   {25, 26, "late"},      {30, 31, "after the end"}};
        const std::vector<video::TimeRange> ranges{{0, 10}, {10, 20}, {20, 30}};
        const auto texts = video::subtitleTextPerRange(cues, ranges);
        QCOMPARE(texts.size(), size_t(3));
        QCOMPARE(QString::fromStdString(texts[0]), QStringLiteral("hello\nacross"));
        QCOMPARE(QString::fromStdString(texts[1]), QStringLiteral("across\non the edge"));
        QCOMPARE(QString::fromStdString(texts[2]), QStringLiteral("late"));

        // "hello" (5) + "\n" + "across" (6) = 12 bytes: a limit of 11 keeps only "hello".
        const auto limited = video::subtitleTextPerRange(cues, ranges, 11);
        QCOMPARE(QString::fromStdString(limited[0]), QStringLiteral("hello"));
        QVERIFY(video::subtitleTextPerRange({}, ranges, 100) == std::vector<std::string>(3));
        QVERIFY(video::subtitleTextPerRange(cues, {}, 100).empty());
    }
};

QTEST_MAIN(TestVideoSubtitles)
#include "test_video_subtitles.moc"
