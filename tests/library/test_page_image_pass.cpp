// Two passes (IngestOptions::twoPasses): every file's text is embedded and searchable before any page
// image; the page images come after, least text first, and a job stopped in either pass resumes with
// what is left, ending with the items of a run in one pass. With the tiny Qwen3-VL model and PDFs
// written at test time.

#include "library_fixture.h"
#include "observing_encoder.h"
#include "stored_items.h"

#include "ingest/file_ingest.h"
#include "ingest/ingestor.h"
#include "ingest/page_image_pass.h"
#include "library/library.h"
#include "store/database.h"
#include "store/library_db.h"

#include <QFile>
#include <QGuiApplication>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <utime.h>

using namespace cortex;
using namespace cortex::testing;

namespace {

// Pages with much, no and little text: the second pass takes them as page 2, 3, 1.
const QStringList kPages = {
    QStringLiteral("The first page holds a long account of the lighthouse keeper, his lamp, his logbook and "
                   "the storms of the winter when the supply boat could not land for six weeks."),
    QString(),
    QStringLiteral("Short caption."),
};

store::JobState jobState(library::Library &lib, int64_t jobId)
{
    return lib.openReader().value()->job(jobId).value().value().state;
}

int imageRows(library::Library &lib, int64_t jobId)
{
    return int(lib.openReader().value()->deferredImagesLeft(jobId).value());
}

} // namespace

class TestPageImagePass : public QObject {
    Q_OBJECT

    std::unique_ptr<embedding::QwenEncoder> encoder_;
    std::shared_ptr<const model::Tokenizer> tokenizer_;

    static ingest::IngestOptions options(bool twoPasses)
    {
        ingest::IngestOptions o;
        o.twoPasses = twoPasses;
        o.chunk.chunkTokens = 32;
        o.chunk.overlapTokens = 4;
        o.embedBatch = 1; // one input a call: the order of the calls is the order of the images
        o.checkpointSeconds = 0;
        o.extract.pdfRenderLongSide = 200;
        return o;
    }

    struct Library {
        QTemporaryDir dir;
        std::unique_ptr<library::Library> lib;
        Library()
        {
            lib = library::Library::open(QString(dir.path() + QStringLiteral("/lib")).toStdString()).value();
        }
    };

    std::vector<StoredItem> onePass(const QString &file)
    {
        Library whole;
        ingest::Ingestor ingestor(*whole.lib, *encoder_, tokenizer_);
        auto summary = ingestor.ingest({file}, options(false));
        if (!summary || summary->indexed != 1)
            qFatal("the one-pass ingest failed");
        return itemsOfFile(*whole.lib, file);
    }

    // Ingests `paths` with the second pass told to yield at once: the job ends after its first pass.
    int64_t firstPassOnly(library::Library &lib, const QStringList &paths)
    {
        ingest::Ingestor ingestor(lib, *encoder_, tokenizer_);
        ingestor.setPageImageYield([] { return true; });
        auto summary = ingestor.ingest(paths, options(true));
        if (!summary)
            qFatal("%s", summary.error().message.c_str());
        if (!summary->pageImagesYielded || summary->cancelled || summary->pageImagesDone != 0)
            qFatal("the job did not stop after its first pass");
        return summary->jobId;
    }

    // Resumes the job: its summary, and the names of the images the model embedded, in order.
    struct Resumed {
        ingest::IngestSummary summary;
        QStringList imageNames;
    };
    Resumed resumeJob(library::Library &lib, int64_t jobId)
    {
        ObservingEncoder observing(*encoder_);
        ingest::Ingestor resumer(lib, observing, tokenizer_);
        auto summary = resumer.resume(jobId);
        if (!summary)
            qFatal("%s", summary.error().message.c_str());
        return {std::move(*summary), observing.imageNames};
    }

private slots:
    void initTestCase()
    {
        encoder_ = loadTinyEncoder();
        tokenizer_ = loadTinyTokenizer();
    }

