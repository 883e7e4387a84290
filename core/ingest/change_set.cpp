#include "ingest/change_set.h"

#include "ingest/extract/file_type.h"
#include "store/library_db.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <cerrno>
#include <chrono>
#include <map>
#include <set>
#include <sys/stat.h>
#include <unordered_map>

namespace cortex::ingest {

const QStringList kTemporaryFilePatterns{
    QStringLiteral("~$*"),       // Microsoft Office's owner file
    QStringLiteral(".~lock.*#"), // LibreOffice's lock file
    QStringLiteral(".*.swp"),    // vim
    QStringLiteral(".*.swo"),
    QStringLiteral(".*.swx"),
    QStringLiteral("*~"),           // emacs, gedit backups
    QStringLiteral(".#*"),          // emacs lock links
    QStringLiteral("#*#"),          // emacs auto-save
    QStringLiteral("*.part"),       // Firefox, KDE downloads
    QStringLiteral("*.crdownload"), // Chromium downloads
    QStringLiteral("*.download"),   // Safari downloads
    QStringLiteral("*.partial"),
    QStringLiteral("*.tmp"),
    QStringLiteral(".goutputstream-*"), // GIO's atomic replace
};

namespace {

int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Whether the path is certainly gone (not merely unreachable: a folder without search permission
// hides its files from stat, which must not delete their documents).
bool isGone(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) == 0)
        return false;
    return errno == ENOENT || errno == ENOTDIR;
}

// Empty when the file cannot be read; only a regular file is opened (one replaced by a named pipe since
// the walk would block the sync forever).
QString sha256Of(const QString &path)
{
    QFile file(path);
    QString unreadable;
    if (!openRegularFile(file, &unreadable))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return {};
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace

Result<ChangeSet> scanChanges(store::LibraryDb &reader, const store::WatchedFolder &folder,
                              const ChangeScanOptions &options)
{
    ChangeSet set;
    set.folderId = folder.id;
    set.root = QString::fromStdString(folder.path);
    const QFileInfo rootInfo(set.root);
    if (!rootInfo.exists()) {
        set.unavailable = true;
        set.unavailableReason =
            set.root + QStringLiteral(": the folder is missing (an unmounted drive?); its "
                                      "documents are kept");
        return set;
    }
    if (rootInfo.isDir() && (!rootInfo.isReadable() || !rootInfo.isExecutable())) {
        set.unavailable = true;
        set.unavailableReason =
            set.root + QStringLiteral(": the folder cannot be read (permission denied); its "
                                      "documents are kept");
        return set;
    }

    ScanOptions scan = options.scan;
    scan.excludePatterns << kTemporaryFilePatterns;
    if (!options.libraryDirectory.isEmpty()) {
        const QString canonical = QFileInfo(options.libraryDirectory).canonicalFilePath();
        if (!canonical.isEmpty())
            scan.skipFolders << canonical;
    }
    const ScanResult found = scanPaths({set.root}, scan, options.cancelled);
    set.problems = found.problems;
    if (found.cancelled) {
        set.cancelled = true;
        return set;
    }

    // The documents under the folder, by path (canonical, as documents are stored).
    const QString canonicalRoot = rootInfo.canonicalFilePath();
    auto documents = reader.documentsUnder(canonicalRoot.toStdString());
    if (!documents)
        return documents.error();
    if (rootInfo.isFile()) {
        auto itself = reader.documentByPath(canonicalRoot.toStdString());
        if (!itself)
            return itself.error();
        if (itself->has_value())
            documents->push_back(std::move(**itself));
    }
    std::unordered_map<std::string, const store::DocumentRecord *> byPath;
    byPath.reserve(documents->size());
    for (const auto &d : *documents)
        byPath.emplace(d.path, &d);

    const int64_t now = options.nowNs > 0 ? options.nowNs : nowNs();
    const auto stableNs = int64_t(options.stableSeconds * 1e9);
    std::unordered_map<std::string, bool> seen;
    seen.reserve(found.files.size());
    for (const QString &file : found.files) {
        const std::string key = file.toStdString();
        const auto st = statFile(file);
        if (!st)
            continue; // gone since the walk: the next sync sees it
        const store::DocumentRecord *doc = nullptr;
        std::optional<store::DocumentRecord> outside;
        if (auto it = byPath.find(key); it != byPath.end()) {
            doc = it->second;
            seen[key] = true;
        } else {
            // Reached through a link that leads out of the folder: looked up on its own.
            auto other = reader.documentByPath(key);
            if (!other)
                return other.error();
            outside = std::move(*other);
            if (outside)
                doc = &*outside;
        }
        // A failed document is tried again only when its file changed (it would fail the same way).
        if (doc && doc->size == st->size && doc->mtimeNs == st->mtimeNs &&
            (doc->contentId || doc->status == store::DocumentStatus::Failed)) {
            ++set.unchanged;
            continue;
        }
        const int64_t age = now - st->mtimeNs;
        if (age >= 0 && age < stableNs) {
            set.settling << file;
            continue;
        }
        (doc ? set.modified : set.added) << file;
    }
    for (const auto &d : *documents) {
        if (seen.count(d.path))
            continue;
        if (isGone(QString::fromStdString(d.path)))
            set.deleted.push_back(d);
    }
    return set;
}

void matchMoves(std::vector<ChangeSet> &sets)
{
    // 1. What two sets report twice (nested watched folders) is handled by the first.
    QSet<QString> added;
    std::set<int64_t> deleted;
    for (auto &set : sets) {
        QStringList keep;
        for (const auto &f : set.added)
            if (!added.contains(f)) {
                added.insert(f);
                keep << f;
            }
        set.added = keep;
        std::vector<store::DocumentRecord> keptDeleted;
        for (auto &d : set.deleted)
            if (deleted.insert(d.id).second)
                keptDeleted.push_back(std::move(d));
        set.deleted = std::move(keptDeleted);
    }

    // 2. Deleted documents with content, by size: only an added file of such a size is hashed.
    std::multimap<int64_t, std::pair<size_t, size_t>> bySize; // size -> (set, index in deleted)
    for (size_t s = 0; s < sets.size(); ++s)
        for (size_t i = 0; i < sets[s].deleted.size(); ++i) {
            const auto &d = sets[s].deleted[i];
            if (d.contentId && !d.sha256.empty() && d.status == store::DocumentStatus::Indexed)
                bySize.emplace(d.size, std::make_pair(s, i));
        }
    if (bySize.empty())
        return;
    std::set<std::pair<size_t, size_t>> taken;
    for (auto &set : sets) {
        QStringList stillAdded;
        for (const QString &file : set.added) {
            const auto st = statFile(file);
            bool moved = false;
            if (st && bySize.count(st->size)) {
                const std::string sha = sha256Of(file).toStdString();
                const auto [first, last] = bySize.equal_range(st->size);
                for (auto it = first; it != last && !moved && !sha.empty(); ++it) {
                    const auto &d = sets[it->second.first].deleted[it->second.second];
                    if (taken.count(it->second) || d.sha256 != sha)
                        continue;
                    taken.insert(it->second);
                    set.moved.push_back({d.id, QString::fromStdString(d.path), file, *st});
                    moved = true;
                }
            }
            if (!moved)
                stillAdded << file;
        }
        set.added = stillAdded;
    }
    // The documents that moved are not deleted.
    for (size_t s = 0; s < sets.size(); ++s) {
        std::vector<store::DocumentRecord> keep;
        for (size_t i = 0; i < sets[s].deleted.size(); ++i)
            if (!taken.count({s, i}))
                keep.push_back(std::move(sets[s].deleted[i]));
        sets[s].deleted = std::move(keep);
    }
}

} // namespace cortex::ingest
