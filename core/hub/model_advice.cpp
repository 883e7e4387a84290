#include "hub/model_advice.h"

namespace cortex::hub {

ModelAdvice adviseModel(ModelRole role, const QString &recommendedSize, const std::vector<FoundModel> &found)
{
    ModelAdvice advice;
    const QString roleText =
        role == ModelRole::Reranker ? QStringLiteral("reranker") : QStringLiteral("embedding");
    // The recommended size first; a complete model of another size beats downloading gigabytes.
    for (int pass = 0; pass < 2 && !advice.found; ++pass)
        for (const FoundModel &model : found)
            if (model.role == role && model.complete && (pass == 1 || model.size == recommendedSize)) {
                advice.found = model;
                break;
            }
    if (advice.found) {
        advice.sentence = QStringLiteral("No %1 model is configured; using %2 found in %3.")
                              .arg(roleText, advice.found->repoId, advice.found->path);
        return advice;
    }
    advice.download = officialModel(role, recommendedSize);
    if (!advice.download) // no recommendation, or an unknown size
        advice.download = officialModel(role, QStringLiteral("2B"));
    advice.sentence =
        QStringLiteral("No %1 model is configured and none was found on this computer: download %2 "
                       "(about %3 GB, the size recommended for this computer) or choose a model folder.")
            .arg(roleText, advice.download->repoId)
            .arg(advice.download->approxDownloadGb, 0, 'f', 1);
    return advice;
}

} // namespace cortex::hub
