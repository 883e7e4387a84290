#pragma once
// The subtitles a video file carries in itself (a text subtitle stream: SubRip or WebVTT in Matroska and
// WebM, mov_text in MP4 and MOV, ASS/SSA), read with FFmpeg's libraries, so that a video segment can be
// found by the words spoken in it (the full-text index gets each segment's lines; the embedding stays the
// video's). Only subtitles inside the file count: they are part of its bytes, so a library that shares
// items between files with the same content stays right. Picture subtitles (DVD, Blu-ray PGS) carry no
// text and are skipped.
//
// Every input is hostile: the whole file is read once (the other streams' packets are discarded), or for
// a preview only the part around a time; cues and text are bounded by SubtitleLimits, damaged packets are
// skipped, and a file that does not open fails with a message naming it.

#include "common/result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cortex::video {

struct SubtitleCue {
    double startSeconds = 0; // from the video's first frame (VideoInfo::startSeconds is time 0)
    double endSeconds = 0;   // after startSeconds
    std::string text;        // plain text, lines separated by '\n', styling removed
};

struct SubtitleLimits {
    int64_t maxPacketBytes = 64 * 1024;     // a bigger subtitle packet is skipped as damaged
    int64_t maxCueBytes = 4 * 1024;         // a cue's text is cut there (at a character boundary)
    int64_t maxTextBytes = 4 * 1024 * 1024; // all cues together; reading stops there (truncated)
    int64_t maxCues = 100'000;              // reading stops there (truncated)
    // A cue with no end of its own lasts until the next one, at most this long.
    double openCueSeconds = 5.0;
};

struct Subtitles {
    std::string codec;             // FFmpeg's name of the stream's codec, e.g. "subrip"; empty when none
    std::string language;          // the stream's language tag, e.g. "eng"; may be empty
    std::vector<SubtitleCue> cues; // in order of start time
    bool truncated = false;        // a limit of SubtitleLimits stopped the reading
};

// The cues of the file's text subtitle stream (the one marked default, else the first), times measured
// from `originSeconds` (the video's first frame in the file's clock). No text subtitle stream: no cues,
// not an error. An error only when the file cannot be opened or its streams cannot be read. Reading a
// long file's subtitles reads the file: `cancelled` is asked before every read and stops it (the cues
// so far, `truncated`).
Result<Subtitles> readSubtitles(const std::filesystem::path &file, double originSeconds,
                                const SubtitleLimits &limits = {},
                                const std::function<bool()> &cancelled = {});

// For each time range (start, end) the lines of the cues shown during it (a cue overlapping the range),
// joined by '\n', a line repeated straight after itself given once, each range's text at most
// `maxBytes`. Cues in order of start time; linear in cues plus ranges plus the overlaps.
struct TimeRange {
    double startSeconds = 0;
    double endSeconds = 0;
};
std::vector<std::string> subtitleTextPerRange(const std::vector<SubtitleCue> &cues,
                                              const std::vector<TimeRange> &ranges,
                                              int64_t maxBytes = 16 * 1024);

// How far before a window readSubtitlesAround starts reading: a cue shown in the window that started
// longer ago than this is missed (cues show for seconds, not minutes).
inline constexpr double kSubtitleLookbackSeconds = 30.0;

// The cues on screen at some time of `window` (start <= end, times as readSubtitles gives them), read
// from the part of the file around it only: a seek to the key frame kSubtitleLookbackSeconds before its
// start, and the read stops once every stream has passed its end. For the preview, which shows one
// frame's line at a time of a file that may be hours long. Muxers put a cue beside the frames of its
// time; a file that holds all its cues at its start (badly interleaved) shows none after such a seek. Errors
// as readSubtitles, and a window that is not a range; `cancelled` as there.
Result<Subtitles> readSubtitlesAround(const std::filesystem::path &file, double originSeconds,
                                      TimeRange window, const SubtitleLimits &limits = {},
                                      const std::function<bool()> &cancelled = {});

// The lines of the cues on screen at `seconds` (start <= seconds < end), joined by '\n', a line repeated
// straight after itself given once, at most `maxBytes` (a cue that does not fit is left out: a caption,
// not the thousands of cues a hostile file may show at once). Cues in order of start time.
std::string subtitleTextAt(const std::vector<SubtitleCue> &cues, double seconds, int64_t maxBytes = 2048);

// The text of one subtitle event as FFmpeg gives it in ASS form ("ReadOrder,Layer,Style,Name,MarginL,
// MarginR,MarginV,Effect,Text"): the Text field with override blocks ({\i1}) removed and \N, \n as line
// breaks, \h as a space.
std::string assDialogueText(std::string_view event);

} // namespace cortex::video
