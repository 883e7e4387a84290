#include "session/library_session.h"

#include "ingest/page_image_cost.h"
#include "library/library.h"
#include "session/shared_models.h"
#include "store/library_db.h"

#include <QMetaObject>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace cortex::session {

LibrarySession::LibrarySession(QObject *parent)
    : QObject(parent), library_({
                           .progress = [this](const Progress &p) { emit libraryProgress(p); },
                           .opened = [this](const QString &directory) { emit libraryOpened(directory); },
                       }),
      models_({
          .changed = [this] { emit embeddingModelChanged(); },
          .notice = [this](const QString &message) { emit modelNotice(message); },
      }),
      reranker_(models_.loadPool(),
                RerankerPolicy::qwenLoader([this](const QString &message) { emit modelNotice(message); }),
                [this](const search::RerankerStatus &status) { emit rerankerStatusChanged(status); }),
      liveRefreshTimer_(new QTimer(this)),
      watch_(
          new FolderWatch([this](const std::vector<int64_t> &folders) { return startSync(folders); }, this))
{
    connect(watch_, &FolderWatch::activityChanged, this, &LibrarySession::watchActivityChanged);
    // Emitted on the library worker: queued to the GUI thread.
    connect(this, &LibrarySession::libraryOpened, this, [this] {
        watch_->clear();
        startWatching();
    });
    liveRefreshTimer_->setSingleShot(true);
    liveRefreshTimer_->setInterval(kLiveRefreshInterval);
    connect(liveRefreshTimer_, &QTimer::timeout, this, &LibrarySession::libraryChanged);
    jobPool_.setMaxThreadCount(1);
    searchPool_.setMaxThreadCount(2);
}

LibrarySession::~LibrarySession()
{
    // Every worker's task calls back into the session (its signals, its jobs): all of them end here,
    // before any part is destroyed.
    for (auto *job : jobs_)
        job->cancel();
    stopping_ = true; // a sync stops between two files
    jobPool_.waitForDone();
    searchPool_.waitForDone();
    models_.waitForDone();
    library_.waitForDone();
}

QFuture<Status> LibrarySession::openLibrary(const QString &directory)
{
    return library_.open(directory);
}

bool LibrarySession::isLibraryOpen() const
{
    return library_.isOpen();
}

QString LibrarySession::notReadyReason() const
{
    if (!isLibraryOpen()) {
        const QString why = libraryOpenError();
        return why.isEmpty() ? QStringLiteral("No library is open: check the library folder in Settings.")
                             : QStringLiteral("No library is open: %1").arg(why);
    }
    if (!hasEmbeddingModel())
        return QStringLiteral("No embedding model is loaded: choose one in Settings.");
    return {};
}

QString LibrarySession::libraryOpenError() const
{
    return library_.openError();
}

QString LibrarySession::libraryDirectory() const
{
    return library_.directory();
}

QFuture<Status> LibrarySession::loadEmbeddingModel(const QString &directory,
                                                   const model::EngineOptions &options, int mrlDim)
{
    return models_.load(directory, options, mrlDim);
}

QFuture<Status>
LibrarySession::loadEmbeddingModelWith(std::function<Result<ModelHost::Made>(library::Library *)> make)
{
    return models_.load([this, make = std::move(make)] {
        const auto lib = library_.library(); // kept alive while the model is checked against it
        return make(lib.get());
    });
}

QString LibrarySession::embeddingModelServer() const
{
    return models_.server();
}

QString LibrarySession::embeddingServedModel() const
{
    return models_.servedModel();
}

bool LibrarySession::hasEmbeddingModel() const
{
    return models_.encoder() != nullptr;
}

store::SpaceIdentity LibrarySession::embeddingIdentity() const
{
    const auto current = models_.encoder();
    return current ? current->identity() : store::SpaceIdentity{};
}

embedding::ComputeInfo LibrarySession::embeddingCompute() const
{
    const auto current = models_.encoder();
    return current ? current->compute() : embedding::ComputeInfo{};
}

std::optional<settings::PageImageCost> LibrarySession::pageImageCost(int longSide) const
{
    const auto current = encoder();
    if (!current)
        return std::nullopt;
    return ingest::pageImageCost(*current, longSide);
}

std::shared_ptr<embedding::Encoder> LibrarySession::encoder() const
{
    return models_.encoder();
}

QString LibrarySession::embeddingModelDirectory() const
{
    return models_.directory();
}

