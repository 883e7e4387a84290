#include "ingest/watch_schedule.h"

namespace cortex::ingest {

void WatchSchedule::changed(const std::set<int64_t> &folders, Clock::time_point now)
{
    if (folders.empty())
        return;
    dirty_.insert(folders.begin(), folders.end());
    lastEvent_ = now;
}

void WatchSchedule::requestNow(const std::set<int64_t> &folders)
{
    asked_.insert(folders.begin(), folders.end());
}

std::set<int64_t> WatchSchedule::takeDue(Clock::time_point now, const std::set<int64_t> &polled)
{
    std::set<int64_t> due;
    due.swap(asked_);
    if (!dirty_.empty() && now - lastEvent_ >= timing_.debounce) {
        due.insert(dirty_.begin(), dirty_.end());
        dirty_.clear();
    }
    for (auto it = settleAt_.begin(); it != settleAt_.end();) {
        if (now >= it->second) {
            due.insert(it->first);
            it = settleAt_.erase(it);
        } else {
            ++it;
        }
    }
    if (now - lastPoll_ >= std::chrono::duration<double>(timing_.pollSeconds)) {
        lastPoll_ = now;
        due.insert(polled.begin(), polled.end());
    }
    return due;
}

void WatchSchedule::synced(int64_t folderId, bool settling, Clock::time_point now)
{
    if (!settling)
        return;
    // A little after the files' stable time, so that the next scan finds them settled.
    const auto delay = std::chrono::milliseconds(int64_t(timing_.stableSeconds * 1000) + 100);
    settleAt_[folderId] = now + delay;
}

void WatchSchedule::forget(int64_t folderId)
{
    dirty_.erase(folderId);
    asked_.erase(folderId);
    settleAt_.erase(folderId);
}

size_t WatchSchedule::waiting() const
{
    std::set<int64_t> all = dirty_;
    all.insert(asked_.begin(), asked_.end());
    for (const auto &[id, at] : settleAt_)
        all.insert(id);
    return all.size();
}

} // namespace cortex::ingest
