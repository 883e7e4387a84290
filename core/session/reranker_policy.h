#pragma once
// When the reranker is in memory, apart from what reranking does: loaded now (Loading, then Ready or
// Failed), on demand (OnDemand: the first search that reranks loads it, and it is released again after an
// idle time; the VRAM table's 16-24 GB row), or off (Disabled). Every change of mind bumps a generation,
// so that a load that finishes after the reranker was replaced or turned off is dropped. LibrarySession
// composes it; a search takes a Lease when it starts and gives it back when it ends.

#include "common/result.h"
#include "model/engine_options.h"
#include "search/searcher.h"

#include <QString>
#include <QThreadPool>
#include <QTimer>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

namespace cortex::embedding {
class Scorer;
}

namespace cortex::session {

class SharedScorer;

class RerankerPolicy {
public:
    // Loads a reranker from a folder (on the load worker, or on a search worker when on demand).
    using Loader = std::function<Result<std::unique_ptr<embedding::Scorer>>(
        const QString &directory, const model::EngineOptions &options)>;
    // The Qwen3-VL reranker with the CPU fallback (announced through `notice`); a folder that says it is an
    // embedding model is refused (hub/model_role.h: loaded as a reranker it would score without meaning).
    static Loader qwenLoader(std::function<void(const QString &message)> notice);

    // `loadPool` runs load() (the model host's worker, one model load at a time); its owner waits for it,
    // and for the searches, before the policy is destroyed. `statusChanged` is called on the thread that
    // changed the status (the GUI thread or a worker).
    RerankerPolicy(QThreadPool &loadPool, Loader loader,
                   std::function<void(const search::RerankerStatus &)> statusChanged);
    RerankerPolicy(const RerankerPolicy &) = delete;
    RerankerPolicy &operator=(const RerankerPolicy &) = delete;

    // These are called on the GUI thread (the idle timer lives there).
    // Loads in the background: Loading (at once), then Ready or Failed with the reason.
    void load(const QString &directory, const model::EngineOptions &options);
    // A reranker served elsewhere (application/served_models.h), made by `make` on the load worker, with
    // the same states; never on demand, since it holds no memory here.
    using Source = std::function<Result<std::unique_ptr<embedding::Scorer>>()>;
    void loadServed(const QString &server, Source make);
    // OnDemand: nothing is loaded until a search that reranks acquires it; released after `idleRelease`
    // without such a search.
    void loadOnDemand(const QString &directory, const model::EngineOptions &options,
                      std::chrono::milliseconds idleRelease);
    // At once, whatever runs: searches that hold the reranker finish with it, then its memory is freed.
    void disable();

    bool isOnDemand() const;
    bool isLoaded() const;
    search::RerankerStatus status() const;
    QString directory() const;
    // The server of a served reranker; empty for one on this computer.
    QString server() const;
    QString servedModel() const; // the served reranker's name, once Ready

    // What one search reranks with.
    struct Lease {
        std::shared_ptr<SharedScorer> scorer; // null: the search does not rerank (status says why)
        search::RerankerStatus status;
        bool onDemand = false; // the search reranks with the on-demand reranker
        uint64_t generation = 0;
    };
    // GUI thread, when the search starts: the reranker as it is now. An on-demand reranker is not
    // released while the search may need it.
    Lease lease(bool rerank);
    // Search worker: an on-demand lease without a scorer loads it (one load at a time; a search that
    // waited takes what the first one loaded). The lease then says what the search has.
    void acquire(Lease &lease);
    // Search worker, after the search: an on-demand reranker's idle time starts again.
    void release(const Lease &lease);

private:
    void start(const QString &directory, const QString &server, Source make);
    std::pair<std::shared_ptr<SharedScorer>, search::RerankerStatus> acquireOnDemand(uint64_t generation);
    void releaseIdle();
    void setStatus(const search::RerankerStatus &status);

    QThreadPool &loadPool_;
    Loader loader_;
    std::function<void(const search::RerankerStatus &)> statusChanged_;

    mutable std::mutex mutex_; // guards the members below (the scorer itself is thread-safe)
    std::shared_ptr<SharedScorer> scorer_;
    QString directory_;
    QString server_;
    QString servedModel_;
    search::RerankerStatus status_;
    uint64_t generation_ = 0; // a late load of a reranker that was replaced meanwhile is dropped
    bool onDemand_ = false;
    model::EngineOptions onDemandOptions_;

    std::mutex onDemandLoadMutex_; // one on-demand load at a time; other searches wait for it
    QTimer idleReleaseTimer_;      // GUI thread: restarted after each search that used the reranker
};

} // namespace cortex::session
