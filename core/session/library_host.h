#pragma once
// The open library and the workers that use it, apart from the models and the ingestion queue: opening
// (at most one Library object per folder in this process), the short-work worker (collection edits, the
// views' queries), the long-work worker (migration, index rebuild, check, vacuum, backup, export,
// import), so that an hour-long task never holds up a rename, and the preview worker (a hit's page or
// chunk, rendered while the user moves through the results). LibrarySession composes it.

#include "common/progress.h"
#include "common/result.h"

#include <QFuture>
#include <QString>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace cortex::library {
class Library;
}

namespace cortex::session {

// Work enters a worker here and nowhere else: an exception that escapes it (a library's bad_alloc, a
// parser's throw) becomes an error value, so that every page's continuation runs and says what went
// wrong instead of waiting forever on a future that holds an exception. R is Result<T> or Status: both
// are made from an Error.
template <typename R, typename F> R guarded(const F &work)
{
    try {
        return work();
    } catch (const std::exception &e) {
        return makeError(std::string("the work stopped on an unexpected error: ") + e.what());
    } catch (...) {
        return makeError("the work stopped on an unexpected error");
    }
}

class LibraryHost {
public:
    struct Callbacks {
        std::function<void(const Progress &)> progress;       // on the library worker, while a library opens
        std::function<void(const QString &directory)> opened; // on the library worker
    };
    explicit LibraryHost(Callbacks callbacks);
    ~LibraryHost(); // waits for both workers
    LibraryHost(const LibraryHost &) = delete;
    LibraryHost &operator=(const LibraryHost &) = delete;

    // On the library worker, in order with run(). A library that a task still uses is taken up again.
    QFuture<Status> open(const QString &directory);
    bool isOpen() const;
    // The library open now (null when none), for work that runs on another worker (ingestion, search).
    std::shared_ptr<library::Library> library() const;
    // Why the last open failed (names the folder and the reason), empty once one succeeded.
    QString openError() const;
    QString directory() const;

    template <typename R> QFuture<R> run(std::function<R(library::Library &)> work)
    {
        return QtConcurrent::run(&libraryPool_,
                                 [this, work = std::move(work)]() -> R { return runWithLibrary<R>(work); });
    }
    // One task at a time on its own worker; the task keeps the library it started with even if another
    // library is opened meanwhile.
    template <typename R> QFuture<R> runLong(std::function<R(library::Library &)> work)
    {
        return QtConcurrent::run(&longWorkPool_,
                                 [this, work = std::move(work)]() -> R { return runWithLibrary<R>(work); });
    }

    // A view's reading that may take a while and that the user moves on from quickly (rendering a hit's
    // preview), on a worker of its own: it never waits behind a collection edit, nor holds one up.
    template <typename R> QFuture<R> runPreview(std::function<R(library::Library &)> work)
    {
        return QtConcurrent::run(&previewPool_,
                                 [this, work = std::move(work)]() -> R { return runWithLibrary<R>(work); });
    }

    // Waits for the work queued on every worker (long work first).
    void waitForDone();

private:
    template <typename R> R runWithLibrary(const std::function<R(library::Library &)> &work)
    {
        const auto lib = library();
        if (!lib)
            return makeError("no library is open");
        return guarded<R>([&] { return work(*lib); });
    }

    Callbacks callbacks_;
    mutable std::mutex mutex_; // guards the members below (the library itself is thread-safe)
    std::shared_ptr<library::Library> library_;
    // Every library this host opened that is still alive (held by library_ or by a running task), by
    // canonical folder, so that opening it again takes it up instead of opening it twice.
    std::map<std::string, std::weak_ptr<library::Library>> openLibraries_;
    QString directory_;
    QString openError_;
    QThreadPool libraryPool_;  // opening, collection edits, the views' queries
    QThreadPool longWorkPool_; // migration, index rebuild, check, vacuum, backup, export, import
    QThreadPool previewPool_;  // previews of search hits
};

} // namespace cortex::session
