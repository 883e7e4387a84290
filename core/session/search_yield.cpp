#include "session/search_yield.h"

#include <QThread>

namespace cortex::session {

SearchYield::SearchYield()
{
    setTiming({}, {});
}

void SearchYield::setTiming(Clock clock, Pause pause)
{
    clock_ = clock ? std::move(clock) : Clock([] { return std::chrono::steady_clock::now(); });
    pause_ = pause ? std::move(pause) : Pause([] { QThread::msleep(5); });
}

SearchYield::Outcome SearchYield::wait(const std::function<bool()> &stopping) const
{
    if (inFlight_.load() <= 0)
        return Outcome::NoSearch;
    const auto until = clock_() + kLimit;
    for (;;) {
        if (stopping && stopping())
            return Outcome::Stopping;
        if (inFlight_.load() <= 0)
            return Outcome::SearchesEnded;
        if (clock_() >= until)
            return Outcome::LimitReached;
        pause_();
    }
}

} // namespace cortex::session
