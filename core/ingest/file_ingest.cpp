#include "ingest/file_ingest.h"

#include "embedding/encoder.h"
#include "ingest/extract/extractor.h"
#include "ingest/extract/file_type.h"
#include "ingest/streaming_embedder.h"
#include "ingest/video_ingest.h"
#include "library/library.h"
#include "store/library_db.h"
#include "video/video_decoder.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

namespace cortex::ingest {
namespace {

Result<std::string> sha256OfFile(const QString &path)
{
    QFile file(path);
    QString reason;
    if (!openRegularFile(file, &reason))
        return makeError(path.toStdString() + ": " + reason.toStdString());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return makeError(path.toStdString() +
                         ": reading the file failed: " + file.errorString().toStdString());
    return hash.result().toHex().toStdString();
}

// --- The crash record (see file_ingest.h) ---

std::filesystem::path crashRecordFile(const library::Library &library, int64_t jobId)
{
    return library.directory() / ("crashed-in-job-" + std::to_string(jobId));
}

thread_local const CrashRecordSlot *t_armedSlot = nullptr;
// The last slot armed by any thread, for a crash on another thread (a decoder's worker).
std::atomic<const CrashRecordSlot *> g_lastArmedSlot{nullptr};

constexpr int kCrashSignals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
struct sigaction g_previousActions[NSIG];

extern "C" void onCrashSignal(int signal)
{
    const CrashRecordSlot *slot = t_armedSlot ? t_armedSlot : g_lastArmedSlot.load();
    if (slot) {
        const int fd = ::open(slot->recordFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd >= 0) {
            [[maybe_unused]] const ssize_t written = ::write(fd, slot->content.data(), slot->content.size());
            ::fsync(fd);
            ::close(fd);
        }
    }
    // Die as the process would have without this handler (or let the handler installed before run).
    ::sigaction(signal, &g_previousActions[signal], nullptr);
    ::raise(signal);
}

void installCrashHandlers()
{
    static std::once_flag once;
    std::call_once(once, [] {
        struct sigaction action {};
        action.sa_handler = onCrashSignal;
        action.sa_flags = SA_ONSTACK | SA_NODEFER | SA_RESETHAND;
        sigemptyset(&action.sa_mask);
        for (const int signal : kCrashSignals)
            ::sigaction(signal, &action, &g_previousActions[signal]);
    });
    // A stack overflow (deep recursion in a parser) can only be handled on a stack of its own, one per
    // thread; kept for the thread's life.
    thread_local bool altStackSet = false;
    if (!altStackSet) {
        altStackSet = true;
        stack_t current{};
        if (::sigaltstack(nullptr, &current) == 0 && (current.ss_flags & SS_DISABLE)) {
            static constexpr size_t kSize = 64 * 1024;
            stack_t stack{};
            stack.ss_sp = std::malloc(kSize);
            stack.ss_size = kSize;
            if (stack.ss_sp)
                ::sigaltstack(&stack, nullptr);
        }
    }
}

// The test-only hooks of file_ingest.h: a crash or a kill at the point where a file is about to be read.
void testHooksBeforeReading(const QString &path)
{
    const QString name = QFileInfo(path).fileName();
    if (const char *abortOn = std::getenv("CORTEX_TEST_ABORT_ON");
        abortOn && name == QString::fromLocal8Bit(abortOn))
        std::abort();
    if (const char *killOn = std::getenv("CORTEX_TEST_KILL_ON");
        killOn && name == QString::fromLocal8Bit(killOn))
        ::raise(SIGKILL);
}

// CORTEX_TEST_KILL_AT_CHECKPOINT=<file name>: SIGKILL right after a checkpoint inside that file has
// saved items (a kill from outside in the middle of a long file).
void testHookAfterCheckpoint(const QString &path)
{
    if (const char *killOn = std::getenv("CORTEX_TEST_KILL_AT_CHECKPOINT");
        killOn && QFileInfo(path).fileName() == QString::fromLocal8Bit(killOn))
        ::raise(SIGKILL);
}

// Continues the file after what this job saved of it at its last checkpoint, when that was made from
// the same bytes into the same space. Anything else (another content, a damaged or inconsistent saved
// state) is not used: the file is embedded from its start, and the first checkpoint replaces it.
// Returns how many saved items it continues with.
int64_t resumeInsideFile(const FileContext &context, const QString &path, const std::string &sha,
                         StreamingEmbedder &embedder)
{
    auto saved = context.reader.fileProgress(context.jobId, path.toStdString());
    if (!saved || !saved->has_value())
        return 0;
    auto &progress = **saved;
    if (progress.sha256 != sha || progress.spaceId != context.spaceId)
        return 0;
    const auto point = ResumePoint::fromJson(progress.state);
    const auto count = int64_t(progress.items.size());
    return point && embedder.resumeFrom(*point, std::move(progress.items)) ? count : 0;
}

const QString kIdenticalContent = QStringLiteral("identical to content already stored");

// Types whose files cannot be empty (an empty text file is a valid, empty document).
bool mayBeEmpty(const QString &type)
{
    return type == u"text" || type == u"markdown";
}

store::DocumentRecord recordFor(const QString &path, const FileStat &st, const std::string &sha,
                                const QString &type)
{
    store::DocumentRecord record;
    record.path = path.toStdString();
    record.size = st.size;
    record.mtimeNs = st.mtimeNs;
    record.sha256 = sha;
    record.type = type.toStdString();
    return record;
}

// Records a failure without touching the document's existing items: a file that cannot be read now
// keeps whatever was found in it before.
Result<FileResult> recordFailure(const FileContext &context, const QString &path, const QString &reason,
                                 const std::optional<FileStat> &st, const QString &type)
{
    auto status = context.library.write([&](store::LibraryDb &db) {
        return db.transaction([&]() -> Status {
            auto existing = db.documentByPath(path.toStdString());
            if (!existing)
                return existing.error();
            store::DocumentRecord record = existing->value_or(store::DocumentRecord{});
            record.path = path.toStdString();
            if (st && !existing->has_value()) {
                record.size = st->size;
                record.mtimeNs = st->mtimeNs;
            }
            if (record.type.empty())
                record.type = type.toStdString();
            record.status = store::DocumentStatus::Failed;
            record.error = reason.toStdString();
            auto id = db.upsertDocument(record);
            if (!id)
                return id.error();
            if (context.collectionId)
                if (auto s = db.addToCollection(*id, *context.collectionId); !s)
                    return s;
            if (auto s = db.clearFileProgress(context.jobId, path.toStdString()); !s)
                return s;
            return db.setJobFileState(context.jobId, path.toStdString(), store::JobFileState::Failed,
                                      reason.toStdString());
        });
    });
    if (!status)
        return status.error();
    return FileResult{FileOutcome::Failed, reason, 0, {}};
}

Result<FileResult> recordSkip(const FileContext &context, const QString &path, int64_t documentId,
                              const QString &reason)
{
    auto status = context.library.write([&](store::LibraryDb &db) {
        return db.transaction([&]() -> Status {
            if (context.collectionId)
                if (auto s = db.addToCollection(documentId, *context.collectionId); !s)
                    return s;
            if (auto s = db.clearFileProgress(context.jobId, path.toStdString()); !s)
                return s;
            return db.setJobFileState(context.jobId, path.toStdString(), store::JobFileState::Skipped,
                                      reason.toStdString());
        });
    });
    if (!status)
        return status.error();
    return FileResult{FileOutcome::Skipped, reason, 0, {}};
}

} // namespace

std::optional<FileStat> statFile(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0 || !S_ISREG(st.st_mode))
        return std::nullopt;
    return FileStat{int64_t(st.st_size), int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

Result<FileResult> ingestFile(const FileContext &context, const QString &path)
{
    // Nothing that is not a regular file is opened (a named pipe blocks open() forever, /dev/zero never
    // ends), and the message says what it is.
    if (const QString notRegular = notRegularFileReason(path); !notRegular.isEmpty())
        return recordFailure(context, path, path + QStringLiteral(": ") + notRegular, statFile(path),
                             fileTypeFromName(path).value_or(QString()));
    const auto type = detectFileType(path);
    const auto st = statFile(path);
    if (!st)
        return recordFailure(
            context, path,
            path + QStringLiteral(": the file does not exist (it may have been moved or deleted)"), st,
            type.value_or(QString()));
    if (!type)
        return recordFailure(context, path,
                             path + QStringLiteral(": unsupported type (%1)").arg(unsupportedTypeName(path)),
                             st, QString());

    auto existing = context.reader.documentByPath(path.toStdString());
    if (!existing)
        return existing.error();
    if (existing->has_value()) {
        const auto &doc = **existing;
        if (doc.status == store::DocumentStatus::Indexed && doc.size == st->size &&
            doc.mtimeNs == st->mtimeNs && doc.contentId)
            return recordSkip(context, path, doc.id, QStringLiteral("unchanged"));
    }

    // The type is checked before content deduplication: an empty .pdf must not be "indexed" because an
    // empty text file with the same (empty) content was ingested before it.
    if (st->size == 0 && !mayBeEmpty(*type))
        return recordFailure(context, path, path + QStringLiteral(": the file is empty"), st, *type);
    QString headProblem;
    const auto head = readHead(path, kContentSniffBytes, &headProblem);
    if (!head)
        return recordFailure(context, path, path + QStringLiteral(": ") + headProblem, st, *type);
    if (const QString mismatch = contentMismatch(*type, *head); !mismatch.isEmpty())
        return recordFailure(context, path, path + QStringLiteral(": ") + mismatch, st, *type);

    auto sha = sha256OfFile(path);
    if (!sha)
        return recordFailure(context, path, QString::fromStdString(sha.error().message), st, *type);
    auto sharedContent = context.reader.contentBySha(*sha);
    if (!sharedContent)
        return sharedContent.error();

    // From here the file's content is read by the decoders: a crash while doing so must not repeat on
    // resume (see file_ingest.h).
    auto started = context.library.write(
        [&](store::LibraryDb &db) { return db.markJobFileStarted(context.jobId, path.toStdString()); });
    if (!started)
        return started.error();
    const CrashRecordGuard crashRecord(context.library, context.jobId, path.toStdString());
    testHooksBeforeReading(path);

    std::vector<store::NewItem> newItems;
    std::vector<store::DeferredImage> deferred;
    std::vector<std::string> problems;
    QStringList warnings;
    int pageCount = 0;
    int64_t resumedItems = 0;
    if (sharedContent->has_value() && *type == u"video") {
        // The same bytes as a stored content: reused if they open as a video (see below for the others).
        if (auto opened = video::VideoDecoder::open(path.toStdString()); !opened)
            return recordFailure(context, path, QString::fromStdString(opened.error().message), st, *type);
    } else if (sharedContent->has_value()) {
        // The same bytes are stored already, but maybe as another type (an empty text file and an empty
        // .docx share their SHA-256): reuse them only if this file's content can be extracted as its own
        // type. The first item is enough to know.
        auto extracted = extractFile(path, context.options.extract, [](ExtractedItem &&) { return false; });
        if (!extracted)
            return recordFailure(context, path, QString::fromStdString(extracted.error().message), st, *type);
    } else if (*type == u"video") {
        auto embedded = embedVideoFile(context, path, *sha, [&] { testHookAfterCheckpoint(path); });
        if (!embedded)
            return embedded.error();
        if (embedded->outcome == VideoOutcome::Paused)
            return FileResult{FileOutcome::Paused, QStringLiteral("paused inside the file"), 0, {}};
        if (embedded->outcome == VideoOutcome::Failed)
            return recordFailure(context, path, embedded->failure, st, *type);
        newItems = std::move(embedded->items);
        resumedItems = embedded->resumedItems;
        pageCount = int(newItems.size()); // the segments, as a PDF counts its pages
    } else {
        // A file embedded from its start replaces, at its first checkpoint, whatever this job had saved
        // of it that resumeInsideFile could not use: saveFileProgress appends to the rows saved for the
        // same content and space, and unusable rows left there would make every later resume start over.
        bool replaceSaved = false;
        StreamingEmbedder embedder(
            context, path, [&](const ResumePoint &point, std::span<const store::NewItem> items) -> Status {
                auto saved = context.library.write([&](store::LibraryDb &db) {
                    return db.transaction([&]() -> Status {
                        if (replaceSaved)
                            if (auto s = db.clearFileProgress(context.jobId, path.toStdString()); !s)
                                return s;
                        return db.saveFileProgress(context.jobId, path.toStdString(), *sha, context.spaceId,
                                                   point.toJson(), items);
                    });
                });
                if (saved)
                    replaceSaved = false;
                if (saved && !items.empty())
                    testHookAfterCheckpoint(path);
                return saved;
            });
        resumedItems = resumeInsideFile(context, path, *sha, embedder);
        replaceSaved = resumedItems == 0;
        ExtractOptions extractOptions = context.options.extract;
        extractOptions.firstPage = embedder.firstPage();
        extractOptions.deferPageImages = context.options.twoPasses;
        auto extracted = extractFile(path, extractOptions,
                                     [&](ExtractedItem &&item) { return embedder.add(std::move(item)); });
        if (!embedder.error())
            return embedder.error().error();
        if (!extracted)
            return recordFailure(context, path, QString::fromStdString(extracted.error().message), st, *type);
        if (auto finished = embedder.finish(); !finished)
            return finished.error();
        if (embedder.cancelled())
            return FileResult{FileOutcome::Paused, QStringLiteral("paused inside the file"), 0, {}};
        pageCount = extracted->pageCount;
        newItems = std::move(embedder.items());
        deferred = embedder.deferred();
        problems = embedder.problems();
        if (newItems.empty() && deferred.empty() && !problems.empty())
            return recordFailure(context, path,
                                 path + QStringLiteral(": nothing could be embedded: ") +
                                     QString::fromStdString(problems.front()),
                                 st, *type);
        warnings = extracted->warnings;
        if (!embedder.truncatedWarning().isEmpty())
            warnings.append(embedder.truncatedWarning());
    }

    int64_t newItemCount = 0;
    // One transaction; the index follows once it has committed (Library::commit).
    auto status = context.library.commit([&](store::LibraryDb &db, library::IndexChanges &index) -> Status {
        int64_t contentId = 0;
        if (sharedContent->has_value()) {
            contentId = **sharedContent;
        } else {
            // Another job may have stored the same content since we looked.
            auto again = db.contentBySha(*sha);
            if (!again)
                return again.error();
            if (again->has_value()) {
                contentId = **again;
            } else {
                auto added = db.addContent(*sha, newItems, context.spaceId);
                if (!added)
                    return added.error();
                contentId = added->contentId;
                newItemCount = int64_t(added->itemIds.size());
                for (size_t i = 0; i < added->itemIds.size(); ++i)
                    index.add(context.spaceId, added->itemIds[i], std::move(newItems[i].vector));
                for (auto &d : deferred) {
                    d.contentId = contentId;
                    d.longSide = context.options.extract.pdfRenderLongSide;
                }
                if (auto s = db.addDeferredImages(context.jobId, deferred); !s)
                    return s;
            }
        }
        auto old = db.documentByPath(path.toStdString());
        if (!old)
            return old.error();
        auto record = recordFor(path, *st, *sha, *type);
        record.contentId = contentId;
        record.pageCount = pageCount;
        record.status = store::DocumentStatus::Indexed;
        if (!problems.empty())
            record.error =
                std::to_string(problems.size()) + " part(s) could not be embedded: " + problems.front();
        else if (!warnings.isEmpty())
            record.error = warnings.join(QStringLiteral("; ")).toStdString();
        auto id = db.upsertDocument(record);
        if (!id)
            return id.error();
        if (old->has_value() && (*old)->contentId && *(*old)->contentId != contentId) {
            auto removed = db.removeContentIfUnused(*(*old)->contentId);
            if (!removed)
                return removed.error();
            index.remove(*removed);
        }
        if (context.collectionId)
            if (auto s = db.addToCollection(*id, *context.collectionId); !s)
                return s;
        if (auto s = db.clearFileProgress(context.jobId, path.toStdString()); !s)
            return s;
        // A file whose content was stored already is counted as the summary counts it: skipped.
        if (sharedContent->has_value())
            return db.setJobFileState(context.jobId, path.toStdString(), store::JobFileState::Skipped,
                                      kIdenticalContent.toStdString());
        return db.setJobFileState(context.jobId, path.toStdString(), store::JobFileState::Done);
    });
    if (!status)
        return status.error();
    if (sharedContent->has_value())
        return FileResult{FileOutcome::Skipped, kIdenticalContent, 0, {}};
    return FileResult{FileOutcome::Indexed,    QString(), newItemCount, warnings, resumedItems,
                      int64_t(deferred.size())};
}

CrashRecordGuard::CrashRecordGuard(const library::Library &library, int64_t jobId, std::string what)
{
    slot_.recordFile = crashRecordFile(library, jobId).string();
    slot_.content = std::move(what);
    installCrashHandlers();
    t_armedSlot = &slot_;
    g_lastArmedSlot.store(&slot_);
}

CrashRecordGuard::~CrashRecordGuard()
{
    t_armedSlot = nullptr;
    const CrashRecordSlot *expected = &slot_;
    g_lastArmedSlot.compare_exchange_strong(expected, nullptr);
}

std::optional<QString> crashedFileOfJob(const library::Library &library, int64_t jobId)
{
    std::ifstream in(crashRecordFile(library, jobId), std::ios::binary);
    if (!in)
        return std::nullopt;
    std::string content((std::istreambuf_iterator<char>(in)), {});
    if (content.empty())
        return std::nullopt;
    return QString::fromStdString(content);
}

void clearCrashRecord(const library::Library &library, int64_t jobId)
{
    std::error_code ignored;
    std::filesystem::remove(crashRecordFile(library, jobId), ignored);
}

Result<FileResult> recordCrashedFile(const FileContext &context, const QString &path)
{
    return recordFailure(context, path,
                         path + QStringLiteral(": the previous attempt ended the process while reading this "
                                               "file (Cortex crashed on it); it is skipped, not read again"),
                         statFile(path), fileTypeFromName(path).value_or(QString()));
}

} // namespace cortex::ingest
