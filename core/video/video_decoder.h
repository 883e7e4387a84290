#pragma once
// Video files decoded with FFmpeg's libraries (MP4, MOV, MKV, WebM, AVI and the other containers in
// kVideoContainers): what a file holds (duration, frame rate, size as displayed, rotation) and its
// frames at requested TIMES, not frame numbers, so a variable frame rate gives the frame on screen at
// each time. Never loads all frames: a request seeks to the key frame at or before its time and decodes
// forward, holding one decoded frame besides the answers. Frames come out as 8-bit RGB model::Image (what
// the model's image processor takes), turned upright as the file's rotation asks.
//
// Every input is hostile: a file that is not a video, damaged, truncated, with no frames, absurd sizes or
// durations fails with a message naming the file and the reason. One decoder per thread; different
// decoders may run on different threads at once.

#include "common/result.h"
#include "model/image/image.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cortex::video {

// The demuxers a file may be opened with (FFmpeg's format_whitelist): the containers videos come in,
// not the hundreds of other formats FFmpeg parses (less code reached by a hostile file).
inline constexpr const char *kVideoContainers = "mov,mp4,matroska,webm,avi,mpegts,mpeg,flv,ogg,asf";

struct VideoLimits {
    // Decoded frame size (coded width * height), checked on the header before a frame is decoded and by
    // the decoder on every frame: the image extractors' limit (ExtractOptions::maxImagePixels).
    int64_t maxFramePixels = 100'000'000;
    // A header claiming more than this (a week) is refused as damaged.
    double maxDurationSeconds = 7 * 24 * 3600.0;
    // At most this many times in one request, and the answers of framesAt together at most this big.
    int64_t maxRequestedFrames = 4096;
    int64_t maxOutputBytes = int64_t{2} << 30;
    // Damaged packets are skipped as FFmpeg's player does; this many in a row is a damaged file.
    int maxConsecutiveBadPackets = 64;
    // Decoder threads (1: the caller's thread only; ingestion runs several files at once).
    int decoderThreads = 1;
};

struct VideoInfo {
    std::string container; // FFmpeg's demuxer name, e.g. "matroska,webm"
    std::string codec;     // e.g. "h264"
    int codedWidth = 0;    // as stored
    int codedHeight = 0;
    int rotation = 0; // clockwise degrees turned on display: 0, 90, 180, 270
    int width = 0;    // as displayed, after the rotation
    int height = 0;
    double durationSeconds = 0; // from the header, else from the packets' times
    double averageFps = 0;      // the stream's average frame rate
    int64_t frameCount = 0;     // from the header, else round(duration * fps)
    // The first frame's presentation time in the file's own clock (what other streams' times, e.g.
    // subtitles, are measured against; every time this class takes or gives is from this frame).
    double startSeconds = 0;
};

struct DecodedFrame {
    size_t request = 0;          // index into the requested times
    double requestedSeconds = 0; // the time asked for, from the first frame
    double seconds = 0;          // the time of the frame given, from the first frame
    model::Image image;          // RGB, upright, info().width x info().height
};

class VideoDecoder {
public:
    // Opens `file`, reads its header and decodes its first frame (a file without one fails here).
    static Result<std::unique_ptr<VideoDecoder>> open(const std::filesystem::path &file,
                                                      const VideoLimits &limits = {});
    ~VideoDecoder();
    VideoDecoder(const VideoDecoder &) = delete;
    VideoDecoder &operator=(const VideoDecoder &) = delete;

    const VideoInfo &info() const;
    // The file as given to open() (what every message of this decoder starts with).
    const std::string &path() const;

    // For each time (seconds from the first frame; any order, repeats allowed) the frame on screen at
    // that time: the last frame whose presentation time is at or before it (the first frame before the
    // first frame's time, the last frame after the end). `sink` gets them in order of time, one at a
    // time, so memory stays at one frame whatever the count. A time inside the duration the header claims
    // but after the last decodable frame is an error (truncated or damaged file); so is a sink's error.
    Status forEachFrameAt(const std::vector<double> &seconds,
                          const std::function<Status(DecodedFrame &&)> &sink);

    // The same frames collected, in the order of `seconds` (bounded by VideoLimits::maxOutputBytes).
    Result<std::vector<DecodedFrame>> framesAt(const std::vector<double> &seconds);

private:
    struct State;
    explicit VideoDecoder(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
};

} // namespace cortex::video
