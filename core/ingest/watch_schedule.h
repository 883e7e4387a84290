#pragma once
// When the watched folders are synced, once they are being watched: the one schedule that `cortex-cli
// watch` and the window's session both follow, so that the two never disagree on what "debounced" or
// "settling" means. It is pure bookkeeping over a clock the caller passes in (no thread, no timer), so
// either loop can drive it: cortex-cli from its blocking wait, the session from a timer on the GUI thread.
//
//   - Events mark folders dirty; once no event has come for the debounce time, the dirty folders are due
//     together (a burst of changes is one sync, one job per folder).
//   - A folder whose sync left files still being written ("settling") is due again after stableSeconds.
//   - Polled folders (remote file systems, the watch limit, a missing root) are due every pollSeconds.
//   - A folder asked for (Sync Now) is due at once.

#include <chrono>
#include <cstdint>
#include <map>
#include <set>

namespace cortex::ingest {

struct WatchTiming {
    double stableSeconds = 3;
    double pollSeconds = 60;
    std::chrono::milliseconds debounce{1000};
};

class WatchSchedule {
public:
    using Clock = std::chrono::steady_clock;

    WatchSchedule(const WatchTiming &timing, Clock::time_point now) : timing_(timing), lastPoll_(now) {}

    const WatchTiming &timing() const { return timing_; }
    // Folders the watcher saw change at `now`.
    void changed(const std::set<int64_t> &folders, Clock::time_point now);
    // Due at the next look, without waiting for the debounce.
    void requestNow(const std::set<int64_t> &folders);
    // The folders to sync now (and forgotten until they change again); `polled` are those the watcher
    // cannot see, due every pollSeconds.
    std::set<int64_t> takeDue(Clock::time_point now, const std::set<int64_t> &polled);
    // What a sync of a folder found: with files still being written, it is looked at again once they
    // have had stableSeconds to settle.
    void synced(int64_t folderId, bool settling, Clock::time_point now);
    // Forgets a folder (removed, paused).
    void forget(int64_t folderId);
    // Folders waiting for their turn (changed, settling or asked for).
    size_t waiting() const;

private:
    WatchTiming timing_;
    std::set<int64_t> dirty_;
    std::set<int64_t> asked_;
    Clock::time_point lastEvent_{};
    Clock::time_point lastPoll_;
    std::map<int64_t, Clock::time_point> settleAt_;
};

// Whether a folder's watch is to be set up again after a sync: one that was polled because it was
// missing and is back (unless polling is forced), or one that inotify watched and whose root went.
inline bool needsRewatch(bool polled, bool unavailable, bool forcePolling)
{
    return (polled && !unavailable && !forcePolling) || (!polled && unavailable);
}

} // namespace cortex::ingest
