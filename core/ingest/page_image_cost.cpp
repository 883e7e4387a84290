#include "ingest/page_image_cost.h"

#include "embedding/encoder.h"

#include <QSettings>

namespace cortex::ingest {
namespace {

QString computeOf(const embedding::Encoder &encoder)
{
    const auto compute = encoder.compute();
    if (compute.device.empty())
        return {};
    return QString::fromStdString(compute.device + " " + compute.dtype);
}

} // namespace

void rememberPageImageCost(const PageImageTiming &timing, const embedding::Encoder &encoder)
{
    if (timing.pages <= 0)
        return;
    QSettings store;
    settings::recordPageImageCost(store, computeOf(encoder), timing.longSide, timing.pages, timing.seconds);
}

std::optional<settings::PageImageCost> pageImageCost(const embedding::Encoder &encoder, int longSide)
{
    QSettings store;
    return settings::pageImageCost(store, computeOf(encoder), longSide);
}

} // namespace cortex::ingest
