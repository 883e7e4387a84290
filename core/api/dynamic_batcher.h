#pragma once
// Dynamic batching for a model behind an HTTP API: requests that arrive together run as one engine call,
// so a GPU is used well under concurrent load while a lone request waits at most a few milliseconds.
//
// One worker thread takes the oldest job, then waits until `window` has passed since that job arrived
// (never longer: under load the queue is already full and nothing waits) or until the batch holds
// `maxBatch` inputs, and hands the batch to `run`. The queue is bounded: submit() refuses a job when
// `maxQueue` jobs wait, and the caller answers 503 with Retry-After instead of letting memory grow.
// Window 0 and maxBatch 1 turn batching off (--no-batching), for comparison.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace cortex::api {

struct BatchOptions {
    int maxBatch = 16;  // inputs per engine call (a job larger than this runs alone)
    int windowMs = 5;   // how long the oldest job waits for company
    int maxQueue = 256; // jobs waiting; one more is refused
};

// What a batcher has done, for the benchmark and the tests.
struct BatchStats {
    size_t batches = 0;
    size_t jobs = 0;
    size_t largestBatch = 0; // in jobs
    size_t refused = 0;
    size_t waiting = 0; // jobs in the queue now
};

template <typename Job> class DynamicBatcher {
public:
    // `run` answers every job of the batch (it is called on the worker thread only); `inputsOf` counts a
    // job's inputs against maxBatch.
    using Run = std::function<void(std::vector<Job> &batch)>;
    using InputsOf = std::function<size_t(const Job &)>;

    DynamicBatcher(BatchOptions options, Run run, InputsOf inputsOf = {})
        : options_(sanitized(options)), run_(std::move(run)), inputsOf_(std::move(inputsOf)),
          worker_([this] { work(); })
    {
    }
    DynamicBatcher(const DynamicBatcher &) = delete;
    DynamicBatcher &operator=(const DynamicBatcher &) = delete;

    // Stops taking jobs; the ones queued still run (every requester gets its answer), then the worker ends.
    ~DynamicBatcher()
    {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        worker_.join();
    }

    // False when the queue is full or the batcher is stopping: the job is handed back untouched.
    bool submit(Job &job)
    {
        {
            std::lock_guard lock(mutex_);
            if (stopping_ || queue_.size() >= size_t(options_.maxQueue)) {
                ++stats_.refused;
                return false;
            }
            queue_.push_back({std::move(job), Clock::now()});
        }
        wake_.notify_all();
        return true;
    }

    BatchStats stats() const
    {
        std::lock_guard lock(mutex_);
        BatchStats now = stats_;
        now.waiting = queue_.size();
        return now;
    }
    const BatchOptions &options() const { return options_; }

private:
    using Clock = std::chrono::steady_clock;
    struct Queued {
        Job job;
        Clock::time_point arrived;
    };

    static BatchOptions sanitized(BatchOptions o)
    {
        o.maxBatch = o.maxBatch < 1 ? 1 : o.maxBatch;
        o.windowMs = o.windowMs < 0 ? 0 : o.windowMs;
        o.maxQueue = o.maxQueue < 1 ? 1 : o.maxQueue;
        return o;
    }

    size_t inputs(const Job &job) const { return inputsOf_ ? inputsOf_(job) : 1; }

    // The inputs the queue's head would form a batch of: jobs are taken in order while they fit.
    size_t fittingJobs(size_t &total) const
    {
        size_t count = 0;
        total = 0;
        for (const auto &q : queue_) {
            const size_t n = inputs(q.job);
            if (count > 0 && total + n > size_t(options_.maxBatch))
                break;
            total += n;
            ++count;
            if (total >= size_t(options_.maxBatch))
                break;
        }
        return count;
    }

    void work()
    {
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty())
                return; // stopping, nothing left
            const auto deadline = queue_.front().arrived + std::chrono::milliseconds(options_.windowMs);
            size_t total = 0;
            // Wait for company until the deadline or a full batch; a stopping batcher waits for nobody.
            // (A job that does not fit the batch any more fills it as well.)
            while (!stopping_ && Clock::now() < deadline) {
                if (fittingJobs(total) < queue_.size() || total >= size_t(options_.maxBatch))
                    break;
                wake_.wait_until(lock, deadline);
            }
            const size_t count = fittingJobs(total);
            std::vector<Job> batch;
            batch.reserve(count);
            for (size_t k = 0; k < count; ++k) {
                batch.push_back(std::move(queue_.front().job));
                queue_.pop_front();
            }
            ++stats_.batches;
            stats_.jobs += count;
            stats_.largestBatch = std::max(stats_.largestBatch, count);
            lock.unlock();
            run_(batch);
            lock.lock();
        }
    }

    const BatchOptions options_;
    const Run run_;
    const InputsOf inputsOf_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Queued> queue_;
    BatchStats stats_;
    bool stopping_ = false;
    std::thread worker_; // last: started once everything above exists
};

} // namespace cortex::api
