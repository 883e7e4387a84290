#pragma once
// A small command-line parser for cortex-cli: `cortex-cli COMMAND [--option VALUE | --flag]...`.
// Each command declares its options; anything else is a usage error that names the option.

#include "model/common/result.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cortex::cli {

struct OptionSpec {
    std::string name; // without the leading "--"
    bool takesValue = true;
    bool repeatable = false;
    std::string help;
};

class Arguments {
public:
    // `allowPositional`: arguments that are not options (paths, names) are collected in order.
    static model::Result<Arguments> parse(const std::vector<std::string> &args,
                                          const std::vector<OptionSpec> &specs, bool allowPositional = false);
    const std::vector<std::string> &positional() const { return positional_; }

    bool has(const std::string &name) const { return values_.count(name) != 0; }
    std::optional<std::string> value(const std::string &name) const;
    std::string valueOr(const std::string &name, const std::string &fallback) const;
    const std::vector<std::string> &values(const std::string &name) const;
    model::Result<long long> integer(const std::string &name, long long fallback) const;

private:
    std::map<std::string, std::vector<std::string>> values_;
    std::vector<std::string> positional_;
};

std::string usageOf(const std::vector<OptionSpec> &specs);

// What `cortex-cli COMMAND --help` prints above the options: main() sets it before it runs the command,
// so that every command's parse answers --help (and -h) the same way without repeating it.
struct CommandHelp {
    std::string name;     // "search", "maintenance", ...
    std::string synopsis; // the arguments after the command's name
    std::string summary;  // one or more lines that say what it does
};
void setCurrentCommandHelp(CommandHelp help);

// The text `cortex-cli COMMAND --help` prints for these options.
std::string commandHelpText(const CommandHelp &help, const std::vector<OptionSpec> &specs);

} // namespace cortex::cli
