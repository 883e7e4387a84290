#pragma once
// Small conversions of store records to display text shared by the Collections and Maintenance tables.

#include <QString>
#include <QStringList>

#include <cstdint>
#include <string>
#include <vector>

namespace cortex::ui {

// A time in seconds since the epoch in the user's short date-time format; empty for 0.
QString formatTime(int64_t secondsSinceEpoch);

// "a, b, c" and back (trimmed, empty parts dropped, duplicates removed in order).
QString joinTags(const std::vector<std::string> &tags);
std::vector<std::string> splitTags(const QString &text);

} // namespace cortex::ui
