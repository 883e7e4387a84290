#pragma once
// Printing results: JSON with --json (one object on stdout), otherwise short human-readable lines.

#include <nlohmann/json.hpp>

#include <string>

namespace cortex::cli {

void printJson(const nlohmann::json &value);

} // namespace cortex::cli
