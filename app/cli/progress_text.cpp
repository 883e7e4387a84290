#include "progress_text.h"

#include <algorithm>
#include <cstdio>

namespace cortex::cli {
namespace {

// The number of the file being worked on (the files done, plus this one).
int64_t fileNumber(const Progress &p)
{
    return p.total > 0 ? std::min(p.done + 1, p.total) : p.done + 1;
}

} // namespace

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

std::string etaText(double seconds)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "ETA %.0f s", seconds);
    return buffer;
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
    if (p.etaSeconds >= 0)
        add(etaText(p.etaSeconds));
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

std::string fileStartLine(const Progress &p, double rate)
{
    const std::string more = details(p, rate);
    return counts(p, fileNumber(p)) + ": " + p.current + (more.empty() ? std::string() : " (" + more + ")");
}

std::string insideFileLine(const Progress &p, double rate)
{
    std::string line = counts(p, fileNumber(p)) + ": " + p.current;
    if (const std::string inside = within(p); !inside.empty())
        line += ": " + inside;
    if (const std::string more = details(p, rate); !more.empty())
        line += ", " + more;
    return line;
}

} // namespace cortex::cli
