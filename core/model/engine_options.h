#pragma once
// Options shared by the embedder and the reranker, and the input type both accept.

#include "model/image/image.h"
#include "model/nn/device.h"
#include "model/video/video_clip.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cortex::model {

struct EngineOptions {
    DevicePreference device = DevicePreference::Auto;
    DTypePreference dtype = DTypePreference::Auto;
    // Image pixel limits. The official Qwen3-VL-Embedding/Reranker wrappers pass these explicitly
    // (4,096 and 1,843,200), overriding the snapshot's preprocessor_config.json, so Cortex does too.
    int64_t minPixels = 4096;
    int64_t maxPixels = 1843200;
    int batchSize = 8;  // sequences per forward pass
    int cpuThreads = 0; // 0: every core
    // int8's attention in bfloat16 (true) or float32 (false); unset: bfloat16 where the CPU computes it
    // natively (ComputeTarget::bfloat16Attention). Tests set it to run both on any CPU.
    std::optional<bool> int8BFloat16Attention;
};

// A text, images, or both (images come first in the prompt, as in the official formats).
struct MultimodalInput {
    std::string text;
    std::vector<Image> images;
    std::vector<std::string> imageNames; // for error messages; may be shorter than images
    // A video comes before the images and the text, as the official chat template orders them.
    std::optional<VideoClip> video;
};

} // namespace cortex::model
