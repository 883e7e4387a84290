#include "progress_output.h"

#include "progress_text.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <unistd.h>

namespace cortex::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Plain lines for work without files (an index rebuild reports every vector): at most one this often.
constexpr double kPlainLineSeconds = 5.0;

std::mutex gMutex;
bool gLineOpen = false; // a \r line is on the terminal without its newline

// The rate in the unit of what is counted: files for an ingestion (its counts are files; the items it
// embeds per file vary from one to hundreds), items otherwise.
struct Rate {
    Clock::time_point start = Clock::now();
    int64_t firstDone = -1;
    std::string stage; // a new stage (an ingestion's page images after its files) counts anew
    double perSecond(const Progress &p)
    {
        const int64_t done = p.done;
        if (p.stage != stage) {
            stage = p.stage;
            firstDone = -1;
            start = Clock::now();
        }
        if (firstDone < 0)
            firstDone = done;
        const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
        return seconds > 0.5 ? double(done - firstDone) / seconds : 0;
    }
};

} // namespace

ProgressCallback progressPrinter()
{
    auto rate = std::make_shared<Rate>();
    if (isatty(STDERR_FILENO)) {
        return [rate](const Progress &p) {
            const std::string text = describe(p, rate->perSecond(p));
            std::lock_guard lock(gMutex);
            std::fprintf(stderr, "\r\033[K%s", text.c_str());
            gLineOpen = true;
            if (p.total > 0 && p.done >= p.total) {
                std::fputc('\n', stderr);
                gLineOpen = false;
            }
            std::fflush(stderr);
        };
    }
    struct Plain {
        std::string lastCurrent;
        Clock::time_point lastLine{};
        bool printed = false;
    };
    auto state = std::make_shared<Plain>();
    return [rate, state](const Progress &p) {
        const double perSecond = rate->perSecond(p);
        const auto now = Clock::now();
        const bool finished = p.total > 0 && p.done >= p.total;
        std::string line;
        if (!p.current.empty()) {
            // A file begins: one line each, "ingesting 3/64: PATH" (the third of 64), so that a log shows
            // which file a long wait is on. Its end is not a line of its own, except the last one's.
            // Inside a long file, a line every few seconds says where it is ("...: PATH: page 57").
            const bool sameFile = p.current == state->lastCurrent && !finished;
            if (sameFile &&
                (within(p).empty() ||
                 std::chrono::duration<double>(now - state->lastLine).count() < kPlainLineSeconds))
                return;
            state->lastCurrent = p.current;
            if (sameFile)
                line = insideFileLine(p, perSecond);
            else if (finished)
                line = describe(p, perSecond);
            else
                line = fileStartLine(p, perSecond);
        } else {
            if (!finished && state->printed &&
                std::chrono::duration<double>(now - state->lastLine).count() < kPlainLineSeconds)
                return;
            line = describe(p, perSecond);
        }
        state->lastLine = now;
        state->printed = true;
        std::lock_guard lock(gMutex);
        std::fprintf(stderr, "%s\n", line.c_str());
        std::fflush(stderr);
    };
}

void endProgressLine()
{
    std::lock_guard lock(gMutex);
    if (!gLineOpen)
        return;
    std::fputc('\n', stderr);
    std::fflush(stderr);
    gLineOpen = false;
}

} // namespace cortex::cli