    void textOfEveryFileFirstThenImagesLeastTextFirst()
    {
        QTemporaryDir files;
        const QString pdf = files.path() + QStringLiteral("/a-keeper.pdf");
        const QString notes = files.path() + QStringLiteral("/b-notes.txt");
        writePdf(pdf, kPages);
        writeFile(notes, "Notes on the zebrafinch colony near the mill.");
        const auto expected = onePass(pdf);
        QCOMPARE(int(std::count_if(expected.begin(), expected.end(),
                                   [](const auto &i) { return i.record.kind == ItemKind::PdfPage; })),
                 3);

        Library lib;
        ObservingEncoder recording(*encoder_);
        // When the first image is embedded, the text of both files is committed and searchable.
        int64_t textHitsAtFirstImage = -1;
        recording.beforeImageCall = [&] {
            if (textHitsAtFirstImage < 0)
                textHitsAtFirstImage = int64_t(
                    lib.lib->openReader().value()->fullTextSearch("zebrafinch", 10, {}).value().size() +
                    lib.lib->openReader().value()->fullTextSearch("logbook", 10, {}).value().size());
        };
        ingest::Ingestor ingestor(*lib.lib, recording, tokenizer_);
        auto summary = ingestor.ingest({pdf, notes}, options(true));
        QVERIFY(summary.ok());
        QCOMPARE(summary->indexed, 2);
        QCOMPARE(summary->pageImagesDone, 3);
        QCOMPARE(summary->pageImagesLeft, 0);
        QVERIFY(!summary->cancelled && !summary->pageImagesYielded);
        QCOMPARE(textHitsAtFirstImage, 2);
        QCOMPARE(recording.imageNames,
                 (QStringList{QStringLiteral("page 2 of ") + pdf, QStringLiteral("page 3 of ") + pdf,
                              QStringLiteral("page 1 of ") + pdf}));
        compareItems(itemsOfFile(*lib.lib, pdf), expected);
        auto db = lib.lib->openReader().value();
        const auto job = db->job(summary->jobId).value().value();
        QCOMPARE(int(job.state), int(store::JobState::Finished));
        QCOMPARE(job.pageImagesDone, 3);
        QCOMPARE(job.pageImagesLeft, 0);
        QVERIFY(lib.lib->check().value().healthy());
    }

    // Stopped during the second pass, the job is unfinished with the images left in the database; the
    // resume embeds exactly those, in the same order.
    void stoppedInTheSecondPassResumesWithTheImagesLeft()
    {
        QTemporaryDir files;
        const QString pdf = files.path() + QStringLiteral("/keeper.pdf");
        writePdf(pdf, kPages);
        const auto expected = onePass(pdf);

        Library lib;
        ObservingEncoder first(*encoder_);
        bool stop = false;
        first.afterCall = [&] {
            stop = stop || !first.imageNames.isEmpty();
        };
        ingest::Ingestor ingestor(*lib.lib, first, tokenizer_);
        auto summary = ingestor.ingest({pdf}, options(true), {}, [&] { return stop; });
        QVERIFY(summary.ok());
        QVERIFY(summary->cancelled);
        QCOMPARE(summary->indexed, 1);
        QCOMPARE(summary->pageImagesDone, 1);
        QCOMPARE(summary->pageImagesLeft, 2);
        QCOMPARE(first.imageNames, QStringList{QStringLiteral("page 2 of ") + pdf});
        const int64_t jobId = summary->jobId;
        {
            auto db = lib.lib->openReader().value();
            const auto job = db->job(jobId).value().value();
            QCOMPARE(int(job.state), int(store::JobState::Paused));
            QCOMPARE(job.pageImagesDone, 1);
            QCOMPARE(job.pageImagesLeft, 2);
            QCOMPARE(int(db->unfinishedJobs().value().size()), 1);
        }

        ObservingEncoder second(*encoder_);
        ingest::Ingestor resumer(*lib.lib, second, tokenizer_);
        Progress last;
        auto resumed = resumer.resume(jobId, [&](const Progress &p) { last = p; });
        QVERIFY(resumed.ok());
        QVERIFY(!resumed->cancelled);
        QCOMPARE(second.textInputs, 0); // the text was committed in the first run
        QCOMPARE(second.imageNames,
                 (QStringList{QStringLiteral("page 3 of ") + pdf, QStringLiteral("page 1 of ") + pdf}));
        QCOMPARE(QString::fromStdString(last.stage), QString::fromLatin1(ingest::kPageImagesStage));
        QCOMPARE(last.done, 3); // the job's images, the first run's included
        QCOMPARE(last.total, 3);
        compareItems(itemsOfFile(*lib.lib, pdf), expected);
        QCOMPARE(int(jobState(*lib.lib, jobId)), int(store::JobState::Finished));
        QVERIFY(lib.lib->check().value().healthy());
    }

