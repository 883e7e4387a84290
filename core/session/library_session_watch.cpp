// LibrarySession's part of watched folders: the sync FolderWatch asks for, run on the ingestion worker
// (one at a time, in turn with the jobs), folder by folder so that the status bar follows it.

#include "session/library_session.h"

#include "ingest/folder_sync.h"
#include "ingest/page_image_cost.h"
#include "library/library.h"
#include "session/shared_models.h"
#include "store/library_db.h"

#include <QMetaObject>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

namespace cortex::session {

void LibrarySession::setWatchingEnabled(bool enabled)
{
    if (watching_ == enabled)
        return;
    watching_ = enabled;
    if (!enabled) {
        watch_->clear();
        return;
    }
    startWatching();
}

void LibrarySession::setWatchTiming(const ingest::WatchTiming &timing, bool forcePolling)
{
    watch_->setTiming(timing, forcePolling);
}

void LibrarySession::syncWatchedFoldersNow(const std::vector<int64_t> &folders)
{
    if (watching_)
        watch_->requestSync(folders);
}

void LibrarySession::startWatching()
{
    if (!watching_ || !isLibraryOpen())
        return;
    // Every folder is new to the watch: FolderWatch::setFolders asks for its catch-up (what changed while
    // nothing watched), which waits for a model if none is loaded yet.
    reloadWatchedFolders();
}

void LibrarySession::reloadWatchedFolders()
{
    if (!isLibraryOpen())
        return;
    run<std::vector<store::WatchedFolder>>([](library::Library &lib)
                                               -> Result<std::vector<store::WatchedFolder>> {
        auto reader = lib.openReader();
        if (!reader)
            return reader.error();
        return (*reader)->watchedFolders();
    }).then(this, [this](const Result<std::vector<store::WatchedFolder>> &folders) {
        if (watching_ && folders)
            watch_->setFolders(*folders, libraryDirectory());
        emit watchedFoldersChanged();
    });
}

bool LibrarySession::startSync(const std::vector<int64_t> &folders)
{
    auto lib = library_.library();
    if (!lib || !models_.encoder())
        return false;
    ++waitingFirstPasses_; // a job's page images make way for the sync's text, as for a queued job
    ingest::SyncOptions options;
    options.base = watchBase_;
    options.stableSeconds = watch_->timing().stableSeconds;
    (void)QtConcurrent::run(&jobPool_, [this, lib, folders, options] {
        --waitingFirstPasses_;
        const auto post = [this](auto &&fn) {
            QMetaObject::invokeMethod(this, std::forward<decltype(fn)>(fn));
        };
        const auto loaded = models_.loaded();
        if (!loaded.encoder) {
            post([this] { watch_->syncFinished(QStringLiteral("No embedding model is loaded.")); });
            return;
        }
        ingest::Ingestor ingestor(*lib, *loaded.encoder, loaded.tokenizer);
        ingestor.setPageImageYield([this] { return waitingFirstPasses_.load() > 0; });
        const auto progress = [this, post](const Progress &) {
            yieldToSearches();
            post([this] {
                if (!liveRefreshTimer_->isActive())
                    liveRefreshTimer_->start();
            });
        };
        const auto cancelled = [this] {
            return stopping_.load();
        };

        std::vector<int64_t> ids = folders;
        QString error;
        if (ids.empty()) {
            auto reader = lib->openReader();
            auto listed = reader ? (*reader)->watchedFolders()
                                 : Result<std::vector<store::WatchedFolder>>(reader.error());
            if (!listed)
                error = QString::fromStdString(listed.error().message);
            else
                for (const auto &f : *listed)
                    if (!f.paused)
                        ids.push_back(f.id);
        }
        std::vector<int64_t> yielded; // jobs whose page images wait for other work
        for (const int64_t id : ids) {
            if (stopping_.load() || !error.isEmpty())
                break;
            yieldToSearches();
            // One folder at a time, so that each one's result reaches the window as it is known.
            auto summary = guarded<Result<ingest::SyncSummary>>([&] {
                return ingest::syncWatchedFolders(*lib, ingestor, options, {id}, progress, cancelled);
            });
            if (!summary) {
                error = QString::fromStdString(summary.error().message);
                break;
            }
            for (const auto &f : summary->folders) {
                if (f.job) {
                    ingest::rememberPageImageCost(f.job->pageImages, *loaded.encoder);
                    if (f.job->pageImagesYielded)
                        yielded.push_back(f.job->jobId);
                }
                post([this, f] { watch_->folderSynced(f); });
            }
            if (summary->cancelled)
                break;
        }
        post([this, error, yielded] {
            watch_->syncFinished(error);
            for (const int64_t jobId : yielded)
                resume(jobId); // the page images go on as a job of the list, after the text before them
            liveRefreshTimer_->stop();
            emit libraryChanged();
            emit watchedFoldersChanged();
        });
    });
    return true;
}

} // namespace cortex::session
