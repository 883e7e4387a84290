#include "ingest/video_ingest.h"

#include "embedding/encoder.h"
#include "ingest/embedding_inputs.h"
#include "ingest/file_ingest.h"
#include "ingest/ingestor.h"
#include "library/library.h"
#include "store/library_db.h"
#include "video/subtitle_reader.h"
#include "video/video_clip_reader.h"
#include "video/video_decoder.h"

#include <QBuffer>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace cortex::ingest {
namespace {

// A deep copy: the model image goes on to the encoder, the QImage into the thumbnail.
QImage toQImage(const model::Image &image)
{
    if (image.width <= 0 || image.height <= 0 || (image.channels != 3 && image.channels != 4))
        return {};
    const QImage::Format format = image.channels == 3 ? QImage::Format_RGB888 : QImage::Format_RGBA8888;
    const QImage view(image.pixels.data(), image.width, image.height, qsizetype(image.width) * image.channels,
                      format);
    return view.copy();
}

std::vector<uint8_t> pngBytes(const QImage &image)
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (image.isNull() || !image.save(&buffer, "PNG"))
        return {};
    return {reinterpret_cast<const uint8_t *>(png.constData()),
            reinterpret_cast<const uint8_t *>(png.constData()) + png.size()};
}

// The checkpoint's note: how many segments are saved. The segments themselves are the saved items.
std::string progressState(int64_t segmentsSaved)
{
    const QJsonObject json{{QStringLiteral("videoSegments"), double(segmentsSaved)}};
    return QJsonDocument(json).toJson(QJsonDocument::Compact).toStdString();
}

// The segments an earlier run of this job saved, when they were made from the same bytes into the same
// space and agree with this run's plan (segment k at page and position k, the same times); otherwise
// none: the video is embedded from its start and its first checkpoint replaces what was saved.
std::vector<store::NewItem> savedSegments(const FileContext &context, const QString &path,
                                          const std::string &sha,
                                          const std::vector<video::VideoSegment> &plan)
{
    auto saved = context.reader.fileProgress(context.jobId, path.toStdString());
    if (!saved || !saved->has_value())
        return {};
    auto &progress = **saved;
    if (progress.sha256 != sha || progress.spaceId != context.spaceId)
        return {};
    const QJsonObject state = QJsonDocument::fromJson(QByteArray::fromStdString(progress.state)).object();
    const auto count = int64_t(state.value(QStringLiteral("videoSegments")).toDouble(-1));
    if (count != int64_t(progress.items.size()) || count > int64_t(plan.size()))
        return {};
    const size_t dim = size_t(context.encoder.identity().storedDim());
    for (size_t k = 0; k < progress.items.size(); ++k) {
        const store::NewItem &item = progress.items[k];
        if (item.kind != ItemKind::VideoSegment || item.page != int(k) || item.position != int(k) ||
            item.vector.size() != dim || item.startSeconds != plan[k].startSeconds ||
            item.endSeconds != plan[k].endSeconds)
            return {};
    }
    return std::move(progress.items);
}

// Decoder and sampling messages name the file already; anything else gets its name in front.
QString namingFile(const QString &path, const std::string &message)
{
    const QString text = QString::fromStdString(message);
    return text.startsWith(path) ? text : path + QStringLiteral(": ") + text;
}

// The decoder as ingestion opens a video: the image extractors' pixel limit on its frames (re-embedding,
// search::itemInput, opens it with the default of that limit, which no setting changes).
Result<std::unique_ptr<video::VideoDecoder>> openVideo(const QString &path, const IngestOptions &options)
{
    video::VideoLimits limits;
    limits.maxFramePixels = options.extract.maxImagePixels;
    return video::VideoDecoder::open(path.toStdString(), limits);
}

// Each segment's subtitle lines (the words the full-text index finds it by); none when the file has no
// text subtitles. Subtitles are extra: a stream that cannot be read leaves the segments without text
// rather than failing a video whose pictures decode.
std::vector<std::string> segmentSubtitles(const QString &path, const video::VideoInfo &info,
                                          const std::vector<video::VideoSegment> &plan,
                                          const std::function<bool()> &cancelled)
{
    std::vector<video::TimeRange> ranges;
    ranges.reserve(plan.size());
    for (const video::VideoSegment &segment : plan)
        ranges.push_back({segment.startSeconds, segment.endSeconds});
    auto subtitles = video::readSubtitles(path.toStdString(), info.startSeconds, {}, cancelled);
    if (!subtitles)
        return std::vector<std::string>(plan.size());
    return video::subtitleTextPerRange(subtitles->cues, ranges);
}

} // namespace

std::optional<int64_t> plannedVideoSegments(const QString &path, const IngestOptions &options)
{
    // Only a regular file is opened: a named pipe called .mp4 would block open() forever.
    if (!statFile(path))
        return std::nullopt;
    auto decoder = openVideo(path, options);
    if (!decoder)
        return std::nullopt;
    auto plan = video::planVideoSegments((*decoder)->info(), options.videoSegmentSeconds,
                                         model::VideoSamplingOptions{}, path.toStdString());
    if (!plan || plan->empty())
        return std::nullopt;
    return int64_t(plan->size());
}

