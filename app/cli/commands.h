#pragma once
// The cortex-cli commands. Each returns the process exit code: 0 success, 1 failure (one line on
// stderr that names the file and the reason), 2 usage error.

#include <string>
#include <vector>

namespace cortex::cli {

int runTokenize(const std::vector<std::string> &args);
int runEmbed(const std::vector<std::string> &args);
int runRerank(const std::vector<std::string> &args);
int runInspectModel(const std::vector<std::string> &args);
int runBench(const std::vector<std::string> &args);

int fail(const std::string &message);       // prints "cortex-cli: error: MESSAGE", returns 1
int usageError(const std::string &message); // prints the message and a hint, returns 2

} // namespace cortex::cli
