#include "index/rw_lock.h"

namespace cortex::index::detail {

void RwLock::lock_shared()
{
    std::unique_lock guard(mutex_);
    if (!writing_ && waitingWriters_ == 0) {
        ++activeReaders_;
        return;
    }
    // Queue behind the writer; the writer's unlock() counts us in (activeReaders_) before waking us.
    ++waitingReaders_;
    const uint64_t phase = readPhase_;
    readersCv_.wait(guard, [&] { return readPhase_ != phase; });
}

void RwLock::unlock_shared()
{
    std::unique_lock guard(mutex_);
    if (--activeReaders_ == 0 && waitingWriters_ > 0)
        writersCv_.notify_one();
}

void RwLock::lock()
{
    std::unique_lock guard(mutex_);
    ++waitingWriters_;
    writersCv_.wait(guard, [&] { return !writing_ && activeReaders_ == 0; });
    --waitingWriters_;
    writing_ = true;
}

void RwLock::unlock()
{
    std::unique_lock guard(mutex_);
    writing_ = false;
    if (waitingReaders_ > 0) {
        // Hand the lock to every queued reader at once; a waiting writer goes after them.
        activeReaders_ += waitingReaders_;
        waitingReaders_ = 0;
        ++readPhase_;
        readersCv_.notify_all();
    } else if (waitingWriters_ > 0) {
        writersCv_.notify_one();
    }
}

} // namespace cortex::index::detail
