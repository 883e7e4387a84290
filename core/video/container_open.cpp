#include "video/container_open.h"

#include "video/video_decoder.h"

#include <system_error>

namespace cortex::video {

Result<FormatContextPtr> openVideoContainer(const std::filesystem::path &file,
                                            const AVIOInterruptCB &interrupt)
{
    initialiseFfmpeg();
    const std::string name = file.string();
    const auto error = [&](const std::string &reason, ErrorKind kind) {
        return makeError(name + ": " + reason, kind);
    };
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        return error("no such file", ErrorKind::NotFound);

    AVFormatContext *rawFormat = avformat_alloc_context();
    if (!rawFormat)
        return error("out of memory opening the video", ErrorKind::OutOfMemory);
    rawFormat->interrupt_callback = interrupt;
    AVDictionary *options = nullptr;
    av_dict_set(&options, "format_whitelist", kVideoContainers, 0);
    const int opened = avformat_open_input(&rawFormat, name.c_str(), nullptr, &options); // frees on failure
    av_dict_free(&options);
    if (opened == AVERROR_EOF)
        return error("the file ends before any video (it is empty or truncated)", ErrorKind::InvalidInput);
    if (opened < 0)
        return error(
            "not a video Cortex can read (MP4, MOV, MKV, WebM, AVI, MPEG-TS, FLV, Ogg, ASF), or damaged "
            "or truncated: " +
                ffmpegErrorText(opened),
            ErrorKind::InvalidInput);
    FormatContextPtr format(rawFormat);
    const int probed = avformat_find_stream_info(format.get(), nullptr);
    if (probed < 0)
        return error("its streams cannot be read, the file is damaged: " + ffmpegErrorText(probed),
                     ErrorKind::Corrupt);
    return format;
}

} // namespace cortex::video
