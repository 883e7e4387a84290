#include "ui/ingest/page_image_choice.h"

#include "application/records.h"
#include "common/page_image_side.h"
#include "session/library_session.h"
#include "ui/common/format.h"

#include <QComboBox>
#include <QCoreApplication>

#include <algorithm>
#include <iterator>

namespace cortex::ui {
namespace {

// lupdate files a free function's tr() under its namespace: the same context here.
QString tr(const char *text)
{
    return QCoreApplication::translate("cortex::ui", text);
}

} // namespace

void fillPageImageSizes(QComboBox *combo, int current)
{
    combo->clear();
    combo->addItem(tr("Off (text only)"), 0);
    for (int side : kPageImageSizes)
        combo->addItem(
            side == kDefaultPageImageSide ? tr("%1 px (standard)").arg(side) : tr("%1 px").arg(side), side);
    if (current != 0 && std::find(std::begin(kPageImageSizes), std::end(kPageImageSizes), current) ==
                            std::end(kPageImageSizes))
        combo->addItem(tr("%1 px").arg(current), current);
    combo->setCurrentIndex(std::max(0, combo->findData(current)));
    combo->setToolTip(tr("PDF pages are also embedded as images at this size (the longer side)"));
}

QString pageImageCostText(session::LibrarySession &session, int side)
{
    if (side <= 0)
        return tr("Only text is embedded: scans, charts and slides without text are not found.");
    const auto cost = session.pageImageCost(side);
    if (!cost)
        return tr("The cost of a page is not measured yet on this computer: ingesting PDFs measures it.");
    const QString compute = formatCompute(session.embeddingCompute());
    const QString perPage =
        cost->secondsPerPage < 1 ? tr("under a second") : formatDuration(cost->secondsPerPage);
    return cost->measuredSide == side ? tr("About %1 a page here (%2).").arg(perPage, compute)
                                      : tr("About %1 a page here (%2; estimated from %3 px pages).")
                                            .arg(perPage, compute)
                                            .arg(cost->measuredSide);
}

} // namespace cortex::ui
