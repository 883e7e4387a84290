#include "application/video_preview.h"

#include "video/subtitle_reader.h"
#include "video/video_decoder.h"

#include <QDateTime>
#include <QFileInfo>
#include <QImage>

#include <algorithm>
#include <cmath>
#include <mutex>

namespace cortex::application {

namespace {

QImage toQImage(const model::Image &frame)
{
    // The decoder gives 8-bit RGB, rows without padding; QImage rows are 4-byte aligned, so copy per row.
    QImage image(frame.width, frame.height, QImage::Format_RGB888);
    if (image.isNull() || frame.channels != 3 ||
        frame.pixels.size() != size_t(frame.width) * size_t(frame.height) * 3)
        return {};
    const size_t rowBytes = size_t(frame.width) * 3;
    for (int y = 0; y < frame.height; ++y)
        std::copy_n(frame.pixels.data() + size_t(y) * rowBytes, rowBytes, image.scanLine(y));
    return image;
}

// The subtitles of the segment last previewed: stepping through a segment's frames reads the file's cues
// around the segment once, not around every frame (a read around a moment in Matroska reads some 40 s of
// the video's data). Keyed by the file (its path, size and modification time) and the segment.
class SegmentSubtitles {
public:
    std::string lineAt(const QString &path, double originSeconds, double startSeconds, double endSeconds,
                       double seconds)
    {
        const QFileInfo info(path);
        const Key key{path, info.size(), info.lastModified().toMSecsSinceEpoch(), startSeconds, endSeconds};
        std::lock_guard lock(mutex_);
        if (!(key == key_)) {
            key_ = key;
            cues_.clear();
            // Subtitles are extra: a stream that cannot be read leaves the line empty.
            if (auto read = video::readSubtitlesAround(path.toStdString(), originSeconds,
                                                       {startSeconds, std::max(startSeconds, endSeconds)}))
                cues_ = std::move(read->cues);
        }
        return video::subtitleTextAt(cues_, seconds);
    }

private:
    struct Key {
        QString path;
        qint64 size = -1;
        qint64 modified = 0;
        double start = 0;
        double end = 0;
        bool operator==(const Key &) const = default;
    };
    std::mutex mutex_;
    Key key_;
    std::vector<video::SubtitleCue> cues_;
};

SegmentSubtitles &segmentSubtitles()
{
    static SegmentSubtitles cache;
    return cache;
}

} // namespace

std::vector<double> videoPreviewTimes(double startSeconds, double endSeconds, int maxFrames)
{
    if (!std::isfinite(startSeconds) || startSeconds < 0)
        startSeconds = 0;
    maxFrames = std::max(1, maxFrames);
    // Whole seconds from the start that lie before the end (the start itself always).
    const double span = std::isfinite(endSeconds) ? endSeconds - startSeconds : 0;
    const double whole = span > 0 ? std::ceil(span) : 1;
    const int count = int(std::clamp(whole, 1.0, double(maxFrames)));
    const double step = whole > maxFrames ? span / maxFrames : 1.0;
    std::vector<double> times;
    times.reserve(size_t(count));
    for (int i = 0; i < count; ++i)
        times.push_back(startSeconds + i * step);
    return times;
}

Result<preview::Preview> videoFramePreview(const QString &path, double startSeconds, double endSeconds,
                                           int index, int longSide)
{
    const std::vector<double> times = videoPreviewTimes(startSeconds, endSeconds);
    const int shown = std::clamp(index, 0, int(times.size()) - 1);
    auto decoder = video::VideoDecoder::open(path.toStdString());
    if (!decoder)
        return decoder.error();
    auto frames = (*decoder)->framesAt({times[size_t(shown)]});
    if (!frames)
        return frames.error();
    QImage image = toQImage(frames->front().image);
    if (image.isNull())
        return makeError(path.toStdString() + ": the frame at " + std::to_string(times[size_t(shown)]) +
                         " s could not be converted for the preview");
    const int side = std::clamp(longSide, 256, 4096);
    if (std::max(image.width(), image.height()) > side)
        image = image.scaled(side, side, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    preview::Preview preview;
    preview.kind = preview::PreviewKind::VideoFrame;
    preview.path = path;
    preview.image = image.convertToFormat(QImage::Format_RGB32);
    preview.index = shown;
    preview.count = int(times.size());
    preview.seconds = frames->front().seconds;
    // The file's own subtitle line on screen then (the words the segment was found by).
    preview.text = QString::fromStdString(segmentSubtitles().lineAt(
        path, (*decoder)->info().startSeconds, startSeconds, endSeconds, preview.seconds));
    return preview;
}

} // namespace cortex::application
