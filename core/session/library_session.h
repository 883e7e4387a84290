#pragma once
// The desktop application's one entry into the knowledge base: the library and the models, hosted off
// the GUI thread, with an asynchronous API (QFuture for answers, signals for progress and state).
//
//   - The library is opened on a worker (rebuilding a stale index can take a while).
//   - One owner per loaded model: the embedding model and the reranker each live once in memory and
//     serve every caller through a queue (shared_models.h).
//   - Ingestion jobs run one after the other on their own worker; searches run on another pool and
//     are answered while a job runs. Every job can be cancelled and stays resumable.
//
// Callers attach continuations with QFuture::then(context, ...), so a result that arrives after its
// widget is gone is dropped (no nested event loops anywhere).

#include "common/progress.h"
#include "common/result.h"
#include "ingest/ingestor.h"
#include "model/engine_options.h"
#include "search/searcher.h"
#include "settings/page_image_costs.h"
#include "store/records.h"

#include <QFuture>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace cortex::library {
class Library;
}
namespace cortex::model {
class Tokenizer;
}
namespace cortex::embedding {
class Encoder;
struct ComputeInfo;
} // namespace cortex::embedding

namespace cortex::session {

class SharedEncoder;
class SharedScorer;

// One ingestion (or resumption) as the GUI sees it. Signals arrive on the GUI thread.
class IngestJob : public QObject {
    Q_OBJECT
public:
    enum class State { Queued, Running, Finished, Cancelled, Failed };
    Q_ENUM(State)

    QStringList paths() const { return paths_; }
    QString collection() const { return options_.collection; }
    State state() const { return state_; }
    cortex::Progress lastProgress() const { return progress_; }
    // The last progress of each pass (ingestor.h, IngestOptions::twoPasses): the files (text first) and
    // the page images after them; a pass that has not reported has total 0.
    cortex::Progress filesProgress() const { return filesProgress_; }
    cortex::Progress pageImageProgress() const { return pageImageProgress_; }
    // Queued again after its first pass, its page images waiting for other jobs' text (which goes first).
    bool waitsForOtherJobs() const { return state_ == State::Queued && pageImageProgress_.total > 0; }
    cortex::ingest::IngestSummary summary() const { return summary_; }
    QString error() const { return error_; }
    int64_t resumesJob() const { return resumeJobId_; }

    // Stops after the current file; what is committed stays, and the job can be resumed later.
    void cancel() { cancelRequested_ = true; }
    bool cancelRequested() const { return cancelRequested_; }

signals:
    void stateChanged(cortex::session::IngestJob::State state);
    void progressed(const cortex::Progress &progress);
    void finished(const cortex::ingest::IngestSummary &summary);
    void failed(const QString &message);

private:
    friend class LibrarySession;
    explicit IngestJob(QObject *parent) : QObject(parent) {}
    void setState(State s);

    QStringList paths_;
    ingest::IngestOptions options_;
    int64_t resumeJobId_ = 0;
    State state_ = State::Queued;
    cortex::Progress progress_;
    cortex::Progress filesProgress_;
    cortex::Progress pageImageProgress_;
    ingest::IngestSummary summary_;
    QString error_;
    std::atomic_bool cancelRequested_{false};
};

class LibrarySession : public QObject {
    Q_OBJECT
public:
    explicit LibrarySession(QObject *parent = nullptr);
    ~LibrarySession() override; // cancels the jobs and waits for every worker

    // --- The library ---
    QFuture<Status> openLibrary(const QString &directory);
    bool isLibraryOpen() const;
    // Why the last openLibrary failed (names the folder and the reason), empty once one succeeded.
    QString libraryOpenError() const;
    QString libraryDirectory() const;

    // --- Models ---
    QFuture<Status> loadEmbeddingModel(const QString &directory, const model::EngineOptions &options,
                                       int mrlDim = 0);
    bool hasEmbeddingModel() const;
    // Why ingestion and search cannot start now, in one sentence for the user; empty when they can
    // (a library is open and an embedding model is loaded).
    QString notReadyReason() const;
    store::SpaceIdentity embeddingIdentity() const;  // empty without a model
    embedding::ComputeInfo embeddingCompute() const; // where and in which dtype it runs; empty without one
    // What a rendered PDF page of `longSide` pixels costs with the loaded model on this computer, as
    // measured by earlier ingestion (possibly estimated from another size); nullopt without a model or
    // a measurement.
    std::optional<settings::PageImageCost> pageImageCost(int longSide) const;
    QString embeddingModelDirectory() const;
    // The loaded embedding model (shared, calls queued), for work that embeds: migration, re-embedding
    // imports. Null without a model. Use it from workers, never on the GUI thread.
    std::shared_ptr<embedding::Encoder> encoder() const;
    // Unloads the embedding model, to free its memory or before another one is loaded. Call it on the GUI
    // thread. It waits for a load still in progress (same worker), and it is
    //   - refused while an ingestion job is queued or running: the job needs the model for every file,
    //     and a queued one would fail (cancel it or let it finish first);
    //   - waits for the searches that already hold the model: the answer comes after them, so the memory
    //     is free by then. Searches started later answer that no model is loaded; nothing reloads it
    //     behind the user's back (loadEmbeddingModel does, when asked).
    // Work that took encoder() (a migration, an import) keeps the model until it ends: modelNotice says so.
    // Without a model it succeeds and does nothing.
    QFuture<Status> unloadEmbeddingModel();

