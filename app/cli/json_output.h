#pragma once
// Printing results: JSON with --json (one object on stdout), otherwise short human-readable lines.

#include <nlohmann/json.hpp>

#include <string>

// Declared only: Qt's headers here would reach bench_command.cpp, whose libtorch headers break on Qt's
// keyword macros.
class QJsonObject;

namespace cortex::cli {

void printJson(const nlohmann::json &value);

// A JSON object built with Qt (the builders shared with the library API, api/result_json.h) for printJson.
nlohmann::json toNlohmann(const QJsonObject &object);

} // namespace cortex::cli
