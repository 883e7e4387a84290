#include "video/ffmpeg_handles.h"

extern "C" {
#include <libavutil/log.h>
}

#include <mutex>

namespace cortex::video {

void initialiseFfmpeg()
{
    static std::once_flag once;
    std::call_once(once, [] { av_log_set_level(AV_LOG_QUIET); });
}

std::string ffmpegErrorText(int code)
{
    char buffer[AV_ERROR_MAX_STRING_SIZE] = {};
    if (av_strerror(code, buffer, sizeof buffer) < 0)
        return "FFmpeg error " + std::to_string(code);
    return buffer;
}

} // namespace cortex::video
