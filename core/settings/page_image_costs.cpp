#include "settings/page_image_costs.h"

#include <QRegularExpression>
#include <QSettings>

#include <algorithm>
#include <cmath>
#include <utility>

namespace cortex::settings {
namespace {

// "cpu bfloat16" -> "pageImageCosts/cpu-bfloat16": a group name without separators.
QString groupOf(const QString &compute)
{
    QString name = compute;
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9]+")), QStringLiteral("-"));
    return QStringLiteral("pageImageCosts/") + name;
}

// The figure stored for `side` in the current group: seconds per page and pages behind it, or nullopt
// when there is none or it makes no sense (the settings file is the user's to edit).
std::optional<std::pair<double, int64_t>> storedFigure(QSettings &store, const QString &side)
{
    const double perPage = store.value(side + QStringLiteral("/secondsPerPage"), -1).toDouble();
    const int64_t pages = store.value(side + QStringLiteral("/pages"), 0).toLongLong();
    if (pages <= 0 || !(perPage >= 0) || !std::isfinite(perPage))
        return std::nullopt;
    return std::pair(perPage, std::min(pages, kPagesRemembered));
}

} // namespace

void recordPageImageCost(QSettings &store, const QString &compute, int longSide, int64_t pages,
                         double seconds)
{
    if (compute.isEmpty() || longSide <= 0 || pages <= 0 || !(seconds >= 0) || !std::isfinite(seconds))
        return;
    store.beginGroup(groupOf(compute));
    const QString side = QString::number(longSide);
    const auto [oldSeconds, oldPages] = storedFigure(store, side).value_or(std::pair(0.0, int64_t(0)));
    const int64_t kept = std::max<int64_t>(0, std::min(oldPages, kPagesRemembered - pages));
    const double perPage = (oldSeconds * double(kept) + seconds) / double(kept + pages);
    store.setValue(side + QStringLiteral("/secondsPerPage"), perPage);
    store.setValue(side + QStringLiteral("/pages"), qlonglong(std::min(kept + pages, kPagesRemembered)));
    store.endGroup();
}

std::optional<PageImageCost> pageImageCost(QSettings &store, const QString &compute, int longSide)
{
    if (compute.isEmpty() || longSide <= 0)
        return std::nullopt;
    store.beginGroup(groupOf(compute));
    std::optional<PageImageCost> best;
    for (const QString &side : store.childGroups()) {
        bool ok = false;
        const int measured = side.toInt(&ok);
        const auto figure = storedFigure(store, side);
        if (!ok || measured <= 0 || !figure)
            continue;
        if (!best || std::abs(measured - longSide) < std::abs(best->measuredSide - longSide))
            best = PageImageCost{figure->first, measured, figure->second};
    }
    store.endGroup();
    if (best && best->measuredSide != longSide) {
        const double ratio = double(longSide) / double(best->measuredSide);
        best->secondsPerPage *= ratio * ratio; // a page's patches grow with its pixels
    }
    return best;
}

} // namespace cortex::settings