QFuture<Status> LibrarySession::unloadEmbeddingModel()
{
    // Job states change on the GUI thread only, so this agrees with what the Ingest tab shows.
    for (const auto *job : std::as_const(jobs_)) {
        if (job->state() == IngestJob::State::Queued || job->state() == IngestJob::State::Running)
            return QtFuture::makeReadyFuture<Status>(makeError(
                "The embedding model is in use by an ingestion job: cancel the job or wait until it "
                "has finished, then unload the model."));
    }
    // Searches queued before the unload hold the model; the ones queued since fail at once.
    return models_.unload([this] { searchPool_.waitForDone(); });
}

void LibrarySession::loadReranker(const QString &directory, const model::EngineOptions &options)
{
    reranker_.load(directory, options);
}

void LibrarySession::loadServedReranker(const QString &server, RerankerPolicy::Source make)
{
    reranker_.loadServed(server, std::move(make));
}

QString LibrarySession::rerankerServer() const
{
    return reranker_.server();
}

QString LibrarySession::rerankerServedModel() const
{
    return reranker_.servedModel();
}

void LibrarySession::disableReranker()
{
    reranker_.disable();
}

void LibrarySession::loadRerankerOnDemand(const QString &directory, const model::EngineOptions &options,
                                          std::chrono::milliseconds idleRelease)
{
    reranker_.loadOnDemand(directory, options, idleRelease);
}

bool LibrarySession::isRerankerOnDemand() const
{
    return reranker_.isOnDemand();
}

bool LibrarySession::isRerankerLoaded() const
{
    return reranker_.isLoaded();
}

search::RerankerStatus LibrarySession::rerankerStatus() const
{
    return reranker_.status();
}

QString LibrarySession::rerankerDirectory() const
{
    return reranker_.directory();
}

QFuture<Result<search::SearchResult>> LibrarySession::search(const search::Query &query)
{
    auto result = std::make_shared<Result<search::SearchResult>>(makeError("the search did not run"));
    return runSearchWork(query.rerank,
                         [query, result](const SearchTools &tools) {
                             if (!tools.library) {
                                 *result = makeError("no library is open");
                                 return;
                             }
                             if (!tools.encoder) {
                                 *result = makeError("no embedding model is loaded (choose one in Settings)");
                                 return;
                             }
                             search::Searcher searcher(*tools.library, *tools.encoder, tools.scorer);
                             *result = searcher.search(query, tools.reranker);
                         })
        .then([result] { return std::move(*result); });
}

QFuture<void> LibrarySession::runSearchWork(bool rerank, std::function<void(const SearchTools &)> work)
{
    auto lib = library_.library();
    auto encoder = models_.encoder();
    auto lease = reranker_.lease(rerank);
    searchYield_.searchStarted(); // a background sync waits between files until it is answered
    return QtConcurrent::run(&searchPool_, [this, lib, encoder, lease, work = std::move(work)]() mutable {
        struct InFlight {
            SearchYield &yield;
            ~InFlight() { yield.searchFinished(); }
        } inFlight{searchYield_};
        if (lib && encoder)
            reranker_.acquire(lease);
        work({lib.get(), encoder.get(), lease.scorer.get(), lease.status});
        if (lib && encoder)
            reranker_.release(lease);
    });
}

IngestJob *LibrarySession::ingest(const QStringList &paths, const ingest::IngestOptions &options)
{
    auto *job = new IngestJob(this);
    job->paths_ = paths;
    job->options_ = options;
    return startJob(job);
}

IngestJob *LibrarySession::resume(int64_t jobId)
{
    auto *job = new IngestJob(this);
    job->resumeJobId_ = jobId;
    return startJob(job);
}

IngestJob *LibrarySession::startJob(IngestJob *job)
{
    jobs_.append(job);
    emit jobAdded(job);
    enqueue(job, true);
    return job;
}

