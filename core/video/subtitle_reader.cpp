#include "video/subtitle_reader.h"

#include "video/container_open.h"
#include "video/ffmpeg_handles.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace cortex::video {
namespace {

// An ASS event line has eight fields before its text (FFmpeg's form since 5.0).
constexpr int kAssFieldsBeforeText = 8;
// FFmpeg's interrupt callback: asked before every read of the file, so a cancel stops a long read
// however few subtitle packets it holds (the demuxer skips the other streams' data without returning
// it). Armed once the file is open: opening is quick and its failure would read as a damaged file.
struct Interrupt {
    const std::function<bool()> *cancelled = nullptr;
    bool armed = false;

    static int check(void *opaque)
    {
        const auto *self = static_cast<const Interrupt *>(opaque);
        return self->armed && self->cancelled && *self->cancelled && (*self->cancelled)() ? 1 : 0;
    }
};

struct SubtitleFreer {
    void operator()(AVSubtitle *subtitle) const { avsubtitle_free(subtitle); }
};

// At most `maxBytes` of `text`, cut before a UTF-8 continuation byte so no character is split.
void cutAtCharacter(std::string &text, size_t maxBytes)
{
    if (text.size() <= maxBytes)
        return;
    size_t end = maxBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    text.resize(end);
}

// Lines trimmed, empty ones dropped, joined by '\n'.
std::string tidyLines(std::string_view text)
{
    std::string out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(start, end - start);
        while (!line.empty() && static_cast<unsigned char>(line.front()) <= ' ')
            line.remove_prefix(1);
        while (!line.empty() && static_cast<unsigned char>(line.back()) <= ' ')
            line.remove_suffix(1);
        if (!line.empty()) {
            if (!out.empty())
                out += '\n';
            out += line;
        }
        start = end + 1;
    }
    return out;
}

// Adds `line` to `text` after a '\n', unless it repeats the line added last (`last`: the same words shown
// again straight after, a cue split by styling) or would take `text` past `maxBytes`.
void appendLine(std::string &text, const std::string *&last, const std::string &line, int64_t maxBytes)
{
    if (last && *last == line)
        return;
    const size_t needed = text.size() + (text.empty() ? 0 : 1) + line.size();
    if (static_cast<int64_t>(needed) > maxBytes)
        return;
    if (!text.empty())
        text += '\n';
    text += line;
    last = &line;
}

// The stream whose cues are read: a text subtitle stream, the one marked default first.
int chooseStream(const AVFormatContext &format)
{
    int chosen = -1;
    for (unsigned i = 0; i < format.nb_streams; ++i) {
        const AVStream *stream = format.streams[i];
        if (stream->codecpar->codec_type != AVMEDIA_TYPE_SUBTITLE)
            continue;
        const AVCodecDescriptor *descriptor = avcodec_descriptor_get(stream->codecpar->codec_id);
        if (!descriptor || !(descriptor->props & AV_CODEC_PROP_TEXT_SUB))
            continue;
        if (stream->disposition & AV_DISPOSITION_DEFAULT)
            return static_cast<int>(i);
        if (chosen < 0)
            chosen = static_cast<int>(i);
    }
    return chosen;
}

// The event's text: every text or ASS rectangle of it, one after the other.
std::string eventText(const AVSubtitle &subtitle)
{
    std::string text;
    for (unsigned i = 0; i < subtitle.num_rects; ++i) {
        const AVSubtitleRect *rect = subtitle.rects[i];
        std::string part;
        if (rect->type == SUBTITLE_ASS && rect->ass)
            part = assDialogueText(rect->ass);
        else if (rect->type == SUBTITLE_TEXT && rect->text)
            part = tidyLines(rect->text);
        if (part.empty())
            continue;
        if (!text.empty())
            text += '\n';
        text += part;
    }
    return text;
}

} // namespace

std::string assDialogueText(std::string_view event)
{
    size_t start = 0;
    for (int field = 0; field < kAssFieldsBeforeText; ++field) {
        const size_t comma = event.find(',', start);
        if (comma == std::string_view::npos) { // not an event line: all of it is text
            start = 0;
            break;
        }
        start = comma + 1;
    }
    const std::string_view text = event.substr(start);
    std::string plain;
    plain.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '{') { // an override block: styling, not words
            const size_t close = text.find('}', i);
            if (close == std::string_view::npos)
                break;
            i = close;
        } else if (c == '\\' && i + 1 < text.size() && (text[i + 1] == 'N' || text[i + 1] == 'n')) {
            plain += '\n';
            ++i;
        } else if (c == '\\' && i + 1 < text.size() && text[i + 1] == 'h') {
            plain += ' ';
            ++i;
        } else if (c == '\r') {
            plain += '\n';
        } else {
            plain += c;
        }
    }
    return tidyLines(plain);
}

