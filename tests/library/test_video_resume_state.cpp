// A video whose saved checkpoint cannot be used (it disagrees with itself: here one more saved row than
// its state counts) is embedded again from its first segment, and that run's first checkpoint replaces
// what was saved, so the job resumes at the next segment after a later stop. (Before: the store appends
// a checkpoint's rows to those of the same content and space, so the unusable rows stayed, every later
// resume found the state unusable again and started the video over.) Pixel-hash encoder: no model.

#include "library_fixture.h"
#include "support/pixel_hash_encoder.h"
#include "video/clip_writer.h"

#include "ingest/ingestor.h"
#include "library/library.h"
#include "store/library_db.h"

#include <QGuiApplication>

using namespace cortex;
using namespace cortex::testing;

class TestVideoResumeState : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString clip_;

private slots:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        test::ClipSpec spec; // 5 s at 30 fps: segments [0, 2], [2, 4] and [4, 5]
        spec.pts = test::consecutivePts(150);
        spec.gopSize = 30;
        if (!test::canWrite(spec))
            QSKIP("this FFmpeg has no ffv1 encoder or matroska muxer");
        clip_ = dir_.path() + QStringLiteral("/demo.mkv");
        const auto problem = test::writeClip(clip_.toStdString(), spec);
        QVERIFY2(problem.empty(), problem.c_str());
    }

    void anUnusableCheckpointIsReplacedByTheNextOne()
    {
        const auto tokenizer = loadTinyTokenizer();
        ingest::IngestOptions options;
        options.videoSegmentSeconds = 2;
        options.checkpointSeconds = 0;
        auto lib =
            library::Library::open(QString(dir_.path() + QStringLiteral("/lib")).toStdString()).value();
        const auto stopAfter = [](PixelHashEncoder &encoder, int segments, bool &stop) {
            encoder.afterVideo = [&encoder, &stop, segments] {
                stop = encoder.videoInputs >= segments;
            };
        };
        const auto saved = [&](int64_t job) {
            return lib->openReader().value()->fileProgress(job, clip_.toStdString()).value();
        };

        // Stopped after the first segment.
        int64_t job = 0;
        {
            PixelHashEncoder encoder;
            bool stop = false;
            stopAfter(encoder, 1, stop);
            ingest::Ingestor ingestor(*lib, encoder, tokenizer);
            auto summary = ingestor.ingest({clip_}, options, {}, [&] { return stop; });
            QVERIFY2(summary.ok(), summary ? "" : summary.error().message.c_str());
            QVERIFY(summary->cancelled);
            job = summary->jobId;
        }
        // The saved state made unusable: a second row while the state still counts one segment.
        const auto first = saved(job);
        QVERIFY(first);
        QCOMPARE(first->items.size(), size_t(1));
        store::NewItem extra = first->items.front();
        extra.page = 7;
        QVERIFY(lib->write([&](store::LibraryDb &db) {
                       return db.saveFileProgress(job, clip_.toStdString(), first->sha256, first->spaceId,
                                                  first->state, std::span(&extra, 1));
                   })
                    .ok());
        QCOMPARE(saved(job)->items.size(), size_t(2));

        // Resumed: not usable, so from the first segment again; stopped after two segments, which are
        // then all that is saved.
        {
            PixelHashEncoder encoder;
            bool stop = false;
            stopAfter(encoder, 2, stop);
            ingest::Ingestor ingestor(*lib, encoder, tokenizer);
            auto summary = ingestor.resume(job, {}, [&] { return stop; });
            QVERIFY2(summary.ok(), summary ? "" : summary.error().message.c_str());
            QVERIFY(summary->cancelled);
            QCOMPARE(encoder.videoInputs, 2);
            QCOMPARE(QString::fromStdString(encoder.names.front()),
                     clip_ + QStringLiteral(" (demo.mkv, 0:00-0:02)"));
        }
        const auto replaced = saved(job);
        QVERIFY(replaced);
        QCOMPARE(replaced->items.size(), size_t(2));
        QCOMPARE(replaced->items[0].page, 0);
        QCOMPARE(replaced->items[1].page, 1);

        // Resumed again: it continues at the last segment.
        PixelHashEncoder encoder;
        ingest::Ingestor ingestor(*lib, encoder, tokenizer);
        auto summary = ingestor.resume(job);
        QVERIFY2(summary.ok(), summary ? "" : summary.error().message.c_str());
        QCOMPARE(summary->indexed, 1);
        QCOMPARE(encoder.videoInputs, 1);
        QCOMPARE(QString::fromStdString(encoder.names.front()),
                 clip_ + QStringLiteral(" (demo.mkv, 0:04-0:05)"));
        QCOMPARE(summary->continuedInside.size(), size_t(1));
        QCOMPARE(summary->continuedInside.front().savedItems, 2);
        QVERIFY(lib->check().value().healthy());
    }
};

QTEST_MAIN(TestVideoResumeState)

#include "test_video_resume_state.moc"
