#pragma once
// The first-run question "which model folder?" answered without asking the user when possible: a
// complete model already on disk (the Hugging Face cache, Cortex's models folder) is used; otherwise
// the official repository the VRAM table recommends is offered for download.

#include <QString>

#include <optional>
#include <vector>

#include "hub/hub_cache.h"
#include "hub/known_models.h"

namespace cortex::hub {

struct ModelAdvice {
    std::optional<FoundModel> found;    // a complete model of the role, the recommended size first
    std::optional<KnownModel> download; // the official model to download when nothing was found
    QString sentence;                   // one sentence for the user (English; the GUI composes its own)
};

// recommendedSize: "2B" or "8B" (session::chooseModels); found: findModels() of the search roots.
ModelAdvice adviseModel(ModelRole role, const QString &recommendedSize, const std::vector<FoundModel> &found);

} // namespace cortex::hub
