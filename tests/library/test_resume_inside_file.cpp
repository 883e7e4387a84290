// A job cancelled or killed inside a long file keeps what it embedded of it (checkpoints) and resumes
// there: the resumed file embeds only what is left and ends with the items of an uninterrupted run.
// With the tiny Qwen3-VL model, a multi-page PDF and a long text written at test time.

#include "library_fixture.h"
#include "observing_encoder.h"
#include "stored_items.h"

#include "ingest/ingestor.h"
#include "library/library.h"
#include "store/database.h"
#include "store/library_db.h"

#include <algorithm>

#include <QGuiApplication>

#include <cmath>

using namespace cortex;
using namespace cortex::testing;

namespace {

QStringList manyPages(int count)
{
    static const char *const kWords[] = {"harbour", "lantern", "granite", "orchard", "meadow", "copper",
                                         "violet",  "thunder", "saffron", "glacier", "falcon", "ember"};
    QStringList pages;
    for (int i = 0; i < count; ++i)
        pages << QStringLiteral("Page %1 tells of the %2 and the %3 near the %4 by the old road.")
                     .arg(i + 1)
                     .arg(QLatin1String(kWords[i % 12]), QLatin1String(kWords[(i * 5 + 3) % 12]),
                          QLatin1String(kWords[(i * 7 + 1) % 12]));
    return pages;
}

QByteArray longText(int paragraphs, const char *topic)
{
    QByteArray text;
    for (int i = 0; i < paragraphs; ++i)
        text += QByteArray("Paragraph ") + QByteArray::number(i) + " about " + topic +
                ": the committee met again and agreed on item " + QByteArray::number(i * 7) +
                " of the agenda, after a long debate on the budget.\n\n";
    return text;
}

} // namespace

class TestResumeInsideFile : public QObject {
    Q_OBJECT

    std::unique_ptr<embedding::QwenEncoder> encoder_;
    std::shared_ptr<const model::Tokenizer> tokenizer_;

