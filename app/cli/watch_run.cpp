// `cortex-cli watch` (run): the headless live library. It finishes the jobs a kill interrupted, catches
// up with what changed while nothing watched (ingest/folder_sync.h), then follows changes: inotify
// events (ingest/change_watcher.h) mark a folder dirty, and once no event has come for the debounce
// time the dirty folders are synced together (a burst of changes is one sync, one job per folder).
// Files still being written are taken by a sync scheduled after --stable-seconds; polled folders (remote
// file systems, the watch limit reached, a missing root) are synced every --poll-seconds. SIGTERM or
// Ctrl-C stops it between two files; the library is consistent at every moment, so a SIGKILL only
// costs the work of the file in progress, which the next run resumes.

#include "watch_run.h"

#include "commands.h"
#include "json_output.h"
#include "library_context.h"

#include "application/library_views.h"
#include "ingest/change_watcher.h"
#include "ingest/folder_sync.h"
#include "ingest/page_image_cost.h"
#include "ingest/watch_schedule.h"
#include "store/library_db.h"

#include <QFileInfo>

#include <chrono>
#include <iostream>
#include <map>

namespace cortex::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct RunOptions {
    ingest::WatchTiming timing;
    bool once = false;
    bool forcePolling = false;
};

Result<RunOptions> runOptions(const Arguments &args)
{
    RunOptions o;
    const auto stable = args.integer("stable-seconds", 3);
    const auto poll = args.integer("poll-seconds", 60);
    const auto debounce = args.integer("debounce-ms", 1000);
    if (!stable)
        return stable.error();
    if (!poll)
        return poll.error();
    if (!debounce)
        return debounce.error();
    if (*stable < 0 || *stable > 3600 || *poll < 1 || *poll > 86400 || *debounce < 0 || *debounce > 600000)
        return makeError(
            "--stable-seconds must be 0 to 3600, --poll-seconds 1 to 86400 and --debounce-ms 0 to "
            "600000");
    o.timing.stableSeconds = double(*stable);
    o.timing.pollSeconds = double(*poll);
    o.timing.debounce = std::chrono::milliseconds(*debounce);
    o.once = args.has("once");
    o.forcePolling = args.has("poll");
    return o;
}

void printSync(const LibraryContext &context, const ingest::SyncSummary &summary, bool quietWhenNothing)
{
    for (const auto &f : summary.folders) {
        const bool nothing =
            !f.unavailable && f.added + f.modified + f.moved + f.deleted == 0 && f.settling.isEmpty();
        if (nothing && quietWhenNothing)
            continue;
        if (context.json) {
            nlohmann::json failures = nlohmann::json::array();
            if (f.job)
                for (const auto &fail : f.job->failures)
                    failures.push_back(
                        {{"path", fail.path.toStdString()}, {"reason", fail.reason.toStdString()}});
            printJson({{"folder", f.path.toStdString()},
                       {"unavailable", f.unavailable},
                       {"new", f.added},
                       {"changed", f.modified},
                       {"moved", f.moved},
                       {"deleted", f.deleted},
                       {"unchanged", f.unchanged},
                       {"settling", f.settling.size()},
                       {"job", f.job ? f.job->jobId : 0},
                       {"failures", failures}});
        } else {
            std::cout << "synced " << f.path.toStdString() << ": " << ingest::describeSync(f).toStdString();
            if (f.job)
                std::cout << " (job " << f.job->jobId << ": " << f.job->indexed << " indexed, "
                          << f.job->skipped << " skipped, " << f.job->failed << " failed)";
            std::cout << '\n';
            if (f.job)
                for (const auto &fail : f.job->failures)
                    std::cout << "  failed: " << fail.reason.toStdString() << '\n';
            for (const auto &p : f.problems)
                std::cout << "  skipped while scanning: " << p.toStdString() << '\n';
        }
    }
    std::cout.flush();
}

} // namespace

std::vector<OptionSpec> watchRunSpecs()
{
    return {
        {"stable-seconds", true, false,
         "run: a new or changed file is taken once it has not changed for this long (default 3)"},
        {"poll-seconds", true, false,
         "run: how often folders that cannot be watched (remote, over the watch limit, missing) are scanned "
         "(default 60)"},
        {"debounce-ms", true, false, "run: quiet time after the last change before a sync (default 1000)"},
        {"poll", false, false, "run: scan every folder periodically instead of watching it"},
        {"once", false, false, "run: catch up with the changes and stop, without watching"},
    };
}

