#pragma once
// A video segment's preview: its frames one second apart from the segment's start, decoded one at a time
// from the file when the pane asks (never the whole segment in memory), scaled down to the pane's bound.
// Runs on the session's preview worker like the other previews (application/preview.h dispatches here).

#include "common/result.h"
#include "preview/preview.h"

#include <QString>

#include <vector>

namespace cortex::application {

// The most frames a segment's preview steps through (a segment longer than this many seconds is stepped
// through at this many evenly spread times instead of one a second).
inline constexpr int kMaxVideoPreviewFrames = 600;

// The times a segment's preview shows: start, start + 1, ... before `end` (the start alone for a segment
// shorter than a second or with a damaged range), at most `maxFrames` of them, spread evenly when more.
std::vector<double> videoPreviewTimes(double startSeconds, double endSeconds,
                                      int maxFrames = kMaxVideoPreviewFrames);

// The frame `index` (clamped to the times above) of the segment [startSeconds, endSeconds) of the video
// at `path`, its longer side at most `longSide` pixels (clamped to 256..4096), with the lines of the
// file's own subtitles on screen at that frame's time as its text (empty without). Errors name the file
// and the reason (gone, not a video, damaged, truncated).
Result<preview::Preview> videoFramePreview(const QString &path, double startSeconds, double endSeconds,
                                           int index, int longSide);

} // namespace cortex::application
