#pragma once
// When a model does not fit: loading is tried again on the CPU (in its own dtype), and the caller is told so
// in one sentence. An error that is not about resources (a missing folder, a corrupt checkpoint) is final:
// trying elsewhere would only repeat it. During inference, a batch that fails is retried one input at a time
// by the ingestion (file_ingest.cpp), which is the "smaller batch" step of the fallback.

#include "common/result.h"
#include "model/engine_options.h"

#include <QString>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cortex::session {

struct LoadAttempt {
    model::EngineOptions options;
    std::string notice; // empty for the first attempt; else what the fallback changed, for the user,
                        // with %1 for the reason the attempt before failed
};

// The attempts in order: as asked, then (unless it already was) on the CPU in the CPU's dtype (auto).
std::vector<LoadAttempt> loadAttempts(const model::EngineOptions &requested);

// Whether an error means "did not fit / no such device" (worth another attempt), by its kind
// (ErrorKind::OutOfMemory or Device), never by its text: a model folder named ".../cuda-models/" or
// "out of memory" is just a folder.
bool isResourceError(const Error &error);

// Runs `load(options)` for each attempt until one succeeds or an error is not about resources; the
// attempt that succeeded after another failed is announced through `notice` (the embedding model and the
// reranker load the same way).
template <typename Model, typename Load>
Result<std::unique_ptr<Model>> loadWithFallback(const model::EngineOptions &options, const Load &load,
                                                const std::function<void(const QString &)> &notice)
{
    Result<std::unique_ptr<Model>> loaded = makeError("no attempt was made");
    std::string reason; // why the attempt before failed
    for (const auto &attempt : loadAttempts(options)) {
        if (!loaded.ok() && !attempt.notice.empty() && !isResourceError(loaded.error()))
            break; // a missing folder or a corrupt file fails the same way everywhere
        loaded = load(attempt.options);
        if (loaded) {
            if (!attempt.notice.empty() && notice)
                notice(QString::fromStdString(attempt.notice).arg(QString::fromStdString(reason)));
            break;
        }
        reason = loaded.error().message;
    }
    return loaded;
}

} // namespace cortex::session
