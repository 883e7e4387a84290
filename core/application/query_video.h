#pragma once
// A video file as (part of) a search query, in cortex-cli (search --video) and in the window (a video
// dropped on the query chip): the file's first segment window, sampled exactly as ingestion samples a
// segment, so that a query video and a library's segments are embedded alike.

#include "common/result.h"
#include "model/video/video_clip.h"

#include <filesystem>

namespace cortex::application {

// The segment window ingestion uses when the setting is not there (settings key below).
inline constexpr double kDefaultVideoSegmentSeconds = 60;
inline constexpr const char *kVideoSegmentSecondsKey = "ingest/videoSegmentSeconds";
// The range a window may be set to (the Settings tab's spin box; ingest::IngestOptions' limits).
inline constexpr int kMinVideoSegmentSeconds = 1;
inline constexpr int kMaxVideoSegmentSeconds = 3600;

// The window length in the user's settings (QSettings), or the default when it is missing or not a
// positive number of seconds.
double videoSegmentSeconds();

// The first segment window of the video at `file` ([0, windowSeconds), or the whole video when shorter)
// as the engine takes it. Errors name the file and say why: gone, not a video Cortex reads, damaged,
// fewer than two frames.
Result<model::VideoClip> readQueryVideo(const std::filesystem::path &file, double windowSeconds);

} // namespace cortex::application
