// ingest, resume, rescan, jobs.

#include "commands.h"
#include "json_output.h"
#include "library_commands.h"
#include "library_context.h"
#include "page_images_option.h"
#include "progress_text.h"

#include "api/result_json.h"
#include "application/library_views.h"
#include "ingest/extract/extracted_document.h"
#include "ingest/ingestor.h"
#include "ingest/page_image_cost.h"
#include "store/library_db.h"

#include <QDateTime>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

namespace cortex::cli {
namespace {

std::vector<OptionSpec> ingestSpecs()
{
    auto specs = libraryOptionSpecs();
    specs.push_back({"collection", true, false, "collection the documents join"});
    specs.push_back({"include", true, true, "only files whose name matches this glob (repeatable)"});
    specs.push_back({"exclude", true, true, "skip files and folders matching this glob (repeatable)"});
    specs.push_back({"chunk-tokens", true, false, "tokens per text chunk (default 512)"});
    specs.push_back({"overlap", true, false, "tokens shared by neighbouring chunks (default 64)"});
    specs.push_back({"no-follow-symlinks", false, false, "do not follow symbolic links"});
    specs.push_back({"max-text-chars", true, false,
                     "characters of text kept from one document; the rest is left out with a warning "
                     "(default 1000000)"});
    specs.push_back({"max-pdf-pages", true, false,
                     "pages read from one PDF; later pages are left out with a warning (default 2000)"});
    specs.push_back(
        {"max-chunks", true, false,
         "text chunks embedded from one document; the rest is left out with a warning (default 600)"});
    specs.push_back(pageImagesSpec());
    specs.push_back({"checkpoint-interval", true, false,
                     "seconds between saves of the progress inside a long file: a pause or a kill loses at "
                     "most this much embedding work (default 30)"});
    specs.push_back({"video-segment", true, false,
                     "seconds of video embedded as one segment, so that a hit points to a moment (1 to "
                     "3600; default: the setting ingest/videoSegmentSeconds, 60)"});
    specs.push_back({"job", true, false, "the job to resume (default: every unfinished one)"});
    return specs;
}

// --checkpoint-interval SECONDS, when given (ingest and resume).
Result<std::optional<double>> checkpointInterval(const Arguments &args)
{
    if (!args.has("checkpoint-interval"))
        return std::optional<double>();
    const auto seconds = args.integer("checkpoint-interval", 0);
    if (!seconds)
        return seconds.error();
    if (*seconds < 0)
        return makeError("--checkpoint-interval must be 0 or more seconds");
    return std::optional<double>(double(*seconds));
}

Result<ingest::IngestOptions> ingestOptions(const Arguments &args, const LibraryContext &context)
{
    ingest::IngestOptions o;
    o.collection = QString::fromStdString(args.valueOr("collection", ""));
    for (const auto &g : args.values("include"))
        o.scan.includePatterns << QString::fromStdString(g);
    for (const auto &g : args.values("exclude"))
        o.scan.excludePatterns << QString::fromStdString(g);
    o.scan.followSymlinks = !args.has("no-follow-symlinks");
    const auto chunk = args.integer("chunk-tokens", context.settings.chunkTokens);
    const auto overlap = args.integer("overlap", context.settings.chunkOverlap);
    if (!chunk)
        return chunk.error();
    if (!overlap)
        return overlap.error();
    if (*chunk < 16 || *overlap < 0 || *overlap >= *chunk)
        return makeError("--chunk-tokens must be at least 16 and --overlap between 0 and the chunk size");
    o.chunk.chunkTokens = int(*chunk);
    o.chunk.overlapTokens = int(*overlap);
    const auto maxChars = args.integer("max-text-chars", o.extract.maxTextChars);
    const auto maxPages = args.integer("max-pdf-pages", o.extract.maxPdfPages);
    if (!maxChars)
        return maxChars.error();
    if (!maxPages)
        return maxPages.error();
    if (*maxChars < 1 || *maxPages < 1 || *maxPages > INT32_MAX)
        return makeError("--max-text-chars and --max-pdf-pages must be at least 1");
    o.extract.maxTextChars = *maxChars;
    o.extract.maxPdfPages = int(*maxPages);
    const auto maxChunks = args.integer("max-chunks", o.maxChunksPerDocument);
    if (!maxChunks)
        return maxChunks.error();
    if (*maxChunks < 1)
        return makeError("--max-chunks must be at least 1");
    o.maxChunksPerDocument = *maxChunks;
    const auto checkpoint = checkpointInterval(args);
    if (!checkpoint)
        return checkpoint.error();
    o.checkpointSeconds = checkpoint->value_or(o.checkpointSeconds);
    const auto pageImages = pageImagesOption(args);
    if (!pageImages)
        return pageImages.error();
    o.extract.pdfRenderLongSide = pageImages->value_or(o.extract.pdfRenderLongSide);
    const auto segment = args.integer("video-segment", context.settings.videoSegmentSeconds);
    if (!segment)
        return segment.error();
    if (double(*segment) < ingest::IngestOptions::kMinVideoSegmentSeconds ||
        double(*segment) > ingest::IngestOptions::kMaxVideoSegmentSeconds)
        return makeError("--video-segment must be from 1 to 3600 seconds (it is " + std::to_string(*segment) +
                         "; the setting ingest/videoSegmentSeconds gives the default)");
    o.videoSegmentSeconds = double(*segment);
    o.embedBatch = context.settings.embedBatchSize;
    return o;
}

nlohmann::json summaryJson(const ingest::IngestSummary &s,
                           const std::vector<std::pair<std::string, int64_t>> &skipReasons)
{
    nlohmann::json why = nlohmann::json::object();
    for (const auto &[reason, count] : skipReasons)
        why[reason] = count;
    nlohmann::json failures = nlohmann::json::array();
    for (const auto &f : s.failures)
        failures.push_back({{"path", f.path.toStdString()}, {"reason", f.reason.toStdString()}});
    nlohmann::json warnings = nlohmann::json::array();
    for (const auto &w : s.warnings)
        warnings.push_back({{"path", w.path.toStdString()}, {"warning", w.reason.toStdString()}});
    nlohmann::json problems = nlohmann::json::array();
    for (const auto &p : s.scanProblems)
        problems.push_back(p.toStdString());
    nlohmann::json unsupported = nlohmann::json::array();
    for (const auto &u : s.unsupported)
        unsupported.push_back(u.toStdString());
    nlohmann::json continued = nlohmann::json::array();
    for (const auto &c : s.continuedInside)
        continued.push_back({{"path", c.path.toStdString()}, {"saved_items", c.savedItems}});
    return {{"job", s.jobId},
            {"files", s.files},
            {"indexed", s.indexed},
            {"skipped", s.skipped},
            {"skipped_reasons", why},
            {"failed", s.failed},
            {"unsupported", int64_t(s.unsupported.size())},
            {"unsupported_files", unsupported},
            {"unsupported_in_folders", s.unsupportedInFolders},
            {"removed", s.removed},
            {"items", s.items},
            {"page_images",
             {{"size", s.pageImages.longSide},
              {"pages", s.pageImages.pages},
              {"seconds", s.pageImages.seconds},
              {"second_pass",
               {{"done", s.pageImagesDone}, {"failed", s.pageImagesFailed}, {"left", s.pageImagesLeft}}}}},
            {"seconds", s.seconds},
            {"cancelled", s.cancelled},
            {"failures", failures},
            {"warnings", warnings},
            {"continued_inside", continued},
            {"scan_problems", problems}};
}

// Why this run skipped files: the ingestor reports each file before its work (the path in `current`)
// and after it; a file after which the skipped count rose was skipped. The reason is the one its job
// recorded ("unchanged"); a file whose content another file had stored already is recorded as done
// (its document shares that content), so it has none there.
class SkipReasons {
public:
    ProgressCallback wrap(ProgressCallback inner)
    {
        return [this, inner = std::move(inner)](const Progress &p) {
            if (p.skipped > lastSkipped_) {
                paths_.push_back(p.current);
                lastSkipped_ = p.skipped;
            }
            if (inner)
                inner(p);
        };
    }
    void startRun()
    {
        lastSkipped_ = 0;
        paths_.clear();
    }

