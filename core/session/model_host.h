#pragma once
// The embedding model slot: one model in memory (shared behind a queue, shared_models.h) with its
// tokenizer and folder, loaded with the CPU fallback (load_fallback.h) and unloaded only once the
// searches that hold it are done. Its worker loads models one at a time, the reranker's too
// (reranker_policy.h), so two checkpoints never compete for memory while loading. LibrarySession
// composes it and decides when an unload is refused (ingestion jobs are its concern).

#include "common/result.h"
#include "model/engine_options.h"

#include <QFuture>
#include <QString>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <mutex>

namespace cortex::model {
class Tokenizer;
}
namespace cortex::embedding {
class Encoder;
}

namespace cortex::session {

class SharedEncoder;

class ModelHost {
public:
    struct Callbacks {
        std::function<void()> changed;                      // loaded or unloaded (on the model worker)
        std::function<void(const QString &message)> notice; // for the user (on the model worker)
    };
    explicit ModelHost(Callbacks callbacks);
    ~ModelHost(); // waits for the model worker
    ModelHost(const ModelHost &) = delete;
    ModelHost &operator=(const ModelHost &) = delete;

    // Replaces the model on the model worker once the new one has loaded (a failed load keeps the old).
    QFuture<Status> load(const QString &directory, const model::EngineOptions &options, int mrlDim);

    // A model from elsewhere (a model server: application/served_models.h), made on the model worker by
    // `make`, with the same rule: it replaces the model only once it is made.
    struct Made {
        std::unique_ptr<embedding::Encoder> encoder;
        std::shared_ptr<const model::Tokenizer> tokenizer; // null: ingestion is refused, search works
        QString server;                                    // where it is served ("http://gpu:8000")
        QString servedModel;                               // the name it is served under
    };
    QFuture<Status> load(std::function<Result<Made>()> make);
    // On the model worker, so that a load still in progress ends first instead of undoing the unload.
    // `waitForUsers` blocks until the work that took the model before the unload is done; the answer
    // comes after it. Work that still holds the model later keeps it, and a notice says so.
    QFuture<Status> unload(std::function<void()> waitForUsers);

    struct Loaded {
        std::shared_ptr<SharedEncoder> encoder; // null without a model
        std::shared_ptr<const model::Tokenizer> tokenizer;
    };
    // The model and its tokenizer as one pair (never the tokenizer of another model).
    Loaded loaded() const;
    std::shared_ptr<SharedEncoder> encoder() const;
    QString directory() const;
    // The server the model is served by, empty for a model on this computer.
    QString server() const;
    QString servedModel() const;

    // The worker that loads models, one at a time.
    QThreadPool &loadPool() { return pool_; }
    void waitForDone() { pool_.waitForDone(); }

private:
    void install(std::unique_ptr<embedding::Encoder> encoder,
                 std::shared_ptr<const model::Tokenizer> tokenizer, const QString &directory,
                 const QString &server, const QString &servedModel);

    Callbacks callbacks_;
    mutable std::mutex mutex_; // guards the members below (the model itself is thread-safe)
    Loaded loaded_;
    QString directory_;
    QString server_;
    QString servedModel_;
    QThreadPool pool_;
};

} // namespace cortex::session
