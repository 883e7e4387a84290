#pragma once
// The four official Qwen3-VL retrieval models and how a repository or folder name maps onto them.

#include <QString>

#include <optional>
#include <vector>

namespace cortex::hub {

enum class ModelRole { Embedding, Reranker, Other };

struct KnownModel {
    QString repoId; // "Qwen/Qwen3-VL-Embedding-2B"
    ModelRole role = ModelRole::Other;
    QString size;                // "2B" or "8B"
    double approxDownloadGb = 0; // shown before a download starts
};

const std::vector<KnownModel> &officialModels();
std::optional<KnownModel> officialModel(ModelRole role, const QString &size);

// Role and size from a repository id or a folder name ("Qwen3-VL-Reranker-8B", "models--Qwen--...").
ModelRole roleFromName(const QString &name);
QString sizeFromName(const QString &name); // "2B", "8B" or empty

QString roleName(ModelRole role); // "embedding", "reranker", "other" (for JSON)

} // namespace cortex::hub
