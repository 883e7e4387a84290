#include "arguments.h"

#include <charconv>
#include <cstdlib>
#include <iostream>

namespace cortex::cli {

namespace {

CommandHelp &currentCommandHelp()
{
    static CommandHelp help;
    return help;
}

bool isHelpRequest(const std::string &arg)
{
    return arg == "--help" || arg == "-h";
}

} // namespace

void setCurrentCommandHelp(CommandHelp help)
{
    currentCommandHelp() = std::move(help);
}

std::string commandHelpText(const CommandHelp &help, const std::vector<OptionSpec> &specs)
{
    std::string text = "usage: cortex-cli " + help.name + (help.synopsis.empty() ? "" : " " + help.synopsis) +
                       "\n\n" + help.summary + "\n";
    if (!specs.empty())
        text += "\nOptions:\n" + usageOf(specs);
    text += usageOf({{"help, -h", false, false, "this help"}});
    return text;
}

model::Result<Arguments> Arguments::parse(const std::vector<std::string> &args,
                                          const std::vector<OptionSpec> &specs, bool allowPositional)
{
    // --help anywhere answers before anything else is checked: parsing happens before a command opens
    // a library or loads a model, so leaving here touches nothing.
    // The value of an option (`--text -h`) is not a request for help.
    for (size_t i = 0; i < args.size(); ++i) {
        if (isHelpRequest(args[i])) {
            std::cout << commandHelpText(currentCommandHelp(), specs);
            std::exit(0);
        }
        for (const auto &s : specs)
            if (s.takesValue && args[i] == "--" + s.name)
                ++i;
    }
    Arguments out;
    for (size_t i = 0; i < args.size(); ++i) {
        const auto &arg = args[i];
        if (arg.rfind("--", 0) != 0) {
            if (!allowPositional)
                return model::makeError("unexpected argument '" + arg + "'");
            out.positional_.push_back(arg);
            continue;
        }
        auto name = arg.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name.resize(eq);
        }
        const OptionSpec *spec = nullptr;
        for (const auto &s : specs)
            if (s.name == name)
                spec = &s;
        if (!spec)
            return model::makeError("unknown option --" + name);
        if (!spec->repeatable && out.values_.count(name))
            return model::makeError("option --" + name + " given twice");
        if (!spec->takesValue) {
            out.values_[name].push_back("1");
            continue;
        }
        if (inlineValue) {
            out.values_[name].push_back(*inlineValue);
        } else if (i + 1 < args.size()) {
            out.values_[name].push_back(args[++i]);
        } else {
            return model::makeError("option --" + name + " needs a value");
        }
    }
    return out;
}

std::optional<std::string> Arguments::value(const std::string &name) const
{
    const auto it = values_.find(name);
    if (it == values_.end() || it->second.empty())
        return std::nullopt;
    return it->second.back();
}

std::string Arguments::valueOr(const std::string &name, const std::string &fallback) const
{
    return value(name).value_or(fallback);
}

const std::vector<std::string> &Arguments::values(const std::string &name) const
{
    static const std::vector<std::string> none;
    const auto it = values_.find(name);
    return it == values_.end() ? none : it->second;
}

model::Result<long long> Arguments::integer(const std::string &name, long long fallback) const
{
    const auto text = value(name);
    if (!text)
        return fallback;
    long long v = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec != std::errc() || end != text->data() + text->size())
        return model::makeError("option --" + name + " expects an integer, got '" + *text + "'");
    return v;
}

std::string usageOf(const std::vector<OptionSpec> &specs)
{
    std::string out;
    for (const auto &s : specs) {
        auto left = "  --" + s.name + (s.takesValue ? " VALUE" : "");
        if (left.size() < 28)
            left.resize(28, ' ');
        const bool saysRepeatable = s.help.find("(repeatable)") != std::string::npos;
        out += left + " " + s.help + (s.repeatable && !saysRepeatable ? " (repeatable)" : "") + "\n";
    }
    return out;
}

} // namespace cortex::cli
