#include "search/item_input.h"

#include "ingest/extract/extractor.h"
#include "ingest/extract/image_conversion.h"

#include <QImage>

namespace cortex::search {

embedding::EncodeInput itemInput(const store::ItemView &view)
{
    embedding::EncodeInput input;
    input.name = view.documentPath;
    if (view.item.kind == ItemKind::Text) {
        input.text = view.item.text;
        return input;
    }
    auto image = ingest::loadItemImage(QString::fromStdString(view.documentPath),
                                       QString::fromStdString(view.documentType), view.item.kind,
                                       view.item.page, QString::fromStdString(view.item.sourceRef));
    QImage pixels = image ? *image : QImage();
    if (pixels.isNull() && !view.item.thumbnailPng.empty())
        pixels.loadFromData(view.item.thumbnailPng.data(), qsizetype(view.item.thumbnailPng.size()), "PNG");
    if (!pixels.isNull())
        input.images.push_back(ingest::toModelImage(pixels));
    else
        input.text = view.item.text;
    return input;
}

} // namespace cortex::search
