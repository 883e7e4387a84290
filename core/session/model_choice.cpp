#include "session/model_choice.h"

#include "model/nn/device.h"

#include <QCoreApplication>

namespace cortex::session {

GpuInfo detectGpu()
{
    GpuInfo info;
    const auto memory = model::cudaMemory();
    if (!memory)
        return info;
    info.available = true;
    info.name = QString::fromStdString(memory->name);
    info.freeBytes = memory->freeBytes;
    info.totalBytes = memory->totalBytes;
    return info;
}

ModelChoice chooseModels(const GpuInfo &gpu)
{
    constexpr double GB = 1e9;
    ModelChoice c;
    const double free = gpu.available ? double(gpu.freeBytes) / GB : 0;
    const QString where = gpu.available ? QCoreApplication::translate("ModelChoice", "%1 GB free on %2")
                                              .arg(free, 0, 'f', 1)
                                              .arg(gpu.name)
                                        : QCoreApplication::translate("ModelChoice", "no GPU");
    c.onGpu = gpu.available && free >= 6;
    if (free >= 40) {
        c.embeddingSize = QStringLiteral("8B");
        c.rerankerSize = QStringLiteral("8B");
    } else if (free >= 24) {
        c.embeddingSize = QStringLiteral("8B");
        c.rerankerSize = QStringLiteral("2B");
    } else if (free >= 16) {
        c.embeddingSize = QStringLiteral("8B");
        c.rerankerSize = QStringLiteral("2B");
        c.rerankerOnDemand = true;
    } else if (free >= 10) {
        c.embeddingSize = QStringLiteral("2B");
        c.rerankerSize = QStringLiteral("2B");
    } else {
        c.embeddingSize = QStringLiteral("2B");
    }
    const QString reranker =
        c.rerankerSize.isEmpty()
            ? QCoreApplication::translate("ModelChoice", "no reranker")
            : QCoreApplication::translate("ModelChoice", "%1 reranker%2")
                  .arg(c.rerankerSize, c.rerankerOnDemand
                                           ? QCoreApplication::translate("ModelChoice", " (loaded on demand)")
                                           : QString());
    // Worded as advice: what is really loaded can differ (the user's folders), and the sidebar says so
    // beside it rather than letting this line pass for a statement about the loaded models.
    c.reason = QCoreApplication::translate(
                   "ModelChoice", "Recommended for this computer (%1): %2 embedding model on the %3, %4.")
                   .arg(where, c.embeddingSize,
                        c.onGpu ? QCoreApplication::translate("ModelChoice", "GPU")
                                : QCoreApplication::translate("ModelChoice", "CPU"),
                        reranker);
    return c;
}

} // namespace cortex::session
