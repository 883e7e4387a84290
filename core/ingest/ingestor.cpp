#include "ingest/ingestor.h"

#include "embedding/encoder.h"
#include "embedding/space_fingerprint.h"
#include "ingest/extract/file_type.h"
#include "ingest/file_ingest.h"
#include "ingest/job_eta.h"
#include "ingest/page_image_pass.h"
#include "ingest/video_ingest.h"
#include "library/library.h"
#include "store/library_db.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <chrono>
#include <limits>

namespace cortex::ingest {
namespace {

using Clock = std::chrono::steady_clock;

QJsonArray toArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QStringList fromArray(const QJsonValue &value)
{
    QStringList out;
    for (const auto &v : value.toArray())
        out << v.toString();
    return out;
}

std::vector<std::string> toStdList(const QStringList &list)
{
    std::vector<std::string> out;
    for (const auto &s : list)
        out.push_back(s.toStdString());
    return out;
}

QStringList fromStdList(const std::vector<std::string> &list)
{
    QStringList out;
    for (const auto &s : list)
        out << QString::fromStdString(s);
    return out;
}

// Folders (and files) given to ingest are watched folders from then on (store/watched_folder.h), with
// the options they were ingested with: a sync or a rescan takes them up again the same way.
Status rememberRoots(store::LibraryDb &db, const QStringList &paths, const IngestOptions &options)
{
    const store::WatchedFolderSettings settings = watchedSettingsOf(options);
    for (const auto &p : paths) {
        // Only what a rescan can read again: not a missing path, a named pipe or a device.
        const QFileInfo info(p);
        if (!info.isDir() && !info.isFile())
            continue;
        if (auto id = db.upsertWatchedFolder(info.absoluteFilePath().toStdString(), settings); !id)
            return id.error();
    }
    return {};
}

// A pending file as the ETA counts it (job_eta.h).
struct PlannedFile {
    JobEta::Kind kind = JobEta::Kind::File;
    int64_t segments = 0;
};

// Videos are read from the start only this far: opening one decodes its first frame (some milliseconds,
// more on a network drive), and a job of thousands of videos must not wait for all of them before its
// first file. The ones after count as the mean of these.
constexpr int kMaxVideosPlannedAtStart = 64;

// The pending files as ordinary files and videos with their segment counts, read from the videos'
// headers (video_ingest.h), given to `eta`. The file the crash record names is not opened (it crashed the
// process while being read), and each opening is guarded like ingestFile's reading: a video whose header
// crashes the process is named by the crash record, so the next run neither plans nor reads it again.
std::vector<PlannedFile> planPendingWork(const library::Library &library,
                                         const std::vector<store::JobFile> &pending,
                                         const IngestOptions &options,
                                         const std::optional<QString> &crashedFile, int64_t jobId,
                                         JobEta &eta, const CancelPredicate &cancelled)
{
    std::vector<PlannedFile> planned(pending.size());
    int opened = 0;
    for (size_t i = 0; i < pending.size(); ++i) {
        const QString path = QString::fromStdString(pending[i].path);
        if (fileTypeFromName(path).value_or(QString()) != u"video" || crashedFile == path) {
            eta.addPendingFile();
            continue;
        }
        if (opened >= kMaxVideosPlannedAtStart || isCancelled(cancelled)) {
            planned[i].kind = JobEta::Kind::UnplannedVideo;
            eta.addUnplannedVideo();
            continue;
        }
        ++opened;
        std::optional<int64_t> segments;
        {
            const CrashRecordGuard guard(library, jobId, pending[i].path);
            segments = plannedVideoSegments(path, options);
        }
        if (!segments) {
            eta.addPendingFile(); // it fails when it is read, quickly: an ordinary file's work
            continue;
        }
        planned[i] = {JobEta::Kind::Video, *segments};
        eta.addPendingVideo(*segments);
    }
    return planned;
}

// The time left as this run estimates it, written to the job's row for other processes (cortex-cli jobs,
// the library API) after a file or a batch of page images: at most every kIntervalSeconds (a write per
// file of a 10,000-file job would be a write too many), and at once when it becomes known or unknown
// (a pass begins).
class EtaRecorder {
public:
    EtaRecorder(library::Library &library, int64_t jobId) : library_(library), jobId_(jobId) {}

