#include "video/video_decoder.h"

#include "video/container_open.h"
#include "video/ffmpeg_handles.h"
#include "video/frame_rotation.h"

extern "C" {
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>
}

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <optional>

namespace cortex::video {
namespace {

std::string secondsText(double seconds)
{
    char buffer[64] = {};
    std::snprintf(buffer, sizeof buffer, "%.3f s", seconds);
    return buffer;
}

// A request further ahead than this with no key frame index to say better is reached by seeking.
constexpr double kSeekWithoutIndexSeconds = 10.0;
// How far back a retry seeks when the key frame found lies after the time asked for (an index of
// decoding times with B-frames): 2 s, 4 s, 8 s, then the start.
constexpr int kSeekRetries = 3;

bool isFullRangeFormat(int format)
{
    return format == AV_PIX_FMT_YUVJ420P || format == AV_PIX_FMT_YUVJ422P || format == AV_PIX_FMT_YUVJ444P ||
           format == AV_PIX_FMT_YUVJ440P || format == AV_PIX_FMT_YUVJ411P;
}

int swsColorspace(AVColorSpace space)
{
    switch (space) {
    case AVCOL_SPC_BT709:
        return SWS_CS_ITU709;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL:
        return SWS_CS_BT2020;
    case AVCOL_SPC_SMPTE240M:
        return SWS_CS_SMPTE240M;
    case AVCOL_SPC_FCC:
        return SWS_CS_FCC;
    default:
        return SWS_CS_DEFAULT; // BT.601, as FFmpeg assumes for untagged video
    }
}

} // namespace

struct VideoDecoder::State {
    std::string name; // the file, as every message names it
    VideoLimits limits;
    VideoInfo info;
    FormatContextPtr format;
    CodecContextPtr codec;
    PacketPtr packet;
    SwsContextPtr sws;
    AVStream *stream = nullptr;
    int streamIndex = -1;
    AVRational timeBase{0, 1};
    int64_t startPts = 0;    // the first frame's presentation time: time 0 of every request
    int64_t frameStep = 1;   // one frame at the average rate, in timeBase units (for frames without times)
    FramePtr held;           // the last decoded frame at or before the current request
    FramePtr ahead;          // a decoded frame after it, not yet passed
    bool demuxEnded = false; // no more packets: the decoder was sent its flush packet
    bool drained = false;    // and has given its last frame
    int64_t lastPts = AV_NOPTS_VALUE;

    Error error(const std::string &reason, ErrorKind kind) const
    {
        return makeError(name + ": " + reason, kind);
    }

    double toSeconds(int64_t pts) const { return static_cast<double>(pts - startPts) * av_q2d(timeBase); }
    int64_t toPts(double seconds) const
    {
        return startPts + std::llround(seconds * timeBase.den / static_cast<double>(timeBase.num));
    }

    // The next decoded frame in presentation order (its pts set), nullptr at the end.
    Result<FramePtr> receive()
    {
        FramePtr frame(av_frame_alloc());
        if (!frame)
            return error("out of memory for a video frame", ErrorKind::OutOfMemory);
        int bad = 0;
        while (!drained) {
            int result = avcodec_receive_frame(codec.get(), frame.get());
            if (result == 0) {
                int64_t pts = frame->best_effort_timestamp;
                if (pts == AV_NOPTS_VALUE)
                    pts = frame->pts;
                if (pts == AV_NOPTS_VALUE)
                    pts = lastPts == AV_NOPTS_VALUE ? startPts : lastPts + frameStep;
                frame->pts = pts;
                lastPts = pts;
                return frame;
            }
            if (result == AVERROR_EOF) {
                drained = true;
                break;
            }
            if (result != AVERROR(EAGAIN)) {
                if (++bad > limits.maxConsecutiveBadPackets)
                    return error("the video is damaged: " + std::to_string(bad) +
                                     " packets in a row cannot be decoded (" + ffmpegErrorText(result) + ")",
                                 ErrorKind::Corrupt);
                continue;
            }
            if (demuxEnded) { // nothing more will come
                drained = true;
                break;
            }
            result = av_read_frame(format.get(), packet.get());
            if (result < 0) {
                // The end of the file, or a read error: what was read is decoded to its end (a
                // truncated file shows as frames missing at the end, which the request checks).
                demuxEnded = true;
                avcodec_send_packet(codec.get(), nullptr);
                continue;
            }
            if (packet->stream_index != streamIndex) {
                av_packet_unref(packet.get());
                continue;
            }
            result = avcodec_send_packet(codec.get(), packet.get());
            av_packet_unref(packet.get());
            if (result < 0 && result != AVERROR(EAGAIN) && ++bad > limits.maxConsecutiveBadPackets)
                return error("the video is damaged: " + std::to_string(bad) +
                                 " packets in a row cannot be decoded (" + ffmpegErrorText(result) + ")",
                             ErrorKind::Corrupt);
        }
        return FramePtr{};
    }

