#include "hub/model_role.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cortex::hub {
namespace {

// "Reranker" or "Embedding" in a repository or folder name.
ModelRole roleInName(const QString &name)
{
    const bool rerank = name.contains(QStringLiteral("rerank"), Qt::CaseInsensitive);
    const bool embed = name.contains(QStringLiteral("embed"), Qt::CaseInsensitive);
    if (rerank == embed)
        return ModelRole::Other;
    return rerank ? ModelRole::Reranker : ModelRole::Embedding;
}

// ".../models--Qwen--Qwen3-VL-Reranker-2B/snapshots/<commit>" -> "Qwen/Qwen3-VL-Reranker-2B".
QString cacheRepository(const QString &folder)
{
    const QFileInfo info(QDir::cleanPath(QDir(folder).absolutePath()));
    const QDir snapshots = info.dir();
    if (snapshots.dirName() != QStringLiteral("snapshots"))
        return {};
    QDir repository = snapshots;
    if (!repository.cdUp() || !repository.dirName().startsWith(QStringLiteral("models--")))
        return {};
    return repository.dirName().mid(8).replace(QStringLiteral("--"), QStringLiteral("/"));
}

// The YAML front matter of the model card (between the first two "---" lines), lowercased; only the
// front matter, since the text of both cards talks about both models.
QString cardFrontMatter(const QString &folder)
{
    QFile card(QDir(folder).filePath(QStringLiteral("README.md")));
    if (!card.open(QIODevice::ReadOnly))
        return {};
    const QString head = QString::fromUtf8(card.read(16 * 1024));
    if (!head.startsWith(QStringLiteral("---")))
        return {};
    const qsizetype end = head.indexOf(QStringLiteral("\n---"), 3);
    return (end < 0 ? head : head.left(end)).toLower();
}

FolderRole roleInCard(const QString &folder)
{
    const QString front = cardFrontMatter(folder);
    if (front.isEmpty())
        return {};
    for (const char *word : {"rerank", "text-ranking"})
        if (front.contains(QLatin1String(word)))
            return {ModelRole::Reranker,
                    QStringLiteral("its model card (README.md) is tagged \"%1\"").arg(QLatin1String(word))};
    for (const char *word : {"embedding", "feature-extraction", "sentence-similarity"})
        if (front.contains(QLatin1String(word)))
            return {ModelRole::Embedding,
                    QStringLiteral("its model card (README.md) is tagged \"%1\"").arg(QLatin1String(word))};
    return {};
}

bool hasPoolingModule(const QString &folder)
{
    QFile modules(QDir(folder).filePath(QStringLiteral("modules.json")));
    if (!modules.open(QIODevice::ReadOnly) || modules.size() > 64 * 1024)
        return false;
    const QJsonArray list = QJsonDocument::fromJson(modules.readAll()).array();
    for (const auto &entry : list)
        if (entry.toObject().value(QStringLiteral("type")).toString().contains(QStringLiteral("Pooling")))
            return true;
    return false;
}

} // namespace

FolderRole roleOfModelFolder(const QString &folder)
{
    if (const QString repository = cacheRepository(folder); !repository.isEmpty())
        if (const ModelRole role = roleInName(repository); role != ModelRole::Other)
            return {role, QStringLiteral("its Hugging Face repository is %1").arg(repository)};
    if (FolderRole card = roleInCard(folder); card.role != ModelRole::Other)
        return card;
    if (hasPoolingModule(folder))
        return {ModelRole::Embedding,
                QStringLiteral("its sentence-transformers pipeline (modules.json) pools embeddings")};
    const QString name = QFileInfo(QDir::cleanPath(QDir(folder).absolutePath())).fileName();
    if (const ModelRole role = roleInName(name); role != ModelRole::Other)
        return {role, QStringLiteral("its folder is named %1").arg(name)};
    return {};
}

QString rerankerFolderProblem(const QString &folder, QString *unknownNote)
{
    const FolderRole found = roleOfModelFolder(folder);
    if (found.role == ModelRole::Embedding)
        return QStringLiteral(
                   "%1 is an embedding model, not a reranker (%2); a reranker is a Qwen3-VL-Reranker "
                   "snapshot, "
                   "e.g. `cortex-cli models download Qwen/Qwen3-VL-Reranker-2B`. The two have the same "
                   "weights' layout, so Cortex goes by what the folder says it is: its Hugging Face "
                   "repository name, its model card's tags, a sentence-transformers pooling module, or "
                   "its folder name")
            .arg(folder, found.evidence);
    if (found.role == ModelRole::Other && unknownNote)
        *unknownNote =
            QStringLiteral("%1 does not say whether it is a reranker (no Hugging Face repository name, model "
                           "card or folder name that names one); it is used as one. Keep the model card "
                           "(README.md) of the Qwen3-VL-Reranker snapshot in the folder, or name the folder "
                           "after it, to be sure")
                .arg(folder);
    return {};
}

} // namespace cortex::hub
