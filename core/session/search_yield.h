#pragma once
// "Sync work yields to the user's searches": the session counts its searches in flight, and a
// background sync, between two files, waits while one is (at most kLimit at a time, so a search that
// hangs cannot stop the library from following its folders). The clock and the pause between two looks
// are injectable, so that a test decides when a search ends and how much time passes, without sleeping.

#include <atomic>
#include <chrono>
#include <functional>

namespace cortex::session {

class SearchYield {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    using Pause = std::function<void()>; // one short wait before looking again

    // A search is answered in seconds; a sync never waits longer than this for searches at a time.
    static constexpr std::chrono::seconds kLimit{10};

    SearchYield(); // the steady clock, pauses of 5 ms
    // Replaces the clock and the pause (tests); empty functions keep the real ones.
    void setTiming(Clock clock, Pause pause);

    // The session, around each search (any thread).
    void searchStarted() { ++inFlight_; }
    void searchFinished() { --inFlight_; }
    int searchesInFlight() const { return inFlight_.load(); }

    enum class Outcome {
        NoSearch,      // none was in flight: went on at once
        SearchesEnded, // waited until none was
        LimitReached,  // waited kLimit; a search is still in flight
        Stopping,      // `stopping` said so
    };
    // The sync's side, between two files (its worker): waits while a search is in flight.
    Outcome wait(const std::function<bool()> &stopping = {}) const;

private:
    std::atomic_int inFlight_{0};
    Clock clock_;
    Pause pause_;
};

} // namespace cortex::session