    void resetDecoding()
    {
        avcodec_flush_buffers(codec.get());
        held.reset();
        ahead.reset();
        demuxEnded = false;
        drained = false;
        lastPts = AV_NOPTS_VALUE;
    }

    // Positions the decoder so that the next frames start at or before `target`: a seek to the key
    // frame at or before it, retried further back when the first frame decoded lies after it.
    Status seekBefore(int64_t target)
    {
        const auto secondsBack = [&](double s) {
            return static_cast<int64_t>(s / av_q2d(timeBase));
        };
        for (int attempt = 0; attempt <= kSeekRetries + 1; ++attempt) {
            int64_t to = target;
            if (attempt > 0 && attempt <= kSeekRetries)
                to = target - secondsBack(static_cast<double>(int64_t{1} << attempt));
            if (attempt > kSeekRetries || to <= startPts)
                to = std::min(startPts, stream->start_time == AV_NOPTS_VALUE ? startPts : stream->start_time);
            int result = av_seek_frame(format.get(), streamIndex, to, AVSEEK_FLAG_BACKWARD);
            if (result < 0 && to <= startPts)
                result = avformat_seek_file(format.get(), streamIndex, INT64_MIN, to, to, 0);
            if (result < 0)
                return error("cannot seek to " + secondsText(toSeconds(target)) + " (" +
                                 ffmpegErrorText(result) + ")",
                             ErrorKind::Corrupt);
            resetDecoding();
            auto first = receive();
            if (!first)
                return first.error();
            ahead = std::move(*first);
            if (!ahead || ahead->pts <= target || to <= startPts)
                return {};
        }
        return {};
    }

    // Whether reaching `target` from where decoding stands is quicker, or only possible, by seeking.
    bool shouldSeek(int64_t target) const
    {
        if (held && target < held->pts)
            return true; // behind: only a seek goes back
        if (!held && ahead && target < ahead->pts)
            return ahead->pts != startPts; // before the first frame: it is the answer, no seek
        const int64_t position = ahead ? ahead->pts : (held ? held->pts : AV_NOPTS_VALUE);
        if (position == AV_NOPTS_VALUE || drained)
            return false;
        const int entry = av_index_search_timestamp(stream, target, AVSEEK_FLAG_BACKWARD);
        if (entry >= 0) {
            const AVIndexEntry *key = avformat_index_get_entry(stream, entry);
            return key && key->timestamp > position; // a key frame between here and there
        }
        return static_cast<double>(target - position) * av_q2d(timeBase) > kSeekWithoutIndexSeconds;
    }