    // Loads in the background; rerankerStatusChanged reports Loading, then Ready or Failed (with the reason).
    void loadReranker(const QString &directory, const model::EngineOptions &options);
    // The reranker on demand (the VRAM table's 16-24 GB row: the 8B embedding model leaves room for the
    // 2B reranker only now and then): nothing is loaded now (status OnDemand); the first search that
    // reranks loads it on the search worker (Loading, then Ready) and uses it, and it is released again
    // after `idleRelease` without a reranked search (OnDemand again). loadReranker and disableReranker
    // end this mode.
    void loadRerankerOnDemand(const QString &directory, const model::EngineOptions &options,
                              std::chrono::milliseconds idleRelease = std::chrono::minutes(2));
    bool isRerankerOnDemand() const;
    bool isRerankerLoaded() const;
    // The reranker's unload (and the way to turn it off): at once, whatever runs. Searches that already
    // hold the reranker finish with it, then its memory is freed; later ones report it disabled.
    void disableReranker();
    search::RerankerStatus rerankerStatus() const;
    QString rerankerDirectory() const;

    // --- Work ---
    // Search never waits for a reranker that loads in the background: while it loads or after it failed,
    // the answer says so. A reranker on demand is the exception: the search loads it (loadRerankerOnDemand).
    // Call it on the GUI thread.
    QFuture<Result<search::SearchResult>> search(const search::Query &query);

    // Queued behind a running job. The job object belongs to the session.
    IngestJob *ingest(const QStringList &paths, const ingest::IngestOptions &options);
    IngestJob *resume(int64_t jobId);
    QList<IngestJob *> jobs() const { return jobs_; }
    // How many finished or failed jobs the list keeps (oldest go first, announced by jobRemoved); queued,
    // running and cancelled ones (resumable from their row) always stay. A window open for weeks with
    // a watched folder does not grow without end.
    static constexpr int kKeptEndedJobs = 100;
    void setKeptEndedJobs(int count) { keptEndedJobs_ = std::max(0, count); }
    // The files that failed so far in a library job (its id), or in the job that is running now (0):
    // the Ingest tab shows them while the job still runs.
    QFuture<Result<std::vector<ingest::FileFailure>>> jobFailures(int64_t libraryJobId);
    // How often, at most, libraryChanged is emitted while an ingestion commits file after file.
    static constexpr std::chrono::milliseconds kLiveRefreshInterval{1500};
    void setLiveRefreshInterval(std::chrono::milliseconds interval)
    {
        liveRefreshTimer_->setInterval(interval);
    }

