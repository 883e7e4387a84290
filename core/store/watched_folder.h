#pragma once
// A watched folder: a folder (or file) the user gave to ingest, remembered in the library with the
// options it was ingested with, so that a sync (cortex-cli watch, rescan, the window) takes it up again
// by itself. Plain values, no Qt (the store is shared by the CLI, the GUI and the tests).

#include "common/page_image_side.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cortex::store {

// Idle: nothing to do, or waiting for changes. Syncing: a sync is applying a change set (a kill leaves
// it so; the next sync sets it again). Unavailable: the folder was missing at the last look (an
// unmounted drive): its documents are kept and searchable, and the sync resumes when it is back.
enum class WatchedFolderState { Idle, Syncing, Unavailable };

std::string_view toString(WatchedFolderState state);
std::optional<WatchedFolderState> watchedFolderStateFromString(std::string_view word);

// What the user chooses for a folder (add, edit).
struct WatchedFolderSettings {
    std::string collection;                   // empty: its documents join no collection
    std::vector<std::string> includePatterns; // file-name globs; empty: every supported type
    std::vector<std::string> excludePatterns; // globs on names of files and folders below it
    int chunkTokens = 0;                      // 0: the settings' chunk size
    int overlapTokens = 0;                    // with chunkTokens 0: the settings' overlap
    bool followSymlinks = true;
    // PDF pages rendered at this longer side and embedded as images as well as their text; 0: text only
    // (common/page_image_side.h). For the files ingested from the folder from then on.
    int pageImageSide = kDefaultPageImageSide;
};

struct WatchedFolder {
    int64_t id = 0;
    std::string path; // absolute
    WatchedFolderSettings settings = {};
    bool paused = false;
    WatchedFolderState state = WatchedFolderState::Idle;
    std::string stateDetail = {}; // why unavailable, or what the last sync found
    int64_t lastSyncAt = 0;       // seconds since the epoch; 0: never synced
    int64_t addedAt = 0;
};

// A pattern is stored one per line: a pattern holding a line break, or an empty one, is refused.
// Returns the reason, or an empty string when every pattern can be stored.
std::string watchedPatternProblem(const std::vector<std::string> &patterns);

} // namespace cortex::store
