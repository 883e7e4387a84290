#include "clip_writer.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <limits>
#include <memory>

namespace cortex::test {
namespace {

constexpr int kBlocksAcross = 4;
constexpr int kBlocksDown = 4;

std::string errorText(int code)
{
    char buffer[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, buffer, sizeof buffer);
    return buffer;
}

// The RGB picture of frame `number`.
std::vector<uint8_t> framePicture(const ClipSpec &spec, int number)
{
    std::vector<uint8_t> rgb(static_cast<size_t>(spec.width) * spec.height * 3);
    for (int y = 0; y < spec.height; ++y) {
        for (int x = 0; x < spec.width; ++x) {
            uint8_t r = 0, g = 0, b = 0;
            if (spec.paint) {
                const Rgb c = spec.paint(number, x, y);
                r = static_cast<uint8_t>(std::clamp(c.r, 0, 255));
                g = static_cast<uint8_t>(std::clamp(c.g, 0, 255));
                b = static_cast<uint8_t>(std::clamp(c.b, 0, 255));
            } else if (spec.marker) {
                const bool corner = x < spec.width / 4 && y < spec.height / 4;
                r = corner ? 255 : 128;
                g = b = corner ? 0 : 128;
            } else {
                const int block =
                    y * kBlocksDown / spec.height * kBlocksAcross + x * kBlocksAcross / spec.width;
                r = g = b = (number >> block) & 1 ? 255 : 0;
            }
            auto *p = &rgb[(static_cast<size_t>(y) * spec.width + x) * 3];
            p[0] = r;
            p[1] = g;
            p[2] = b;
        }
    }
    return rgb;
}

struct Writer {
    AVFormatContext *format = nullptr;
    AVCodecContext *codec = nullptr;
    AVFrame *frame = nullptr;
    AVPacket *packet = nullptr;
    SwsContext *sws = nullptr;
    AVStream *stream = nullptr;
    const std::vector<int64_t> *pts = nullptr;

    // Until the next frame's time (the last frame: one tick). MP4's edit list ends where the last
    // sample's duration ends, so a last frame without one would be cut off.
    int64_t durationOf(int64_t time) const
    {
        const auto at = std::lower_bound(pts->begin(), pts->end(), time);
        if (at != pts->end() && *at == time && at + 1 != pts->end())
            return *(at + 1) - time;
        return 1;
    }
    ~Writer()
    {
        sws_freeContext(sws);
        av_packet_free(&packet);
        av_frame_free(&frame);
        avcodec_free_context(&codec);
        if (format) {
            if (format->pb)
                avio_closep(&format->pb);
            avformat_free_context(format);
        }
    }

