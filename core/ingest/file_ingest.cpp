#include "ingest/file_ingest.h"

#include "embedding/encoder.h"
#include "ingest/extract/extractor.h"
#include "ingest/extract/file_type.h"
#include "ingest/extract/image_conversion.h"
#include "ingest/extract/thumbnail.h"
#include "library/library.h"
#include "store/library_db.h"

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

struct FileStat {
    int64_t size = 0;
    int64_t mtimeNs = 0;
};

std::optional<FileStat> statFile(const QString &path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0 || !S_ISREG(st.st_mode))
        return std::nullopt;
    return FileStat{int64_t(st.st_size), int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

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

// What the crash handler writes, prepared before the file is read: a signal handler may only call
// async-signal-safe functions (open, write, close), so nothing is formatted or allocated there.
struct CrashRecordSlot {
    std::string recordFile;
    std::string content; // the path of the file being read
};

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

// Armed while one file is read and embedded: a crash meanwhile leaves the crash record naming it.
class CrashRecordGuard {
public:
    CrashRecordGuard(const library::Library &library, int64_t jobId, const QString &path)
    {
        slot_.recordFile = crashRecordFile(library, jobId).string();
        slot_.content = path.toStdString();
        installCrashHandlers();
        t_armedSlot = &slot_;
        g_lastArmedSlot.store(&slot_);
    }
    ~CrashRecordGuard()
    {
        t_armedSlot = nullptr;
        const CrashRecordSlot *expected = &slot_;
        g_lastArmedSlot.compare_exchange_strong(expected, nullptr);
    }
    CrashRecordGuard(const CrashRecordGuard &) = delete;
    CrashRecordGuard &operator=(const CrashRecordGuard &) = delete;

private:
    CrashRecordSlot slot_;
};

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

// Types whose files cannot be empty (an empty text file is a valid, empty document).
bool mayBeEmpty(const QString &type)
{
    return type == u"text" || type == u"markdown";
}

std::vector<uint8_t> toBytes(const QByteArray &bytes)
{
    return {reinterpret_cast<const uint8_t *>(bytes.constData()),
            reinterpret_cast<const uint8_t *>(bytes.constData()) + bytes.size()};
}

// An item ready to embed: what the store keeps and what the model sees.
struct PendingItem {
    store::NewItem item;
    embedding::EncodeInput input;
};

// Turns extracted items into embedded store items as they stream in, a batch at a time, so that only
// one batch of decoded images is ever in memory (a 500-page PDF renders 500 pages).
class StreamingEmbedder {
public:
    StreamingEmbedder(const FileContext &context, const QString &path)
        : context_(context), path_(path), fileName_(path.section(QLatin1Char('/'), -1).toStdString())
    {
    }

    void add(ExtractedItem &&extracted)
    {
        if (extracted.kind == ItemKind::Text) {
            for (const auto &chunk : chunkText(context_.tokenizer, extracted.text, context_.options.chunk)) {
                // The character limit bounds a document's text, but not its tokens: a text of one-letter
                // words has a token for every two characters. What is embedded is bounded here.
                if (textChunks_ == context_.options.maxChunksPerDocument) {
                    truncatedWarning_ =
                        QStringLiteral("truncated at %1 text chunks (the limit for one document)")
                            .arg(context_.options.maxChunksPerDocument);
                    break;
                }
                ++textChunks_;
                PendingItem p;
                p.item.kind = ItemKind::Text;
                p.item.page = extracted.page;
                p.item.position = position_++;
                p.item.text = chunk.text.toStdString();
                p.input.text = p.item.text;
                p.input.name = fileName_;
                push(std::move(p));
            }
            return;
        }
        // Image or PdfPage: embedded from its pixels. A page's text is in its Text items already, so the
        // page item carries none (it would only duplicate full-text hits).
        PendingItem p;
        p.item.kind = extracted.kind;
        p.item.page = extracted.page;
        p.item.position = position_++;
        p.item.sourceRef = extracted.imageName.toStdString();
        p.item.thumbnailPng = toBytes(thumbnailPng(extracted.image));
        p.input.images.push_back(toModelImage(extracted.image));
        // The engine has its own copy now: a 100-megapixel image is not held twice until the batch is
        // embedded.
        extracted.image = QImage();
        if (extracted.kind == ItemKind::PdfPage)
            p.input.name = "page " + std::to_string(extracted.page + 1) + " of " + path_.toStdString();
        else if (extracted.imageName.isEmpty() || extracted.imageName.toStdString() == fileName_)
            p.input.name = path_.toStdString();
        else
            p.input.name = path_.toStdString() + " (" + extracted.imageName.toStdString() + ")";
        push(std::move(p));
    }

    // Embeds what is still pending; call once after the last add().
    void finish() { flush(); }

    std::vector<store::NewItem> &items() { return done_; }
    std::vector<std::string> &problems() { return problems_; }
    // "truncated at N text chunks ..." once the document reached IngestOptions::maxChunksPerDocument.
    const QString &truncatedWarning() const { return truncatedWarning_; }

private:
    void push(PendingItem &&p)
    {
        pending_.push_back(std::move(p));
        if (pending_.size() >= size_t(std::max(1, context_.options.embedBatch)))
            flush();
    }

    // When a batch fails, its items are retried one by one so that one bad input (an image of absurd
    // aspect ratio, say) costs only itself; those are dropped with the reason.
    void flush()
    {
        if (pending_.empty())
            return;
        std::vector<embedding::EncodeInput> inputs;
        for (auto &p : pending_)
            inputs.push_back(std::move(p.input));
        auto vectors = context_.encoder.embedDocuments(inputs);
        for (size_t i = 0; i < pending_.size(); ++i) {
            if (vectors && vectors->size() == inputs.size()) {
                pending_[i].item.vector = std::move((*vectors)[i]);
            } else {
                auto one = context_.encoder.embedDocuments(std::span(&inputs[i], 1));
                if (!one || one->size() != 1) {
                    problems_.push_back(one ? "no vector returned" : one.error().message);
                    continue;
                }
                pending_[i].item.vector = std::move(one->front());
            }
            done_.push_back(std::move(pending_[i].item));
        }
        pending_.clear();
    }

    const FileContext &context_;
    QString path_;
    std::string fileName_;
    int64_t textChunks_ = 0;
    QString truncatedWarning_;
    int position_ = 0;
    std::vector<PendingItem> pending_;
    std::vector<store::NewItem> done_;
    std::vector<std::string> problems_;
};

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
            return db.setJobFileState(context.jobId, path.toStdString(), store::JobFileState::Skipped,
                                      reason.toStdString());
        });
    });
    if (!status)
        return status.error();
    return FileResult{FileOutcome::Skipped, reason, 0, {}};
}

} // namespace

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
    const CrashRecordGuard crashRecord(context.library, context.jobId, path);
    testHooksBeforeReading(path);

    std::vector<store::NewItem> newItems;
    std::vector<std::string> problems;
    QStringList warnings;
    int pageCount = 0;
    if (sharedContent->has_value()) {
        // The same bytes are stored already, but maybe as another type (an empty text file and an empty
        // .docx share their SHA-256): reuse them only if this file's content can be extracted as its own
        // type. The first item is enough to know.
        auto extracted = extractFile(path, context.options.extract, [](ExtractedItem &&) { return false; });
        if (!extracted)
            return recordFailure(context, path, QString::fromStdString(extracted.error().message), st, *type);
    } else {
        StreamingEmbedder embedder(context, path);
        auto extracted = extractFile(path, context.options.extract, [&](ExtractedItem &&item) {
            embedder.add(std::move(item));
            return true;
        });
        if (!extracted)
            return recordFailure(context, path, QString::fromStdString(extracted.error().message), st, *type);
        embedder.finish();
        pageCount = extracted->pageCount;
        newItems = std::move(embedder.items());
        problems = std::move(embedder.problems());
        if (newItems.empty() && !problems.empty())
            return recordFailure(context, path,
                                 path + QStringLiteral(": nothing could be embedded: ") +
                                     QString::fromStdString(problems.front()),
                                 st, *type);
        warnings = extracted->warnings;
        if (!embedder.truncatedWarning().isEmpty())
            warnings.append(embedder.truncatedWarning());
    }

    std::vector<int64_t> newIds;
    std::vector<int64_t> removedIds;
    auto status = context.library.write([&](store::LibraryDb &db) -> Status {
        auto committed = db.transaction([&]() -> Status {
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
                    auto ids = db.addContent(*sha, newItems, context.spaceId);
                    if (!ids)
                        return ids.error();
                    newIds = std::move(ids).value();
                    auto found = db.contentBySha(*sha);
                    if (!found || !found->has_value())
                        return makeError(path.toStdString() + ": the stored content vanished");
                    contentId = **found;
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
                removedIds = std::move(removed).value();
            }
            if (context.collectionId)
                if (auto s = db.addToCollection(*id, *context.collectionId); !s)
                    return s;
            return db.setJobFileState(context.jobId, path.toStdString(), store::JobFileState::Done);
        });
        if (!committed)
            return committed;
        // The database is committed: bring the in-memory index in step (under the same write lock).
        context.library.removeFromIndexes(removedIds);
        for (size_t i = 0; i < newIds.size(); ++i)
            if (auto s = context.library.addToIndex(context.spaceId, newIds[i], newItems[i].vector); !s)
                return s;
        return {};
    });
    if (!status)
        return status.error();
    if (sharedContent->has_value())
        return FileResult{FileOutcome::Skipped, QStringLiteral("identical to content already stored"), 0, {}};
    return FileResult{FileOutcome::Indexed, QString(), int64_t(newIds.size()), warnings};
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
