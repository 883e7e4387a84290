#include "progress_output.h"

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

// "ingesting 3/64" (`done`: the count shown; a line that names a file shows the file's number), or the
// stage alone while nothing is counted yet ("scanning").
std::string counts(const Progress &p, int64_t done)
{
    // Appended piece by piece: GCC 12 warns (-Wrestrict, falsely) about "literal" + std::string here.
    std::string text = p.stage;
    if (done == 0 && p.total == 0)
        return text;
    text += ' ';
    text += std::to_string(done);
    if (p.total > 0) {
        text += '/';
        text += std::to_string(p.total);
    }
    return text;
}

// "1 failed, 2 skipped, 0.8 files/s, ETA 40 s", or empty.
std::string details(const Progress &p, double rate)
{
    std::string text;
    const auto add = [&](const std::string &piece) {
        if (!text.empty())
            text += ", ";
        text += piece;
    };
    if (p.failed)
        add(std::to_string(p.failed) + " failed");
    if (p.skipped)
        add(std::to_string(p.skipped) + " skipped");
    char buffer[64];
    if (rate > 0) {
        std::snprintf(buffer, sizeof buffer, "%.1f %s/s", rate,
                      p.stage == "ingesting"     ? "files"
                      : p.stage == "page images" ? "images"
                                                 : "items");
        add(buffer);
    }
    if (p.etaSeconds >= 0) {
        std::snprintf(buffer, sizeof buffer, "ETA %.0f s", p.etaSeconds);
        add(buffer);
    }
    return text;
}

// Where a long file is: "page 57", "4 of 12 segments" (of a video: the segments embedded, 0 while the
// first is being embedded) or "120 parts", or empty.
std::string within(const Progress &p)
{
    if (p.currentUnit == Progress::Unit::Segment && p.currentOf > 0)
        return std::to_string(p.currentPage) + " of " + std::to_string(p.currentOf) +
               (p.currentOf == 1 ? " segment" : " segments");
    if (p.currentPage > 0)
        return "page " + std::to_string(p.currentPage);
    if (p.currentParts > 0)
        return std::to_string(p.currentParts) + " parts";
    return {};
}

std::string describe(const Progress &p, double rate)
{
    std::string more = details(p, rate);
    if (const std::string inside = within(p); !inside.empty())
        more = more.empty() ? inside : inside + ", " + more;
    return more.empty() ? counts(p, p.done) : counts(p, p.done) + ", " + more;
}

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
            if (sameFile) {
                line = counts(p, p.total > 0 ? std::min(p.done + 1, p.total) : p.done + 1) + ": " +
                       p.current + ": " + within(p);
            } else if (finished) {
                line = describe(p, perSecond);
            } else {
                const std::string more = details(p, perSecond);
                line = counts(p, p.total > 0 ? std::min(p.done + 1, p.total) : p.done + 1) + ": " +
                       p.current + (more.empty() ? std::string() : " (" + more + ")");
            }
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
