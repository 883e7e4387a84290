#pragma once
// Numbers as people read them: sizes, durations, scores (locale-aware, translated units).

#include <QString>

#include <cstdint>

namespace cortex::embedding {
struct ComputeInfo;
}

namespace cortex::ui {

QString formatBytes(int64_t bytes);     // "1.5 MB"
QString formatDuration(double seconds); // "2 min 5 s", "45 s"
QString formatScore(double score);      // "0.873"
// Where a model runs: "CPU, bfloat16", "GPU cuda:0, bfloat16"; empty when nothing is known.
QString formatCompute(const embedding::ComputeInfo &compute);

} // namespace cortex::ui
