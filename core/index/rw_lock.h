#pragma once
// A phase-fair readers-writer lock. std::shared_mutex on glibc prefers readers, so a steady stream of
// searches could keep an ingestion add() waiting forever; preferring writers instead would let a tight
// add() loop starve searches. Here a writer waits only for the readers already inside, readers that
// arrive meanwhile queue behind it, and when it leaves it admits every queued reader before the next
// writer. Not recursive: a thread that holds it must not take it again.
// Satisfies SharedMutex, so std::unique_lock and std::shared_lock work with it.

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace cortex::index::detail {

class RwLock {
public:
    void lock();
    void unlock();
    void lock_shared();
    void unlock_shared();

private:
    std::mutex mutex_;
    std::condition_variable readersCv_;
    std::condition_variable writersCv_;
    int activeReaders_ = 0;
    int waitingReaders_ = 0;
    int waitingWriters_ = 0;
    bool writing_ = false;
    uint64_t readPhase_ = 0; // advanced when a writer admits the queued readers
};

} // namespace cortex::index::detail