    // Short library work (collection edits, the views' queries) on the library worker, in order.
    template <typename T> QFuture<Result<T>> run(std::function<Result<T>(library::Library &)> work)
    {
        return QtConcurrent::run(&libraryPool_, [this, work = std::move(work)]() -> Result<T> {
            return runWithLibrary<Result<T>>(work);
        });
    }
    QFuture<Status> run(std::function<Status(library::Library &)> work)
    {
        return QtConcurrent::run(&libraryPool_, [this, work = std::move(work)]() -> Status {
            return runWithLibrary<Status>(work);
        });
    }
    // Long library work (migration, index rebuild, integrity check, vacuum, backup, export, import) on
    // its own worker, one task at a time, so that collection edits and the views' queries never queue
    // behind an hour-long migration. Writes still take turns in Library::write (batch by batch), and
    // readers are never blocked (WAL). The task keeps the library it started with even if another
    // library is opened meanwhile.
    template <typename T> QFuture<Result<T>> runLong(std::function<Result<T>(library::Library &)> work)
    {
        return QtConcurrent::run(&longWorkPool_, [this, work = std::move(work)]() -> Result<T> {
            return runWithLibrary<Result<T>>(work);
        });
    }
    QFuture<Status> runLong(std::function<Status(library::Library &)> work)
    {
        return QtConcurrent::run(&longWorkPool_, [this, work = std::move(work)]() -> Status {
            return runWithLibrary<Status>(work);
        });
    }

signals:
    void libraryProgress(const cortex::Progress &progress);
    void libraryOpened(const QString &directory);
    void embeddingModelChanged();
    void rerankerStatusChanged(const cortex::search::RerankerStatus &status);
    void jobAdded(cortex::session::IngestJob *job);
    // The job leaves the list and is deleted when control returns to the event loop.
    void jobRemoved(cortex::session::IngestJob *job);
    void libraryChanged(); // after a job, an import, a collection change: views refresh
    // A model did not fit where it was asked to run and was loaded elsewhere (load_fallback.h).
    void modelNotice(const QString &message);

private:
    // R is Result<T> or Status: both are made from an Error.
    template <typename R> R runWithLibrary(const std::function<R(library::Library &)> &work)
    {
        std::shared_ptr<library::Library> lib;
        {
            std::lock_guard lock(mutex_);
            lib = library_;
        }
        if (!lib)
            return makeError("no library is open");
        return guarded<R>([&] { return work(*lib); });
    }
    // Work enters a worker here and nowhere else: an exception that escapes it (a library's bad_alloc, a
    // parser's throw) becomes an error value, so that every page's continuation runs and says what went
    // wrong instead of waiting forever on a future that holds an exception.
    template <typename R, typename F> static R guarded(const F &work)
    {
        try {
            return work();
        } catch (const std::exception &e) {
            return makeError(std::string("the work stopped on an unexpected error: ") + e.what());
        } catch (...) {
            return makeError("the work stopped on an unexpected error");
        }
    }
    IngestJob *startJob(IngestJob *job);
    // Queues the job's run on the job worker. A job with a first pass to run makes a job in its second
    // pass (page images) yield, so that text of every queued job is searchable before page images.
    void enqueue(IngestJob *job, bool firstPass);
    // Drops the oldest finished and failed jobs beyond keptEndedJobs_ (GUI thread).
    void pruneEndedJobs();
    // On a search worker: the on-demand reranker, loaded when missing (one load at a time). Null, with
    // the status that says why, when the mode ended meanwhile or loading failed.
    std::pair<std::shared_ptr<SharedScorer>, search::RerankerStatus>
    acquireOnDemandScorer(uint64_t generation);
    void releaseIdleReranker();
    template <typename Model, typename Load>
    Result<std::unique_ptr<Model>> loadWithFallback(const model::EngineOptions &options, const Load &load);
    void setRerankerStatus(const search::RerankerStatus &status);

    mutable std::mutex mutex_; // guards the pointers below (the objects they point to are thread-safe)
    std::shared_ptr<library::Library> library_;
    // Every library this session opened that is still alive (held by library_ or by a running task), by
    // canonical folder, so that opening it again takes it up instead of opening it twice.
    std::map<std::string, std::weak_ptr<library::Library>> openLibraries_;
    QString libraryDirectory_;
    QString openError_;
    std::shared_ptr<SharedEncoder> encoder_;
    std::shared_ptr<const model::Tokenizer> tokenizer_;
    QString encoderDirectory_;
    std::shared_ptr<SharedScorer> scorer_;
    QString rerankerDirectory_;
    search::RerankerStatus rerankerStatus_;
    uint64_t rerankerGeneration_ = 0; // a late load of a reranker that was replaced meanwhile is dropped
    bool rerankerOnDemand_ = false;
    model::EngineOptions onDemandOptions_;
    std::mutex onDemandLoadMutex_; // one on-demand load at a time; other searches wait for it
    QTimer *idleReleaseTimer_;     // GUI thread: restarted after each search that used the reranker
    // GUI thread: coalesces the changes a running ingestion makes into one libraryChanged per interval,
    // so that every view follows the library while it grows without refreshing for every file.
    QTimer *liveRefreshTimer_;

    QList<IngestJob *> jobs_;
    std::atomic_int waitingFirstPasses_{0}; // queued jobs that have files to read
    int keptEndedJobs_ = kKeptEndedJobs;
    QThreadPool libraryPool_;  // opening, collection edits, the views' queries
    QThreadPool longWorkPool_; // migration, index rebuild, check, vacuum, backup, export, import
    QThreadPool modelPool_;    // model loading
    QThreadPool jobPool_;      // ingestion, one job at a time
    QThreadPool searchPool_;   // searches
};

} // namespace cortex::session
