#pragma once
// Where the Hugging Face Hub is and where its files are cached, as huggingface_hub decides it, so that
// Cortex and the user's Python tools share one copy of each model:
//   endpoint: $HF_ENDPOINT, else https://huggingface.co (mirrors set HF_ENDPOINT)
//   token:    $HF_TOKEN, else $HUGGING_FACE_HUB_TOKEN, else the file $HF_TOKEN_PATH or $HF_HOME/token
//   cache:    $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub ($HF_HOME defaults to
//             $XDG_CACHE_HOME/huggingface)

#include <QString>

namespace cortex::hub {

struct HubEnvironment {
    QString endpoint; // no trailing slash
    QString token;    // empty: anonymous
    QString cacheDir;

    static HubEnvironment fromSystem();
};

// Cortex's own models folder (the platform's data location + "/models"); searched like a hub cache and
// for plain model folders copied into it. Needs the application name set.
QString cortexModelsDir();

} // namespace cortex::hub
