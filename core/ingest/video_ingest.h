#pragma once
// A video file into items, segment by segment (issue 16): the file is cut into windows of
// IngestOptions::videoSegmentSeconds (video/video_clip_reader.h), each window sampled as the official
// embedder samples a time range, embedded as one input and stored as a VideoSegment item with its time
// range, its middle frame as the thumbnail, a strip of a few of its frames and, as its text, the lines of
// the file's own subtitles shown during it (video/subtitle_reader.h: what the full-text index finds it
// by; the embedding is the video's alone). Only one segment's frames are in memory. After every segment
// a checkpoint saves it (FileProgress), so a job paused or killed inside a long video continues at the
// next segment; the file is committed in one transaction at the end, like every other file
// (file_ingest.h).

#include "common/result.h"
#include "store/records.h"

#include <QString>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace cortex::model {
struct Image;
}

namespace cortex::ingest {

struct FileContext;
struct IngestOptions;

enum class VideoOutcome { Embedded, Paused, Failed };

struct VideoEmbedding {
    VideoOutcome outcome = VideoOutcome::Failed;
    QString failure;                   // Failed: why, naming the file
    std::vector<store::NewItem> items; // Embedded: one per segment, in time order
    int64_t resumedItems = 0;          // segments an earlier run of the job had saved
};

// An error only when the library could not be written; a problem with the file is a Failed outcome.
// `afterCheckpoint` runs after each saved segment (the test hook of file_ingest.h).
Result<VideoEmbedding> embedVideoFile(const FileContext &context, const QString &path,
                                      const std::string &sha256,
                                      const std::function<void()> &afterCheckpoint = {});

// How many segments the video at `path` is cut into with options.videoSegmentSeconds, from its header
// (the job's ETA counts them before it begins the video: job_eta.h). Opens the file as embedVideoFile
// does, so it reads the header and decodes the first frame, nothing more; nullopt when it does not open
// as a video or cannot be planned (embedVideoFile will fail it quickly: an ordinary file's work), and for
// anything that is not a regular file (never opened).
std::optional<int64_t> plannedVideoSegments(const QString &path, const IngestOptions &options);

// The strip a result card shows for a segment: up to kStripFrames of `frames` picked evenly (the first
// and the last included), each scaled to kStripHeight pixels high, side by side, as PNG bytes.
inline constexpr int kStripFrames = 5;
inline constexpr int kStripHeight = 48;
std::vector<uint8_t> frameStripPng(const std::vector<model::Image> &frames);

} // namespace cortex::ingest
