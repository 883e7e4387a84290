#include "service/migration.h"

#include "library/library.h"
#include "search/item_input.h"
#include "store/library_db.h"

#include <algorithm>
#include <filesystem>
#include <unordered_set>

namespace cortex::service {

Result<MigrationSummary> migrateLibrary(library::Library &library, embedding::Encoder &encoder, int batchSize,
                                        const ProgressCallback &progress, const CancelPredicate &cancelled)
{
    MigrationSummary summary;
    std::vector<int64_t> oldSpaces;
    auto prepared = library.write([&](store::LibraryDb &db) -> Status {
        auto spaces = db.spaces();
        if (!spaces)
            return spaces.error();
        for (const auto &s : *spaces) {
            if (s.identity == encoder.identity() && s.state == store::SpaceState::Active)
                return makeError(library.databaseFile().string() + ": the library already uses " +
                                 encoder.identity().modelName + "; there is nothing to migrate");
            if (s.state == store::SpaceState::Active)
                oldSpaces.push_back(s.id);
        }
        auto id =
            db.ensureSpace(encoder.identity(), store::VectorEncoding::Float32, store::SpaceState::Building);
        if (!id)
            return id.error();
        summary.newSpaceId = *id;
        return {};
    });
    if (!prepared)
        return prepared.error();

    auto reader = library.openReader();
    if (!reader)
        return reader.error();
    auto total = (*reader)->itemCount();
    if (!total)
        return total.error();
    Progress p;
    p.stage = "re-embedding for " + encoder.identity().modelName;
    p.total = *total;

    // Items that cannot be embedded are remembered so the loop does not pick them again.
    std::unordered_set<int64_t> failed;
    while (!isCancelled(cancelled)) {
        auto todo = (*reader)->itemsWithoutVector(summary.newSpaceId, int64_t(failed.size()) + batchSize);
        if (!todo)
            return todo.error();
        std::vector<int64_t> ids;
        for (auto id : *todo)
            if (!failed.count(id) && int(ids.size()) < batchSize)
                ids.push_back(id);
        if (ids.empty())
            break;
        auto views = (*reader)->itemViews(ids);
        if (!views)
            return views.error();
        std::vector<embedding::EncodeInput> inputs;
        for (const auto &v : *views)
            inputs.push_back(search::itemInput(v));
        auto vectors = encoder.embedDocuments(inputs);
        std::vector<std::optional<std::vector<float>>> results(views->size());
        if (vectors && vectors->size() == views->size()) {
            for (size_t i = 0; i < views->size(); ++i)
                results[i] = std::move((*vectors)[i]);
        } else {
            for (size_t i = 0; i < views->size(); ++i) {
                auto one = encoder.embedDocuments(std::span(&inputs[i], 1));
                if (one && one->size() == 1)
                    results[i] = std::move(one->front());
            }
        }
        auto written = library.commit([&](store::LibraryDb &db, library::IndexChanges &index) -> Status {
            for (size_t i = 0; i < views->size(); ++i) {
                if (!results[i])
                    continue;
                if (auto s = db.putVector(summary.newSpaceId, (*views)[i].item.id, *results[i]); !s)
                    return s;
                index.add(summary.newSpaceId, (*views)[i].item.id, *results[i]);
            }
            return {};
        });
        if (!written)
            return written.error();
        for (size_t i = 0; i < views->size(); ++i) {
            if (results[i]) {
                ++summary.embedded;
            } else {
                ++summary.failed;
                failed.insert((*views)[i].item.id);
            }
        }
        // Items in the id list that had no view were deleted meanwhile: nothing to embed.
        for (auto id : ids)
            if (std::none_of(views->begin(), views->end(), [&](const auto &v) { return v.item.id == id; }))
                failed.insert(id);
        auto have = (*reader)->vectorCount(summary.newSpaceId);
        p.done = have ? *have : p.done;
        p.failed = summary.failed;
        report(progress, p);
    }
    if (isCancelled(cancelled)) {
        summary.cancelled = true;
        if (auto s = library.saveIndexes(); !s)
            return s.error();
        return summary;
    }

    // The switch: one transaction; searches see either the old space or the new one.
    auto switched = library.write([&](store::LibraryDb &db) -> Status {
        return db.transaction([&]() -> Status {
            if (auto s = db.setSpaceState(summary.newSpaceId, store::SpaceState::Active); !s)
                return s;
            for (auto old : oldSpaces)
                if (auto s = db.setSpaceState(old, store::SpaceState::Retired); !s)
                    return s;
            return {};
        });
    });
    if (!switched)
        return switched.error();
    summary.switched = true;
    if (auto s = library.saveIndexes(); !s)
        return s.error();
    // The old vectors are no longer needed; removing them is not part of the switch, so a failure here
    // leaves a retired space that `check` reports and a later migration or vacuum removes.
    for (auto old : oldSpaces) {
        (void)library.write([&](store::LibraryDb &db) { return db.deleteSpace(old); });
        std::error_code ec;
        std::filesystem::remove(library.indexFile(old), ec);
    }
    return summary;
}

} // namespace cortex::service
