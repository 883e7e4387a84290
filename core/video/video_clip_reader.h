#pragma once
// A long video embedded as consecutive segments (issue 16): the time windows of a file, and the sampled
// frames of one window as the engine takes them (model::VideoClip). A window is sampled as the official
// pipeline samples a time range given as qwen-vl-utils' video_start / video_end
// (calculate_video_frame_range, then smart_nframes on the frames of the range, then torch.linspace over
// the range's first and last frame): the same fps, frame count limits and rounding as a whole video, the
// frame times kept in the whole file. Only one segment's frames are held at a time.
//
// (A range plan may also come to model/video/video_sampling.h from the model work; this one is written
// here, next to the decoder it drives, until the two are reconciled.)

#include "common/result.h"
#include "model/video/video_clip.h"
#include "model/video/video_sampling.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cortex::video {

class VideoDecoder;
struct VideoInfo;

// calculate_video_frame_range: the frames of [startSeconds, endSeconds] in a video of totalFrames frames
// at fps (times clamped to the video, the first frame rounded up, the last down). An error, naming
// `name`, where the official code raises: a range holding fewer than two frames.
struct VideoFrameRange {
    int64_t first = 0;
    int64_t last = 0;
    int64_t count() const { return last - first + 1; }
};
Result<VideoFrameRange> videoFrameRange(int64_t totalFrames, double fps, double startSeconds,
                                        double endSeconds, const std::string &name);

// The frame indices the official readers take for that range (smart_nframes on its frame count, then
// linspace(first, last, n) rounded), and the time of each (index / fps, in the whole file).
struct RangeSampling {
    VideoFrameRange range;
    std::vector<int64_t> frameIndices;
    std::vector<double> frameSeconds;
};
Result<RangeSampling> sampleVideoRange(int64_t totalFrames, double fps, double startSeconds,
                                       double endSeconds, const model::VideoSamplingOptions &options,
                                       const std::string &name);

struct VideoSegment {
    int index = 0; // 0-based, in time order
    double startSeconds = 0;
    double endSeconds = 0;
};

// The segments of a video for a window of windowSeconds: [0, w), [w, 2w), ..., the last one ending at
// the video's end (frameCount / averageFps, the duration the official code clamps to), so shorter; a
// video shorter than a window is one segment. A remainder too short to sample on its own (fewer than
// two frames) is added to the segment before it. A video of fewer than two frames, or a window that is
// not a positive number of seconds, is an error naming `name`.
Result<std::vector<VideoSegment>> planVideoSegments(const VideoInfo &info, double windowSeconds,
                                                    const model::VideoSamplingOptions &options,
                                                    const std::string &name);

// "demo.mp4, 1:00-2:00": a segment as messages and the clip's name show it (common/time_range.h's
// clockRange: h:mm:ss past an hour; the start rounded down and the end up to whole seconds).
std::string segmentName(const std::string &fileName, double startSeconds, double endSeconds);

// The name an encoder input of a segment carries (in the encoder's messages): the file's path and the
// segment, "/videos/demo.mp4 (demo.mp4, 1:00-2:00)".
std::string segmentInputName(const std::string &filePath, const std::string &segmentName);

// The sampled frames of [startSeconds, endSeconds] of the decoder's video, decoded at their times, in
// time order, named `name` (errors too; the decoder's own errors name the file).
Result<model::VideoClip> readVideoClip(VideoDecoder &decoder, double startSeconds, double endSeconds,
                                       const model::VideoSamplingOptions &options,
                                       const std::string &name = {});

// A segment's clip as ingestion embeds it: the frames of [startSeconds, endSeconds] sampled with the
// official defaults (model::VideoSamplingOptions{}), named segmentName(the file's name, start, end).
// Re-embedding a stored segment (search::itemInput) reads it with this too, so that it is the same clip
// by construction, not by two copies agreeing.
Result<model::VideoClip> readSegmentClip(VideoDecoder &decoder, double startSeconds, double endSeconds);

} // namespace cortex::video
