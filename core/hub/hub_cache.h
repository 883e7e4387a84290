#pragma once
// The Hugging Face cache layout (huggingface_hub's, shared with Python tools) and the search for models
// already on disk. Nothing here touches the network.
//
//   <cache>/models--Qwen--Qwen3-VL-Embedding-2B/
//       blobs/<etag>                 file contents, named by their SHA-256 (LFS) or git blob SHA-1
//       blobs/<etag>.incomplete      a download in progress (resumed with an HTTP Range request)
//       refs/main                    the commit that "main" pointed to when last downloaded
//       snapshots/<commit>/<file>    relative symbolic links to ../../blobs/<etag>

#include <QString>
#include <QStringList>

#include <vector>

#include "hub/known_models.h"

namespace cortex::hub {

// "Qwen/Qwen3-VL-Embedding-2B" -> "models--Qwen--Qwen3-VL-Embedding-2B".
QString repoFolderName(const QString &repoId);
// The inverse for a folder of that form; empty otherwise.
QString repoIdFromFolderName(const QString &folderName);

struct RepoPaths {
    QString repoDir; // <cache>/models--owner--name
    QString blob(const QString &etag) const;
    QString incompleteBlob(const QString &etag) const;
    QString ref(const QString &revision) const;
    QString snapshotDir(const QString &commit) const;
    QString lock(const QString &etag) const; // <cache>/.locks/models--owner--name/<etag>.lock
};
RepoPaths repoPaths(const QString &cacheDir, const QString &repoId);

// The commit a ref names in the cache ("main" -> the content of refs/main); a 40-hex revision is
// returned as it is; empty when unknown.
QString resolveCachedRevision(const QString &cacheDir, const QString &repoId, const QString &revision);

struct FoundModel {
    QString repoId;   // "Qwen/Qwen3-VL-Embedding-2B"; for a plain folder, its name
    QString revision; // the snapshot's commit; empty for a plain folder
    QStringList refs; // the refs that point at this snapshot ("main")
    QString path;     // the folder to give --model
    QString source;   // "huggingface-cache" or "folder"
    ModelRole role = ModelRole::Other;
    QString size; // "2B", "8B" or empty
    qint64 sizeOnDisk = 0;
    bool complete = false;
    QStringList missingFiles; // what keeps it from being complete
};

// The files a model folder needs: config.json, tokenizer.json, preprocessor_config.json and the weights
// (every shard named by model.safetensors.index.json, else model.safetensors). A dangling snapshot link
// (blob deleted) counts as missing.
QStringList missingModelFiles(const QString &folder);

// Every Qwen3-VL model below the given roots: each root is searched as a hub cache (models--*/snapshots/*)
// and for plain model folders (a config.json directly inside a child folder). Other repositories in a
// hub cache are skipped unless includeAll. Sorted by role, size, then repository.
std::vector<FoundModel> findModels(const QStringList &roots, bool includeAll = false);

// The roots searched by default: the hub cache of `environment` and cortexModelsDir().
QStringList defaultSearchRoots();

} // namespace cortex::hub
