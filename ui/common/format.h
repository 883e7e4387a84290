#pragma once
// Numbers as people read them: sizes, durations, scores (locale-aware, translated units).

#include <QString>

#include <cstdint>

namespace cortex::ui {

QString formatBytes(int64_t bytes);     // "1.5 MB"
QString formatDuration(double seconds); // "2 min 5 s", "45 s"
QString formatScore(double score);      // "0.873"

} // namespace cortex::ui
