#pragma once
// The status bar's line about the background sync of watched folders: what the sync running now found
// so far ("Syncing 2 folders: 14 new, 3 changed"), or what the last one found. Empty before any sync.

#include <QString>

namespace cortex::session {
struct WatchActivity;
}

namespace cortex::ui {

QString watchActivityText(const session::WatchActivity &activity);

} // namespace cortex::ui
