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
// The facade: ui/ and the application layer see this class only. It composes one part per job:
//   - LibraryHost (library_host.h): the open library, the short-work and the long-work workers;
//   - ModelHost (model_host.h): the embedding model and the worker that loads models;
//   - RerankerPolicy (reranker_policy.h): when the reranker is loaded, on demand or off;
// and keeps what ties them together here: the ingestion queue (IngestJob, one job at a time, text before
// page images) and the search workers. Messages for the user are plain English, like the rest of core.
//
// Callers attach continuations with QFuture::then(context, ...), so a result that arrives after its
// widget is gone is dropped (no nested event loops anywhere).

#include "common/progress.h"
#include "common/result.h"
#include "ingest/ingestor.h"
#include "model/engine_options.h"
#include "search/searcher.h"
#include "session/folder_watch.h"
#include "session/ingest_job.h"
#include "session/library_host.h"
#include "session/model_host.h"
#include "session/reranker_policy.h"
#include "session/search_yield.h"
#include "settings/page_image_costs.h"
#include "store/records.h"

#include <QFuture>
#include <QList>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

namespace cortex::library {
class Library;
}
namespace cortex::embedding {
class Encoder;
struct ComputeInfo;
} // namespace cortex::embedding

namespace cortex::session {

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
    // A model not loaded from a folder here (a model server: application/served_models.h). `make` runs on
    // the model worker with the library open at that time (null when none), so that it can check the
    // model against the library's space; the model replaces the loaded one only once it is made, so a
    // failure (an unreachable server, another model) keeps the model loaded before.
    QFuture<Status> loadEmbeddingModelWith(std::function<Result<ModelHost::Made>(library::Library *)> make);
    // The server the embedding model is served by ("http://gpu:8000"); empty for a model on this computer.
    QString embeddingModelServer() const;
    QString embeddingServedModel() const; // the name the server serves it under
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
    // A reranker served at `server`, made by `make` on the model worker (application/served_models.h),
    // with the same states.
    void loadServedReranker(const QString &server, RerankerPolicy::Source make);
    QString rerankerServer() const;
    QString rerankerServedModel() const; // known once it is Ready
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
    // What search() searches with, for other work that must search the same way and in turn with the
    // Search tab's searches (the window's library API, application/library_api.h). Valid while the work
    // runs.
    struct SearchTools {
        library::Library *library = nullptr;   // null: no library is open
        embedding::Encoder *encoder = nullptr; // null: no embedding model is loaded
        embedding::Scorer *scorer = nullptr;   // null: no reranker (`reranker` says why)
        search::RerankerStatus reranker;
    };
    // Runs `work` on the search workers with the library open now and the models loaded now, as search()
    // does (the reranker leased when `rerank`, a background sync waiting meanwhile). Call it on the GUI
    // thread.
    QFuture<void> runSearchWork(bool rerank, std::function<void(const SearchTools &)> work);

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
        return library_.run<Result<T>>(std::move(work));
    }
    QFuture<Status> run(std::function<Status(library::Library &)> work)
    {
        return library_.run<Status>(std::move(work));
    }
    // Long library work (migration, index rebuild, integrity check, vacuum, backup, export, import) on
    // its own worker, one task at a time, so that collection edits and the views' queries never queue
    // behind an hour-long migration. Writes still take turns in Library::write (batch by batch), and
    // readers are never blocked (WAL). The task keeps the library it started with even if another
    // library is opened meanwhile.
    template <typename T> QFuture<Result<T>> runLong(std::function<Result<T>(library::Library &)> work)
    {
        return library_.runLong<Result<T>>(std::move(work));
    }
    QFuture<Status> runLong(std::function<Status(library::Library &)> work)
    {
        return library_.runLong<Status>(std::move(work));
    }
    // A search hit's preview (rendering a PDF page, decoding an image, reading the chunks around a hit) on
    // a worker of its own, one at a time: it never waits behind the short or the long work, nor holds
    // either up. The caller keeps at most one in flight (a user moving through the results would queue
    // renders of pages already left behind).
    template <typename T> QFuture<Result<T>> runPreview(std::function<Result<T>(library::Library &)> work)
    {
        return library_.runPreview<Result<T>>(std::move(work));
    }

    // --- Watched folders (folder_watch.h) ---
    // While on, the open library's watched folders that are not paused are watched and synced in the
    // background: a catch-up when the library opens (once a model is loaded), then the changes, debounced
    // and each file taken once it is stable, as `cortex-cli watch` does. The syncs run on the ingestion
    // worker in turn with the jobs, and pause between files while a search is in flight. Off by default:
    // the window turns it on (AppController); a tool or test that opens a session decides.
    void setWatchingEnabled(bool enabled);
    bool isWatchingEnabled() const { return watching_; }
    void setWatchTiming(const ingest::WatchTiming &timing, bool forcePolling = false);
    // What a sync starts from (the settings' chunk size, batch, page images); each folder's own settings
    // override it.
    void setWatchSyncOptions(const ingest::IngestOptions &base) { watchBase_ = base; }
    // Syncs these folders (every one that is not paused when empty) at the next turn.
    void syncWatchedFoldersNow(const std::vector<int64_t> &folders = {});
    // Reads the library's watched folders again and watches them; the application layer's edits (add,
    // pause, resume, edit, remove) call it, and so does every finished ingestion (it may add a folder).
    void reloadWatchedFolders();
    WatchActivity watchActivity() const { return watch_->activity(); }
    bool isSyncingWatchedFolders() const { return watch_->isSyncing(); }
    // Why a folder is scanned periodically instead of watched; empty when inotify watches it.
    QString watchPollReason(int64_t folderId) const { return watch_->pollReason(folderId); }
    // The searches in flight that a sync waits for between files (search_yield.h); tests set its clock
    // and pause, and may count a search of their own.
    SearchYield &searchYield() { return searchYield_; }

signals:
    void watchActivityChanged();
    // The library's watched folders, or their states, may have changed: lists read them again.
    void watchedFoldersChanged();
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
    IngestJob *startJob(IngestJob *job);
    // Queues the job's run on the job worker. A job with a first pass to run makes a job in its second
    // pass (page images) yield, so that text of every queued job is searchable before page images.
    void enqueue(IngestJob *job, bool firstPass);
    // Drops the oldest finished and failed jobs beyond keptEndedJobs_ (GUI thread).
    void pruneEndedJobs();
    // Watched folders (library_session_watch.cpp): the runner FolderWatch calls, and the start of
    // watching once a library is open.
    bool startSync(const std::vector<int64_t> &folders);
    void startWatching();
    // On the ingestion worker: waits while searches are in flight (bounded), so a sync never makes a
    // user's search queue behind it for more than one file.
    void yieldToSearches() const
    {
        searchYield_.wait([this] { return stopping_.load(); });
    }

    LibraryHost library_;
    ModelHost models_;
    RerankerPolicy reranker_;
    // GUI thread: coalesces the changes a running ingestion makes into one libraryChanged per interval,
    // so that every view follows the library while it grows without refreshing for every file.
    QTimer *liveRefreshTimer_;

    FolderWatch *watch_;
    bool watching_ = false;
    ingest::IngestOptions watchBase_;
    SearchYield searchYield_;
    std::atomic_bool stopping_{false};

    QList<IngestJob *> jobs_;
    std::atomic_int waitingFirstPasses_{0}; // queued jobs that have files to read
    int keptEndedJobs_ = kKeptEndedJobs;
    QThreadPool jobPool_;    // ingestion, one job at a time
    QThreadPool searchPool_; // searches
};

} // namespace cortex::session