    Result<model::Image> toRgb(const AVFrame &frame)
    {
        const int w = frame.width;
        const int h = frame.height;
        if (w <= 0 || h <= 0 || static_cast<int64_t>(w) * h > limits.maxFramePixels)
            return error("a frame is " + std::to_string(w) + "x" + std::to_string(h) +
                             " pixels, beyond the limit of " + std::to_string(limits.maxFramePixels) +
                             " pixels",
                         ErrorKind::InvalidInput);
        const auto sourceFormat = static_cast<AVPixelFormat>(frame.format);
        sws.reset(sws_getCachedContext(sws.release(), w, h, sourceFormat, w, h, AV_PIX_FMT_RGB24,
                                       SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr,
                                       nullptr));
        if (!sws) {
            const char *formatName = av_get_pix_fmt_name(sourceFormat);
            return error(std::string("its pixel format ") + (formatName ? formatName : "(unknown)") +
                             " cannot be converted to RGB",
                         ErrorKind::InvalidInput);
        }
        const bool fullRange = frame.color_range == AVCOL_RANGE_JPEG || isFullRangeFormat(frame.format);
        sws_setColorspaceDetails(sws.get(), sws_getCoefficients(swsColorspace(frame.colorspace)),
                                 fullRange ? 1 : 0, sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16,
                                 1 << 16);
        model::Image image;
        image.width = w;
        image.height = h;
        image.channels = 3;
        image.pixels.resize(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
        uint8_t *planes[4] = {image.pixels.data(), nullptr, nullptr, nullptr};
        int strides[4] = {w * 3, 0, 0, 0};
        if (sws_scale(sws.get(), frame.data, frame.linesize, 0, h, planes, strides) != h)
            return error("a frame cannot be converted to RGB", ErrorKind::Corrupt);
        return rotateClockwise(image, info.rotation);
    }
};

namespace {

Result<double> headerDuration(const AVFormatContext &format, const AVStream &stream)
{
    if (stream.duration != AV_NOPTS_VALUE && stream.duration > 0)
        return static_cast<double>(stream.duration) * av_q2d(stream.time_base);
    if (format.duration != AV_NOPTS_VALUE && format.duration > 0)
        return static_cast<double>(format.duration) / AV_TIME_BASE;
    return makeError("no duration");
}

} // namespace

Result<std::unique_ptr<VideoDecoder>> VideoDecoder::open(const std::filesystem::path &file,
                                                         const VideoLimits &limits)
{
    auto state = std::make_unique<State>();
    state->name = file.string();
    state->limits = limits;
    auto &s = *state;
    auto format = openVideoContainer(file);
    if (!format)
        return format.error();
    s.format = std::move(*format);

    const AVCodec *decoder = nullptr;
    s.streamIndex = av_find_best_stream(s.format.get(), AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
    if (s.streamIndex == AVERROR_DECODER_NOT_FOUND) {
        for (unsigned i = 0; i < s.format->nb_streams; ++i) {
            const auto *parameters = s.format->streams[i]->codecpar;
            if (parameters->codec_type == AVMEDIA_TYPE_VIDEO)
                return s.error(std::string("its video codec ") + avcodec_get_name(parameters->codec_id) +
                                   " is not supported",
                               ErrorKind::InvalidInput);
        }
    }
    if (s.streamIndex < 0)
        return s.error("holds no video stream", ErrorKind::InvalidInput);
    s.stream = s.format->streams[s.streamIndex];
    if (s.stream->disposition & AV_DISPOSITION_ATTACHED_PIC)
        return s.error("holds only a cover picture, no video", ErrorKind::InvalidInput);
    s.timeBase = s.stream->time_base;
    if (s.timeBase.num <= 0 || s.timeBase.den <= 0)
        return s.error("its video stream has no valid time base", ErrorKind::Corrupt);

    const AVCodecParameters &parameters = *s.stream->codecpar;
    auto &info = s.info;
    info.container = s.format->iformat->name;
    info.codec = avcodec_get_name(parameters.codec_id);
    info.codedWidth = parameters.width;
    info.codedHeight = parameters.height;
    if (info.codedWidth <= 0 || info.codedHeight <= 0)
        return s.error("its video has no frame size", ErrorKind::Corrupt);
    if (static_cast<int64_t>(info.codedWidth) * info.codedHeight > limits.maxFramePixels)
        return s.error("its frames are " + std::to_string(info.codedWidth) + "x" +
                           std::to_string(info.codedHeight) + " pixels, beyond the limit of " +
                           std::to_string(limits.maxFramePixels) + " pixels",
                       ErrorKind::InvalidInput);

    // Rotation: the display matrix, else the older `rotate` tag.
    size_t matrixSize = 0;
    const uint8_t *matrix = av_stream_get_side_data(s.stream, AV_PKT_DATA_DISPLAYMATRIX, &matrixSize);
    std::optional<std::string> rotateTag;
    if (const AVDictionaryEntry *tag = av_dict_get(s.stream->metadata, "rotate", nullptr, 0))
        rotateTag = tag->value;
    info.rotation = clockwiseRotation(
        matrix && matrixSize >= 9 * sizeof(int32_t) ? reinterpret_cast<const int32_t *>(matrix) : nullptr,
        rotateTag);
    const bool quarter = info.rotation == 90 || info.rotation == 270;
    info.width = quarter ? info.codedHeight : info.codedWidth;
    info.height = quarter ? info.codedWidth : info.codedHeight;

    // Frame rate, duration, frame count.
    const AVRational rate = av_guess_frame_rate(s.format.get(), s.stream, nullptr);
    info.averageFps = rate.num > 0 && rate.den > 0 ? av_q2d(rate) : 0.0;
    if (s.stream->avg_frame_rate.num > 0 && s.stream->avg_frame_rate.den > 0)
        info.averageFps = av_q2d(s.stream->avg_frame_rate);
    auto duration = headerDuration(*s.format, *s.stream);
    info.durationSeconds = duration ? *duration : 0.0;
    if (!std::isfinite(info.durationSeconds) || info.durationSeconds < 0 ||
        info.durationSeconds > limits.maxDurationSeconds)
        return s.error("its header claims a duration of " + secondsText(info.durationSeconds) +
                           ", beyond the limit of " + secondsText(limits.maxDurationSeconds) +
                           ": the file is damaged",
                       ErrorKind::Corrupt);
    if (!std::isfinite(info.averageFps) || info.averageFps > 100000.0)
        info.averageFps = 0;
    if (s.stream->nb_frames > 0)
        info.frameCount = s.stream->nb_frames;
    else if (info.averageFps > 0)
        info.frameCount = std::llround(info.durationSeconds * info.averageFps);
    if (info.averageFps <= 0 && info.frameCount > 0 && info.durationSeconds > 0)
        info.averageFps = static_cast<double>(info.frameCount) / info.durationSeconds;
    if (info.averageFps > 0)
        s.frameStep = std::max<int64_t>(1, std::llround(1.0 / info.averageFps / av_q2d(s.timeBase)));

    // The decoder.
    s.codec.reset(avcodec_alloc_context3(decoder));
    s.packet.reset(av_packet_alloc());
    if (!s.codec || !s.packet)
        return s.error("out of memory for the video decoder", ErrorKind::OutOfMemory);
    int result = avcodec_parameters_to_context(s.codec.get(), &parameters);
    if (result < 0)
        return s.error("its video parameters are invalid: " + ffmpegErrorText(result), ErrorKind::Corrupt);
    s.codec->thread_count = std::max(1, limits.decoderThreads);
    s.codec->max_pixels = limits.maxFramePixels; // the decoder refuses larger frames mid-stream too
    s.codec->pkt_timebase = s.timeBase;
    result = avcodec_open2(s.codec.get(), decoder, nullptr);
    if (result < 0)
        return s.error("the " + info.codec + " decoder cannot be opened: " + ffmpegErrorText(result),
                       ErrorKind::InvalidInput);

    // The first frame proves the video decodes and gives time 0.
    auto first = s.receive();
    if (!first)
        return first.error();
    if (!*first)
        return s.error("holds no video frames (the video stream is empty, or none of it can be decoded)",
                       ErrorKind::InvalidInput);
    s.startPts = (*first)->pts;
    s.info.startSeconds = static_cast<double>(s.startPts) * av_q2d(s.timeBase);
    s.ahead = std::move(*first);
    if (s.info.frameCount <= 0)
        s.info.frameCount = 1;
    return std::unique_ptr<VideoDecoder>(new VideoDecoder(std::move(state)));
}

VideoDecoder::VideoDecoder(std::unique_ptr<State> state) : state_(std::move(state)) {}

VideoDecoder::~VideoDecoder() = default;

const VideoInfo &VideoDecoder::info() const
{
    return state_->info;
}

const std::string &VideoDecoder::path() const
{
    return state_->name;
}

Status VideoDecoder::forEachFrameAt(const std::vector<double> &seconds,
                                    const std::function<Status(DecodedFrame &&)> &sink)
{
    auto &s = *state_;
    if (static_cast<int64_t>(seconds.size()) > s.limits.maxRequestedFrames)
        return s.error(std::to_string(seconds.size()) + " frames asked for, more than the limit of " +
                           std::to_string(s.limits.maxRequestedFrames),
                       ErrorKind::InvalidInput);
    for (const double t : seconds) {
        if (!std::isfinite(t) || t < 0 || t > s.limits.maxDurationSeconds)
            return s.error("a frame was asked for at " + std::to_string(t) +
                               " s, which is no time in a video",
                           ErrorKind::InvalidInput);
    }
    std::vector<size_t> order(seconds.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return seconds[a] < seconds[b]; });

    const double slack = std::max(1.0, s.info.averageFps > 0 ? 2.0 / s.info.averageFps : 0.0);
    for (const size_t request : order) {
        const double t = seconds[request];
        const int64_t target = s.toPts(t);
        if (s.shouldSeek(target)) {
            if (auto sought = s.seekBefore(target); !sought)
                return sought;
        }
        // Decode forward until the next frame lies after the target.
        for (;;) {
            if (!s.ahead) {
                auto next = s.receive();
                if (!next)
                    return next.error();
                if (!*next)
                    break; // the end
                s.ahead = std::move(*next);
            }
            if (s.ahead->pts > target)
                break;
            s.held = std::move(s.ahead);
        }
        const AVFrame *answer = s.held ? s.held.get() : s.ahead.get();
        if (!answer)
            return s.error("no frame can be decoded at " + secondsText(t), ErrorKind::Corrupt);
        const double answerSeconds = s.toSeconds(answer->pts);
        if (!s.ahead && t > answerSeconds + slack && t <= s.info.durationSeconds)
            return s.error("the video stops at " + secondsText(answerSeconds) + " although its header says " +
                               secondsText(s.info.durationSeconds) + ": the file is truncated or damaged",
                           ErrorKind::Corrupt);
        auto image = s.toRgb(*answer);
        if (!image)
            return image.error();
        if (auto taken = sink(DecodedFrame{request, t, answerSeconds, std::move(*image)}); !taken)
            return taken;
    }
    return {};
}

Result<std::vector<DecodedFrame>> VideoDecoder::framesAt(const std::vector<double> &seconds)
{
    const auto &info = state_->info;
    const int64_t frameBytes = static_cast<int64_t>(info.width) * info.height * 3;
    if (frameBytes > 0 && static_cast<int64_t>(seconds.size()) > state_->limits.maxOutputBytes / frameBytes)
        return state_->error(std::to_string(seconds.size()) + " frames of " + std::to_string(info.width) +
                                 "x" + std::to_string(info.height) + " asked for at once, more than " +
                                 std::to_string(state_->limits.maxOutputBytes) + " bytes",
                             ErrorKind::InvalidInput);
    std::vector<std::optional<DecodedFrame>> collected(seconds.size());
    int64_t bytes = 0;
    auto status = forEachFrameAt(seconds, [&](DecodedFrame &&frame) -> Status {
        bytes += static_cast<int64_t>(frame.image.pixels.size());
        if (bytes > state_->limits.maxOutputBytes)
            return state_->error("the frames asked for exceed " +
                                     std::to_string(state_->limits.maxOutputBytes) + " bytes",
                                 ErrorKind::InvalidInput);
        const size_t request = frame.request;
        collected[request] = std::move(frame);
        return {};
    });
    if (!status)
        return status.error();
    std::vector<DecodedFrame> frames;
    frames.reserve(collected.size());
    for (auto &frame : collected)
        frames.push_back(std::move(*frame));
    return frames;
}

} // namespace cortex::video
