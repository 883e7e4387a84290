#pragma once
// The words of cortex-cli's progress lines (progress_output.h prints them): pure functions of a Progress
// and the measured rate, so what a log shows is tested without a terminal or a clock.

#include "common/progress.h"

#include <cstdint>
#include <string>

namespace cortex::cli {

// "ingesting 3/64" (`done`: the count shown), or the stage alone while nothing is counted yet.
std::string counts(const Progress &p, int64_t done);

// "ETA 40 s": a time left as every line of cortex-cli shows it.
std::string etaText(double seconds);

// "1 failed, 2 skipped, 0.8 files/s, ETA 40 s", or empty (`rate` <= 0: no rate shown).
std::string details(const Progress &p, double rate);

// Where a long file is: "page 57", "4 of 12 segments" or "120 parts", or empty.
std::string within(const Progress &p);

// The whole state on one line: "ingesting 3/64, page 57, 0.8 files/s, ETA 40 s".
std::string describe(const Progress &p, double rate);

// A file begins: "ingesting 3/64: PATH (0.8 files/s, ETA 40 s)" (the file's number, not the files done).
std::string fileStartLine(const Progress &p, double rate);

// Inside a long file: "ingesting 3/64: PATH: 4 of 12 segments, ETA 40 s", so that a log of a long video or
// PDF shows the job's ETA as it is recomputed, not only at the file's start.
std::string insideFileLine(const Progress &p, double rate);

} // namespace cortex::cli
