#pragma once
// RAII owners for the FFmpeg objects the decoder holds, and the library's global settings. Every
// AVFormatContext, AVCodecContext, AVFrame, AVPacket and SwsContext lives in one of these, so no error
// path leaks one.

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libswscale/swscale.h>
}

#include <memory>
#include <string>

namespace cortex::video {

struct FormatContextCloser {
    void operator()(AVFormatContext *context) const { avformat_close_input(&context); }
};
struct CodecContextFreer {
    void operator()(AVCodecContext *context) const { avcodec_free_context(&context); }
};
struct FrameFreer {
    void operator()(AVFrame *frame) const { av_frame_free(&frame); }
};
struct PacketFreer {
    void operator()(AVPacket *packet) const { av_packet_free(&packet); }
};
struct SwsContextFreer {
    void operator()(SwsContext *context) const { sws_freeContext(context); }
};
struct DictionaryFreer {
    void operator()(AVDictionary *dictionary) const { av_dict_free(&dictionary); }
};

using FormatContextPtr = std::unique_ptr<AVFormatContext, FormatContextCloser>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextFreer>;
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;
using SwsContextPtr = std::unique_ptr<SwsContext, SwsContextFreer>;

// Silences FFmpeg's log (it would print to stderr from worker threads) once per process; safe to call
// from any thread, any number of times. FFmpeg itself needs no other global set-up since 4.0.
void initialiseFfmpeg();

// av_strerror's text for an FFmpeg error code.
std::string ffmpegErrorText(int code);

} // namespace cortex::video