    Status record(double etaSeconds)
    {
        const bool known = etaSeconds >= 0;
        const auto now = Clock::now();
        if (written_ && known == known_ &&
            std::chrono::duration<double>(now - last_).count() < kIntervalSeconds)
            return {};
        written_ = true;
        known_ = known;
        last_ = now;
        return library_.write([&](store::LibraryDb &db) {
            return db.setJobEta(jobId_, known ? std::optional<double>(etaSeconds) : std::nullopt);
        });
    }

private:
    static constexpr double kIntervalSeconds = 5;
    library::Library &library_;
    int64_t jobId_ = 0;
    bool written_ = false;
    bool known_ = false;
    Clock::time_point last_;
};

} // namespace

QString optionsToJson(const IngestOptions &o, const QStringList &paths)
{
    QJsonObject json{
        {QStringLiteral("paths"), toArray(paths)},
        {QStringLiteral("collection"), o.collection},
        {QStringLiteral("include"), toArray(o.scan.includePatterns)},
        {QStringLiteral("exclude"), toArray(o.scan.excludePatterns)},
        {QStringLiteral("followSymlinks"), o.scan.followSymlinks},
        {QStringLiteral("chunkTokens"), o.chunk.chunkTokens},
        {QStringLiteral("overlapTokens"), o.chunk.overlapTokens},
        {QStringLiteral("pdfRenderLongSide"), o.extract.pdfRenderLongSide},
        {QStringLiteral("maxImagePixels"), double(o.extract.maxImagePixels)},
        {QStringLiteral("maxTextChars"), double(o.extract.maxTextChars)},
        {QStringLiteral("maxPdfPages"), o.extract.maxPdfPages},
        {QStringLiteral("maxChunksPerDocument"), double(o.maxChunksPerDocument)},
        {QStringLiteral("embedBatch"), o.embedBatch},
        {QStringLiteral("twoPasses"), o.twoPasses},
        {QStringLiteral("videoSegmentSeconds"), o.videoSegmentSeconds},
    };
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

QStringList pathsFromJson(const QString &text)
{
    return fromArray(QJsonDocument::fromJson(text.toUtf8()).object().value(QStringLiteral("paths")));
}

IngestOptions optionsFromJson(const QString &text)
{
    const QJsonObject json = QJsonDocument::fromJson(text.toUtf8()).object();
    IngestOptions o;
    o.collection = json.value(QStringLiteral("collection")).toString();
    o.scan.includePatterns = fromArray(json.value(QStringLiteral("include")));
    o.scan.excludePatterns = fromArray(json.value(QStringLiteral("exclude")));
    o.scan.followSymlinks = json.value(QStringLiteral("followSymlinks")).toBool(true);
    o.chunk.chunkTokens = json.value(QStringLiteral("chunkTokens")).toInt(o.chunk.chunkTokens);
    o.chunk.overlapTokens = json.value(QStringLiteral("overlapTokens")).toInt(o.chunk.overlapTokens);
    o.extract.pdfRenderLongSide =
        json.value(QStringLiteral("pdfRenderLongSide")).toInt(o.extract.pdfRenderLongSide);
    o.extract.maxImagePixels =
        int64_t(json.value(QStringLiteral("maxImagePixels")).toDouble(double(o.extract.maxImagePixels)));
    o.extract.maxTextChars =
        int64_t(json.value(QStringLiteral("maxTextChars")).toDouble(double(o.extract.maxTextChars)));
    o.extract.maxPdfPages = json.value(QStringLiteral("maxPdfPages")).toInt(o.extract.maxPdfPages);
    o.maxChunksPerDocument =
        int64_t(json.value(QStringLiteral("maxChunksPerDocument")).toDouble(double(o.maxChunksPerDocument)));
    o.embedBatch = json.value(QStringLiteral("embedBatch")).toInt(o.embedBatch);
    // A job recorded before there were two passes did everything in one.
    o.twoPasses = json.value(QStringLiteral("twoPasses")).toBool(false);
    // A recorded length out of range (a damaged or edited job) falls back to the default, so a resumed
    // video is cut as the setting allows.
    o.videoSegmentSeconds = json.value(QStringLiteral("videoSegmentSeconds")).toDouble(o.videoSegmentSeconds);
    if (!(o.videoSegmentSeconds >= IngestOptions::kMinVideoSegmentSeconds &&
          o.videoSegmentSeconds <= IngestOptions::kMaxVideoSegmentSeconds))
        o.videoSegmentSeconds = IngestOptions::kDefaultVideoSegmentSeconds;
    return o;
}

store::WatchedFolderSettings watchedSettingsOf(const IngestOptions &options)
{
    store::WatchedFolderSettings s;
    s.collection = options.collection.toStdString();
    s.includePatterns = toStdList(options.scan.includePatterns);
    s.excludePatterns = toStdList(options.scan.excludePatterns);
    s.chunkTokens = options.chunk.chunkTokens;
    s.overlapTokens = options.chunk.overlapTokens;
    s.followSymlinks = options.scan.followSymlinks;
    // A folder ingested with page images off (or at another size) is synced so from then on.
    s.pageImageSide = isPageImageSide(options.extract.pdfRenderLongSide) ? options.extract.pdfRenderLongSide
                                                                         : kDefaultPageImageSide;
    return s;
}

IngestOptions optionsForWatchedFolder(const store::WatchedFolder &folder, IngestOptions base)
{
    const auto &s = folder.settings;
    base.collection = QString::fromStdString(s.collection);
    base.scan.includePatterns = fromStdList(s.includePatterns);
    base.scan.excludePatterns = fromStdList(s.excludePatterns);
    base.scan.followSymlinks = s.followSymlinks;
    if (s.chunkTokens > 0) {
        base.chunk.chunkTokens = s.chunkTokens;
        base.chunk.overlapTokens = s.overlapTokens;
    }
    base.extract.pdfRenderLongSide = s.pageImageSide;
    return base;
}

Result<std::optional<store::SpaceIdentity>> libraryModelOtherThan(store::LibraryDb &db,
                                                                  const store::SpaceIdentity &model)
{
    auto spaces = db.spaces();
    if (!spaces)
        return spaces.error();
    std::optional<store::SpaceIdentity> other;
    for (const auto &space : *spaces) {
        if (space.state != store::SpaceState::Active)
            continue;
        if (space.identity == model)
            return std::optional<store::SpaceIdentity>();
        other = space.identity;
    }
    return other;
}

Status modelFitsLibrary(store::LibraryDb &db, const store::SpaceIdentity &model,
                        const std::string &libraryName)
{
    auto other = libraryModelOtherThan(db, model);
    if (!other)
        return other.error();
    if (!*other)
        return {};
    return makeError(embedding::otherModelMessage(libraryName, **other, model));
}

void addToSummary(IngestSummary &total, const IngestSummary &part)
{
    // A later run of the same job counts the job's files again; another job's are more files.
    const bool sameJob = total.jobId != 0 && total.jobId == part.jobId;
    if (total.jobId == 0) {
        total.paths = part.paths;
        total.collection = part.collection;
    }
    total.jobId = part.jobId;
    total.files = sameJob ? part.files : total.files + part.files;
    total.indexed += part.indexed;
    total.skipped += part.skipped;
    total.failed += part.failed;
    total.removed += part.removed;
    total.items += part.items;
    total.pageImages.longSide = part.pageImages.longSide;
    total.pageImages.pages += part.pageImages.pages;
    total.pageImages.seconds += part.pageImages.seconds;
    total.pageImagesDone += part.pageImagesDone;
    total.pageImagesFailed += part.pageImagesFailed;
    total.pageImagesLeft = sameJob ? part.pageImagesLeft : total.pageImagesLeft + part.pageImagesLeft;
    total.pageImagesYielded = part.pageImagesYielded;
    total.seconds += part.seconds;
    total.cancelled = sameJob ? part.cancelled : total.cancelled || part.cancelled;
    total.failures.insert(total.failures.end(), part.failures.begin(), part.failures.end());
    total.warnings.insert(total.warnings.end(), part.warnings.begin(), part.warnings.end());
    total.continuedInside.insert(total.continuedInside.end(), part.continuedInside.begin(),
                                 part.continuedInside.end());
    total.scanProblems << part.scanProblems;
    total.unsupported << part.unsupported;
    total.unsupportedInFolders += part.unsupportedInFolders;
}

Ingestor::Ingestor(library::Library &library, embedding::Encoder &encoder,
                   std::shared_ptr<const model::Tokenizer> tokenizer)
    : library_(library), encoder_(encoder), tokenizer_(std::move(tokenizer))
{
}

Ingestor::~Ingestor() = default;

Result<IngestSummary> Ingestor::ingest(const QStringList &paths, const IngestOptions &options,
                                       const ProgressCallback &progress, const CancelPredicate &cancelled)
{
    Progress scanning; // by name: a positional list shifts when a field is added
    scanning.stage = "scanning";
    report(progress, scanning);
    const ScanResult scan = scanPaths(paths, options.scan, cancelled);
    std::vector<std::string> files;
    for (const auto &f : scan.files)
        files.push_back(f.toStdString());
    // A path given by name that does not exist, or is a named pipe, a socket or a device, is a failure
    // of this job, named as such (the job never opens it).
    for (const auto &p : paths)
        if (!QFileInfo::exists(p))
            files.push_back(QFileInfo(p).absoluteFilePath().toStdString());
    for (const auto &p : scan.namedNotRegular)
        files.push_back(p.toStdString());

    int64_t jobId = 0;
    auto created = library_.write([&](store::LibraryDb &db) {
        return db.transaction([&]() -> Status {
            // Before anything is recorded: a refused model leaves no job and no remembered folder.
            if (auto fits = modelFitsLibrary(db, encoder_.identity(), library_.directory().string()); !fits)
                return fits;
            auto id = db.createJob(store::kIngestJobKind, optionsToJson(options, paths).toStdString(), files);
            if (!id)
                return id.error();
            jobId = *id;
            return rememberRoots(db, paths, options);
        });
    });
    if (!created)
        return created.error();
    auto summary = runJob(jobId, options, progress, cancelled);
    if (summary) {
        summary->paths = paths;
        summary->scanProblems = scan.problems;
        summary->unsupported = scan.unsupported;
        summary->unsupportedInFolders = scan.unsupportedInFolders;
    }
    return summary;
}

Result<IngestSummary> Ingestor::ingestFiles(const QStringList &files, const QStringList &shownPaths,
                                            const IngestOptions &options, const ProgressCallback &progress,
                                            const CancelPredicate &cancelled)
{
    std::vector<std::string> list;
    list.reserve(size_t(files.size()));
    for (const auto &f : files)
        list.push_back(f.toStdString());
    int64_t jobId = 0;
    auto created = library_.write([&](store::LibraryDb &db) {
        return db.transaction([&]() -> Status {
            if (auto fits = modelFitsLibrary(db, encoder_.identity(), library_.directory().string()); !fits)
                return fits;
            auto id =
                db.createJob(store::kIngestJobKind, optionsToJson(options, shownPaths).toStdString(), list);
            if (!id)
                return id.error();
            jobId = *id;
            return {};
        });
    });
    if (!created)
        return created.error();
    auto summary = runJob(jobId, options, progress, cancelled);
    if (summary)
        summary->paths = shownPaths;
    return summary;
}

Result<IngestSummary> Ingestor::resume(int64_t jobId, const ProgressCallback &progress,
                                       const CancelPredicate &cancelled,
                                       std::optional<double> checkpointSeconds)
{
    auto reader = library_.openReader();
    if (!reader)
        return reader.error();
    auto job = (*reader)->job(jobId);
    if (!job)
        return job.error();
    if (!job->has_value())
        return makeError("there is no job " + std::to_string(jobId) + " in " +
                         library_.databaseFile().string());
    if ((*job)->state == store::JobState::Finished)
        return makeError("job " + std::to_string(jobId) + " has already finished");
    const QString parameters = QString::fromStdString((*job)->parameters);
    IngestOptions options = optionsFromJson(parameters);
    if (checkpointSeconds)
        options.checkpointSeconds = *checkpointSeconds;
    auto summary = runJob(jobId, options, progress, cancelled);
    if (summary)
        summary->paths = pathsFromJson(parameters);
    return summary;
}

Result<IngestSummary> Ingestor::rescan(const IngestOptions &options, const ProgressCallback &progress,
                                       const CancelPredicate &cancelled)
{
    auto reader = library_.openReader();
    if (!reader)
        return reader.error();
    auto documents = (*reader)->documents();
    if (!documents)
        return documents.error();

    // 1. Documents whose files are gone.
    int64_t removed = 0;
    std::vector<int64_t> removedItems;
    for (const auto &doc : *documents) {
        if (QFileInfo::exists(QString::fromStdString(doc.path)))
            continue;
        auto status = library_.commit([&](store::LibraryDb &db, library::IndexChanges &index) -> Status {
            auto ids = db.removeDocument(doc.id);
            if (!ids)
                return ids.error();
            index.remove(*ids);
            return {};
        });
        if (!status)
            return status.error();
        ++removed;
    }

    // 2. Every watched folder that is not paused, with its own options.
    auto folders = (*reader)->watchedFolders();
    if (!folders)
        return folders.error();
    IngestSummary total;
    total.removed = removed;
    for (const auto &folder : *folders) {
        if (isCancelled(cancelled))
            break;
        const QString path = QString::fromStdString(folder.path);
        if (folder.paused || !QFileInfo::exists(path))
            continue;
        auto summary = ingest({path}, optionsForWatchedFolder(folder, options), progress, cancelled);
        if (!summary)
            return summary.error();
        addToSummary(total, *summary);
    }
    return total;
}

Result<IngestSummary> Ingestor::runJob(int64_t jobId, const IngestOptions &options,
                                       const ProgressCallback &progress, const CancelPredicate &cancelled)
{
    // A model served elsewhere comes without the tokenizer that cuts text into chunks; the job stays
    // queued in the library, resumable once one is there.
    if (!tokenizer_)
        return makeError("ingesting through a model server needs the model's tokenizer to cut text into "
                         "chunks: give the folder of the model's tokenizer.json (cortex-cli: --tokenizer "
                         "DIR; the window: the embedding model folder in Settings)",
                         ErrorKind::InvalidInput);
    const auto start = Clock::now();
    IngestSummary summary;
    summary.jobId = jobId;
    summary.collection = options.collection;
    summary.pageImages.longSide = options.extract.pdfRenderLongSide;

    int64_t spaceId = 0;
    std::optional<int64_t> collectionId;
    std::vector<store::JobFile> pending;
    // Files an earlier run of the job finished: the progress counts the whole job, so a resumed job
    // goes on from its totals.
    int64_t alreadyDone = 0;
    int64_t alreadyFailed = 0;
    int64_t alreadySkipped = 0;
    auto prepared = library_.write([&](store::LibraryDb &db) {
        return db.transaction([&]() -> Status {
            if (auto fits = modelFitsLibrary(db, encoder_.identity(), library_.directory().string()); !fits)
                return fits;
            auto space = db.ensureSpace(encoder_.identity());
            if (!space)
                return space.error();
            spaceId = *space;
            if (!options.collection.isEmpty()) {
                auto existing = db.collectionByName(options.collection.toStdString());
                if (!existing)
                    return existing.error();
                if (existing->has_value()) {
                    collectionId = (*existing)->id;
                } else {
                    auto id = db.createCollection(options.collection.toStdString());
                    if (!id)
                        return id.error();
                    collectionId = *id;
                }
            }
            auto files = db.jobFiles(jobId);
            if (!files)
                return files.error();
            for (auto &f : *files) {
                if (f.state == store::JobFileState::Pending)
                    pending.push_back(std::move(f));
                else
                    ++alreadyDone;
                alreadyFailed += f.state == store::JobFileState::Failed;
                alreadySkipped += f.state == store::JobFileState::Skipped;
            }
            summary.files = int64_t(files->size());
            return db.setJobState(jobId, store::JobState::Running);
        });
    });
    if (!prepared)
        return prepared.error();

    auto reader = library_.openReader();
    if (!reader)
        return reader.error();
    Progress p;
    p.stage = "ingesting";
    p.total = summary.files;
    p.done = alreadyDone;
    p.failed = alreadyFailed;
    p.skipped = alreadySkipped;
    const auto sinceStart = [&] {
        return std::chrono::duration<double>(Clock::now() - start).count();
    };
    const auto reportWithin = [&](int page, int64_t parts) {
        p.currentPage = page;
        p.currentParts = parts;
        report(progress, p);
    };
    JobEta eta;
    EtaRecorder etaRecorder(library_, jobId);
    if (auto s = etaRecorder.record(-1); !s) // an earlier run's figure is not this run's
        return s.error();
    const auto reportSegments = [&](int64_t done, int64_t of) {
        eta.segmentsDone(done, of, sinceStart());
        p.currentUnit = Progress::Unit::Segment;
        p.currentPage = int(std::min<int64_t>(done, std::numeric_limits<int>::max()));
        p.currentOf = int(std::min<int64_t>(of, std::numeric_limits<int>::max()));
        p.currentParts = done;
        p.etaSeconds = eta.etaSeconds(); // moves inside a long video, not only between files
        report(progress, p);
    };
    const FileContext context{
        library_, **reader,  encoder_,     *tokenizer_,         options,       spaceId, collectionId,
        jobId,    cancelled, reportWithin, &summary.pageImages, reportSegments};
    auto lastSave = Clock::now();
    // A file that an earlier run was reading when the process crashed is recorded as failed, not read
    // again (it would crash this run too); one that was being read when the process was killed from
    // outside is read again.
    const std::optional<QString> crashedFile = crashedFileOfJob(library_, jobId);
    const std::vector<PlannedFile> kinds =
        planPendingWork(library_, pending, options, crashedFile, jobId, eta, cancelled);
    const auto resetWithin = [&] {
        p.currentPage = 0;
        p.currentParts = 0;
        p.currentUnit = Progress::Unit::Page;
        p.currentOf = 0;
    };
    for (size_t i = 0; i < pending.size(); ++i) {
        const auto &file = pending[i];
        if (isCancelled(cancelled)) {
            summary.cancelled = true;
            break;
        }
        const QString path = QString::fromStdString(file.path);
        p.current = file.path;
        resetWithin();
        report(progress, p);
        eta.beginFile(kinds[i].kind, kinds[i].segments, sinceStart());
        const bool crashedHere = file.started && crashedFile == path;
        auto result = crashedHere ? recordCrashedFile(context, path) : ingestFile(context, path);
        if (crashedHere && result)
            clearCrashRecord(library_, jobId);
        if (!result)
            return result.error();
        if (result->outcome == FileOutcome::Paused) {
            summary.cancelled = true;
            break;
        }
        switch (result->outcome) {
        case FileOutcome::Indexed:
            ++summary.indexed;
            if (result->resumedItems > 0)
                summary.continuedInside.push_back({path, result->resumedItems});
            for (const auto &w : result->warnings)
                summary.warnings.push_back({path, w});
            break;
        case FileOutcome::Skipped:
            ++summary.skipped;
            break;
        case FileOutcome::Failed:
            ++summary.failed;
            summary.failures.push_back({path, result->reason});
            break;
        case FileOutcome::Paused:
            break;
        }
        summary.items += result->items;
        summary.pageImagesLeft += result->deferredImages;
        ++p.done;
        resetWithin();
        p.failed = alreadyFailed + summary.failed;
        p.skipped = alreadySkipped + summary.skipped;
        const double elapsed = sinceStart();
        eta.endFile(elapsed);
        p.itemsPerSecond = elapsed > 0 ? double(summary.items) / elapsed : 0;
        p.etaSeconds = eta.etaSeconds();
        report(progress, p);
        if (auto s = etaRecorder.record(p.etaSeconds); !s)
            return s.error();
        if (std::chrono::duration<double>(Clock::now() - lastSave).count() >=
            options.indexSaveIntervalSeconds) {
            if (auto s = library_.saveIndexes(); !s)
                return s.error();
            lastSave = Clock::now();
        }
    }

    // The second pass: the page images the first one left (of this job, and of earlier runs of it).
    if (!summary.cancelled) {
        if (auto s = library_.saveIndexes(); !s) // the text is searchable by other processes now
            return s.error();
        const PageImagePass pass{library_, **reader, encoder_, options, jobId, spaceId, cancelled, yield_};
        // Its progress reports come between its batches' transactions: the time left goes to the row there.
        Status etaWritten;
        const ProgressCallback passProgress = [&](const Progress &q) {
            if (etaWritten)
                etaWritten = etaRecorder.record(q.etaSeconds);
            if (progress)
                progress(q);
        };
        if (auto s = runPageImagePass(pass, p, passProgress, summary); !s)
            return s.error();
        if (!etaWritten)
            return etaWritten.error();
    }
    const bool unfinished = summary.cancelled || summary.pageImagesYielded;

    auto finished = library_.write([&](store::LibraryDb &db) {
        return db.transaction([&]() -> Status {
            if (!unfinished)
                if (auto s = db.clearJobProgress(jobId); !s)
                    return s;
            return db.setJobState(jobId, unfinished ? store::JobState::Paused : store::JobState::Finished);
        });
    });
    if (!finished)
        return finished.error();
    if (!unfinished)
        clearCrashRecord(library_, jobId);
    if (auto s = library_.saveIndexes(); !s)
        return s.error();
    summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return summary;
}

} // namespace cortex::ingest
