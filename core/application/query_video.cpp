#include "application/query_video.h"

#include "ingest/ingestor.h"
#include "video/video_clip_reader.h"
#include "video/video_decoder.h"

#include <QSettings>

#include <cmath>

namespace cortex::application {

static_assert(kMinVideoSegmentSeconds == ingest::IngestOptions::kMinVideoSegmentSeconds &&
                  kMaxVideoSegmentSeconds == ingest::IngestOptions::kMaxVideoSegmentSeconds &&
                  kDefaultVideoSegmentSeconds == ingest::IngestOptions::kDefaultVideoSegmentSeconds,
              "the window's limits are the ingestion's");

double videoSegmentSeconds()
{
    bool ok = false;
    const double seconds = QSettings().value(QLatin1String(kVideoSegmentSecondsKey)).toDouble(&ok);
    return ok && std::isfinite(seconds) && seconds > 0 ? seconds : kDefaultVideoSegmentSeconds;
}

Result<model::VideoClip> readQueryVideo(const std::filesystem::path &file, double windowSeconds)
{
    auto decoder = video::VideoDecoder::open(file);
    if (!decoder)
        return decoder.error();
    const model::VideoSamplingOptions options;
    const std::string name = file.filename().string();
    auto segments = video::planVideoSegments((*decoder)->info(), windowSeconds, options, file.string());
    if (!segments)
        return segments.error();
    if (segments->empty())
        return makeError(file.string() + ": the video has no segment to search with",
                         ErrorKind::InvalidInput);
    const video::VideoSegment &first = segments->front();
    return video::readVideoClip(**decoder, first.startSeconds, first.endSeconds, options,
                                video::segmentName(name, first.startSeconds, first.endSeconds));
}

} // namespace cortex::application
