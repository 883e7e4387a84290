#pragma once
// The sidebar shows the VRAM table's recommendation as advice; this is the sentence beside it when the
// loaded models go beyond that advice (a reranker on a CPU-only machine, a reranker kept loaded where the
// table would load it on demand), so that the two lines never contradict each other.

#include "application/records.h"
#include "session/model_choice.h"

#include <QString>

namespace cortex::ui {

// Empty when what is loaded stays within the recommendation.
// rerankerOnDemand: the session loads the reranker on demand (then a Ready reranker is within the advice).
QString loadedBeyondRecommendation(const session::ModelChoice &choice, search::RerankerState reranker,
                                   bool rerankerOnDemand);

} // namespace cortex::ui
