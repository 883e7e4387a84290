#pragma once
// A video (or one segment of it) as the engine takes it: the frames the official sampling picked
// (video_sampling.h: planVideoSampling's frameSeconds, decoded by video/video_decoder.h), in time order,
// upright 8-bit RGB at the size they were decoded; the video processor resizes them itself (to the size
// the plan gives for their count), because the official path resizes on float values, not on 8-bit images.

#include "model/image/image.h"

#include <string>
#include <vector>

namespace cortex::model {

struct VideoClip {
    std::vector<Image> frames;
    // The time of each frame in the file (index / average fps, as the official Qwen3VLProcessor counts):
    // the timestamp text before each temporal group ("<12.5 seconds>") is made from them. A segment of a
    // longer video keeps its times in the whole file, as qwen-vl-utils' video_start/video_end do.
    std::vector<double> frameSeconds;
    std::string name; // for error messages: "demo.mp4, 1:00-2:00"
};

} // namespace cortex::model