    // "1 unchanged, 1 identical to content already stored", in order of their counts.
    std::vector<std::pair<std::string, int64_t>> count(library::Library &library, int64_t jobId) const
    {
        std::map<std::string, std::string> recorded;
        if (auto reader = library.openReader())
            if (auto files = (*reader)->jobFiles(jobId, store::JobFileState::Skipped))
                for (const auto &f : *files)
                    recorded[f.path] = f.error;
        std::map<std::string, int64_t> counts;
        for (const auto &path : paths_) {
            const auto it = recorded.find(path);
            ++counts[it == recorded.end() || it->second.empty()
                         ? std::string("identical to content already stored")
                         : it->second];
        }
        std::vector<std::pair<std::string, int64_t>> sorted(counts.begin(), counts.end());
        std::stable_sort(sorted.begin(), sorted.end(),
                         [](const auto &a, const auto &b) { return a.second > b.second; });
        return sorted;
    }

private:
    int64_t lastSkipped_ = 0;
    std::vector<std::string> paths_;
};

int printSummary(const LibraryContext &context, const ingest::IngestSummary &s, const SkipReasons &skips)
{
    endProgressLine();
    const auto reasons = skips.count(*context.library, s.jobId);
    if (context.json) {
        printJson(summaryJson(s, reasons));
    } else {
        std::cout << "job " << s.jobId << ": " << s.indexed << " indexed, " << s.skipped << " skipped";
        if (!reasons.empty()) {
            std::cout << " (";
            for (size_t i = 0; i < reasons.size(); ++i)
                std::cout << (i ? ", " : "") << reasons[i].second << " " << reasons[i].first;
            std::cout << ")";
        }
        std::cout << ", " << s.failed << " failed";
        if (!s.unsupported.isEmpty())
            std::cout << ", " << s.unsupported.size() << " unsupported";
        if (s.removed)
            std::cout << ", " << s.removed << " removed";
        std::cout << " (" << s.items << " items embedded in " << s.seconds << " s)\n";
        if (s.pageImages.pages > 0)
            std::cout << "  page images: " << s.pageImages.pages << " page(s) of " << s.pageImages.longSide
                      << " px, " << s.pageImages.seconds / double(s.pageImages.pages) << " s a page\n";
        if (s.pageImagesDone + s.pageImagesFailed + s.pageImagesLeft > 0)
            std::cout << "  second pass (images after the text): " << s.pageImagesDone << " embedded, "
                      << s.pageImagesFailed << " failed, " << s.pageImagesLeft << " left\n";
        for (const auto &f : s.failures)
            std::cout << "  failed: " << f.reason.toStdString() << '\n';
        for (const auto &u : s.unsupported)
            std::cout << "  unsupported: " << u.toStdString() << '\n';
        if (s.unsupportedInFolders)
            std::cout << "  " << s.unsupportedInFolders << " file(s) of unsupported types skipped\n";
        for (const auto &w : s.warnings)
            std::cout << "  warning: " << w.path.toStdString() << ": " << w.reason.toStdString() << '\n';
        for (const auto &p : s.scanProblems)
            std::cout << "  skipped while scanning: " << p.toStdString() << '\n';
        for (const auto &c : s.continuedInside)
            std::cout << "  continued inside " << c.path.toStdString() << " after the " << c.savedItems
                      << " item(s) saved before the interruption\n";
        if (s.cancelled)
            std::cout << "interrupted: run `cortex-cli resume` to finish the job\n";
    }
    return s.cancelled ? 130 : 0;
}

} // namespace

int runIngest(const std::vector<std::string> &argv)
{
    const auto specs = ingestSpecs();
    auto args = Arguments::parse(argv, specs, true);
    if (!args)
        return usageError(args.error().message);
    if (args->positional().empty())
        return usageError("ingest needs at least one file or folder\n" + usageOf(specs));
    // A path that does not exist is a mistake on the command line, not a document that failed: said
    // before the library is opened, and recorded nowhere.
    for (const auto &p : args->positional()) {
        std::error_code ec;
        if (!std::filesystem::exists(std::filesystem::symlink_status(p, ec)))
            return fail(p + ": no such file or folder; nothing was ingested");
    }
    installInterruptHandler();
    auto context = openLibrary(*args, LibraryCreation::Allowed);
    if (!context)
        return fail(context.error().message);
    // Options first: a mistake in one is said before a model is loaded (seconds to minutes).
    auto options = ingestOptions(*args, *context);
    if (!options)
        return fail(options.error().message);
    if (auto s = context->loadEncoder(*args); !s)
        return fail(s.error().message);
    if (auto s = context->requireTokenizer(*args); !s)
        return fail(s.error().message);
    QStringList paths;
    for (const auto &p : args->positional())
        paths << QString::fromStdString(p);
    ingest::Ingestor ingestor(*context->library, *context->encoder, context->tokenizer);
    SkipReasons skips;
    auto summary = ingestor.ingest(paths, *options, skips.wrap(progressPrinter()), interruptRequested());
    if (!summary)
        return fail(summary.error().message);
    ingest::rememberPageImageCost(summary->pageImages, *context->encoder);
    return printSummary(*context, *summary, skips);
}

int runResume(const std::vector<std::string> &argv)
{
    const auto specs = ingestSpecs();
    auto args = Arguments::parse(argv, specs);
    if (!args)
        return usageError(args.error().message);
    installInterruptHandler();
    auto context = openLibrary(*args);
    if (!context)
        return fail(context.error().message);
    std::vector<int64_t> jobIds;
    if (args->has("job")) {
        const auto id = args->integer("job", 0);
        if (!id)
            return fail(id.error().message);
        jobIds.push_back(*id);
    } else {
        auto unfinished = application::unfinishedIngestJobs(*context->library);
        if (!unfinished)
            return fail(unfinished.error().message);
        jobIds = std::move(unfinished).value();
    }
    if (jobIds.empty()) {
        if (context->json)
            printJson({{"resumed", nlohmann::json::array()}});
        else
            std::cout << "no unfinished jobs\n";
        return 0;
    }
    if (auto s = context->loadEncoder(*args); !s)
        return fail(s.error().message);
    if (auto s = context->requireTokenizer(*args); !s)
        return fail(s.error().message);
    const auto checkpointSeconds = checkpointInterval(*args);
    if (!checkpointSeconds)
        return fail(checkpointSeconds.error().message);
    ingest::Ingestor ingestor(*context->library, *context->encoder, context->tokenizer);
    nlohmann::json all = nlohmann::json::array();
    int code = 0;
    SkipReasons skips;
    for (const auto id : jobIds) {
        skips.startRun();
        auto summary =
            ingestor.resume(id, skips.wrap(progressPrinter()), interruptRequested(), *checkpointSeconds);
        if (!summary)
            return fail(summary.error().message);
        ingest::rememberPageImageCost(summary->pageImages, *context->encoder);
        if (context->json)
            all.push_back(summaryJson(*summary, skips.count(*context->library, summary->jobId)));
        else
            code = printSummary(*context, *summary, skips);
        if (summary->cancelled)
            code = 130;
    }
    if (context->json)
        printJson({{"resumed", all}});
    return code;
}

int runRescan(const std::vector<std::string> &argv)
{
    const auto specs = ingestSpecs();
    auto args = Arguments::parse(argv, specs);
    if (!args)
        return usageError(args.error().message);
    installInterruptHandler();
    auto context = openLibrary(*args);
    if (!context)
        return fail(context.error().message);
    // Options first: a mistake in one is said before a model is loaded (seconds to minutes).
    auto options = ingestOptions(*args, *context);
    if (!options)
        return fail(options.error().message);
    if (auto s = context->loadEncoder(*args); !s)
        return fail(s.error().message);
    if (auto s = context->requireTokenizer(*args); !s)
        return fail(s.error().message);
    ingest::Ingestor ingestor(*context->library, *context->encoder, context->tokenizer);
    SkipReasons skips;
    auto summary = ingestor.rescan(*options, skips.wrap(progressPrinter()), interruptRequested());
    if (!summary)
        return fail(summary.error().message);
    ingest::rememberPageImageCost(summary->pageImages, *context->encoder);
    return printSummary(*context, *summary, skips);
}

int runJobs(const std::vector<std::string> &argv)
{
    auto args = Arguments::parse(argv, libraryOptionSpecs());
    if (!args)
        return usageError(args.error().message);
    // Read-only and without the library's lock: the state of an ingestion that another process runs.
    auto context = openLibraryReadOnly(*args);
    if (!context)
        return fail(context.error().message);
    auto jobs = context->db->jobs();
    if (!jobs)
        return fail(jobs.error().message);
    nlohmann::json out = nlohmann::json::array();
    const int64_t now = QDateTime::currentSecsSinceEpoch();
    for (const auto &j : *jobs) {
        out.push_back(toNlohmann(api::jobJson(j, now)));
        // The words and counts of the ingestion summary: each file of the job is indexed, skipped or
        // failed, or still pending.
        const api::JobCounts counts = api::jobCounts(j, now);
        const int64_t pending = counts.pending;
        if (!context->json) {
            std::cout << j.id << "  " << j.kind << "  " << store::toString(j.state) << "  " << j.totalFiles
                      << " files: " << j.doneFiles << " indexed, " << j.skippedFiles << " skipped, "
                      << j.failedFiles << " failed";
            if (pending > 0)
                std::cout << ", " << pending << " pending";
            // The second pass, once the job has one (a finished job has none left).
            const int64_t left = counts.pageImagesLeft;
            if (j.pageImagesDone + left > 0)
                std::cout << "; page images: " << j.pageImagesDone << '/' << j.pageImagesDone + left;
            // A running job: the time left of the pass it is in, as its process last estimated it.
            if (counts.etaSeconds)
                std::cout << "; " << etaText(*counts.etaSeconds) << " (estimated " << counts.etaAgeSeconds
                          << " s ago)";
            std::cout << '\n';
        }
    }
    if (context->json)
        printJson({{"jobs", out}});
    return 0;
}

} // namespace cortex::cli
