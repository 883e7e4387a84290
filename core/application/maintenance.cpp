#include "application/maintenance.h"

#include "embedding/encoder.h"
#include "library/library.h"
#include "session/library_session.h"
#include "store/library_db.h"
#include "store/meta_keys.h"

#include <QDir>

namespace cortex::application {

Result<LibraryOverview> libraryOverview(library::Library &library)
{
    auto reader = library.openReader();
    if (!reader)
        return reader.error();
    auto spaces = (*reader)->spaces();
    if (!spaces)
        return spaces.error();
    auto failed = (*reader)->failedDocuments();
    if (!failed)
        return failed.error();
    return LibraryOverview{std::move(spaces).value(), std::move(failed).value()};
}

Result<std::vector<store::SpaceInfo>> librarySpaces(library::Library &library)
{
    auto reader = library.openReader();
    if (!reader)
        return reader.error();
    return (*reader)->spaces();
}

Result<CheckReport> checkLibrary(library::Library &library)
{
    return library.check();
}

Result<std::vector<search::NearDuplicateGroup>> nearDuplicateReport(library::Library &library,
                                                                    double threshold,
                                                                    const ProgressCallback &progress,
                                                                    const CancelPredicate &cancelled)
{
    search::NearDuplicateOptions options;
    options.threshold = threshold;
    return search::nearDuplicateGroups(library, options, progress, cancelled);
}

Result<int> rebuildIndexes(library::Library &library, const ProgressCallback &progress,
                           const CancelPredicate &cancelled)
{
    auto spaces = librarySpaces(library);
    if (!spaces)
        return spaces.error();
    int rebuilt = 0;
    for (const auto &s : *spaces) {
        if (s.state == store::SpaceState::Retired)
            continue; // its vectors are gone; nothing searches it
        if (isCancelled(cancelled))
            break;
        if (auto status = library.rebuildIndex(s.id, progress, cancelled); !status)
            return status.error();
        ++rebuilt;
    }
    return rebuilt;
}

Status vacuumLibrary(library::Library &library)
{
    return library.write([](store::LibraryDb &db) { return db.vacuum(); });
}

Status backUpLibrary(library::Library &library, const std::filesystem::path &file)
{
    return library.write([&](store::LibraryDb &db) { return db.backupTo(file.string()); });
}

Result<MigrationSummary> migrateLibrary(library::Library &library, embedding::Encoder &encoder, int batchSize,
                                        const std::optional<std::filesystem::path> &modelDirectory,
                                        const ProgressCallback &progress, const CancelPredicate &cancelled)
{
    auto summary = service::migrateLibrary(library, encoder, std::max(1, batchSize), progress, cancelled);
    if (!summary)
        return summary.error();
    if (summary->switched && modelDirectory) {
        // Not fatal: the migration is done; without the record the user points at the model once more.
        const std::string folder = std::filesystem::absolute(*modelDirectory).string();
        (void)library.write(
            [&](store::LibraryDb &db) { return db.setMeta(store::kEmbeddingModelDirKey, folder); });
    }
    return summary;
}

// --- On the session's workers ---

QFuture<Result<LibraryOverview>> libraryOverview(session::LibrarySession &session)
{
    return session.run<LibraryOverview>([](library::Library &lib) { return libraryOverview(lib); });
}

QFuture<Result<std::vector<store::SpaceInfo>>> librarySpaces(session::LibrarySession &session)
{
    return session.run<std::vector<store::SpaceInfo>>(
        [](library::Library &lib) { return librarySpaces(lib); });
}

QFuture<Result<CheckReport>> checkLibrary(session::LibrarySession &session)
{
    return session.runLong<CheckReport>([](library::Library &lib) { return checkLibrary(lib); });
}

QFuture<Result<int>> rebuildIndexes(session::LibrarySession &session, const ProgressCallback &progress,
                                    const CancelPredicate &cancelled)
{
    return session.runLong<int>(
        [progress, cancelled](library::Library &lib) { return rebuildIndexes(lib, progress, cancelled); });
}

QFuture<Result<std::vector<search::NearDuplicateGroup>>> nearDuplicateReport(session::LibrarySession &session,
                                                                             double threshold,
                                                                             const ProgressCallback &progress,
                                                                             const CancelPredicate &cancelled)
{
    return session.runLong<std::vector<search::NearDuplicateGroup>>(
        [threshold, progress, cancelled](library::Library &lib) {
            return nearDuplicateReport(lib, threshold, progress, cancelled);
        });
}

QFuture<Status> vacuumLibrary(session::LibrarySession &session)
{
    return session.runLong([](library::Library &lib) { return vacuumLibrary(lib); });
}

QFuture<Status> backUpLibrary(session::LibrarySession &session, const std::filesystem::path &file)
{
    return session.runLong([file](library::Library &lib) { return backUpLibrary(lib, file); });
}

QFuture<Result<MigrationSummary>> migrateLibrary(session::LibrarySession &session, int batchSize,
                                                 const ProgressCallback &progress,
                                                 const CancelPredicate &cancelled)
{
    auto encoder = session.encoder(); // shared and queued: ingestion and search may use it meanwhile
    std::optional<std::filesystem::path> modelDirectory;
    if (!session.embeddingModelDirectory().isEmpty())
        modelDirectory = QDir(session.embeddingModelDirectory()).absolutePath().toStdString();
    return session.runLong<MigrationSummary>([encoder, batchSize, modelDirectory, progress,
                                              cancelled](library::Library &lib) -> Result<MigrationSummary> {
        if (!encoder)
            return makeError("no embedding model is loaded: load the model to migrate to first",
                             ErrorKind::InvalidInput);
        return migrateLibrary(lib, *encoder, batchSize, modelDirectory, progress, cancelled);
    });
}

} // namespace cortex::application
