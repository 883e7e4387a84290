// Videos in the ingestion job (issue 16): a clip encoded at test time (64x48, 30 fps, frames showing
// their numbers: tests/video/clip_writer.h) is cut into 2-second segments, each embedded and stored
// with its time range, its middle frame as thumbnail and a strip of frames; a job cancelled inside the
// video resumes at the next segment; a damaged video fails with a message naming it while the other
// files go on; searching by the exact pixels of a frame finds that frame's segment first, and by words
// of the file's subtitles the segment they are shown in. The encoder is a pixel hash
// (support/pixel_hash_encoder.h): deterministic, no model needed.

#include "library_fixture.h"
#include "stored_items.h"
#include "support/pixel_hash_encoder.h"
#include "video/clip_writer.h"

#include "ingest/extract/image_conversion.h"
#include "ingest/ingestor.h"
#include "library/library.h"
#include "search/item_input.h"
#include "search/searcher.h"
#include "service/collection_transfer.h"
#include "store/library_db.h"
#include "video/video_decoder.h"

#include <QBuffer>
#include <QFile>
#include <QGuiApplication>
#include <functional>

using namespace cortex;
using namespace cortex::testing;

namespace {

// 5 s at 30 fps: with a 2-second window, segments [0, 2], [2, 4] and [4, 5].
constexpr int kFrames = 150;
const std::vector<std::pair<double, double>> kSegments{{0, 2}, {2, 4}, {4, 5}};
// The sampled frames of each (qwen-vl-utils on the range: 4 frames, linspace over its first and last).
const std::vector<std::vector<int>> kSampled{{0, 20, 40, 60}, {60, 80, 100, 120}, {120, 130, 139, 149}};

ingest::IngestOptions videoOptions()
{
    ingest::IngestOptions o;
    o.videoSegmentSeconds = 2;
    o.checkpointSeconds = 0;
    return o;
}

QImage pngImage(const std::vector<uint8_t> &png)
{
    return QImage::fromData(png.data(), int(png.size()), "PNG");
}

} // namespace