    // A pause inside a long file in the first pass saves the pages it left for the second with its
    // checkpoint: the resumed job still renders every page once.
    void pausedInsideAFileKeepsTheImagesItLeft()
    {
        QTemporaryDir files;
        const QString pdf = files.path() + QStringLiteral("/long.pdf");
        QStringList pages;
        for (int i = 0; i < 8; ++i)
            pages << (i % 3 == 1 ? QString() : QStringLiteral("Page %1 of the harbour survey.").arg(i + 1));
        writePdf(pdf, pages);
        const auto expected = onePass(pdf);

        Library lib;
        ObservingEncoder first(*encoder_);
        bool stop = false;
        first.afterCall = [&] {
            stop = stop || first.textInputs >= 3;
        };
        ingest::Ingestor ingestor(*lib.lib, first, tokenizer_);
        auto summary = ingestor.ingest({pdf}, options(true), {}, [&] { return stop; });
        QVERIFY(summary.ok());
        QVERIFY(summary->cancelled);
        QCOMPARE(summary->indexed, 0); // it stopped inside the file
        QVERIFY(first.imageNames.isEmpty());
        auto saved = lib.lib->openReader().value()->fileProgress(summary->jobId, pdf.toStdString()).value();
        QVERIFY(saved.has_value());
        QVERIFY2(saved->state.find("\"deferred\":[[") != std::string::npos, saved->state.c_str());

        ObservingEncoder second(*encoder_);
        ingest::Ingestor resumer(*lib.lib, second, tokenizer_);
        auto resumed = resumer.resume(summary->jobId);
        QVERIFY(resumed.ok());
        QCOMPARE(resumed->indexed, 1);
        QCOMPARE(int(resumed->continuedInside.size()), 1);
        QCOMPARE(resumed->pageImagesDone, 8);
        QCOMPARE(second.imageNames.size(), 8);
        QCOMPARE(int(QSet<QString>(second.imageNames.begin(), second.imageNames.end()).size()),
                 8); // each once
        compareItems(itemsOfFile(*lib.lib, pdf), expected);
    }

    // An image whose file changed since its text was read is not embedded from the new bytes (they are
    // another content); it is dropped with a reason naming the file, and the job finishes.
    void aFileChangedBeforeItsImagesIsNamedAndSkipped()
    {
        QTemporaryDir files;
        const QString pdf = files.path() + QStringLiteral("/changing.pdf");
        writePdf(pdf, kPages);
        Library lib;
        const int64_t jobId = firstPassOnly(*lib.lib, {pdf});
        QCOMPARE(imageRows(*lib.lib, jobId), 3);
        struct utimbuf times {
            1'000'000'000, 1'000'000'000
        };
        QVERIFY(::utime(QFile::encodeName(pdf).constData(), &times) == 0);

        const auto [resumedSummary, imageNames] = resumeJob(*lib.lib, jobId);
        const auto *resumed = &resumedSummary;
        QVERIFY(imageNames.isEmpty());
        QCOMPARE(resumed->pageImagesFailed, 3);
        QCOMPARE(int(resumed->failures.size()), 3);
        QCOMPARE(resumed->failures.front().path, pdf);
        QVERIFY2(resumed->failures.front().reason.contains(QStringLiteral("changed or is gone")),
                 qPrintable(resumed->failures.front().reason));
        QCOMPARE(imageRows(*lib.lib, jobId), 0);
        QCOMPARE(int(jobState(*lib.lib, jobId)), int(store::JobState::Finished));
    }

