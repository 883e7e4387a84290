#include "session/model_host.h"

#include "embedding/qwen_models.h"
#include "session/library_host.h"
#include "session/load_fallback.h"
#include "session/shared_models.h"

#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace cortex::session {

ModelHost::ModelHost(Callbacks callbacks) : callbacks_(std::move(callbacks))
{
    pool_.setMaxThreadCount(1);
}

ModelHost::~ModelHost()
{
    pool_.waitForDone();
}

QFuture<Status> ModelHost::load(const QString &directory, const model::EngineOptions &options, int mrlDim)
{
    return QtConcurrent::run(&pool_, [this, directory, options, mrlDim]() -> Status {
        auto loaded = loadWithFallback<embedding::QwenEncoder>(
            options,
            [&](const model::EngineOptions &o) {
                return embedding::QwenEncoder::load(directory.toStdString(), o, mrlDim);
            },
            callbacks_.notice);
        if (!loaded)
            return loaded.error();
        auto tokenizer = (*loaded)->tokenizer();
        install(std::move(loaded).value(), std::move(tokenizer), directory, {}, {});
        return {};
    });
}

QFuture<Status> ModelHost::load(std::function<Result<Made>()> make)
{
    return QtConcurrent::run(&pool_, [this, make = std::move(make)]() -> Status {
        auto made = guarded<Result<Made>>([&] { return make(); });
        if (!made)
            return made.error();
        install(std::move(made->encoder), std::move(made->tokenizer), {}, made->server, made->servedModel);
        return {};
    });
}

void ModelHost::install(std::unique_ptr<embedding::Encoder> encoder,
                        std::shared_ptr<const model::Tokenizer> tokenizer, const QString &directory,
                        const QString &server, const QString &servedModel)
{
    {
        std::lock_guard lock(mutex_);
        loaded_.encoder = std::make_shared<SharedEncoder>(std::move(encoder));
        loaded_.tokenizer = std::move(tokenizer);
        directory_ = directory;
        server_ = server;
        servedModel_ = servedModel;
    }
    if (callbacks_.changed)
        callbacks_.changed();
}

QFuture<Status> ModelHost::unload(std::function<void()> waitForUsers)
{
    return QtConcurrent::run(&pool_, [this, waitForUsers = std::move(waitForUsers)]() -> Status {
        std::shared_ptr<SharedEncoder> released;
        {
            std::lock_guard lock(mutex_);
            released = std::exchange(loaded_.encoder, nullptr);
            loaded_.tokenizer.reset();
            directory_.clear();
            server_.clear();
            servedModel_.clear();
        }
        if (!released)
            return {};
        if (callbacks_.changed)
            callbacks_.changed();
        if (waitForUsers)
            waitForUsers();
        if (released.use_count() > 1 && callbacks_.notice)
            callbacks_.notice(
                QStringLiteral("The embedding model stays in memory until the work that still "
                               "uses it (an ingestion, a migration or an import) has finished."));
        return {};
    });
}

ModelHost::Loaded ModelHost::loaded() const
{
    std::lock_guard lock(mutex_);
    return loaded_;
}

std::shared_ptr<SharedEncoder> ModelHost::encoder() const
{
    std::lock_guard lock(mutex_);
    return loaded_.encoder;
}

QString ModelHost::directory() const
{
    std::lock_guard lock(mutex_);
    return directory_;
}

QString ModelHost::server() const
{
    std::lock_guard lock(mutex_);
    return server_;
}

QString ModelHost::servedModel() const
{
    std::lock_guard lock(mutex_);
    return servedModel_;
}

} // namespace cortex::session
