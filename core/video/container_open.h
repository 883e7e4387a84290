#pragma once
// Opening a file as a video container, the one way the decoder and the subtitle reader both do it: only
// the demuxers of kVideoContainers (never the image, playlist or network ones a hostile file could ask
// for by its content), then the streams probed. Errors name the file and the step that failed.

#include "common/result.h"
#include "video/ffmpeg_handles.h"

#include <filesystem>

namespace cortex::video {

// `interrupt` (FFmpeg's callback, asked before every read) is installed before the file is opened; an
// empty one never interrupts. Not a regular file: NotFound (a named pipe would block open() forever).
// Empty or cut before any stream, or not one of the containers: InvalidInput. Streams that cannot be
// probed: Corrupt.
Result<FormatContextPtr> openVideoContainer(const std::filesystem::path &file,
                                            const AVIOInterruptCB &interrupt = {});

} // namespace cortex::video