int runWatchLoop(const Arguments &args)
{
    const auto options = runOptions(args);
    if (!options)
        return fail(options.error().message);
    installInterruptHandler();
    const CancelPredicate stop = interruptRequested();
    auto context = openLibrary(args);
    if (!context)
        return fail(context.error().message);
    if (auto s = context->loadEncoder(args); !s)
        return fail(s.error().message);
    library::Library &lib = *context->library;
    ingest::Ingestor ingestor(lib, *context->encoder, context->tokenizer);

    // 1. What a kill interrupted (a sync's job included) is finished first.
    auto unfinished = application::unfinishedIngestJobs(lib);
    if (!unfinished)
        return fail(unfinished.error().message);
    for (const int64_t id : *unfinished) {
        if (stop())
            return 130;
        auto resumed = ingestor.resume(id, {}, stop);
        if (!resumed)
            return fail(resumed.error().message);
        std::cout << "resumed job " << id << ": " << resumed->indexed << " indexed, " << resumed->skipped
                  << " skipped, " << resumed->failed << " failed\n";
    }

    ingest::SyncOptions syncOptions;
    syncOptions.base.chunk.chunkTokens = context->settings.chunkTokens;
    syncOptions.base.chunk.overlapTokens = context->settings.chunkOverlap;
    syncOptions.base.embedBatch = context->settings.embedBatchSize;
    syncOptions.base.videoSegmentSeconds =
        ingest::videoSegmentSecondsOf(context->settings.videoSegmentSeconds);
    syncOptions.stableSeconds = options->timing.stableSeconds;
    const auto sync = [&](const std::vector<int64_t> &only, bool quiet) -> Result<ingest::SyncSummary> {
        auto summary = ingest::syncWatchedFolders(lib, ingestor, syncOptions, only, {}, stop);
        if (!summary)
            return summary.error();
        for (const auto &f : summary->folders)
            if (f.job)
                ingest::rememberPageImageCost(f.job->pageImages, *context->encoder);
        printSync(*context, *summary, quiet);
        return summary;
    };

    // 2. The catch-up: every folder that is not paused.
    auto caughtUp = sync({}, false);
    if (!caughtUp)
        return fail(caughtUp.error().message);
    if (stop() || caughtUp->cancelled)
        return 130;
    if (options->once)
        return 0;

    // 3. Watching. The folders are those of the library now: while this process holds the library, no
    // other can change them.
    auto reader = lib.openReader();
    if (!reader)
        return fail(reader.error().message);
    auto watched = (*reader)->watchedFolders();
    if (!watched)
        return fail(watched.error().message);
    ingest::ChangeWatcher watcher(options->forcePolling);
    const QString libraryDir =
        QFileInfo(QString::fromStdString(lib.directory().string())).canonicalFilePath();
    std::map<int64_t, ingest::WatchRoot> roots;
    for (const auto &f : *watched) {
        if (f.paused)
            continue;
        const ingest::WatchRoot root{f.id, QString::fromStdString(f.path), libraryDir};
        roots[f.id] = root;
        const QString polled = watcher.watch(root);
        if (!polled.isEmpty())
            std::cerr << "cortex-cli: " << f.path << " is scanned every " << options->timing.pollSeconds
                      << " s instead of watched: " << polled.toStdString() << '\n';
    }
    std::cerr << "cortex-cli: watching " << roots.size() << " folder(s) (" << watcher.watchCount()
              << " inotify watches); SIGTERM or Ctrl-C stops\n";

    // The schedule (ingest/watch_schedule.h) is the window's too: debounce, settling files, polling.
    ingest::WatchSchedule schedule(options->timing, Clock::now());
    while (!stop()) {
        schedule.changed(watcher.wait(std::chrono::milliseconds(200)), Clock::now());
        std::set<int64_t> polled;
        for (const auto &[id, root] : roots)
            if (watcher.isPolled(id))
                polled.insert(id);
        const auto due = schedule.takeDue(Clock::now(), polled);
        if (due.empty())
            continue;
        auto summary = sync(std::vector<int64_t>(due.begin(), due.end()), true);
        if (!summary)
            return fail(summary.error().message);
        for (const auto &f : summary->folders) {
            schedule.synced(f.folderId, !f.settling.isEmpty(), Clock::now());
            // A folder that was missing and is back, or whose root went: watched afresh.
            if (ingest::needsRewatch(watcher.isPolled(f.folderId), f.unavailable, options->forcePolling)) {
                const QString reason = watcher.watch(roots[f.folderId]);
                if (!reason.isEmpty() && !f.unavailable)
                    std::cerr << "cortex-cli: " << f.path.toStdString() << " is scanned every "
                              << options->timing.pollSeconds
                              << " s instead of watched: " << reason.toStdString() << '\n';
            }
        }
    }
    std::cerr << "cortex-cli: stopped watching\n";
    return 0;
}

} // namespace cortex::cli
