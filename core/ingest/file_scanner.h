#pragma once
// Finds the files to ingest under the files and folders that the user chose.

#include <QString>
#include <QStringList>

#include <functional>

namespace cortex::ingest {

struct ScanOptions {
    // Globs on the file name, e.g. "*.pdf" (case-insensitive); empty = every supported type.
    QStringList includePatterns;
    // Globs (case-insensitive) matched against the file name AND every path component below the folder
    // that was given (e.g. ".git", "node_modules", "*.tmp"); a matching folder is not entered.
    QStringList excludePatterns;
    // false: symbolic links (to files and to folders) are skipped, broken ones silently.
    bool followSymlinks = true;
};

struct ScanResult {
    QStringList files;      // absolute canonical paths, sorted, unique, supported types only
    QStringList problems;   // "PATH: reason" for unreadable dirs, broken links, symlink loops, missing paths
    bool cancelled = false; // `cancelled` returned true: files and problems are what was found until then
};

// Files under the given files/folders, recursively. Symlink loops are detected (canonical paths of visited
// directories) and reported once, never followed forever. A folder reached twice through different links
// is listed once and not reported. A file given directly is listed when its type is supported and its
// name matches the patterns. `cancelled` is polled between entries.
ScanResult scanPaths(const QStringList &paths, const ScanOptions &options = {},
                     const std::function<bool()> &cancelled = {});

} // namespace cortex::ingest