void LibrarySession::enqueue(IngestJob *job, bool firstPass)
{
    if (firstPass)
        ++waitingFirstPasses_;
    (void)QtConcurrent::run(&jobPool_, [this, job, firstPass] {
        if (firstPass)
            --waitingFirstPasses_;
        // Signals cross to the GUI thread; the job object lives as long as the session.
        const auto post = [job](auto &&fn) {
            QMetaObject::invokeMethod(job, std::forward<decltype(fn)>(fn));
        };
        const auto lib = library_.library();
        const auto loaded = models_.loaded(); // the model and its own tokenizer
        const auto &encoder = loaded.encoder;
        if (job->cancelRequested()) {
            post([job] { job->setState(IngestJob::State::Cancelled); });
            return;
        }
        if (!lib || !encoder) {
            const QString message =
                !lib ? QStringLiteral("No library is open.")
                     : QStringLiteral("No embedding model is loaded: choose one in Settings.");
            post([this, job, message] {
                job->error_ = message;
                job->setState(IngestJob::State::Failed);
                emit job->failed(message);
                pruneEndedJobs();
            });
            return;
        }
        if (job->resumeJobId_) {
            // A resumed job shows what it ingests: the paths and collection recorded with the job.
            if (auto reader = lib->openReader(); reader)
                if (auto info = (*reader)->job(job->resumeJobId_); info && info->has_value()) {
                    const QString parameters = QString::fromStdString((*info)->parameters);
                    post([job, paths = ingest::pathsFromJson(parameters),
                          collection = ingest::optionsFromJson(parameters).collection] {
                        job->paths_ = paths;
                        job->options_.collection = collection;
                    });
                }
        }
        post([job] { job->setState(IngestJob::State::Running); });
        ingest::Ingestor ingestor(*lib, *encoder, loaded.tokenizer);
        ingestor.setPageImageYield([this] { return waitingFirstPasses_.load() > 0; });
        const auto onProgress = [this, job, post](const Progress &p) {
            post([this, job, p] {
                job->progress_ = p;
                (p.stage == ingest::kPageImagesStage ? job->pageImageProgress_ : job->filesProgress_) = p;
                emit job->progressed(p);
                // Each file is committed by the time the next one is reported: the views catch up, at
                // most once per interval.
                if (!liveRefreshTimer_->isActive())
                    liveRefreshTimer_->start();
            });
        };
        const auto cancelled = [job] {
            return job->cancelRequested();
        };
        auto summary = guarded<Result<ingest::IngestSummary>>([&] {
            return job->resumeJobId_ ? ingestor.resume(job->resumeJobId_, onProgress, cancelled)
                                     : ingestor.ingest(job->paths_, job->options_, onProgress, cancelled);
        });
        if (!summary) {
            const QString message = QString::fromStdString(summary.error().message);
            post([this, job, message] {
                job->error_ = message;
                job->setState(IngestJob::State::Failed);
                emit job->failed(message);
                pruneEndedJobs();
            });
            return;
        }
        const auto result = *summary;
        ingest::rememberPageImageCost(result.pageImages, *encoder);
        if (result.pageImagesYielded && !job->cancelRequested()) {
            // Other jobs' text goes first; the page images go on after them, as the same job.
            post([this, job, result] {
                ingest::addToSummary(job->summary_, result);
                job->resumeJobId_ = result.jobId;
                job->setState(IngestJob::State::Queued);
                liveRefreshTimer_->stop();
                emit libraryChanged();
                enqueue(job, false);
            });
            return;
        }
        post([this, job, result] {
            ingest::addToSummary(job->summary_, result);
            job->setState(result.cancelled ? IngestJob::State::Cancelled : IngestJob::State::Finished);
            emit job->finished(result);
            liveRefreshTimer_->stop();
            emit libraryChanged();
            pruneEndedJobs();
            // An ingested folder is a watched folder from now on.
            reloadWatchedFolders();
        });
    });
}

void LibrarySession::pruneEndedJobs()
{
    const auto ended = [](const IngestJob *job) {
        return job->state() == IngestJob::State::Finished || job->state() == IngestJob::State::Failed;
    };
    auto count = std::count_if(jobs_.begin(), jobs_.end(), ended);
    for (auto it = jobs_.begin(); it != jobs_.end() && count > keptEndedJobs_;) {
        if (!ended(*it)) {
            ++it;
            continue;
        }
        IngestJob *job = *it;
        it = jobs_.erase(it);
        --count;
        emit jobRemoved(job);
        job->deleteLater();
    }
}

QFuture<Result<std::vector<ingest::FileFailure>>> LibrarySession::jobFailures(int64_t libraryJobId)
{
    return run<std::vector<ingest::FileFailure>>(
        [libraryJobId](library::Library &lib) -> Result<std::vector<ingest::FileFailure>> {
            auto reader = lib.openReader();
            if (!reader)
                return reader.error();
            int64_t jobId = libraryJobId;
            if (jobId == 0) {
                auto jobs = (*reader)->jobs(); // newest first
                if (!jobs)
                    return jobs.error();
                for (const auto &job : *jobs)
                    if (job.state == store::JobState::Running) {
                        jobId = job.id;
                        break;
                    }
                if (jobId == 0)
                    return std::vector<ingest::FileFailure>{};
            }
            auto files = (*reader)->jobFiles(jobId, store::JobFileState::Failed);
            if (!files)
                return files.error();
            std::vector<ingest::FileFailure> failures;
            for (const auto &file : *files)
                failures.push_back({QString::fromStdString(file.path), QString::fromStdString(file.error)});
            return failures;
        });
}

} // namespace cortex::session
