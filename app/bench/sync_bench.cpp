// cortex-bench-sync: how long the start-up catch-up takes to check a watched folder of unchanged files
// (ingest/change_set.h: a walk, a stat and a document lookup per file; nothing is read or hashed).
//
// Embedding 100,000 files would take hours, so the library's rows are made directly in the store: one
// content and a document per generated file with the file's real size and modification time, exactly
// what ingestion records. The files are small and spread over folders of --per-folder. The figures are
// with the files' metadata in the kernel's cache (a second pass over a folder the first has just
// written, as at any start-up but the first after a boot); the first pass reports the cold walk too
// when the cache has been dropped beforehand (echo 3 > /proc/sys/vm/drop_caches, as root).

#include "ingest/change_set.h"
#include "store/library_db.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace cortex;

namespace {

void usage()
{
    std::fprintf(stderr,
                 "usage: cortex-bench-sync [--files N (100000)] [--per-folder N (100)] [--passes N (3)]\n");
}

template <typename T> T must(Result<T> r, const char *what)
{
    if (!r) {
        std::fprintf(stderr, "cortex-bench-sync: %s: %s\n", what, r.error().message.c_str());
        std::exit(1);
    }
    return std::move(r).value();
}

void must(const Status &s, const char *what)
{
    if (!s) {
        std::fprintf(stderr, "cortex-bench-sync: %s: %s\n", what, s.error().message.c_str());
        std::exit(1);
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int files = 100000;
    int perFolder = 100;
    int passes = 3;
    const QStringList args = app.arguments().mid(1);
    for (qsizetype i = 0; i < args.size(); ++i) {
        bool ok = i + 1 < args.size();
        int value = ok ? args[i + 1].toInt(&ok) : 0;
        if (!ok || value <= 0) {
            usage();
            return args[i] == u"--help" ? 0 : 2;
        }
        if (args[i] == u"--files")
            files = value;
        else if (args[i] == u"--per-folder")
            perFolder = value;
        else if (args[i] == u"--passes")
            passes = value;
        else {
            usage();
            return 2;
        }
        ++i;
    }

    QTemporaryDir dir;
    const QString root = QDir(dir.path()).filePath(QStringLiteral("watched"));
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < files; ++i) {
        const QString folder = root + QStringLiteral("/d%1").arg(i / perFolder);
        if (i % perFolder == 0)
            QDir().mkpath(folder);
        QFile f(folder + QStringLiteral("/f%1.txt").arg(i));
        if (!f.open(QIODevice::WriteOnly))
            return 1;
        f.write(QByteArray("file ") + QByteArray::number(i));
    }
    std::printf("cortex-bench-sync: %d files in folders of %d: written in %.1f s\n", files, perFolder,
                timer.nsecsElapsed() / 1e9);

    // The library's rows, as ingestion would have recorded them.
    timer.start();
    const auto dbFile = (QDir(dir.path()).filePath(QStringLiteral("library.db"))).toStdString();
    auto db = must(store::LibraryDb::open(dbFile, store::OpenMode::ReadWrite), "open");
    store::SpaceIdentity identity;
    identity.modelName = "bench";
    identity.modelHash = "bench";
    identity.outputDim = 4;
    identity.dtype = "float32";
    const int64_t space = must(db->ensureSpace(identity), "space");
    must(db->transaction([&]() -> Status {
        const auto content = db->addContent(std::string(64, 'a'), {}, space);
        if (!content)
            return content.error();
        for (int i = 0; i < files; ++i) {
            const QString path = QFileInfo(root + QStringLiteral("/d%1/f%2.txt").arg(i / perFolder).arg(i))
                                     .canonicalFilePath();
            const auto st = ingest::statFile(path);
            store::DocumentRecord record;
            record.path = path.toStdString();
            record.size = st ? st->size : 0;
            record.mtimeNs = st ? st->mtimeNs : 0;
            record.sha256 = std::string(64, 'a');
            record.type = "text";
            record.contentId = content->contentId;
            if (auto id = db->upsertDocument(record); !id)
                return id.error();
        }
        return {};
    }),
         "documents");
    const int64_t folderId =
        must(db->upsertWatchedFolder(QFileInfo(root).canonicalFilePath().toStdString(), {}), "folder");
    const auto folder = must(db->watchedFolder(folderId), "folder").value();
    db.reset();
    std::printf("  library rows made in %.1f s\n", timer.nsecsElapsed() / 1e9);

    auto reader = must(store::LibraryDb::open(dbFile, store::OpenMode::ReadOnly), "open read-only");
    std::vector<double> seconds;
    for (int pass = 0; pass < passes; ++pass) {
        timer.start();
        const auto changes = must(ingest::scanChanges(*reader, folder, {}), "scan");
        seconds.push_back(timer.nsecsElapsed() / 1e9);
        if (changes.unchanged != files || changes.hasWork()) {
            std::fprintf(stderr, "cortex-bench-sync: expected %d unchanged files, found %lld (work: %d)\n",
                         files, static_cast<long long>(changes.unchanged), int(changes.hasWork()));
            return 1;
        }
        std::printf("  pass %d: %d unchanged files checked in %.2f s (%.0f files/s)\n", pass + 1, files,
                    seconds.back(), files / seconds.back());
    }
    std::sort(seconds.begin(), seconds.end());
    std::printf("  median: %.2f s for %d unchanged files\n", seconds[seconds.size() / 2], files);
    return 0;
}