class TestVideoIngest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString clip_;
    std::shared_ptr<const model::Tokenizer> tokenizer_;

    std::unique_ptr<library::Library> openLibrary(const QString &name)
    {
        const QString path = dir_.path() + QStringLiteral("/") + name;
        return library::Library::open(path.toStdString()).value();
    }

    // The test clip with SubRip subtitles (times in milliseconds), written once; empty when it cannot be.
    QString subtitledClip()
    {
        const QString talk = dir_.path() + QStringLiteral("/videos/talk.mkv");
        if (QFile::exists(talk))
            return talk;
        test::ClipSpec spec;
        spec.pts = test::consecutivePts(kFrames);
        spec.gopSize = 30;
        test::SubtitleTrack track;
        track.packets = {{500, 1500, "Welcome and the hiring plan"},
                         {2500, 3400, "The quarterly revenue chart"},
                         {3500, 4500, "Thanks everyone"}}; // shown across the boundary at 4 s
        spec.subtitleTracks = {track};
        const auto problem = test::writeClip(talk.toStdString(), spec);
        if (!problem.empty())
            qWarning("%s", problem.c_str());
        return problem.empty() ? talk : QString();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        tokenizer_ = loadTinyTokenizer();
        test::ClipSpec spec; // FFV1 in Matroska: lossless, so frames read back exactly
        spec.pts = test::consecutivePts(kFrames);
        spec.gopSize = 30;
        if (!test::canWrite(spec))
            QSKIP("this FFmpeg has no ffv1 encoder or matroska muxer");
        clip_ = dir_.path() + QStringLiteral("/videos/demo.mkv");
        QVERIFY(QDir().mkpath(dir_.path() + QStringLiteral("/videos")));
        const auto problem = test::writeClip(clip_.toStdString(), spec);
        QVERIFY2(problem.empty(), problem.c_str());
    }

    void storesEachSegmentWithItsTimesThumbnailAndStrip()
    {
        auto lib = openLibrary(QStringLiteral("segments"));
        PixelHashEncoder encoder;
        ingest::Ingestor ingestor(*lib, encoder, tokenizer_);
        auto summary = ingestor.ingest({clip_}, videoOptions());
        QVERIFY2(summary.ok(), summary ? "" : summary.error().message.c_str());
        QCOMPARE(summary->indexed, 1);
        QCOMPARE(summary->items, 3);
        QCOMPARE(encoder.videoInputs, 3);
        QCOMPARE(QString::fromStdString(encoder.names[1]), clip_ + QStringLiteral(" (demo.mkv, 0:02-0:04)"));

        auto db = lib->openReader().value();
        const auto doc = db->documentByPath(clip_.toStdString()).value();
        QVERIFY(doc);
        QCOMPARE(QString::fromStdString(doc->type), QStringLiteral("video"));
        QCOMPARE(doc->pageCount, 3);
        const auto items = itemsOfFile(*lib, clip_);
        QCOMPARE(items.size(), kSegments.size());
        for (size_t k = 0; k < items.size(); ++k) {
            const store::ItemRecord &item = items[k].record;
            QVERIFY(item.kind == ItemKind::VideoSegment);
            QCOMPARE(item.page, int(k));
            QCOMPARE(item.startSeconds, kSegments[k].first);
            QCOMPARE(item.endSeconds, kSegments[k].second);
            QVERIFY(item.text.empty()); // no subtitles: no words to find it by
            // The thumbnail is the middle sampled frame, at its size (never upscaled).
            const QImage thumbnail = pngImage(item.thumbnailPng);
            QCOMPARE(thumbnail.size(), QSize(64, 48));
            QCOMPARE(
                test::readFrameNumber(ingest::toModelImage(thumbnail.convertToFormat(QImage::Format_RGB888))),
                kSampled[k][2]);
            // The strip: the four sampled frames side by side, 48 pixels high.
            const QImage strip = pngImage(item.frameStripPng);
            QCOMPARE(strip.size(), QSize(4 * 64, 48));
            QVERIFY(item.frameStripPng.size() < 64 * 1024);
            // The vector is the segment's frames (the pixel hash of exactly the sampled frames).
            QCOMPARE(items[k].vector.size(), size_t(PixelHashEncoder::kDim));
        }
        QVERIFY(lib->check().value().healthy());
    }

    void resumesAtTheNextSegmentAfterAStopInsideTheVideo()
    {
        auto whole = openLibrary(QStringLiteral("whole"));
        {
            PixelHashEncoder encoder;
            ingest::Ingestor ingestor(*whole, encoder, tokenizer_);
            QCOMPARE(ingestor.ingest({clip_}, videoOptions()).value().indexed, 1);
        }
        auto lib = openLibrary(QStringLiteral("resumed"));
        int64_t job = 0;
        {
            PixelHashEncoder encoder;
            bool stop = false;
            encoder.afterVideo = [&] {
                stop = encoder.videoInputs >= 2;
            };
            ingest::Ingestor ingestor(*lib, encoder, tokenizer_);
            auto summary = ingestor.ingest({clip_}, videoOptions(), {}, [&] { return stop; });
            QVERIFY2(summary.ok(), summary ? "" : summary.error().message.c_str());
            QVERIFY(summary->cancelled);
            QCOMPARE(summary->indexed, 0);
            QCOMPARE(encoder.videoInputs, 2);
            job = summary->jobId;
            auto db = lib->openReader().value();
            QCOMPARE(db->itemCount().value(), 0); // nothing searchable before the file is whole
            const auto saved = db->fileProgress(job, clip_.toStdString()).value();
            QVERIFY(saved);
            QCOMPARE(saved->items.size(), size_t(2));
            QCOMPARE(saved->items[1].startSeconds, 2.0);
            QVERIFY(!saved->items[1].frameStripPng.empty());
        }
        PixelHashEncoder encoder;
        ingest::Ingestor ingestor(*lib, encoder, tokenizer_);
        auto summary = ingestor.resume(job);
        QVERIFY2(summary.ok(), summary ? "" : summary.error().message.c_str());
        QCOMPARE(summary->indexed, 1);
        QCOMPARE(encoder.videoInputs, 1); // only the last segment
        QCOMPARE(QString::fromStdString(encoder.names.front()),
                 clip_ + QStringLiteral(" (demo.mkv, 0:04-0:05)"));
        QCOMPARE(summary->continuedInside.size(), size_t(1));
        QCOMPARE(summary->continuedInside.front().savedItems, 2);

        const auto resumed = itemsOfFile(*lib, clip_);
        const auto expected = itemsOfFile(*whole, clip_);
        QCOMPARE(resumed.size(), expected.size());
        for (size_t k = 0; k < expected.size(); ++k) {
            QCOMPARE(resumed[k].record.startSeconds, expected[k].record.startSeconds);
            QCOMPARE(resumed[k].record.endSeconds, expected[k].record.endSeconds);
            QCOMPARE(resumed[k].record.thumbnailPng, expected[k].record.thumbnailPng);
            QCOMPARE(resumed[k].record.frameStripPng, expected[k].record.frameStripPng);
            QCOMPARE(resumed[k].vector, expected[k].vector);
        }
        QVERIFY(!lib->openReader().value()->fileProgress(job, clip_.toStdString()).value());
    }

    void aDamagedVideoFailsNamingItWhileTheOthersGoOn_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("keepBytes"); // of the good clip; -1: bytes that are no video at all
        QTest::newRow("not a video") << QStringLiteral("broken.mp4") << -1;
        QTest::newRow("truncated") << QStringLiteral("truncated.mkv") << 0;
        QTest::newRow("empty") << QStringLiteral("empty.webm") << -2;
    }
    void aDamagedVideoFailsNamingItWhileTheOthersGoOn()
    {
        QFETCH(QString, name);
        QFETCH(int, keepBytes);
        const QString folder = dir_.path() + QStringLiteral("/damaged-") + QString::number(keepBytes);
        const QString bad = folder + QStringLiteral("/") + name;
        const QString good = folder + QStringLiteral("/notes.txt");
        writeFile(good, "Minutes of the meeting about the lighthouse budget.");
        QFile clip(clip_);
        QVERIFY(clip.open(QIODevice::ReadOnly));
        const QByteArray bytes = clip.readAll();
        if (keepBytes == -1)
            writeFile(bad, QByteArray("this is a text file that calls itself a video\n").repeated(40));
        else if (keepBytes == -2)
            writeFile(bad, QByteArray());
        else
            writeFile(bad, bytes.left(bytes.size() / 2)); // the frames stop half-way

        auto lib = openLibrary(QStringLiteral("damaged-") + QString::number(keepBytes));
        PixelHashEncoder encoder;
        ingest::Ingestor ingestor(*lib, encoder, tokenizer_);
        auto summary = ingestor.ingest({folder}, videoOptions());
        QVERIFY2(summary.ok(), summary ? "" : summary.error().message.c_str());
        QCOMPARE(summary->indexed, 1);
        QCOMPARE(summary->failed, 1);
        QCOMPARE(summary->failures.front().path, bad);
        const QString reason = summary->failures.front().reason;
        QVERIFY2(reason.startsWith(bad + QStringLiteral(": ")), qPrintable(reason));
        qInfo("%s", qPrintable(reason));
        auto db = lib->openReader().value();
        QVERIFY(db->documentByPath(good.toStdString()).value());
        const auto failed = db->documentByPath(bad.toStdString()).value();
        QVERIFY(failed);
        QVERIFY(failed->status == store::DocumentStatus::Failed);
        QCOMPARE(QString::fromStdString(failed->type), QStringLiteral("video"));
        QVERIFY(lib->check().value().healthy());
    }

    void anExactFrameFindsItsSegmentFirst()
    {
        auto lib = openLibrary(QStringLiteral("search"));
        PixelHashEncoder encoder;
        ingest::Ingestor ingestor(*lib, encoder, tokenizer_);
        QCOMPARE(ingestor.ingest({clip_}, videoOptions()).value().indexed, 1);

        auto decoder = video::VideoDecoder::open(clip_.toStdString());
        QVERIFY(decoder.ok());
        // Frames only one segment holds (60 and 120 are the boundaries, in two).
        for (const int frame : {20, 100, 139}) {
            auto decoded = (*decoder)->framesAt({frame / 30.0});
            QVERIFY(decoded.ok());
            QCOMPARE(test::readFrameNumber(decoded->front().image), frame);
            search::Searcher searcher(*lib, encoder, nullptr);
            search::Query query;
            query.images.push_back(decoded->front().image);
            query.rerank = false;
            query.filter.kinds = {ItemKind::VideoSegment};
            const auto result = searcher.search(query, {});
            QVERIFY2(result.ok(), result ? "" : result.error().message.c_str());
            QVERIFY(!result->hits.empty());
            const store::ItemRecord &first = result->hits.front().view.item;
            const int expected = frame / 60;
            QCOMPARE(first.page, expected);
            QCOMPARE(first.startSeconds, kSegments[size_t(expected)].first);
            qInfo("frame %d: segment %d first, similarity %.3f (next %.3f)", frame, first.page,
                  *result->hits.front().vectorSimilarity,
                  result->hits.size() > 1 ? *result->hits[1].vectorSimilarity : 0.0);
            QVERIFY(*result->hits.front().vectorSimilarity > 0.4);
            if (result->hits.size() > 1)
                QVERIFY(*result->hits[1].vectorSimilarity < 0.3);
        }
    }

    // The file's own subtitles are each segment's text: the words said in a segment find it first
    // through the full-text index (the embedding stays the video's; the pixel hash knows no words).
    void spokenWordsFindTheirSegmentFirst()
    {
        const QString talk = subtitledClip();
        QVERIFY(!talk.isEmpty());

        auto lib = openLibrary(QStringLiteral("subtitles"));
        PixelHashEncoder encoder;
        ingest::Ingestor ingestor(*lib, encoder, tokenizer_);
        QCOMPARE(ingestor.ingest({clip_, talk}, videoOptions()).value().indexed, 2);
        const auto items = itemsOfFile(*lib, talk);
        QCOMPARE(items.size(), size_t(3));
        QCOMPARE(QString::fromStdString(items[0].record.text), QStringLiteral("Welcome and the hiring plan"));
        QCOMPARE(QString::fromStdString(items[1].record.text),
                 QStringLiteral("The quarterly revenue chart\nThanks everyone"));
        QCOMPARE(QString::fromStdString(items[2].record.text), QStringLiteral("Thanks everyone"));

        search::Searcher searcher(*lib, encoder, nullptr);
        for (const auto &[words, page] :
             std::vector<std::pair<std::string, int>>{{"revenue", 1}, {"hiring", 0}}) {
            search::Query query;
            query.text = words;
            query.rerank = false;
            const auto result = searcher.search(query, {});
            QVERIFY2(result.ok(), result ? "" : result.error().message.c_str());
            QVERIFY(!result->hits.empty());
            const auto &first = result->hits.front();
            QCOMPARE(QString::fromStdString(first.view.documentPath), talk);
            QCOMPARE(first.view.item.page, page);
            QVERIFY(first.bm25Rank.has_value()); // found by its words
        }
        QVERIFY(lib->check().value().healthy());
    }

    // What a new model embeds again for a segment (migration, a re-embedding import) is what ingestion
    // embedded: its frames sampled again from the file, so the pixel hash gives the stored vector exactly;
    // the reranker sees its middle frame and its words instead (it takes no video).
    void aSegmentIsEmbeddedAgainFromItsFrames()
    {
        auto lib = openLibrary(QStringLiteral("again"));
        PixelHashEncoder encoder;
        ingest::Ingestor ingestor(*lib, encoder, tokenizer_);
        QCOMPARE(ingestor.ingest({clip_}, videoOptions()).value().indexed, 1);
        const auto items = itemsOfFile(*lib, clip_);
        QCOMPARE(items.size(), kSegments.size());
        auto db = lib->openReader().value();
        for (const auto &stored : items) {
            const auto views = db->itemViews(std::span(&stored.record.id, 1)).value();
            QCOMPARE(views.size(), size_t(1));
            const embedding::EncodeInput again = search::itemInput(views.front());
            QVERIFY(again.video.has_value());
            QVERIFY(again.images.empty());
            const auto vectors = encoder.embedDocuments(std::span(&again, 1)).value();
            QCOMPARE(vectors.front(), stored.vector);

            const embedding::EncodeInput rerank = search::rerankInput(views.front());
            QVERIFY(!rerank.video.has_value());
            QCOMPARE(rerank.images.size(), size_t(1));
            QCOMPARE(test::readFrameNumber(rerank.images.front()), kSampled[size_t(stored.record.page)][2]);
        }
        // The file gone: its middle frame stands in (as an image item's thumbnail does).
        const QString moved = dir_.path() + QStringLiteral("/moved.mkv");
        QVERIFY(QFile::copy(clip_, moved));
        auto other = openLibrary(QStringLiteral("again-moved"));
        QCOMPARE(
            ingest::Ingestor(*other, encoder, tokenizer_).ingest({moved}, videoOptions()).value().indexed, 1);
        QVERIFY(QFile::remove(moved));
        const auto gone = itemsOfFile(*other, moved);
        const auto views =
            other->openReader().value()->itemViews(std::span(&gone.front().record.id, 1)).value();
        const embedding::EncodeInput fallback = search::itemInput(views.front());
        QVERIFY(!fallback.video.has_value());
        QCOMPARE(fallback.images.size(), size_t(1));
    }

    // A collection holding a video goes out and comes back whole: each segment's time range, frame strip,
    // words and vector (before, an import refused every video segment for its missing time range).
    void aVideoTravelsInACollection()
    {
        const QString talk = subtitledClip();
        auto source = openLibrary(QStringLiteral("export"));
        PixelHashEncoder encoder;
        ingest::IngestOptions options = videoOptions();
        options.collection = QStringLiteral("talks");
        QCOMPARE(ingest::Ingestor(*source, encoder, tokenizer_).ingest({talk}, options).value().indexed, 1);
        const QString file = dir_.path() + QStringLiteral("/talks.cortex");
        auto exported = service::exportCollection(*source, "talks", file.toStdString());
        QVERIFY2(exported.ok(), exported ? "" : exported.error().message.c_str());
        QCOMPARE(exported->items, int64_t(3));

        auto target = openLibrary(QStringLiteral("import"));
        auto imported = service::importCollection(*target, file.toStdString());
        QVERIFY2(imported.ok(), imported ? "" : imported.error().message.c_str());
        QCOMPARE(imported->items, int64_t(3));
        const auto before = itemsOfFile(*source, talk);
        const auto after = itemsOfFile(*target, talk);
        QCOMPARE(after.size(), before.size());
        for (size_t k = 0; k < before.size(); ++k) {
            QVERIFY(after[k].record.kind == ItemKind::VideoSegment);
            QCOMPARE(after[k].record.startSeconds, before[k].record.startSeconds);
            QCOMPARE(after[k].record.endSeconds, before[k].record.endSeconds);
            QVERIFY(after[k].record.frameStripPng == before[k].record.frameStripPng);
            QVERIFY(!after[k].record.frameStripPng.empty());
            QCOMPARE(after[k].record.text, before[k].record.text);
            QCOMPARE(after[k].vector, before[k].vector);
        }
        QVERIFY(target->check().value().healthy());
    }
};

QTEST_MAIN(TestVideoIngest)

#include "test_video_ingest.moc"
