#include "hub/known_models.h"

#include <QRegularExpression>

namespace cortex::hub {

const std::vector<KnownModel> &officialModels()
{
    // Download sizes of the bf16 safetensors snapshots, rounded up (shown before a download starts).
    static const std::vector<KnownModel> models = {
        {QStringLiteral("Qwen/Qwen3-VL-Embedding-2B"), ModelRole::Embedding, QStringLiteral("2B"), 4.3},
        {QStringLiteral("Qwen/Qwen3-VL-Embedding-8B"), ModelRole::Embedding, QStringLiteral("8B"), 17.5},
        {QStringLiteral("Qwen/Qwen3-VL-Reranker-2B"), ModelRole::Reranker, QStringLiteral("2B"), 4.3},
        {QStringLiteral("Qwen/Qwen3-VL-Reranker-8B"), ModelRole::Reranker, QStringLiteral("8B"), 17.5},
    };
    return models;
}

std::optional<KnownModel> officialModel(ModelRole role, const QString &size)
{
    for (const KnownModel &model : officialModels())
        if (model.role == role && model.size.compare(size, Qt::CaseInsensitive) == 0)
            return model;
    return std::nullopt;
}

ModelRole roleFromName(const QString &name)
{
    if (!name.contains(QStringLiteral("Qwen3-VL"), Qt::CaseInsensitive))
        return ModelRole::Other;
    if (name.contains(QStringLiteral("Embedding"), Qt::CaseInsensitive))
        return ModelRole::Embedding;
    if (name.contains(QStringLiteral("Reranker"), Qt::CaseInsensitive))
        return ModelRole::Reranker;
    return ModelRole::Other;
}

QString sizeFromName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("(?:^|[-_])(2B|8B)(?:$|[-_.])"),
                                            QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(name);
    return match.hasMatch() ? match.captured(1).toUpper() : QString();
}

QString roleName(ModelRole role)
{
    switch (role) {
    case ModelRole::Embedding:
        return QStringLiteral("embedding");
    case ModelRole::Reranker:
        return QStringLiteral("reranker");
    case ModelRole::Other:
        break;
    }
    return QStringLiteral("other");
}

} // namespace cortex::hub
