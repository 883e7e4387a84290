#pragma once
// Progress and cancellation for long work (ingestion, index rebuilds, migrations, exports): the worker
// reports through a callback and polls a cancellation predicate; neither may be empty-checked by the
// caller, both are optional.

#include <cstdint>
#include <functional>
#include <string>

namespace cortex {

struct Progress {
    std::string stage;   // "rebuilding index", "ingesting", ... (shown as it is)
    std::string current; // the file or item being worked on, when there is one
    // Where the work is inside `current`, reported as a long file goes on: the page last embedded
    // (1-based) in a PDF or a presentation, else the parts (chunks, images) done; 0 when not known.
    int currentPage = 0;
    int64_t currentParts = 0;
    int64_t done = 0;
    int64_t total = 0; // 0 when unknown
    int64_t failed = 0;
    int64_t skipped = 0;
    double itemsPerSecond = 0;
    double etaSeconds = -1; // -1 when unknown
    // What currentPage counts: pages of a document, or the segments of a video (issue 16), where
    // currentPage is the segments embedded (0 before the first) and currentOf how many the video has.
    // (Last, so that the positional initialisations above stay as they are.)
    enum class Unit { Page, Segment };
    Unit currentUnit = Unit::Page;
    int currentOf = 0; // the parts in `current` (a video's segments); 0 when not known
};

using ProgressCallback = std::function<void(const Progress &)>;
using CancelPredicate = std::function<bool()>;

inline bool isCancelled(const CancelPredicate &cancelled)
{
    return cancelled && cancelled();
}
inline void report(const ProgressCallback &callback, const Progress &progress)
{
    if (callback)
        callback(progress);
}

} // namespace cortex