    // A page whose rendering crashed the process is named in the crash record; the resumed second pass
    // skips it with that reason and embeds the others.
    void aPageThatCrashedTheProcessIsSkipped()
    {
        QTemporaryDir files;
        const QString pdf = files.path() + QStringLiteral("/crashing.pdf");
        writePdf(pdf, kPages);
        Library lib;
        const int64_t jobId = firstPassOnly(*lib.lib, {pdf});
        const auto next = lib.lib->openReader().value()->nextDeferredImages(jobId, 1).value();
        QCOMPARE(int(next.size()), 1);
        QCOMPARE(next.front().page, 1); // the page without text comes first
        {
            std::ofstream record(lib.lib->directory() / ("crashed-in-job-" + std::to_string(jobId)));
            record << ingest::pageImageCrashNote(next.front().contentId, next.front().position);
        }
        const auto [resumedSummary, imageNames] = resumeJob(*lib.lib, jobId);
        const auto *resumed = &resumedSummary;
        QCOMPARE(imageNames,
                 (QStringList{QStringLiteral("page 3 of ") + pdf, QStringLiteral("page 1 of ") + pdf}));
        QCOMPARE(resumed->pageImagesDone, 2);
        QCOMPARE(resumed->pageImagesFailed, 1);
        QVERIFY2(resumed->failures.front().reason.contains(QStringLiteral("crashed on it")),
                 qPrintable(resumed->failures.front().reason));
        QVERIFY(!ingest::crashedFileOfJob(*lib.lib, jobId).has_value());
        QCOMPARE(int(jobState(*lib.lib, jobId)), int(store::JobState::Finished));
    }

    // A row whose page size was changed in the database (damage, or a crafted file) renders nothing: it
    // is dropped with the reason, the other pages go on.
    void aRecordedPageSizeOutOfRangeIsRefused()
    {
        QTemporaryDir files;
        const QString pdf = files.path() + QStringLiteral("/sized.pdf");
        writePdf(pdf, kPages);
        Library lib;
        const int64_t jobId = firstPassOnly(*lib.lib, {pdf});
        {
            auto db = store::LibraryDb::open(lib.lib->databaseFile(), store::OpenMode::ReadWrite).value();
            QVERIFY(db->database().exec("UPDATE deferred_images SET long_side = 1000000000 WHERE page = 0"));
        }
        const auto [resumedSummary, imageNames] = resumeJob(*lib.lib, jobId);
        const auto *resumed = &resumedSummary;
        QCOMPARE(resumed->pageImagesDone, 2);
        QCOMPARE(resumed->pageImagesFailed, 1);
        QVERIFY2(resumed->failures.front().reason.contains(QStringLiteral("page 1: the recorded page size")),
                 qPrintable(resumed->failures.front().reason));
        QCOMPARE(imageNames.size(), 2);
    }

    // A job recorded before there were two passes resumes in one pass (its options say nothing of them).
    void oldJobsResumeInOnePass()
    {
        const auto options = ingest::optionsFromJson(QStringLiteral("{\"collection\":\"x\"}"));
        QVERIFY(!options.twoPasses);
        QVERIFY(ingest::optionsFromJson(ingest::optionsToJson(ingest::IngestOptions{})).twoPasses);
    }
};

QTEST_MAIN(TestPageImagePass)

#include "test_page_image_pass.moc"
