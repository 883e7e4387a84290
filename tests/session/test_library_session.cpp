// The GUI's entry into the knowledge base: asynchronous opening, model loading, ingestion jobs with
// progress and cancel, searches answered while a job runs, the reranker's states, and unloading the
// embedding model (after the searches that hold it; refused while a job needs it).

#include "library/library_fixture.h"

#include "library/library.h"
#include "model/nn/device.h"
#include "session/library_session.h"
#include "store/library_db.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QThread>

#include <atomic>

using namespace cortex;
using namespace cortex::testing;

namespace {

// Enough extra files that an ingestion of corpus.root is still running when the test acts.
void writeNotes(const Corpus &corpus, int count)
{
    for (int i = 0; i < count; ++i)
        writeFile(corpus.root + QStringLiteral("/more/n%1.txt").arg(i),
                  QStringLiteral("Note %1 about the lighthouse keeper's logbook.").arg(i).toUtf8());
}

} // namespace

class TestLibrarySession : public QObject {
    Q_OBJECT

    template <typename T> static T await(QFuture<T> future)
    {
        // The continuation-free wait of a test: spin the event loop until the worker is done.
        if (!QTest::qWaitFor([&] { return future.isFinished(); }, 60000))
            qFatal("a session call did not finish within a minute");
        return future.result();
    }

    std::unique_ptr<session::LibrarySession> openSession(const QString &dir)
    {
        auto s = std::make_unique<session::LibrarySession>();
        auto opened = await(s->openLibrary(dir + QStringLiteral("/lib")));
        if (!opened)
            qFatal("%s", opened.error().message.c_str());
        auto loaded = await(s->loadEmbeddingModel(QStringLiteral(CORTEX_TINY_A_DIR), tinyOptions()));
        if (!loaded)
            qFatal("%s", loaded.error().message.c_str());
        return s;
    }

private slots:
    void ingestJobReportsProgressAndFinishes()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        auto s = openSession(dir.path());
        QVERIFY(s->hasEmbeddingModel());
        QCOMPARE(QString::fromStdString(s->embeddingIdentity().modelName), QStringLiteral("tiny-a"));
        QSignalSpy added(s.get(), &session::LibrarySession::jobAdded);
        QSignalSpy changed(s.get(), &session::LibrarySession::libraryChanged);
        QElapsedTimer elapsed;
        elapsed.start();
        auto *job = s->ingest({corpus.root}, {});
        QCOMPARE(added.count(), 1);
        QSignalSpy progressed(job, &session::IngestJob::progressed);
        QSignalSpy finished(job, &session::IngestJob::finished);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        const qint64 ingestMs = elapsed.elapsed();
        QVERIFY(job->state() == session::IngestJob::State::Finished);
        QVERIFY(progressed.count() >= 9);
        QCOMPARE(job->summary().files, 9);
        QCOMPARE(job->summary().failed, 1);
        // Once at the end, and at most once per refresh interval while it ran (a slow machine takes longer
        // than one interval): coalesced, never once per file.
        QTRY_VERIFY(changed.count() >= 1);
        QVERIFY2(changed.count() <= 1 + ingestMs / session::LibrarySession::kLiveRefreshInterval.count(),
                 qPrintable(QStringLiteral("%1 changes in %2 ms").arg(changed.count()).arg(ingestMs)));