    std::string drain(bool flush)
    {
        int result = avcodec_send_frame(codec, flush ? nullptr : frame);
        if (result < 0)
            return "send_frame: " + errorText(result);
        for (;;) {
            result = avcodec_receive_packet(codec, packet);
            if (result == AVERROR(EAGAIN) || result == AVERROR_EOF)
                return {};
            if (result < 0)
                return "receive_packet: " + errorText(result);
            if (packet->duration <= 0)
                packet->duration = durationOf(packet->pts);
            av_packet_rescale_ts(packet, codec->time_base, stream->time_base);
            packet->stream_index = stream->index;
            result = av_interleaved_write_frame(format, packet);
            if (result < 0)
                return "write_frame: " + errorText(result);
        }
    }
};

AVPixelFormat chooseFormat(const AVCodec *codec)
{
    if (!codec->pix_fmts)
        return AV_PIX_FMT_YUV420P;
    for (const auto wanted : {AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUVJ420P}) {
        for (const AVPixelFormat *f = codec->pix_fmts; *f != AV_PIX_FMT_NONE; ++f) {
            if (*f == wanted)
                return wanted;
        }
    }
    return codec->pix_fmts[0];
}

// The subtitle streams, before the header is written.
std::string addSubtitleStreams(AVFormatContext *format, const ClipSpec &spec,
                               std::vector<AVStream *> &streams)
{
    for (const SubtitleTrack &track : spec.subtitleTracks) {
        const AVCodecDescriptor *descriptor = avcodec_descriptor_get_by_name(track.codec.c_str());
        if (!descriptor)
            return "no subtitle codec " + track.codec;
        AVStream *stream = avformat_new_stream(format, nullptr);
        if (!stream)
            return "out of memory";
        stream->codecpar->codec_type = AVMEDIA_TYPE_SUBTITLE;
        stream->codecpar->codec_id = descriptor->id;
        stream->time_base = AVRational{1, 1000};
        if (track.isDefault)
            stream->disposition |= AV_DISPOSITION_DEFAULT;
        if (!track.language.empty())
            av_dict_set(&stream->metadata, "language", track.language.c_str(), 0);
        if (!track.header.empty()) {
            auto *extradata =
                static_cast<uint8_t *>(av_mallocz(track.header.size() + AV_INPUT_BUFFER_PADDING_SIZE));
            if (!extradata)
                return "out of memory";
            std::copy(track.header.begin(), track.header.end(), extradata);
            stream->codecpar->extradata = extradata;
            stream->codecpar->extradata_size = static_cast<int>(track.header.size());
        }
        streams.push_back(stream);
    }
    return {};
}

// The cues of each track from next[t] on that start at or before untilMs, as packets (after the header:
// the muxer may have changed the streams' time bases). Written beside the frames of their time, as real
// muxers interleave them: a reader that seeks finds a cue near its frames, not at the file's start.
std::string writeSubtitlePackets(AVFormatContext *format, const ClipSpec &spec,
                                 const std::vector<AVStream *> &streams, std::vector<size_t> &next,
                                 int64_t untilMs)
{
    for (size_t t = 0; t < spec.subtitleTracks.size(); ++t) {
        const std::vector<SubtitlePacket> &packets = spec.subtitleTracks[t].packets;
        for (; next[t] < packets.size() && packets[next[t]].startMs <= untilMs; ++next[t]) {
            const SubtitlePacket &cue = packets[next[t]];
            std::unique_ptr<AVPacket, void (*)(AVPacket *)> packet(av_packet_alloc(),
                                                                   [](AVPacket *p) { av_packet_free(&p); });
            if (!packet || av_new_packet(packet.get(), static_cast<int>(cue.bytes.size())) < 0)
                return "out of memory";
            std::copy(cue.bytes.begin(), cue.bytes.end(), packet->data);
            packet->pts = packet->dts = cue.startMs;
            packet->duration = cue.endMs - cue.startMs;
            packet->flags |= AV_PKT_FLAG_KEY;
            av_packet_rescale_ts(packet.get(), AVRational{1, 1000}, streams[t]->time_base);
            packet->stream_index = streams[t]->index;
            const int result = av_interleaved_write_frame(format, packet.get());
            if (result < 0)
                return "write subtitle: " + errorText(result);
        }
    }
    return {};
}

} // namespace

std::string movTextPacket(const std::string &text)
{
    std::string bytes;
    bytes += static_cast<char>((text.size() >> 8) & 0xFF);
    bytes += static_cast<char>(text.size() & 0xFF);
    return bytes + text;
}

std::vector<int64_t> consecutivePts(int count)
{
    std::vector<int64_t> pts(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i)
        pts[static_cast<size_t>(i)] = i;
    return pts;
}

bool canWrite(const ClipSpec &spec)
{
    return avcodec_find_encoder_by_name(spec.encoder.c_str()) &&
           av_guess_format(spec.container.c_str(), nullptr, nullptr);
}

std::string writeClip(const std::filesystem::path &file, const ClipSpec &spec)
{
    av_log_set_level(AV_LOG_QUIET);
    const AVCodec *encoder = avcodec_find_encoder_by_name(spec.encoder.c_str());
    if (!encoder)
        return "no encoder " + spec.encoder;
    Writer w;
    w.pts = &spec.pts;
    const std::string name = file.string();
    int result = avformat_alloc_output_context2(&w.format, nullptr, spec.container.c_str(), name.c_str());
    if (result < 0 || !w.format)
        return "no muxer " + spec.container;
    w.stream = avformat_new_stream(w.format, nullptr);
    w.codec = avcodec_alloc_context3(encoder);
    w.frame = av_frame_alloc();
    w.packet = av_packet_alloc();
    if (!w.stream || !w.codec || !w.frame || !w.packet)
        return "out of memory";
    w.codec->width = spec.width;
    w.codec->height = spec.height;
    w.codec->time_base = AVRational{1, spec.timeBaseDen};
    if (spec.frameRate > 0)
        w.codec->framerate = AVRational{spec.frameRate, 1};
    // Motion JPEG takes full-range YUV only (limited range needs a non-standard flag).
    w.codec->pix_fmt = spec.encoder == "mjpeg" ? AV_PIX_FMT_YUVJ420P : chooseFormat(encoder);
    w.codec->gop_size = spec.gopSize;
    w.codec->max_b_frames = spec.maxBFrames;
    w.codec->bit_rate = 2'000'000;
    w.codec->thread_count = 1;
    if (spec.encoder == "mjpeg") {
        w.codec->flags |= AV_CODEC_FLAG_QSCALE;
        w.codec->global_quality = FF_QP2LAMBDA * 2;
    }
    if (spec.encoder == "libvpx" || spec.encoder == "libvpx-vp9") {
        av_opt_set(w.codec->priv_data, "deadline", "realtime", 0);
        av_opt_set_int(w.codec->priv_data, "cpu-used", 8, 0);
    }
    if (spec.encoder == "libx264")
        av_opt_set(w.codec->priv_data, "preset", "veryfast", 0);
    if (w.format->oformat->flags & AVFMT_GLOBALHEADER)
        w.codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    result = avcodec_open2(w.codec, encoder, nullptr);
    if (result < 0)
        return "open encoder: " + errorText(result);
    result = avcodec_parameters_from_context(w.stream->codecpar, w.codec);
    if (result < 0)
        return "parameters: " + errorText(result);
    w.stream->time_base = w.codec->time_base;
    if (spec.frameRate > 0)
        w.stream->avg_frame_rate = AVRational{spec.frameRate, 1};
    if (spec.rotation != 0) {
        auto *matrix = reinterpret_cast<int32_t *>(
            av_stream_new_side_data(w.stream, AV_PKT_DATA_DISPLAYMATRIX, 9 * sizeof(int32_t)));
        if (!matrix)
            return "display matrix";
        // av_display_rotation_set describes a clockwise turn (its getter answers counter-clockwise).
        av_display_rotation_set(matrix, spec.rotation);
    }
    std::vector<AVStream *> subtitleStreams;
    if (auto problem = addSubtitleStreams(w.format, spec, subtitleStreams); !problem.empty())
        return problem;
    result = avio_open(&w.format->pb, name.c_str(), AVIO_FLAG_WRITE);
    if (result < 0)
        return "open file: " + errorText(result);
    result = avformat_write_header(w.format, nullptr);
    if (result < 0)
        return "header: " + errorText(result);
    std::vector<size_t> nextCue(subtitleStreams.size(), 0);

    w.frame->format = w.codec->pix_fmt;
    w.frame->width = spec.width;
    w.frame->height = spec.height;
    result = av_frame_get_buffer(w.frame, 0);
    if (result < 0)
        return "frame buffer: " + errorText(result);
    w.sws = sws_getContext(spec.width, spec.height, AV_PIX_FMT_RGB24, spec.width, spec.height,
                           w.codec->pix_fmt, SWS_BICUBIC | SWS_ACCURATE_RND, nullptr, nullptr, nullptr);
    if (!w.sws)
        return "swscale";
    for (size_t i = 0; i < spec.pts.size(); ++i) {
        result = av_frame_make_writable(w.frame);
        if (result < 0)
            return "writable: " + errorText(result);
        const auto rgb = framePicture(spec, static_cast<int>(i));
        const uint8_t *planes[1] = {rgb.data()};
        const int strides[1] = {spec.width * 3};
        sws_scale(w.sws, planes, strides, 0, spec.height, w.frame->data, w.frame->linesize);
        w.frame->pts = spec.pts[i];
        const int64_t frameMs = spec.pts[i] * 1000 / std::max(1, spec.timeBaseDen);
        if (auto problem = writeSubtitlePackets(w.format, spec, subtitleStreams, nextCue, frameMs);
            !problem.empty())
            return problem;
        if (auto problem = w.drain(false); !problem.empty())
            return problem;
    }
    if (auto problem = w.drain(true); !problem.empty())
        return problem;
    if (auto problem = writeSubtitlePackets(w.format, spec, subtitleStreams, nextCue,
                                            std::numeric_limits<int64_t>::max());
        !problem.empty())
        return problem;
    result = av_write_trailer(w.format);
    if (result < 0)
        return "trailer: " + errorText(result);
    return {};
}

Rgb pixelAt(const model::Image &image, int x, int y)
{
    const auto *p = &image.pixels[(static_cast<size_t>(y) * image.width + x) * image.channels];
    return Rgb{p[0], p[1], p[2]};
}

int readFrameNumber(const model::Image &image)
{
    int number = 0;
    for (int by = 0; by < kBlocksDown; ++by) {
        for (int bx = 0; bx < kBlocksAcross; ++bx) {
            const int x = (2 * bx + 1) * image.width / (2 * kBlocksAcross);
            const int y = (2 * by + 1) * image.height / (2 * kBlocksDown);
            const Rgb c = pixelAt(image, x, y);
            const int grey = (c.r + c.g + c.b) / 3;
            if (grey > 170)
                number |= 1 << (by * kBlocksAcross + bx);
            else if (grey > 85)
                return -1;
        }
    }
    return number;
}

} // namespace cortex::test