namespace {

// A read of the part of the file around `window` stops at the first packet of any stream this long after
// the window's end: muxers interleave streams by time, and a cue starting that soon after the window
// still ends an open-ended cue inside it (SubtitleLimits::openCueSeconds).
constexpr double kWindowSlackSeconds = 10.0;

// readSubtitles and readSubtitlesAround: the whole file, or the part around `window`.
Result<Subtitles> readCues(const std::filesystem::path &file, double originSeconds,
                           const SubtitleLimits &limits, const std::function<bool()> &cancelled,
                           const std::optional<TimeRange> &window)
{
    Interrupt interrupt;
    interrupt.cancelled = &cancelled;
    auto opened = openVideoContainer(file, AVIOInterruptCB{&Interrupt::check, &interrupt});
    if (!opened)
        return opened.error();
    FormatContextPtr format = std::move(*opened);

    Subtitles subtitles;
    const int streamIndex = chooseStream(*format);
    if (streamIndex < 0)
        return subtitles;
    AVStream *stream = format->streams[streamIndex];
    subtitles.codec = avcodec_get_name(stream->codecpar->codec_id);
    if (const AVDictionaryEntry *language = av_dict_get(stream->metadata, "language", nullptr, 0))
        subtitles.language = language->value;
    const AVCodec *decoder = avcodec_find_decoder(stream->codecpar->codec_id);
    if (!decoder)
        return subtitles; // a text subtitle codec this FFmpeg cannot decode: no words, the video still counts

    CodecContextPtr codec(avcodec_alloc_context3(decoder));
    PacketPtr packet(av_packet_alloc());
    if (!codec || !packet)
        return makeError(file.string() + ": out of memory reading its subtitles", ErrorKind::OutOfMemory);
    if (avcodec_parameters_to_context(codec.get(), stream->codecpar) < 0)
        return subtitles;
    codec->pkt_timebase = stream->time_base;
    if (avcodec_open2(codec.get(), decoder, nullptr) < 0)
        return subtitles;
    // Only the subtitle stream's packets are wanted. MP4's demuxer then skips the others' data without
    // reading it (it reads by sample index); Matroska's still reads every cluster, so a read around a
    // window keeps the other streams there: their times tell when the read has passed the window.
    const bool indexed = std::string_view(format->iformat->name).find("mp4") != std::string_view::npos;
    if (!window || indexed)
        for (unsigned i = 0; i < format->nb_streams; ++i)
            if (static_cast<int>(i) != streamIndex)
                format->streams[i]->discard = AVDISCARD_ALL;
    if (const double from = window ? window->startSeconds - kSubtitleLookbackSeconds : 0; from > 0) {
        // To the key frame before the look-back (the default stream's); where the seek fails the read
        // starts at the beginning, still bounded by the window's end.
        av_seek_frame(format.get(), -1,
                      static_cast<int64_t>(std::floor((originSeconds + from) * AV_TIME_BASE)),
                      AVSEEK_FLAG_BACKWARD);
    }

    const double timeBase = av_q2d(stream->time_base);
    struct ReadCue {
        SubtitleCue cue;
        bool openEnded = false; // it had no end of its own
    };
    std::vector<ReadCue> read;
    int64_t textBytes = 0;
    interrupt.armed = true;
    for (;;) {
        int result = av_read_frame(format.get(), packet.get());
        if (result < 0) {
            // A damaged tail or a cancel (AVERROR_EXIT): the cues before it stand.
            subtitles.truncated = result != AVERROR_EOF;
            break;
        }
        const PacketPtr::pointer p = packet.get();
        if (window && p->stream_index >= 0 && static_cast<unsigned>(p->stream_index) < format->nb_streams) {
            // Every stream's packets say how far the read has come; past the window it is done.
            const int64_t at = p->pts != AV_NOPTS_VALUE ? p->pts : p->dts;
            const double seconds =
                at == AV_NOPTS_VALUE
                    ? -1.0
                    : static_cast<double>(at) * av_q2d(format->streams[p->stream_index]->time_base) -
                          originSeconds;
            if (seconds > window->endSeconds + kWindowSlackSeconds) {
                av_packet_unref(p);
                break;
            }
        }
        const bool wanted = p->stream_index == streamIndex && p->size > 0 && p->size <= limits.maxPacketBytes;
        const int64_t pts = p->pts != AV_NOPTS_VALUE ? p->pts : p->dts;
        if (!wanted || pts == AV_NOPTS_VALUE) {
            av_packet_unref(p);
            continue;
        }
        AVSubtitle raw{};
        int got = 0;
        result = avcodec_decode_subtitle2(codec.get(), &raw, &got, p);
        const double base = static_cast<double>(pts) * timeBase - originSeconds;
        const double packetSeconds = p->duration > 0 ? static_cast<double>(p->duration) * timeBase : 0.0;
        av_packet_unref(p);
        if (result < 0 || !got)
            continue; // a damaged cue is skipped, as players do
        std::unique_ptr<AVSubtitle, SubtitleFreer> event(&raw);
        SubtitleCue cue;
        cue.text = eventText(raw);
        if (cue.text.empty())
            continue;
        cutAtCharacter(cue.text, static_cast<size_t>(std::max<int64_t>(limits.maxCueBytes, 0)));
        cue.startSeconds = base + raw.start_display_time / 1000.0;
        bool ended = true;
        if (raw.end_display_time > raw.start_display_time && raw.end_display_time != UINT32_MAX)
            cue.endSeconds = base + raw.end_display_time / 1000.0;
        else if (packetSeconds > 0)
            cue.endSeconds = base + packetSeconds;
        else
            ended = false;
        if (!std::isfinite(cue.startSeconds) || (ended && !(cue.endSeconds > cue.startSeconds)))
            continue;
        if (static_cast<int64_t>(read.size()) >= limits.maxCues ||
            textBytes + static_cast<int64_t>(cue.text.size()) > limits.maxTextBytes) {
            subtitles.truncated = true;
            break;
        }
        textBytes += static_cast<int64_t>(cue.text.size());
        read.push_back({std::move(cue), !ended});
    }

    // In order of start time; a cue without an end lasts until the next one starts, at most openCueSeconds.
    std::stable_sort(read.begin(), read.end(), [](const ReadCue &a, const ReadCue &b) {
        return a.cue.startSeconds < b.cue.startSeconds;
    });
    subtitles.cues.reserve(read.size());
    for (size_t k = 0; k < read.size(); ++k) {
        SubtitleCue &cue = read[k].cue;
        if (read[k].openEnded) {
            cue.endSeconds = cue.startSeconds + limits.openCueSeconds;
            if (k + 1 < read.size() && read[k + 1].cue.startSeconds > cue.startSeconds)
                cue.endSeconds = std::min(cue.endSeconds, read[k + 1].cue.startSeconds);
        }
        if (!window || (cue.endSeconds > window->startSeconds && cue.startSeconds <= window->endSeconds))
            subtitles.cues.push_back(std::move(cue));
    }
    return subtitles;
}

} // namespace

