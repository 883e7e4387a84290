#pragma once
// Whether a model folder is a reranker or an embedding model, from what the snapshot says about itself.
//
// The official Qwen3-VL-Embedding and Qwen3-VL-Reranker checkpoints cannot be told apart by their
// weights or config: both are Qwen3VLForConditionalGeneration with the same tensors (the reranker's
// yes/no head is two rows of lm_head, which the embedding model has as well; the 2B models tie it to the
// token embedding). Loaded as a reranker, an embedding model gives scores without meaning and no error.
// What differs is the snapshot's description of itself, read in this order, the first that names a
// role deciding:
//   1. the repository's name, from a Hugging Face cache path (models--Qwen--Qwen3-VL-Reranker-2B/...);
//   2. the model card (README.md) front matter: the reranker's tags say "rerank" (or pipeline_tag
//      text-ranking), the embedding model's "embedding" (or feature-extraction, sentence-similarity);
//   3. a sentence-transformers pipeline (modules.json) with a Pooling module: an embedding model;
//   4. the folder's own name ("...Reranker..." or "...Embedding...").
// A folder that says nothing of its role (a renamed copy without its model card) is Unknown.

#include "hub/known_models.h"

#include <QString>

namespace cortex::hub {

struct FolderRole {
    ModelRole role = ModelRole::Other; // Other: the folder does not say
    QString evidence; // how it was decided: "its model card's tags say \"multimodal rerank\""
};

FolderRole roleOfModelFolder(const QString &folder);

// The reason a folder given as the reranker is refused (an embedding model, by `evidence`), or empty when
// it may be used. `unknownNote` receives a note when the folder does not say what it is (it is used).
QString rerankerFolderProblem(const QString &folder, QString *unknownNote = nullptr);

} // namespace cortex::hub
