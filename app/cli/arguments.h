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

} // namespace cortex::cli
