#pragma once
// The cost of a rendered PDF page with the loaded embedding model, as this computer measured it: kept
// after every ingestion run (the window's and cortex-cli's alike) and read beside the page-image choice.

#include "ingest/ingestor.h"
#include "settings/page_image_costs.h"

#include <optional>

namespace cortex::embedding {
class Encoder;
}

namespace cortex::ingest {

// Adds the run's page timing to the figures of this computer (the application's QSettings), under the
// encoder's device and dtype. Nothing happens when no page was embedded.
void rememberPageImageCost(const PageImageTiming &timing, const embedding::Encoder &encoder);

// The figure for pages of `longSide` pixels with `encoder` (possibly estimated from another size), or
// nullopt when this computer has not measured any.
std::optional<settings::PageImageCost> pageImageCost(const embedding::Encoder &encoder, int longSide);

} // namespace cortex::ingest
