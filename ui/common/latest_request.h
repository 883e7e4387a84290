#pragma once
// Answers that arrive out of order: each request takes a ticket, and only the newest request's answer
// is used; an older one that arrives late is dropped. invalidate() drops every answer in flight (the
// thing they were about has gone). GUI thread only.

#include <cstdint>

namespace cortex::ui {

class LatestRequest {
public:
    uint64_t start() { return ++latest_; }
    bool isLatest(uint64_t ticket) const { return ticket == latest_; }
    void invalidate() { ++latest_; }

private:
    uint64_t latest_ = 0;
};

} // namespace cortex::ui
