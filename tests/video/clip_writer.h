#pragma once
// Tiny video clips encoded at test time with FFmpeg's encoders (the libraries the decoder uses), so no
// clip is committed. Each frame shows its number as a 4x4 grid of black and white blocks (bit k of the
// number is block k, row by row, white when set), which survives lossy codecs, so a test can tell which
// frame it got back.

#include "model/image/image.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace cortex::test {

// An RGB colour (0..255 each).
struct Rgb {
    int r = 0, g = 0, b = 0;
};

// One subtitle cue as the container stores it: its times in milliseconds and its packet's bytes (SubRip
// and WebVTT: the text; mov_text: movTextPacket(text); ASS: an event line "ReadOrder,Layer,Style,Name,
// MarginL,MarginR,MarginV,Effect,Text").
struct SubtitlePacket {
    int64_t startMs = 0;
    int64_t endMs = 0;
    std::string bytes;
};

struct SubtitleTrack {
    std::string codec = "subrip"; // an FFmpeg codec name: subrip, mov_text, webvtt, ass
    std::string header;           // the stream's extradata (ASS: the script header); may be empty
    std::string language;         // e.g. "eng"; empty: none
    bool isDefault = false;
    std::vector<SubtitlePacket> packets;
};

struct ClipSpec {
    std::string container = "matroska"; // an FFmpeg muxer name: mp4, mov, matroska, webm, avi
    std::string encoder = "ffv1";       // an FFmpeg encoder name: ffv1, mpeg4, mjpeg, libvpx, libx264
    int width = 64;
    int height = 48;
    int timeBaseDen = 30;     // the frames' times are pts / timeBaseDen seconds
    std::vector<int64_t> pts; // one per frame, increasing; empty: no frame at all
    int frameRate = 30;       // the stream's declared rate (0: none, for variable frame rates)
    int rotation = 0;         // clockwise degrees to display it turned (a display matrix)
    bool marker = false;      // a red block in the top-left corner on grey instead of the number
    // When set, the colour of pixel (x, y) of frame `frame` instead of the number or the marker (for
    // clips whose parts must look unlike each other, e.g. a colour per time range).
    std::function<Rgb(int frame, int x, int y)> paint;
    int gopSize = 10;
    int maxBFrames = 0;
    // Subtitle streams besides the video (written as packets, no encoder: see SubtitleTrack).
    std::vector<SubtitleTrack> subtitleTracks;
};

// mov_text's packet: the text's length (16 bits, big-endian) and the text.
std::string movTextPacket(const std::string &text);

// pts 0, 1, ..., count - 1.
std::vector<int64_t> consecutivePts(int count);

// Whether FFmpeg here has the encoder and the muxer (a test skips when not, naming it).
bool canWrite(const ClipSpec &spec);

// Writes the clip; an empty string on success, else what went wrong.
std::string writeClip(const std::filesystem::path &file, const ClipSpec &spec);

// The frame number shown in a decoded RGB image of such a clip (-1 when a block is neither black nor
// white enough to read).
int readFrameNumber(const model::Image &image);

// The RGB colour at (x, y).
Rgb pixelAt(const model::Image &image, int x, int y);

} // namespace cortex::test
