#include "watch_run.h"

#include "commands.h"

namespace cortex::cli {

std::vector<OptionSpec> watchRunSpecs()
{
    return {};
}

int runWatchLoop(const Arguments &)
{
    return fail("watch run is not available yet");
}

} // namespace cortex::cli
