#include "hub/hub_cache.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <algorithm>

#include "hub/hub_api.h"
#include "hub/hub_environment.h"

namespace cortex::hub {

namespace {

const QString kRepoPrefix = QStringLiteral("models--");
const QString kSeparator = QStringLiteral("--");

bool isCommitHash(const QString &revision)
{
    return isHexDigest(revision, 40);
}

QString readSmallFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.read(4096)).trimmed();
}

QJsonObject readJsonObject(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// Each file counted once even when two snapshot entries share a blob.
qint64 sizeOnDisk(const QString &folder)
{
    qint64 total = 0;
    QSet<QString> seen;
    QDirIterator it(folder, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info(it.next());
        const QString target = info.canonicalFilePath();
        if (target.isEmpty() || seen.contains(target))
            continue;
        seen.insert(target);
        total += info.size();
    }
    return total;
}

// ref name -> commit, for every file below refs/ ("main", "pr/1").
QHash<QString, QString> readRefs(const QString &repoDir)
{
    QHash<QString, QString> refs;
    const QString refsDir = repoDir + QStringLiteral("/refs");
    QDirIterator it(refsDir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        refs.insert(QDir(refsDir).relativeFilePath(path), readSmallFile(path));
    }
    return refs;
}

bool isQwen3VlFolder(const QString &folder)
{
    return readJsonObject(folder + QStringLiteral("/config.json"))
               .value(QStringLiteral("model_type"))
               .toString() == QStringLiteral("qwen3_vl");
}

FoundModel describe(const QString &repoId, const QString &path)
{
    FoundModel model;
    model.repoId = repoId;
    model.path = path;
    model.role = roleFromName(repoId);
    model.size = sizeFromName(repoId.section(QLatin1Char('/'), -1));
    model.sizeOnDisk = sizeOnDisk(path);
    model.missingFiles = missingModelFiles(path);
    model.complete = model.missingFiles.isEmpty();
    return model;
}

void findInHubCache(const QString &root, bool includeAll, std::vector<FoundModel> &found)
{
    const QDir cache(root);
    for (const QString &folder :
         cache.entryList({kRepoPrefix + QLatin1Char('*')}, QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString repoId = repoIdFromFolderName(folder);
        if (repoId.isEmpty() || (!includeAll && roleFromName(repoId) == ModelRole::Other))
            continue;
        const QString repoDir = cache.filePath(folder);
        const QHash<QString, QString> refs = readRefs(repoDir);
        const QDir snapshots(repoDir + QStringLiteral("/snapshots"));
        for (const QString &commit : snapshots.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            FoundModel model = describe(repoId, snapshots.filePath(commit));
            model.revision = commit;
            model.source = QStringLiteral("huggingface-cache");
            for (auto it = refs.cbegin(); it != refs.cend(); ++it)
                if (it.value() == commit)
                    model.refs.append(it.key());
            model.refs.sort();
            found.push_back(std::move(model));
        }
    }
}

void findPlainFolders(const QString &root, bool includeAll, std::vector<FoundModel> &found)
{
    const QDir dir(root);
    for (const QString &name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString path = dir.filePath(name);
        if (name.startsWith(kRepoPrefix) || !QFileInfo::exists(path + QStringLiteral("/config.json")))
            continue;
        if (!includeAll && roleFromName(name) == ModelRole::Other && !isQwen3VlFolder(path))
            continue;
        FoundModel model = describe(name, path);
        model.source = QStringLiteral("folder");
        found.push_back(std::move(model));
    }
}

} // namespace

QString repoFolderName(const QString &repoId)
{
    return kRepoPrefix + QString(repoId).replace(QLatin1Char('/'), kSeparator);
}

QString repoIdFromFolderName(const QString &folderName)
{
    if (!folderName.startsWith(kRepoPrefix))
        return {};
    const QString rest = folderName.mid(kRepoPrefix.size());
    const qsizetype split = rest.indexOf(kSeparator);
    if (split <= 0)
        return rest; // a repository without an owner ("models--gpt2")
    return rest.left(split) + QLatin1Char('/') + rest.mid(split + kSeparator.size());
}

QString RepoPaths::blob(const QString &etag) const
{
    return repoDir + QStringLiteral("/blobs/") + etag;
}

QString RepoPaths::incompleteBlob(const QString &etag) const
{
    return blob(etag) + QStringLiteral(".incomplete");
}

QString RepoPaths::ref(const QString &revision) const
{
    return repoDir + QStringLiteral("/refs/") + revision;
}

QString RepoPaths::snapshotDir(const QString &commit) const
{
    return repoDir + QStringLiteral("/snapshots/") + commit;
}

QString RepoPaths::lock(const QString &etag) const
{
    const QFileInfo repo(repoDir);
    return repo.path() + QStringLiteral("/.locks/") + repo.fileName() + QLatin1Char('/') + etag +
           QStringLiteral(".lock");
}

RepoPaths repoPaths(const QString &cacheDir, const QString &repoId)
{
    return RepoPaths{QDir(cacheDir).filePath(repoFolderName(repoId))};
}

QString resolveCachedRevision(const QString &cacheDir, const QString &repoId, const QString &revision)
{
    if (isCommitHash(revision))
        return revision;
    const QString commit = readSmallFile(repoPaths(cacheDir, repoId).ref(revision));
    return isCommitHash(commit) ? commit : QString();
}

QStringList missingModelFiles(const QString &folder)
{
    const QDir dir(folder);
    QStringList required = {QStringLiteral("config.json"), QStringLiteral("tokenizer.json"),
                            QStringLiteral("preprocessor_config.json")};
    const QString index = QStringLiteral("model.safetensors.index.json");
    if (QFileInfo::exists(dir.filePath(index))) {
        const QJsonObject weightMap =
            readJsonObject(dir.filePath(index)).value(QStringLiteral("weight_map")).toObject();
        QStringList shards;
        for (const QJsonValue &shard : weightMap)
            shards.append(shard.toString());
        shards.removeDuplicates();
        shards.sort();
        if (shards.isEmpty())
            required.append(index + QStringLiteral(" (it names no weight files)"));
        required.append(shards);
    } else {
        required.append(QStringLiteral("model.safetensors"));
    }
    QStringList missing;
    for (const QString &file : required)
        if (!QFileInfo::exists(dir.filePath(file))) // false for a dangling snapshot link, too
            missing.append(file);
    return missing;
}

std::vector<FoundModel> findModels(const QStringList &roots, bool includeAll)
{
    std::vector<FoundModel> found;
    QSet<QString> searched;
    for (const QString &root : roots) {
        const QString canonical = QFileInfo(root).canonicalFilePath();
        if (canonical.isEmpty() || searched.contains(canonical))
            continue;
        searched.insert(canonical);
        findInHubCache(root, includeAll, found);
        findPlainFolders(root, includeAll, found);
    }
    std::sort(found.begin(), found.end(), [](const FoundModel &a, const FoundModel &b) {
        return std::tie(a.role, a.size, a.repoId, a.revision) <
               std::tie(b.role, b.size, b.repoId, b.revision);
    });
    return found;
}

QStringList defaultSearchRoots()
{
    return {HubEnvironment::fromSystem().cacheDir, cortexModelsDir()};
}

} // namespace cortex::hub
