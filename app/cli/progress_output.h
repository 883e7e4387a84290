#pragma once
// Progress of long commands on stderr (stdout stays for results, so --json output is clean).
//
// On a terminal: one line, rewritten in place (\r). Elsewhere (a log file, a pipe): plain lines, one
// when a file is started (so a log shows what a long file is) and at most one every few seconds for
// work that has no files, never a \r. Whatever was printed, endProgressLine() ends an open line, so
// that a summary or an error that follows starts on a line of its own; fail() calls it.

#include "common/progress.h"

namespace cortex::cli {

ProgressCallback progressPrinter();

// Ends the progress line when one is open on the terminal (prints a newline); otherwise nothing.
void endProgressLine();

} // namespace cortex::cli
