#pragma once
// `cortex-cli watch` (run): keeps the library's watched folders in sync until SIGTERM or Ctrl-C.

#include "arguments.h"

#include <vector>

namespace cortex::cli {

// The options of the run (--stable-seconds, --poll-seconds, ...), added to the watch command's.
std::vector<OptionSpec> watchRunSpecs();
int runWatchLoop(const Arguments &args);

} // namespace cortex::cli
