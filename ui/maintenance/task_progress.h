#pragma once
// Progress and cancellation shared between long library work (on a session worker) and the page that
// shows it. The worker only writes here and the page polls it with a timer, so a worker never touches
// a widget, which may be gone by the time the work reports.

#include "common/progress.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

namespace cortex::ui {

class TaskProgress : public std::enable_shared_from_this<TaskProgress> {
public:
    static std::shared_ptr<TaskProgress> create() { return std::make_shared<TaskProgress>(); }

    void report(const Progress &progress)
    {
        std::lock_guard lock(mutex_);
        latest_ = progress;
    }
    // The newest report since the last call, if any.
    std::optional<Progress> take()
    {
        std::lock_guard lock(mutex_);
        return std::exchange(latest_, std::nullopt);
    }
    void cancel() { cancelled_ = true; }
    bool cancelled() const { return cancelled_; }

    // Callbacks for core calls; they keep this object alive on their own.
    ProgressCallback callback()
    {
        return [self = shared_from_this()](const Progress &p) {
            self->report(p);
        };
    }
    CancelPredicate predicate()
    {
        return [self = shared_from_this()] {
            return self->cancelled();
        };
    }

private:
    std::mutex mutex_;
    std::optional<Progress> latest_;
    std::atomic_bool cancelled_{false};
};

} // namespace cortex::ui
