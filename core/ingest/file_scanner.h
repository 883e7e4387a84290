#pragma once
// Finds the files to ingest under the files and folders that the user chose.

#include <QString>
#include <QStringList>

#include <cstdint>
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
    // Canonical folders never entered, silently (a library's own folder inside a watched one: its files
    // change with every sync).
    QStringList skipFolders = {};
};

struct ScanResult {
    QStringList files;    // absolute canonical paths, sorted, unique, supported types only
    QStringList problems; // "PATH: reason" for unreadable dirs, broken links, symlink loops, missing paths,
                          // and named pipes, sockets and devices met in a folder (never opened)
    // Paths given by name that exist but are no regular file (a named pipe, a socket, a device): never
    // opened; the ingestion job records each as failed with what it is.
    QStringList namedNotRegular;
    // Files given by name whose type Cortex does not ingest: "PATH: unsupported type (SVG)".
    QStringList unsupported;
    // Files met while scanning folders whose type Cortex does not ingest (not listed one by one).
    int64_t unsupportedInFolders = 0;
    bool cancelled = false; // `cancelled` returned true: files and problems are what was found until then
};

// Files under the given files/folders, recursively. Symlink loops are detected (canonical paths of visited
// directories) and reported once, never followed forever. A folder reached twice through different links
// is listed once and not reported. A file given directly is listed when its type is supported and its
// name matches the patterns, and named in `unsupported` when its type is not. Nothing that is not a
// regular file is ever opened. `cancelled` is polled between entries.
ScanResult scanPaths(const QStringList &paths, const ScanOptions &options = {},
                     const std::function<bool()> &cancelled = {});

} // namespace cortex::ingest