        // A search through the session finds the identical image.
        search::Query q;
        q.images.push_back(model::decodeImageFile(corpus.red.toStdString()).value());
        auto result = await(s->search(q));
        QVERIFY(result.ok());
        QCOMPARE(QString::fromStdString(result->hits.front().view.documentPath), corpus.red);
        QVERIFY(!result->reranked);
    }

    void cancelledJobCanBeResumed()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        auto s = openSession(dir.path());
        auto *job = s->ingest({corpus.root}, {});
        // Cancel as soon as it reports the first file.
        connect(job, &session::IngestJob::progressed, job, [job](const Progress &p) {
            if (p.done >= 1)
                job->cancel();
        });
        QTRY_VERIFY_WITH_TIMEOUT(job->state() == session::IngestJob::State::Cancelled, 60000);
        QVERIFY(job->summary().cancelled);
        auto *resumed = s->resume(job->summary().jobId);
        QTRY_VERIFY_WITH_TIMEOUT(resumed->state() == session::IngestJob::State::Finished, 60000);
        const auto docs = await(s->run<int64_t>([](library::Library &lib) -> Result<int64_t> {
            auto db = lib.openReader();
            if (!db)
                return db.error();
            auto all = (*db)->documents();
            if (!all)
                return all.error();
            return int64_t(all->size());
        }));
        QVERIFY(docs.ok());
        QCOMPARE(*docs, 9);
    }

    // Cancel takes effect inside a long file (between pages and embedding calls), not after it: the pages
    // embedded so far are saved, and the resumed job continues after them, showing what it ingests.
    void cancelStopsInsideALongPdfAndResumeContinuesThere()
    {
        QTemporaryDir dir;
        const QString pdf = dir.path() + QStringLiteral("/docs/manual.pdf");
        QVERIFY(QDir().mkpath(dir.path() + QStringLiteral("/docs")));
        QStringList pages;
        for (int i = 0; i < 40; ++i)
            pages << QStringLiteral("Page %1 of the manual: servicing the lighthouse lamp.").arg(i + 1);
        writePdf(pdf, pages);
        auto s = openSession(dir.path());
        ingest::IngestOptions options;
        options.collection = QStringLiteral("manuals");
        options.embedBatch = 2;
        auto *job = s->ingest({pdf}, options);
        int pageWhenCancelled = 0;
        connect(job, &session::IngestJob::progressed, job, [&, job](const Progress &p) {
            if (p.currentPage >= 3 && !job->cancelRequested()) {
                pageWhenCancelled = p.currentPage;
                job->cancel();
            }
        });
        QTRY_VERIFY_WITH_TIMEOUT(job->state() == session::IngestJob::State::Cancelled, 60000);
        QCOMPARE(job->summary().indexed, 0); // it stopped inside the PDF
        QVERIFY(pageWhenCancelled >= 3);
        QVERIFY2(job->lastProgress().currentPage < 40,
                 qPrintable(QString::number(job->lastProgress().currentPage)));
        const int64_t jobId = job->summary().jobId;
        const auto saved = await(s->run<int64_t>([&](library::Library &lib) -> Result<int64_t> {
            auto db = lib.openReader();
            if (!db)
                return db.error();
            auto progress = (*db)->fileProgress(jobId, pdf.toStdString());
            if (!progress)
                return progress.error();
            return *progress ? int64_t((*progress)->items.size()) : 0;
        }));
        QVERIFY(saved.ok());
        QVERIFY(*saved >= 1); // at least the first page's text (its image comes in the second pass)

        auto *resumed = s->resume(jobId);
        QTRY_VERIFY_WITH_TIMEOUT(resumed->state() == session::IngestJob::State::Finished, 60000);
        // The resumed job keeps its identity: what it ingests, its collection, its totals.
        QCOMPARE(resumed->paths(), QStringList{pdf});
        QCOMPARE(resumed->collection(), QStringLiteral("manuals"));
        QCOMPARE(resumed->filesProgress().done, 1);
        QCOMPARE(resumed->filesProgress().total, 1);
        // Then its second pass: the 40 page images.
        QCOMPARE(resumed->pageImageProgress().done, 40);
        QCOMPARE(resumed->pageImageProgress().total, 40);
        QCOMPARE(resumed->summary().indexed, 1);
        QCOMPARE(int(resumed->summary().continuedInside.size()), 1);
        QCOMPARE(resumed->summary().continuedInside.front().savedItems, *saved);
        QCOMPARE(resumed->summary().items, 80);
    }

    // An exception thrown by work on a worker reaches the caller as an error value: the future finishes
    // (a page's continuation runs) instead of holding the exception.
    // The text of every queued job goes before page images: a job in its second pass yields to a job
    // queued behind it (its state says its page images wait) and goes on after that job's text, as the
    // same job.
    void pageImagesWaitForTheTextOfJobsQueuedBehind()
    {
        QTemporaryDir dir;
        const QString pdf = dir.path() + QStringLiteral("/docs/manual.pdf");
        const QString notes = dir.path() + QStringLiteral("/later/notes.txt");
        QVERIFY(QDir().mkpath(dir.path() + QStringLiteral("/docs")));
        writePdf(pdf,
                 {QStringLiteral("The lamp of the lighthouse."), QString(), QStringLiteral("Its logbook.")});
        writeFile(notes, "Notes on the zebrafinch colony.");
        auto s = openSession(dir.path());
        auto *first = s->ingest({pdf}, {});
        auto *second = s->ingest({notes}, {});
        QList<QString> order; // what ended, in order
        bool firstWaited = false;
        connect(first, &session::IngestJob::stateChanged, first, [&](session::IngestJob::State state) {
            firstWaited = firstWaited || first->waitsForOtherJobs();
            if (state == session::IngestJob::State::Finished)
                order << QStringLiteral("pdf");
        });
        connect(second, &session::IngestJob::finished, second, [&] { order << QStringLiteral("notes"); });
        QTRY_VERIFY_WITH_TIMEOUT(first->state() == session::IngestJob::State::Finished, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), 2, 60000);
        QCOMPARE(order, (QList<QString>{QStringLiteral("notes"), QStringLiteral("pdf")}));
        QVERIFY(firstWaited);
        QCOMPARE(int(s->jobs().size()), 2); // the same job went on, no new one
        QCOMPARE(first->summary().indexed, 1);
        QCOMPARE(first->summary().files, 1);
        QCOMPARE(first->summary().pageImagesDone, 3);
        QCOMPARE(first->pageImageProgress().done, 3);
        QCOMPARE(first->summary().items, 5); // two text chunks and three pages
    }

    // The list keeps the newest ended jobs only; a cancelled one (resumable from its row) stays.
    void endedJobsBeyondTheLimitLeaveTheList()
    {
        QTemporaryDir dir;
        auto s = openSession(dir.path());
        s->setKeptEndedJobs(1);
        QSignalSpy removed(s.get(), &session::LibrarySession::jobRemoved);
        auto *cancelled = s->ingest({dir.path() + QStringLiteral("/none.txt")}, {});
        cancelled->cancel();
        QTRY_VERIFY_WITH_TIMEOUT(cancelled->state() == session::IngestJob::State::Cancelled, 60000);
        QList<session::IngestJob *> finished;
        for (int i = 0; i < 3; ++i) {
            const QString file = dir.path() + QStringLiteral("/note%1.txt").arg(i);
            writeFile(file, QStringLiteral("Note %1 on the harbour.").arg(i).toUtf8());
            finished << s->ingest({file}, {});
        }
        QTRY_VERIFY_WITH_TIMEOUT(finished.last()->state() == session::IngestJob::State::Finished, 60000);
        QTRY_COMPARE(removed.count(), 2);
        QCOMPARE(s->jobs(), (QList<session::IngestJob *>{cancelled, finished.last()}));
        QCOMPARE(removed.at(0).at(0).value<session::IngestJob *>(), finished.at(0));
    }

    void anExceptionOnAWorkerIsAnErrorValue()
    {
        QTemporaryDir dir;
        auto s = openSession(dir.path());
        auto thrown = s->run<int64_t>(
            [](library::Library &) -> Result<int64_t> { return int64_t(std::stoll("not a number")); });
        const auto result = await(thrown);
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.find("unexpected error") != std::string::npos,
                 result.error().message.c_str());
        auto longThrown =
            s->runLong<bool>([](library::Library &) -> Result<bool> { throw std::bad_alloc(); });
        QVERIFY(!await(longThrown).ok());
        // The worker goes on serving.
        QVERIFY(await(s->run<int64_t>([](library::Library &) -> Result<int64_t> { return 7; })).ok());
    }

    // Switching to library B and back to A while a long task still holds A takes A up again: one Library
    // object per folder in the process (one writer, one in-memory index), never a second one beside it.
    void aLibraryStillInUseIsTakenUpNotOpenedTwice()
    {
        QTemporaryDir dir;
        auto s = openSession(dir.path());
        const QString a = dir.path() + QStringLiteral("/lib");
        const QString b = dir.path() + QStringLiteral("/other");
        std::atomic_bool release{false};
        std::atomic_bool started{false};
        library::Library *seenByTask = nullptr;
        auto longWork = s->runLong<bool>([&](library::Library &lib) -> Result<bool> {
            seenByTask = &lib;
            started = true;
            for (int i = 0; i < 3000 && !release; ++i)
                QThread::msleep(10);
            return true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(started.load(), 10000);
        QVERIFY(await(s->openLibrary(b)).ok());
        QVERIFY(await(s->openLibrary(a)).ok());
        library::Library *current = nullptr;
        QVERIFY(await(s->run<bool>([&](library::Library &lib) -> Result<bool> {
                    current = &lib;
                    return true;
                })).ok());
        QCOMPARE(current, seenByTask);
        // Library::open itself refuses a second object of a folder that is open in this process.
        auto second = library::Library::open(a.toStdString());
        QVERIFY(!second.ok());
        QVERIFY2(second.error().message.find("already open in this Cortex process") != std::string::npos,
                 second.error().message.c_str());
        release = true;
        QVERIFY(await(longWork).ok());
    }

    // A migration or an index rebuild may take an hour: collection edits and the views' queries do not
    // wait for it (runLong has its own worker; writes take turns in Library::write).
    void collectionEditsDoNotWaitForLongWork()
    {
        QTemporaryDir dir;
        auto s = openSession(dir.path());
        std::atomic_bool release{false};
        std::atomic_bool started{false};
        auto longWork = s->runLong<bool>([&](library::Library &) -> Result<bool> {
            started = true;
            for (int i = 0; i < 3000 && !release; ++i)
                QThread::msleep(10);
            return release.load();
        });
        QTRY_VERIFY_WITH_TIMEOUT(started.load(), 10000);
        auto edit = s->run<int64_t>([](library::Library &lib) -> Result<int64_t> {
            Result<int64_t> id = makeError("not written");
            auto written = lib.write([&](store::LibraryDb &db) -> Status {
                id = db.createCollection("made during a long task");
                return id ? Status{} : Status(id.error());
            });
            if (!written)
                return written.error();
            return id;
        });
        const auto created = await(edit);
        QVERIFY2(created.ok(), created.ok() ? "" : created.error().message.c_str());
        QVERIFY2(!longWork.isFinished(), "the edit waited for the long task");
        release = true;
        const auto finished = await(longWork);
        QVERIFY(finished.ok() && *finished);
    }

    // A hit's preview (a page that takes a second to render) neither waits for the short work nor holds
    // it up: runPreview has its own worker.
    void previewsAndShortWorkDoNotWaitForEachOther()
    {
        QTemporaryDir dir;
        auto s = openSession(dir.path());
        std::atomic_bool release{false};
        std::atomic_bool started{false};
        const auto blocking = [&](library::Library &) -> Result<bool> {
            started = true;
            for (int i = 0; i < 3000 && !release; ++i)
                QThread::msleep(10);
            return release.load();
        };
        const auto quick = [](library::Library &lib) -> Result<int64_t> {
            return lib.openReader().value()->itemCount();
        };

        auto shortWork = s->run<bool>(blocking);
        QTRY_VERIFY_WITH_TIMEOUT(started.load(), 10000);
        QVERIFY(await(s->runPreview<int64_t>(quick)).ok());
        QVERIFY2(!shortWork.isFinished(), "the preview waited for the short work");
        release = true;
        QVERIFY(await(shortWork).ok());

        release = false;
        started = false;
        auto preview = s->runPreview<bool>(blocking);
        QTRY_VERIFY_WITH_TIMEOUT(started.load(), 10000);
        QVERIFY(await(s->run<int64_t>(quick)).ok());
        QVERIFY2(!preview.isFinished(), "the short work waited for the preview");
        release = true;
        QVERIFY(await(preview).ok());
    }

    void searchIsAnsweredWhileAJobRuns()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        writeNotes(corpus, 30);
        auto s = openSession(dir.path());
        auto *first = s->ingest({corpus.alpha}, {});
        QTRY_VERIFY_WITH_TIMEOUT(first->state() == session::IngestJob::State::Finished, 60000);
        auto *job = s->ingest({corpus.root}, {});
        QTRY_VERIFY_WITH_TIMEOUT(job->state() == session::IngestJob::State::Running, 60000);
        search::Query q;
        q.text = "revenue";
        auto result = await(s->search(q));
        QVERIFY(result.ok());
        QVERIFY(!result->hits.empty());
        QTRY_VERIFY_WITH_TIMEOUT(job->state() == session::IngestJob::State::Finished, 60000);
    }

    void rerankerStates()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        auto s = openSession(dir.path());
        QVERIFY(s->rerankerStatus().state == search::RerankerState::Disabled);
        QSignalSpy spy(s.get(), &session::LibrarySession::rerankerStatusChanged);
        s->loadReranker(dir.path() + QStringLiteral("/no-such-model"), tinyOptions());
        QTRY_VERIFY_WITH_TIMEOUT(s->rerankerStatus().state == search::RerankerState::Failed, 30000);
        // Loading was announced first (the signal is emitted before the worker starts).
        QVERIFY(spy.first().first().value<search::RerankerStatus>().state == search::RerankerState::Loading);
        QVERIFY(
            QString::fromStdString(s->rerankerStatus().message).contains(QStringLiteral("no-such-model")));
        // A folder that says it is an embedding model is refused as the reranker, with the evidence.
        const QString embeddingCopy = dir.path() + QStringLiteral("/Qwen3-VL-Embedding-2B");
        QVERIFY(QDir().mkpath(embeddingCopy));
        for (const QString &name : QDir(QStringLiteral(CORTEX_TINY_A_DIR)).entryList(QDir::Files))
            QVERIFY(QFile::copy(QStringLiteral(CORTEX_TINY_A_DIR "/") + name, embeddingCopy + u'/' + name));
        s->loadReranker(embeddingCopy, tinyOptions());
        QTRY_VERIFY_WITH_TIMEOUT(s->rerankerStatus().state == search::RerankerState::Failed &&
                                     QString::fromStdString(s->rerankerStatus().message)
                                         .contains(QStringLiteral("embedding model")),
                                 30000);
        // The tiny checkpoint (its folder says nothing of its role) serves as a reranker.
        s->loadReranker(QStringLiteral(CORTEX_TINY_A_DIR), tinyOptions());
        QTRY_VERIFY_WITH_TIMEOUT(s->rerankerStatus().state == search::RerankerState::Ready, 30000);
        QVERIFY(spy.count() >= 4);
        auto *job = s->ingest({corpus.root}, {});
        QTRY_VERIFY_WITH_TIMEOUT(job->state() == session::IngestJob::State::Finished, 60000);
        search::Query q;
        q.text = "lighthouse";
        auto result = await(s->search(q));
        QVERIFY(result.ok());
        QVERIFY(result->reranked);
        QVERIFY(result->hits.front().rerankScore.has_value());
        s->disableReranker();
        result = await(s->search(q));
        QVERIFY(!result->reranked);
    }

    // A model that cannot be loaded on the GPU (here: CUDA asked for, no CUDA device) is loaded on the CPU,
    // and the session says so with the reason; an error that is not about resources is not retried.
    void embeddingModelFallsBackToTheCpu()
    {
        if (model::cudaAvailable())
            QSKIP("this machine has a CUDA device: there is nothing to fall back from");
        QTemporaryDir dir;
        auto s = std::make_unique<session::LibrarySession>();
        QVERIFY(await(s->openLibrary(dir.path() + QStringLiteral("/lib"))).ok());
        QSignalSpy notices(s.get(), &session::LibrarySession::modelNotice);
        auto options = tinyOptions();
        options.device = model::DevicePreference::Cuda;
        const auto loaded = await(s->loadEmbeddingModel(QStringLiteral(CORTEX_TINY_A_DIR), options));
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message.c_str());
        QTRY_COMPARE(notices.count(), 1);
        const QString notice = notices.first().first().toString();
        QVERIFY2(notice.contains(QStringLiteral("CPU")) && notice.contains(QStringLiteral("no CUDA device")),
                 qPrintable(notice));
        // The model on the CPU works: ingest and search.
        Corpus corpus(dir.path());
        auto *job = s->ingest({corpus.alpha}, {});
        QTRY_VERIFY_WITH_TIMEOUT(job->state() == session::IngestJob::State::Finished, 60000);
        search::Query q;
        q.text = "revenue";
        const auto found = await(s->search(q));
        QVERIFY2(found.ok(), found.ok() ? "" : found.error().message.c_str());
        QVERIFY(!found->hits.empty());

        // A folder that is not a model fails once, on the GPU attempt, with its own reason.
        notices.clear();
        const auto missing = await(s->loadEmbeddingModel(dir.path() + QStringLiteral("/no-model"), options));
        QVERIFY(!missing.ok());
        QVERIFY2(QString::fromStdString(missing.error().message).contains(QStringLiteral("no-model")),
                 missing.error().message.c_str());
        QVERIFY(notices.isEmpty());
    }

    // The 16-24 GB row of the VRAM table: the reranker is loaded by the first search that reranks and
    // released when idle; a search without reranking never loads it.
    void rerankerOnDemandLoadsForASearchAndIsReleasedWhenIdle()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        auto s = openSession(dir.path());
        auto *job = s->ingest({corpus.root}, {});
        QTRY_VERIFY_WITH_TIMEOUT(job->state() == session::IngestJob::State::Finished, 60000);

        s->loadRerankerOnDemand(QStringLiteral(CORTEX_TINY_A_DIR), tinyOptions(),
                                std::chrono::milliseconds(300));
        QVERIFY(s->isRerankerOnDemand());
        QVERIFY(s->rerankerStatus().state == search::RerankerState::OnDemand);
        QVERIFY(!s->isRerankerLoaded());

        search::Query q;
        q.text = "lighthouse";
        q.rerank = false;
        auto plain = await(s->search(q));
        QVERIFY(plain.ok() && !plain->reranked);
        QVERIFY2(!s->isRerankerLoaded(), "a search without reranking loaded the reranker");

        QSignalSpy states(s.get(), &session::LibrarySession::rerankerStatusChanged);
        q.rerank = true;
        auto reranked = await(s->search(q));
        QVERIFY2(reranked.ok(), reranked.ok() ? "" : reranked.error().message.c_str());
        QVERIFY2(reranked->reranked, reranked->note.c_str());
        QVERIFY(reranked->hits.front().rerankScore.has_value());
        QVERIFY(s->isRerankerLoaded());
        QTRY_VERIFY(!states.isEmpty());
        QVERIFY(states.first().first().value<search::RerankerStatus>().state ==
                search::RerankerState::Loading);

        // Idle for longer than the release time: freed, and on demand again.
        QTRY_VERIFY_WITH_TIMEOUT(!s->isRerankerLoaded(), 10000);
        QVERIFY(s->rerankerStatus().state == search::RerankerState::OnDemand);

        // The next reranking search loads it again; turning the reranker off ends the mode.
        reranked = await(s->search(q));
        QVERIFY(reranked.ok() && reranked->reranked);
        s->disableReranker();
        QVERIFY(!s->isRerankerOnDemand());
        QVERIFY(!s->isRerankerLoaded());
        reranked = await(s->search(q));
        QVERIFY(reranked.ok() && !reranked->reranked);
    }

    void unloadWaitsForSearchesThenSearchSaysNoModel()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        auto s = openSession(dir.path());
        auto *job = s->ingest({corpus.alpha}, {});
        QTRY_VERIFY_WITH_TIMEOUT(job->state() == session::IngestJob::State::Finished, 60000);
        const std::weak_ptr<embedding::Encoder> model = s->encoder();
        QSignalSpy changed(s.get(), &session::LibrarySession::embeddingModelChanged);

        // A search queued before the unload finishes with the model; the unload answers after it, and
        // by then the model's memory is gone.
        search::Query q;
        q.text = "revenue";
        auto before = s->search(q);
        const Status unloaded = await(s->unloadEmbeddingModel());
        QVERIFY2(unloaded.ok(), unloaded ? "" : unloaded.error().message.c_str());
        QVERIFY(before.isFinished());
        QVERIFY(before.result().ok());
        QVERIFY(model.expired());
        QVERIFY(!s->hasEmbeddingModel());
        QVERIFY(s->embeddingModelDirectory().isEmpty());
        QVERIFY(s->encoder() == nullptr);
        QCOMPARE(changed.count(), 1);

        // Afterwards a search says so instead of reloading behind the user's back; so does a new job.
        auto after = await(s->search(q));
        QVERIFY(!after.ok());
        QVERIFY2(QString::fromStdString(after.error().message).contains(QStringLiteral("no embedding model")),
                 after.error().message.c_str());
        auto *refused = s->ingest({corpus.root}, {});
        QTRY_VERIFY_WITH_TIMEOUT(refused->state() == session::IngestJob::State::Failed, 60000);
        QVERIFY2(refused->error().contains(QStringLiteral("No embedding model")),
                 qPrintable(refused->error()));

        // Unloading twice is harmless, and loading again brings search back.
        QVERIFY(await(s->unloadEmbeddingModel()).ok());
        QCOMPARE(changed.count(), 1);
        QVERIFY(await(s->loadEmbeddingModel(QStringLiteral(CORTEX_TINY_A_DIR), tinyOptions())).ok());
        QVERIFY(await(s->search(q)).ok());
    }

    void unloadIsRefusedWhileAJobUsesTheModel()
    {
        QTemporaryDir dir;
        Corpus corpus(dir.path());
        writeNotes(corpus, 30);
        auto s = openSession(dir.path());
        auto *running = s->ingest({corpus.root}, {});
        auto *queued = s->ingest({corpus.alpha}, {}); // waits behind the first
        QVERIFY(queued->state() == session::IngestJob::State::Queued);
        const Status refused = await(s->unloadEmbeddingModel());
        QVERIFY(!refused.ok());
        QVERIFY2(QString::fromStdString(refused.error().message).contains(QStringLiteral("ingestion job")),
                 refused.error().message.c_str());
        QVERIFY(s->hasEmbeddingModel());
        QTRY_VERIFY_WITH_TIMEOUT(running->state() == session::IngestJob::State::Finished, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(queued->state() == session::IngestJob::State::Finished, 60000);
        QVERIFY(await(s->unloadEmbeddingModel()).ok());
        QVERIFY(!s->hasEmbeddingModel());
    }
};

QTEST_MAIN(TestLibrarySession)
#include "test_library_session.moc"
