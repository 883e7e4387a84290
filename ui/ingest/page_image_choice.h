#pragma once
// The page-image choice as the Ingest tab and a watched folder's Edit dialog show it: off or a size
// (common/page_image_side.h), and beside it what a page costs on this computer, as earlier ingestion
// measured it. Rendered pages find charts, scans and slides that have no text, and cost far more.

#include <QString>

class QComboBox;

namespace cortex::session {
class LibrarySession;
}

namespace cortex::ui {

// "Off (text only)", the offered sizes (the standard one marked) and `current` where it is none of them
// (a size chosen with cortex-cli); `current` selected. Each item's data is its side (0: off).
void fillPageImageSizes(QComboBox *combo, int current);

// "About 12 s a page here (CPU, bfloat16)." for `side`, "Only text is embedded: ..." for 0, or that the
// cost is not measured yet.
QString pageImageCostText(session::LibrarySession &session, int side);

} // namespace cortex::ui
