#include "session/library_session.h"

#include "embedding/qwen_models.h"
#include "hub/model_role.h"
#include "ingest/page_image_cost.h"
#include "library/library.h"
#include "session/load_fallback.h"
#include "session/shared_models.h"
#include "store/library_db.h"

#include <QMetaObject>

#include <filesystem>

#include <utility>

namespace cortex::session {

namespace {

// Why `directory` cannot be the reranker (an embedding model: loaded as a reranker it gives scores without
// meaning and no error; hub/model_role.h says how they are told apart), or an empty string.
QString notAReranker(const QString &directory)
{
    return hub::rerankerFolderProblem(directory);
}

} // namespace

template <typename Model, typename Load>
Result<std::unique_ptr<Model>> LibrarySession::loadWithFallback(const model::EngineOptions &options,
                                                                const Load &load)
{
    Result<std::unique_ptr<Model>> loaded = makeError("no attempt was made");
    std::string reason; // why the attempt before failed
    for (const auto &attempt : loadAttempts(options)) {
        if (!loaded.ok() && !attempt.notice.empty() && !isResourceError(loaded.error()))
            break; // a missing folder or a corrupt file fails the same way everywhere
        loaded = load(attempt.options);
        if (loaded) {
            if (!attempt.notice.empty())
                emit modelNotice(QString::fromStdString(attempt.notice).arg(QString::fromStdString(reason)));
            break;
        }
        reason = loaded.error().message;
    }
    return loaded;
}

void IngestJob::setState(State s)
{
    state_ = s;
    emit stateChanged(s);
}

LibrarySession::LibrarySession(QObject *parent)
    : QObject(parent), idleReleaseTimer_(new QTimer(this)), liveRefreshTimer_(new QTimer(this))
{
    idleReleaseTimer_->setSingleShot(true);
    connect(idleReleaseTimer_, &QTimer::timeout, this, &LibrarySession::releaseIdleReranker);
    liveRefreshTimer_->setSingleShot(true);
    liveRefreshTimer_->setInterval(kLiveRefreshInterval);
    connect(liveRefreshTimer_, &QTimer::timeout, this, &LibrarySession::libraryChanged);
    libraryPool_.setMaxThreadCount(1);
    longWorkPool_.setMaxThreadCount(1);
    modelPool_.setMaxThreadCount(1);
    jobPool_.setMaxThreadCount(1);
    searchPool_.setMaxThreadCount(2);
}

LibrarySession::~LibrarySession()
{
    for (auto *job : jobs_)
        job->cancel();
    jobPool_.waitForDone();
    searchPool_.waitForDone();
    modelPool_.waitForDone();
    longWorkPool_.waitForDone();
    libraryPool_.waitForDone();
}

QFuture<Status> LibrarySession::openLibrary(const QString &directory)
{
    return QtConcurrent::run(&libraryPool_, [this, directory]() -> Status {
        // A library that a task still uses (switch to B and back to A while a long task holds A) is
        // taken up again, never opened a second time: two Library objects of one folder would be two
        // writers with two in-memory indexes (Library::open refuses that within a process).
        std::error_code ec;
        const std::string key =
            std::filesystem::weakly_canonical(std::filesystem::absolute(directory.toStdString()), ec)
                .string();
        std::shared_ptr<library::Library> library;
        {
            std::lock_guard lock(mutex_);
            if (const auto it = openLibraries_.find(key); it != openLibraries_.end())
                library = it->second.lock();
        }
        if (!library) {
            auto opened = library::Library::open(directory.toStdString(),
                                                 [this](const Progress &p) { emit libraryProgress(p); });
            if (!opened) {
                std::lock_guard lock(mutex_);
                openError_ = QString::fromStdString(opened.error().message);
                return opened.error();
            }
            library = std::move(opened).value();
        }
        {
            std::lock_guard lock(mutex_);
            openLibraries_[key] = library;
            library_ = std::move(library);
            libraryDirectory_ = directory;
            openError_.clear();
        }
        emit libraryOpened(directory);
        return {};
    });
}

bool LibrarySession::isLibraryOpen() const
{
    std::lock_guard lock(mutex_);
    return library_ != nullptr;
}

QString LibrarySession::notReadyReason() const
{
    if (!isLibraryOpen()) {
        const QString why = libraryOpenError();
        return why.isEmpty() ? tr("No library is open: check the library folder in Settings.")
                             : tr("No library is open: %1").arg(why);
    }
    if (!hasEmbeddingModel())
        return tr("No embedding model is loaded: choose one in Settings.");
    return {};
}

QString LibrarySession::libraryOpenError() const
{
    std::lock_guard lock(mutex_);
    return openError_;
}

QString LibrarySession::libraryDirectory() const
{
    std::lock_guard lock(mutex_);
    return libraryDirectory_;
}

QFuture<Status> LibrarySession::loadEmbeddingModel(const QString &directory,
                                                   const model::EngineOptions &options, int mrlDim)
{
    return QtConcurrent::run(&modelPool_, [this, directory, options, mrlDim]() -> Status {
        auto loaded = loadWithFallback<embedding::QwenEncoder>(options, [&](const model::EngineOptions &o) {
            return embedding::QwenEncoder::load(directory.toStdString(), o, mrlDim);
        });
        if (!loaded)
            return loaded.error();
        auto tokenizer = (*loaded)->tokenizer();
        {
            std::lock_guard lock(mutex_);
            encoder_ = std::make_shared<SharedEncoder>(std::move(loaded).value());
            tokenizer_ = std::move(tokenizer);
            encoderDirectory_ = directory;
        }
        emit embeddingModelChanged();
        return {};
    });
}

bool LibrarySession::hasEmbeddingModel() const
{
    std::lock_guard lock(mutex_);
    return encoder_ != nullptr;
}

store::SpaceIdentity LibrarySession::embeddingIdentity() const
{
    std::lock_guard lock(mutex_);
    return encoder_ ? encoder_->identity() : store::SpaceIdentity{};
}

embedding::ComputeInfo LibrarySession::embeddingCompute() const
{
    std::lock_guard lock(mutex_);
    return encoder_ ? encoder_->compute() : embedding::ComputeInfo{};
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
    std::lock_guard lock(mutex_);
    return encoder_;
}

QString LibrarySession::embeddingModelDirectory() const
{
    std::lock_guard lock(mutex_);
    return encoderDirectory_;
}

QFuture<Status> LibrarySession::unloadEmbeddingModel()
{
    // Job states change on the GUI thread only, so this agrees with what the Ingest tab shows.
    for (const auto *job : std::as_const(jobs_)) {
        if (job->state() == IngestJob::State::Queued || job->state() == IngestJob::State::Running)
            return QtFuture::makeReadyFuture<Status>(
                makeError(tr("The embedding model is in use by an ingestion job: cancel the job or wait "
                             "until it has finished, then unload the model.")
                              .toStdString()));
    }
    // On the model worker, so that a load still in progress ends first instead of undoing the unload.
    return QtConcurrent::run(&modelPool_, [this]() -> Status {
        std::shared_ptr<SharedEncoder> released;
        {
            std::lock_guard lock(mutex_);
            released = std::exchange(encoder_, nullptr);
            tokenizer_.reset();
            encoderDirectory_.clear();
        }
        if (!released)
            return {};
        emit embeddingModelChanged();
        // Searches queued before this point hold the model; the ones queued since fail at once.
        searchPool_.waitForDone();
        if (released.use_count() > 1)
            emit modelNotice(tr("The embedding model stays in memory until the work that still uses it (an "
                                "ingestion, a migration or an import) has finished."));
        return {};
    });
}

void LibrarySession::setRerankerStatus(const search::RerankerStatus &status)
{
    {
        std::lock_guard lock(mutex_);
        rerankerStatus_ = status;
    }
    emit rerankerStatusChanged(status);
}

void LibrarySession::loadReranker(const QString &directory, const model::EngineOptions &options)
{
    uint64_t generation = 0;
    {
        std::lock_guard lock(mutex_);
        generation = ++rerankerGeneration_;
        scorer_.reset();
        rerankerDirectory_ = directory;
        rerankerOnDemand_ = false;
    }
    idleReleaseTimer_->stop();
    setRerankerStatus({search::RerankerState::Loading, {}});
    (void)QtConcurrent::run(&modelPool_, [this, directory, options, generation] {
        const QString problem = notAReranker(directory);
        auto loaded =
            !problem.isEmpty()
                ? Result<std::unique_ptr<embedding::QwenScorer>>(makeError(problem.toStdString()))
                : loadWithFallback<embedding::QwenScorer>(options, [&](const model::EngineOptions &o) {
                      return embedding::QwenScorer::load(directory.toStdString(), o);
                  });
        {
            std::lock_guard lock(mutex_);
            if (generation != rerankerGeneration_)
                return; // replaced or disabled meanwhile
            if (loaded)
                scorer_ = std::make_shared<SharedScorer>(std::move(loaded).value());
        }
        setRerankerStatus(
            loaded ? search::RerankerStatus{search::RerankerState::Ready, {}}
                   : search::RerankerStatus{search::RerankerState::Failed, loaded.error().message});
    });
}

void LibrarySession::disableReranker()
{
    {
        std::lock_guard lock(mutex_);
        ++rerankerGeneration_;
        scorer_.reset();
        rerankerOnDemand_ = false;
    }
    idleReleaseTimer_->stop();
    setRerankerStatus({search::RerankerState::Disabled, {}});
}

void LibrarySession::loadRerankerOnDemand(const QString &directory, const model::EngineOptions &options,
                                          std::chrono::milliseconds idleRelease)
{
    {
        std::lock_guard lock(mutex_);
        ++rerankerGeneration_;
        scorer_.reset();
        rerankerDirectory_ = directory;
        rerankerOnDemand_ = true;
        onDemandOptions_ = options;
    }
    idleReleaseTimer_->stop();
    idleReleaseTimer_->setInterval(idleRelease);
    setRerankerStatus({search::RerankerState::OnDemand, {}});
}

bool LibrarySession::isRerankerOnDemand() const
{
    std::lock_guard lock(mutex_);
    return rerankerOnDemand_;
}

bool LibrarySession::isRerankerLoaded() const
{
    std::lock_guard lock(mutex_);
    return scorer_ != nullptr;
}

std::pair<std::shared_ptr<SharedScorer>, search::RerankerStatus>
LibrarySession::acquireOnDemandScorer(uint64_t generation)
{
    std::lock_guard loading(onDemandLoadMutex_);
    QString directory;
    model::EngineOptions options;
    {
        std::lock_guard lock(mutex_);
        if (generation != rerankerGeneration_)
            return {scorer_, rerankerStatus_}; // reconfigured meanwhile: whatever is there now
        if (scorer_)                           // another search loaded it while this one waited
            return {scorer_, rerankerStatus_};
        directory = rerankerDirectory_;
        options = onDemandOptions_;
    }
    setRerankerStatus({search::RerankerState::Loading, {}});
    const QString problem = notAReranker(directory);
    auto loaded = !problem.isEmpty()
                      ? Result<std::unique_ptr<embedding::QwenScorer>>(makeError(problem.toStdString()))
                      : loadWithFallback<embedding::QwenScorer>(options, [&](const model::EngineOptions &o) {
                            return embedding::QwenScorer::load(directory.toStdString(), o);
                        });
    search::RerankerStatus status =
        loaded ? search::RerankerStatus{search::RerankerState::Ready, {}}
               : search::RerankerStatus{search::RerankerState::Failed, loaded.error().message};
    std::shared_ptr<SharedScorer> scorer;
    {
        std::lock_guard lock(mutex_);
        if (generation != rerankerGeneration_)
            return {scorer_, rerankerStatus_}; // turned off while loading: this copy is dropped
        if (loaded)
            scorer_ = scorer = std::make_shared<SharedScorer>(std::move(loaded).value());
    }
    setRerankerStatus(status);
    return {scorer, status};
}

void LibrarySession::releaseIdleReranker()
{
    {
        std::lock_guard lock(mutex_);
        if (!rerankerOnDemand_ || !scorer_)
            return;
        scorer_.reset(); // a search still using it keeps it until it ends
    }
    setRerankerStatus({search::RerankerState::OnDemand, {}});
}

search::RerankerStatus LibrarySession::rerankerStatus() const
{
    std::lock_guard lock(mutex_);
    return rerankerStatus_;
}

QString LibrarySession::rerankerDirectory() const
{
    std::lock_guard lock(mutex_);
    return rerankerDirectory_;
}

QFuture<Result<search::SearchResult>> LibrarySession::search(const search::Query &query)
{
    std::shared_ptr<library::Library> lib;
    std::shared_ptr<SharedEncoder> encoder;
    std::shared_ptr<SharedScorer> scorer;
    search::RerankerStatus status;
    bool onDemand = false;
    uint64_t generation = 0;
    {
        std::lock_guard lock(mutex_);
        lib = library_;
        encoder = encoder_;
        scorer = scorer_;
        status = rerankerStatus_;
        onDemand = rerankerOnDemand_ && query.rerank;
        generation = rerankerGeneration_;
    }
    if (onDemand)
        idleReleaseTimer_->stop(); // not released while this search may need it
    return QtConcurrent::run(
        &searchPool_,
        [this, lib, encoder, scorer, status, query, onDemand,
         generation]() mutable -> Result<search::SearchResult> {
            if (!lib)
                return makeError("no library is open");
            if (!encoder)
                return makeError("no embedding model is loaded (choose one in Settings)");
            if (onDemand && !scorer &&
                (status.state == search::RerankerState::OnDemand ||
                 status.state == search::RerankerState::Loading)) // another search loads it
                std::tie(scorer, status) = acquireOnDemandScorer(generation);
            search::Searcher searcher(*lib, *encoder, scorer.get());
            auto result = searcher.search(query, status);
            if (onDemand) // the idle time counts from the end of the last reranked search
                QMetaObject::invokeMethod(
                    this,
                    [this] {
                        if (isRerankerOnDemand())
                            idleReleaseTimer_->start();
                    },
                    Qt::QueuedConnection);
            return result;
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
        std::shared_ptr<library::Library> lib;
        std::shared_ptr<SharedEncoder> encoder;
        std::shared_ptr<const model::Tokenizer> tokenizer;
        {
            std::lock_guard lock(mutex_);
            lib = library_;
            encoder = encoder_;
            tokenizer = tokenizer_;
        }
        if (job->cancelRequested()) {
            post([job] { job->setState(IngestJob::State::Cancelled); });
            return;
        }
        if (!lib || !encoder) {
            const QString message = !lib ? tr("No library is open.")
                                         : tr("No embedding model is loaded: choose one in Settings.");
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
        ingest::Ingestor ingestor(*lib, *encoder, tokenizer);
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