Result<Subtitles> readSubtitles(const std::filesystem::path &file, double originSeconds,
                                const SubtitleLimits &limits, const std::function<bool()> &cancelled)
{
    return readCues(file, originSeconds, limits, cancelled, std::nullopt);
}

Result<Subtitles> readSubtitlesAround(const std::filesystem::path &file, double originSeconds,
                                      TimeRange window, const SubtitleLimits &limits,
                                      const std::function<bool()> &cancelled)
{
    if (!std::isfinite(window.startSeconds) || !std::isfinite(window.endSeconds) ||
        window.endSeconds < window.startSeconds)
        return makeError(file.string() + ": the time range asked for is not a range",
                         ErrorKind::InvalidInput);
    return readCues(file, originSeconds, limits, cancelled, window);
}

std::string subtitleTextAt(const std::vector<SubtitleCue> &cues, double seconds, int64_t maxBytes)
{
    std::string text;
    const std::string *last = nullptr;
    for (const SubtitleCue &cue : cues) {
        if (cue.startSeconds > seconds)
            break; // in order of start time: none after this one is on screen yet
        if (seconds < cue.endSeconds)
            appendLine(text, last, cue.text, maxBytes);
    }
    return text;
}

std::vector<std::string> subtitleTextPerRange(const std::vector<SubtitleCue> &cues,
                                              const std::vector<TimeRange> &ranges, int64_t maxBytes)
{
    std::vector<std::string> texts(ranges.size());
    std::vector<const std::string *> lastLine(ranges.size(), nullptr);
    for (const SubtitleCue &cue : cues) {
        // The first range that ends after the cue starts (ranges in order of time, so their ends rise).
        auto first = std::partition_point(ranges.begin(), ranges.end(), [&](const TimeRange &range) {
            return range.endSeconds <= cue.startSeconds;
        });
        for (auto at = first; at != ranges.end() && at->startSeconds < cue.endSeconds; ++at) {
            const size_t k = static_cast<size_t>(at - ranges.begin());
            if (at->endSeconds > cue.startSeconds)
                appendLine(texts[k], lastLine[k], cue.text, maxBytes);
        }
    }
    return texts;
}

} // namespace cortex::video
