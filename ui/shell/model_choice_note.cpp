#include "ui/shell/model_choice_note.h"

#include <QCoreApplication>

namespace cortex::ui {

QString loadedBeyondRecommendation(const session::ModelChoice &choice, search::RerankerState reranker,
                                   bool rerankerOnDemand)
{
    // Only a loaded reranker can differ: the embedding model is whatever folder the user chose, and the
    // Embedding model group names it. The sidebar's context, so translators see these beside the rest.
    if (reranker != search::RerankerState::Ready)
        return {};
    if (choice.rerankerSize.isEmpty() && choice.onGpu)
        return QCoreApplication::translate("cortex::ui::ModelSidebar",
                                           "A reranker is configured and loaded beyond the recommendation: "
                                           "it takes GPU memory from the embedding model, and searches take "
                                           "longer.");
    if (choice.rerankerSize.isEmpty())
        return QCoreApplication::translate("cortex::ui::ModelSidebar",
                                           "A reranker is configured and loaded: searches take longer on the "
                                           "CPU.");
    if (choice.rerankerOnDemand && !rerankerOnDemand) // a reranker size chosen in Settings keeps it loaded
        return QCoreApplication::translate("cortex::ui::ModelSidebar",
                                           "The reranker stays loaded between searches instead of on demand: "
                                           "it keeps its GPU memory.");
    return {};
}

} // namespace cortex::ui