    static ingest::IngestOptions options()
    {
        ingest::IngestOptions o;
        o.twoPasses = false; // pages embedded where they come (the second pass: test_page_image_pass)
        o.chunk.chunkTokens = 32;
        o.chunk.overlapTokens = 4;
        o.embedBatch = 3;
        o.checkpointSeconds = 0; // a checkpoint wherever one may fall
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

    // Ingests `file` uninterrupted: its items, and how many inputs the model embedded.
    std::pair<std::vector<StoredItem>, int> uninterrupted(const QString &file)
    {
        Library whole;
        ObservingEncoder counting(*encoder_);
        ingest::Ingestor ingestor(*whole.lib, counting, tokenizer_);
        auto summary = ingestor.ingest({file}, options());
        if (!summary || summary->indexed != 1)
            qFatal("the uninterrupted ingest failed");
        return {itemsOfFile(*whole.lib, file), counting.inputs};
    }

    // Cancels the ingest of `file` once the model has embedded `cancelAfterInputs` inputs; returns the
    // job and checks that it stopped inside the file, with part of it saved and nothing committed.
    // With `also`, the cancel waits for a call for which it is true as well.
    int64_t cancelInside(library::Library &lib, const QString &file, int cancelAfterInputs, int *savedItems,
                         const std::function<bool(const ObservingEncoder &)> &also = {})
    {
        ObservingEncoder counting(*encoder_);
        bool stop = false;
        int callsWhenCancelled = -1;
        counting.afterCall = [&] {
            if (!stop && counting.inputs >= cancelAfterInputs && (!also || also(counting))) {
                stop = true;
                callsWhenCancelled = counting.calls;
            }
        };
        ingest::Ingestor ingestor(lib, counting, tokenizer_);
        auto summary = ingestor.ingest({file}, options(), {}, [&] { return stop; });
        if (!summary)
            qFatal("%s", summary.error().message.c_str());
        // Cancelling takes effect before the next embedding call: none after the one that was running.
        if (counting.calls != callsWhenCancelled)
            qFatal("%d embedding calls after the cancel", counting.calls - callsWhenCancelled);
        if (!summary->cancelled || summary->indexed != 0)
            qFatal("the job did not stop inside the file");
        auto db = lib.openReader().value();
        if (db->jobFiles(summary->jobId, store::JobFileState::Pending).value().size() != 1)
            qFatal("the file is not pending any more");
        if (db->itemCount().value() != 0)
            qFatal("a part of the file was committed as searchable items");
        auto progress = db->fileProgress(summary->jobId, file.toStdString()).value();
        *savedItems = progress ? int(progress->items.size()) : 0;
        return summary->jobId;
    }

    // Resumes the job; returns how many inputs the model embedded for it.
    int resume(library::Library &lib, int64_t jobId)
    {
        ObservingEncoder counting(*encoder_);
        ingest::Ingestor ingestor(lib, counting, tokenizer_);
        auto summary = ingestor.resume(jobId);
        if (!summary)
            qFatal("%s", summary.error().message.c_str());
        if (summary->cancelled || summary->indexed != 1)
            qFatal("the resumed job did not index the file");
        auto db = lib.openReader().value();
        if (db->fileProgress(jobId, db->jobFiles(jobId).value().front().path).value())
            qFatal("the saved progress outlived the committed file");
        if (!lib.check().value().healthy())
            qFatal("the library is not healthy after the resume");
        return counting.inputs;
    }

private slots:
    void initTestCase()
    {
        encoder_ = loadTinyEncoder();
        tokenizer_ = loadTinyTokenizer();
    }

    void pdfPausedInsideResumesAfterTheSavedPages()
    {
        QTemporaryDir files;
        const QString pdf = files.path() + QStringLiteral("/manual.pdf");
        writePdf(pdf, manyPages(14));
        const auto [whole, wholeInputs] = uninterrupted(pdf);
        QVERIFY(whole.size() >= 28); // a text item and a page image per page

        Library lib;
        int saved = 0;
        const int64_t job = cancelInside(*lib.lib, pdf, wholeInputs / 2, &saved);
        QVERIFY2(saved > 0 && saved < int(whole.size()), qPrintable(QString::number(saved)));
        // Checkpoints fall where pages begin: the saved items are whole pages.
        int savedPages = 0;
        for (int k = 0; k < saved; ++k)
            savedPages += whole[size_t(k)].record.kind == ItemKind::PdfPage;
        QVERIFY2(whole[size_t(saved)].record.page == savedPages &&
                     whole[size_t(saved - 1)].record.page < savedPages,
                 qPrintable(QStringLiteral("%1 items saved").arg(saved)));
        const int resumedInputs = resume(*lib.lib, job);
        QCOMPARE(resumedInputs, wholeInputs - saved); // nothing saved is embedded again
        compareItems(itemsOfFile(*lib.lib, pdf), whole);
    }

    // A batch holds text chunks and rendered pages, embedded in two calls (text first): a cancel during
    // the text call does not wait for the pages' call, and the batch is embedded again on resume. Here a
    // page has four chunks and batches hold three inputs, so a call of one text chunk is always the
    // first half of a [chunk, page] batch.
    void cancelDuringTheTextCallOfAMixedBatch()
    {
        QTemporaryDir files;
        const QString pdf = files.path() + QStringLiteral("/mixed.pdf");
        writePdf(pdf, manyPages(10));
        const auto [whole, wholeInputs] = uninterrupted(pdf);
        Library lib;
        int saved = 0;
        const int64_t job =
            cancelInside(*lib.lib, pdf, wholeInputs / 3, &saved,
                         [](const ObservingEncoder &c) { return c.lastCallText && c.lastCallInputs == 1; });
        QVERIFY(saved < int(whole.size()));
        const int resumedInputs = resume(*lib.lib, job);
        QCOMPARE(resumedInputs, wholeInputs - saved);
        compareItems(itemsOfFile(*lib.lib, pdf), whole);
    }

    void longTextPausedInsideResumesAfterTheSavedChunks()
    {
        QTemporaryDir files;
        const QString text = files.path() + QStringLiteral("/minutes.txt");
        writeFile(text, longText(40, "the harbour"));
        const auto [whole, wholeInputs] = uninterrupted(text);
        QVERIFY(whole.size() >= 20);

        Library lib;
        int saved = 0;
        const int64_t job = cancelInside(*lib.lib, text, wholeInputs / 2, &saved);
        QVERIFY(saved > 0 && saved < int(whole.size()));
        const int resumedInputs = resume(*lib.lib, job);
        QCOMPARE(resumedInputs, wholeInputs - saved);
        compareItems(itemsOfFile(*lib.lib, text), whole);
    }

    void cancelledTwiceResumesTwice()
    {
        QTemporaryDir files;
        const QString pdf = files.path() + QStringLiteral("/long.pdf");
        writePdf(pdf, manyPages(12));
        const auto [whole, wholeInputs] = uninterrupted(pdf);

        Library lib;
        int savedFirst = 0;
        const int64_t job = cancelInside(*lib.lib, pdf, wholeInputs / 3, &savedFirst);
        // The second run is cancelled too, later in the file: the saved part grows.
        ObservingEncoder counting(*encoder_);
        bool stop = false;
        counting.afterCall = [&] {
            stop = stop || counting.inputs >= wholeInputs / 3;
        };
        ingest::Ingestor ingestor(*lib.lib, counting, tokenizer_);
        auto second = ingestor.resume(job, {}, [&] { return stop; });
        QVERIFY(second.ok());
        QVERIFY(second->cancelled);
        auto db = lib.lib->openReader().value();
        const auto progress = db->fileProgress(job, pdf.toStdString()).value();
        QVERIFY(progress);
        const int savedSecond = int(progress->items.size());
        QVERIFY2(savedSecond > savedFirst,
                 qPrintable(QStringLiteral("%1 %2").arg(savedFirst).arg(savedSecond)));
        QCOMPARE(resume(*lib.lib, job), wholeInputs - savedSecond);
        compareItems(itemsOfFile(*lib.lib, pdf), whole);
    }

    void aChangedFileStartsAgain()
    {
        QTemporaryDir files;
        const QString text = files.path() + QStringLiteral("/notes.txt");
        writeFile(text, longText(30, "the lighthouse"));
        Library lib;
        int saved = 0;
        const int64_t job = cancelInside(*lib.lib, text, 8, &saved);
        QVERIFY(saved > 0);

        // The file changes before the resume: what was saved belongs to other bytes and is not used.
        writeFile(text, longText(30, "the orchard"));
        const auto [whole, wholeInputs] = uninterrupted(text);
        QCOMPARE(resume(*lib.lib, job), wholeInputs);
        compareItems(itemsOfFile(*lib.lib, text), whole);
    }

    void damagedSavedProgressIsNotUsed()
    {
        QTemporaryDir files;
        const QString text = files.path() + QStringLiteral("/report.txt");
        writeFile(text, longText(30, "the granite quarry"));
        const auto [whole, wholeInputs] = uninterrupted(text);
        Library lib;
        int saved = 0;
        const int64_t job = cancelInside(*lib.lib, text, wholeInputs / 2, &saved);
        QVERIFY(saved > 0);
        {
            // A saved vector changed on disk behind SQLite's back (its checksum no longer matches).
            auto db = store::LibraryDb::open(lib.lib->databaseFile(), store::OpenMode::ReadWrite).value();
            QVERIFY(db->database().exec("UPDATE file_progress_items SET vector = zeroblob(length(vector)) "
                                        "WHERE seq = 0"));
            QVERIFY(!db->fileProgress(job, text.toStdString()).ok());
        }
        // Resumed and stopped again inside the file: embedded from its start, and its first checkpoint
        // replaced the damaged rows (they were not kept beside the new ones), so the saved progress reads
        // back and the next resume continues after it instead of starting over once more.
        {
            ObservingEncoder counting(*encoder_);
            bool stop = false;
            counting.afterCall = [&] {
                stop = stop || counting.inputs >= wholeInputs / 2;
            };
            ingest::Ingestor ingestor(*lib.lib, counting, tokenizer_);
            auto summary = ingestor.resume(job, {}, [&] { return stop; });
            QVERIFY2(summary.ok(), summary ? "" : summary.error().message.c_str());
            QVERIFY(summary->cancelled);
        }
        const auto replaced = lib.lib->openReader().value()->fileProgress(job, text.toStdString());
        QVERIFY2(replaced.ok(), replaced ? "" : replaced.error().message.c_str());
        QVERIFY(replaced->has_value() && !(*replaced)->items.empty());
        QVERIFY(resume(*lib.lib, job) < wholeInputs);
        compareItems(itemsOfFile(*lib.lib, text), whole);
    }
};

QTEST_MAIN(TestResumeInsideFile)

#include "test_resume_inside_file.moc"
