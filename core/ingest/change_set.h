#pragma once
// What changed in a watched folder since the library last looked: a cheap scan that compares every
// file's size and modification time with its document (nothing is read), so that checking a folder of
// 100,000 unchanged files costs a walk and a stat each. Content hashes are computed only to recognise a
// move (a new file of the same size as a document whose file is gone).
//
// Not taken: editor and download temporaries (kTemporaryFilePatterns), the library's own folder, and
// files still being written (changed less than `stableSeconds` ago: "settling", taken by a later
// sync). A missing root makes the folder unavailable: nothing is reported deleted, so its documents
// stay searchable until it comes back.

#include "common/result.h"
#include "ingest/file_ingest.h"
#include "ingest/file_scanner.h"
#include "store/records.h"
#include "store/watched_folder.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace cortex::store {
class LibraryDb;
}

namespace cortex::ingest {

// Names of files that editors, office suites and browsers write while they work: never documents.
extern const QStringList kTemporaryFilePatterns;

struct MovedFile {
    int64_t documentId = 0;
    QString from; // the document's old path
    QString to;   // where its content is now (canonical)
    FileStat stat = {};
};

struct ChangeSet {
    int64_t folderId = 0;
    QString root;             // the watched path
    bool unavailable = false; // the root is missing or unreadable: nothing below is judged
    QString unavailableReason;
    QStringList added;    // files without a document (canonical paths)
    QStringList modified; // files whose size or modification time differ from their document's
    std::vector<MovedFile> moved;
    std::vector<store::DocumentRecord> deleted; // documents whose files are gone
    QStringList settling;                       // new or changed files written less than stableSeconds ago
    QStringList problems; // "PATH: reason" from the walk (unreadable folders, symlink loops, ...)
    int64_t unchanged = 0;
    bool cancelled = false;

    bool hasWork() const
    {
        return !added.isEmpty() || !modified.isEmpty() || !moved.empty() || !deleted.empty();
    }
};

struct ChangeScanOptions {
    ScanOptions scan;         // the folder's patterns; temporaries and the library folder are added
    QString libraryDirectory; // never entered
    double stableSeconds = 3; // a file changed more recently than this is settling
    int64_t nowNs = 0;        // the time to judge against (0: now); tests and benchmarks fix it
    std::function<bool()> cancelled;
};

// The changes of one folder against the documents under it.
Result<ChangeSet> scanChanges(store::LibraryDb &reader, const store::WatchedFolder &folder,
                              const ChangeScanOptions &options);

// Recognises moves across the change sets of one sync (a file moved from one watched folder into
// another keeps its embeddings too): an added file whose size equals that of a deleted document with
// content is hashed, and when its SHA-256 is the document's, the pair becomes a move. Also drops what
// two sets both report (nested watched folders), so that each file and document is handled once.
void matchMoves(std::vector<ChangeSet> &sets);

} // namespace cortex::ingest
