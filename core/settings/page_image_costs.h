#pragma once
// What embedding one rendered PDF page costs on this computer, learnt from ingestion (the seconds that
// the pages' own embedding calls took), per compute (device and dtype, "cpu bfloat16") and page size:
// shown beside the page-image choice in the Ingest tab and by cortex-cli.

#include <QString>

#include <cstdint>
#include <optional>

class QSettings;

namespace cortex::settings {

struct PageImageCost {
    double secondsPerPage = 0;
    int measuredSide = 0; // the page size it was measured at; another than the one asked: an estimate
    int64_t pages = 0;    // pages behind the figure
};

// Adds a job's figure: the average over the pages measured, where the last kPagesRemembered pages
// count (so that a new computer setting or model shows within a job or two).
void recordPageImageCost(QSettings &store, const QString &compute, int longSide, int64_t pages,
                         double seconds);

// The figure at `longSide`; where that size was never measured, one estimated from the nearest measured
// size by the ratio of pixels; nullopt when nothing was measured for `compute`.
std::optional<PageImageCost> pageImageCost(QSettings &store, const QString &compute, int longSide);

inline constexpr int64_t kPagesRemembered = 200;

} // namespace cortex::settings
