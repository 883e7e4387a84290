#include "session/reranker_policy.h"

#include "embedding/qwen_models.h"
#include "hub/model_role.h"
#include "session/library_host.h"
#include "session/load_fallback.h"
#include "session/shared_models.h"

#include <QMetaObject>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace cortex::session {

RerankerPolicy::Loader RerankerPolicy::qwenLoader(std::function<void(const QString &)> notice)
{
    return [notice = std::move(notice)](
               const QString &directory,
               const model::EngineOptions &options) -> Result<std::unique_ptr<embedding::Scorer>> {
        if (const QString problem = hub::rerankerFolderProblem(directory); !problem.isEmpty())
            return makeError(problem.toStdString());
        auto loaded = loadWithFallback<embedding::QwenScorer>(
            options,
            [&](const model::EngineOptions &o) {
                return embedding::QwenScorer::load(directory.toStdString(), o);
            },
            notice);
        if (!loaded)
            return loaded.error();
        return std::unique_ptr<embedding::Scorer>(std::move(loaded).value());
    };
}

RerankerPolicy::RerankerPolicy(QThreadPool &loadPool, Loader loader,
                               std::function<void(const search::RerankerStatus &)> statusChanged)
    : loadPool_(loadPool), loader_(std::move(loader)), statusChanged_(std::move(statusChanged))
{
    idleReleaseTimer_.setSingleShot(true);
    QObject::connect(&idleReleaseTimer_, &QTimer::timeout, &idleReleaseTimer_, [this] { releaseIdle(); });
}

void RerankerPolicy::setStatus(const search::RerankerStatus &status)
{
    {
        std::lock_guard lock(mutex_);
        status_ = status;
    }
    if (statusChanged_)
        statusChanged_(status);
}

void RerankerPolicy::load(const QString &directory, const model::EngineOptions &options)
{
    start(directory, {}, [loader = loader_, directory, options] { return loader(directory, options); });
}

void RerankerPolicy::loadServed(const QString &server, Source make)
{
    start({}, server, std::move(make));
}

void RerankerPolicy::start(const QString &directory, const QString &server, Source make)
{
    uint64_t generation = 0;
    {
        std::lock_guard lock(mutex_);
        generation = ++generation_;
        scorer_.reset();
        directory_ = directory;
        server_ = server;
        servedModel_.clear();
        onDemand_ = false;
    }
    idleReleaseTimer_.stop();
    setStatus({search::RerankerState::Loading, {}});
    (void)QtConcurrent::run(&loadPool_, [this, make = std::move(make), generation] {
        auto loaded = guarded<Result<std::unique_ptr<embedding::Scorer>>>([&] { return make(); });
        {
            std::lock_guard lock(mutex_);
            if (generation != generation_)
                return; // replaced or disabled meanwhile
            if (loaded) {
                if (!server_.isEmpty())
                    servedModel_ = QString::fromStdString((*loaded)->name());
                scorer_ = std::make_shared<SharedScorer>(std::move(loaded).value());
            }
        }
        setStatus(loaded ? search::RerankerStatus{search::RerankerState::Ready, {}}
                         : search::RerankerStatus{search::RerankerState::Failed, loaded.error().message});
    });
}

void RerankerPolicy::disable()
{
    {
        std::lock_guard lock(mutex_);
        ++generation_;
        scorer_.reset();
        onDemand_ = false;
    }
    idleReleaseTimer_.stop();
    setStatus({search::RerankerState::Disabled, {}});
}

void RerankerPolicy::loadOnDemand(const QString &directory, const model::EngineOptions &options,
                                  std::chrono::milliseconds idleRelease)
{
    {
        std::lock_guard lock(mutex_);
        ++generation_;
        scorer_.reset();
        directory_ = directory;
        server_.clear();
        onDemand_ = true;
        onDemandOptions_ = options;
    }
    idleReleaseTimer_.stop();
    idleReleaseTimer_.setInterval(idleRelease);
    setStatus({search::RerankerState::OnDemand, {}});
}

bool RerankerPolicy::isOnDemand() const
{
    std::lock_guard lock(mutex_);
    return onDemand_;
}

bool RerankerPolicy::isLoaded() const
{
    std::lock_guard lock(mutex_);
    return scorer_ != nullptr;
}

search::RerankerStatus RerankerPolicy::status() const
{
    std::lock_guard lock(mutex_);
    return status_;
}

QString RerankerPolicy::directory() const
{
    std::lock_guard lock(mutex_);
    return directory_;
}

QString RerankerPolicy::server() const
{
    std::lock_guard lock(mutex_);
    return server_;
}

QString RerankerPolicy::servedModel() const
{
    std::lock_guard lock(mutex_);
    return servedModel_;
}

RerankerPolicy::Lease RerankerPolicy::lease(bool rerank)
{
    Lease lease;
    {
        std::lock_guard lock(mutex_);
        lease.scorer = scorer_;
        lease.status = status_;
        lease.onDemand = onDemand_ && rerank;
        lease.generation = generation_;
    }
    if (lease.onDemand)
        idleReleaseTimer_.stop(); // not released while this search may need it
    return lease;
}

void RerankerPolicy::acquire(Lease &lease)
{
    if (lease.onDemand && !lease.scorer &&
        (lease.status.state == search::RerankerState::OnDemand ||
         lease.status.state == search::RerankerState::Loading)) // another search loads it
        std::tie(lease.scorer, lease.status) = acquireOnDemand(lease.generation);
}

void RerankerPolicy::release(const Lease &lease)
{
    if (!lease.onDemand)
        return;
    // The idle time counts from the end of the last reranked search.
    QMetaObject::invokeMethod(
        &idleReleaseTimer_,
        [this] {
            if (isOnDemand())
                idleReleaseTimer_.start();
        },
        Qt::QueuedConnection);
}

std::pair<std::shared_ptr<SharedScorer>, search::RerankerStatus>
RerankerPolicy::acquireOnDemand(uint64_t generation)
{
    std::lock_guard loading(onDemandLoadMutex_);
    QString directory;
    model::EngineOptions options;
    {
        std::lock_guard lock(mutex_);
        if (generation != generation_)
            return {scorer_, status_}; // reconfigured meanwhile: whatever is there now
        if (scorer_)                   // another search loaded it while this one waited
            return {scorer_, status_};
        directory = directory_;
        options = onDemandOptions_;
    }
    setStatus({search::RerankerState::Loading, {}});
    auto loaded = loader_(directory, options);
    search::RerankerStatus status =
        loaded ? search::RerankerStatus{search::RerankerState::Ready, {}}
               : search::RerankerStatus{search::RerankerState::Failed, loaded.error().message};
    std::shared_ptr<SharedScorer> scorer;
    {
        std::lock_guard lock(mutex_);
        if (generation != generation_)
            return {scorer_, status_}; // turned off while loading: this copy is dropped
        if (loaded)
            scorer_ = scorer = std::make_shared<SharedScorer>(std::move(loaded).value());
    }
    setStatus(status);
    return {scorer, status};
}

void RerankerPolicy::releaseIdle()
{
    {
        std::lock_guard lock(mutex_);
        if (!onDemand_ || !scorer_)
            return;
        scorer_.reset(); // a search still using it keeps it until it ends
    }
    setStatus({search::RerankerState::OnDemand, {}});
}

} // namespace cortex::session
