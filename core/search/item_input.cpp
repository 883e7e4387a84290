#include "search/item_input.h"

#include "ingest/extract/extractor.h"
#include "ingest/extract/image_conversion.h"
#include "video/video_clip_reader.h"
#include "video/video_decoder.h"

#include <QImage>

namespace cortex::search {
namespace {

// The stored thumbnail as the model's image (an empty list when there is none).
std::vector<model::Image> thumbnailImages(const store::ItemRecord &item)
{
    QImage pixels;
    if (!item.thumbnailPng.empty())
        pixels.loadFromData(item.thumbnailPng.data(), qsizetype(item.thumbnailPng.size()), "PNG");
    if (pixels.isNull())
        return {};
    return {ingest::toModelImage(pixels)};
}

// The segment's frames as ingestion read them (video::readSegmentClip, with ingestion's decoder limit:
// ingest/video_ingest.cpp's openVideo); nullopt when the file does not give them.
std::optional<model::VideoClip> segmentClip(const store::ItemView &view)
{
    const store::ItemRecord &item = view.item;
    if (!(item.endSeconds > item.startSeconds) || item.startSeconds < 0)
        return std::nullopt;
    video::VideoLimits limits;
    limits.maxFramePixels = ingest::ExtractOptions{}.maxImagePixels;
    auto decoder = video::VideoDecoder::open(view.documentPath, limits);
    if (!decoder)
        return std::nullopt;
    auto clip = video::readSegmentClip(**decoder, item.startSeconds, item.endSeconds);
    if (!clip)
        return std::nullopt;
    return std::move(*clip);
}

std::string segmentInputName(const store::ItemView &view)
{
    return video::segmentInputName(view.documentPath, view.item.sourceRef);
}

} // namespace

embedding::EncodeInput itemInput(const store::ItemView &view)
{
    embedding::EncodeInput input;
    input.name = view.documentPath;
    if (view.item.kind == ItemKind::Text) {
        input.text = view.item.text;
        return input;
    }
    if (view.item.kind == ItemKind::VideoSegment) {
        input.name = segmentInputName(view);
        input.video = segmentClip(view);
        if (!input.video)
            input.images = thumbnailImages(view.item);
        if (!input.video && input.images.empty())
            input.text = view.item.text;
        return input;
    }
    auto image = ingest::loadItemImage(QString::fromStdString(view.documentPath),
                                       QString::fromStdString(view.documentType), view.item.kind,
                                       view.item.page, QString::fromStdString(view.item.sourceRef));
    if (image && !image->isNull())
        input.images.push_back(ingest::toModelImage(*image));
    else
        input.images = thumbnailImages(view.item);
    if (input.images.empty())
        input.text = view.item.text;
    return input;
}

embedding::EncodeInput rerankInput(const store::ItemView &view)
{
    if (view.item.kind != ItemKind::VideoSegment)
        return itemInput(view);
    embedding::EncodeInput input;
    input.name = segmentInputName(view);
    input.images = thumbnailImages(view.item);
    input.text = view.item.text;
    return input;
}

} // namespace cortex::search