std::vector<uint8_t> frameStripPng(const std::vector<model::Image> &frames)
{
    if (frames.empty())
        return {};
    const int count = std::min<int>(kStripFrames, int(frames.size()));
    std::vector<QImage> picked;
    int width = 0;
    for (int i = 0; i < count; ++i) {
        const size_t index =
            count == 1 ? 0 : size_t(std::lround(double(i) * double(frames.size() - 1) / double(count - 1)));
        QImage frame = toQImage(frames[index]);
        if (frame.isNull())
            continue;
        picked.push_back(frame.scaledToHeight(kStripHeight, Qt::SmoothTransformation));
        width += picked.back().width();
    }
    if (picked.empty() || width <= 0)
        return {};
    QImage strip(width, kStripHeight, QImage::Format_RGB888);
    strip.fill(Qt::black);
    QPainter painter(&strip);
    int x = 0;
    for (const QImage &frame : picked) {
        painter.drawImage(x, 0, frame);
        x += frame.width();
    }
    painter.end();
    return pngBytes(strip);
}

Result<VideoEmbedding> embedVideoFile(const FileContext &context, const QString &path,
                                      const std::string &sha256, const std::function<void()> &afterCheckpoint)
{
    VideoEmbedding result;
    const auto fail = [&](const QString &reason) {
        result.outcome = VideoOutcome::Failed;
        result.failure = reason;
        result.items.clear();
        return result;
    };
    auto decoder = openVideo(path, context.options);
    if (!decoder)
        return fail(namingFile(path, decoder.error().message));
    auto plan = video::planVideoSegments((*decoder)->info(), context.options.videoSegmentSeconds,
                                         model::VideoSamplingOptions{}, path.toStdString());
    if (!plan)
        return fail(namingFile(path, plan.error().message));

    result.items = savedSegments(context, path, sha256, *plan);
    const std::vector<std::string> subtitleTexts =
        result.items.size() < plan->size() ? segmentSubtitles(path, (*decoder)->info(), *plan,
                                                              [&] { return isCancelled(context.cancelled); })
                                           : std::vector<std::string>(plan->size());
    result.resumedItems = int64_t(result.items.size());
    const auto reportSegments = [&](int64_t done) {
        if (context.reportSegments)
            context.reportSegments(done, int64_t(plan->size()));
    };
    reportSegments(result.resumedItems);
    for (size_t k = result.items.size(); k < plan->size(); ++k) {
        if (isCancelled(context.cancelled)) {
            result.outcome = VideoOutcome::Paused; // every segment embedded so far is saved already
            return result;
        }
        const video::VideoSegment &segment = (*plan)[k];
        auto clip = video::readSegmentClip(**decoder, segment.startSeconds, segment.endSeconds);
        if (!clip)
            return fail(namingFile(path, clip.error().message));
        const std::string name = clip->name;

        store::NewItem item;
        item.kind = ItemKind::VideoSegment;
        item.page = int(k);
        item.position = int(k);
        item.sourceRef = name;
        item.text = subtitleTexts[k];
        item.startSeconds = segment.startSeconds;
        item.endSeconds = segment.endSeconds;
        item.thumbnailPng = thumbnailBytes(toQImage(clip->frames[clip->frames.size() / 2]));
        item.frameStripPng = frameStripPng(clip->frames);

        embedding::EncodeInput input;
        input.name = video::segmentInputName(path.toStdString(), name);
        input.video = std::move(*clip);
        auto vectors = context.encoder.embedDocuments(std::span(&input, 1));
        if (!vectors)
            return fail(namingFile(path, "the segment " + name +
                                             " could not be embedded: " + vectors.error().message));
        if (vectors->size() != 1)
            return fail(
                namingFile(path, "the segment " + name + " could not be embedded: no vector returned"));
        item.vector = std::move(vectors->front());

        // The first segment of a video started from its beginning replaces whatever this job had saved
        // of the file (savedSegments found it unusable): saveFileProgress appends to the rows saved for
        // the same content and space, and rows the state does not count would make every later resume
        // start over.
        auto saved = context.library.write([&](store::LibraryDb &db) {
            return db.transaction([&]() -> Status {
                if (k == 0)
                    if (auto s = db.clearFileProgress(context.jobId, path.toStdString()); !s)
                        return s;
                return db.saveFileProgress(context.jobId, path.toStdString(), sha256, context.spaceId,
                                           progressState(int64_t(k) + 1), std::span(&item, 1));
            });
        });
        if (!saved)
            return saved.error();
        result.items.push_back(std::move(item));
        if (afterCheckpoint)
            afterCheckpoint();
        reportSegments(int64_t(k) + 1);
    }
    result.outcome = VideoOutcome::Embedded;
    return result;
}

} // namespace cortex::ingest
