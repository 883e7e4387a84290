#pragma once
// Moving a library to another embedding model: every item is embedded again into a new space, in the
// background and resumable (the new space is recorded as Building, and items already embedded are
// not redone after a restart). The old space stays searchable until the new one is complete; then one
// transaction makes the new space Active and retires the old one, and the old vectors are deleted.

#include "common/progress.h"
#include "common/result.h"

namespace cortex::embedding {
class Encoder;
}
namespace cortex::library {
class Library;
}

namespace cortex::service {

struct MigrationSummary {
    int64_t newSpaceId = 0;
    int64_t embedded = 0;
    int64_t failed = 0; // items whose source could not be embedded (they keep no vector in the new space)
    bool cancelled = false;
    bool switched = false; // the new space is now the active one
};

Result<MigrationSummary> migrateLibrary(library::Library &library, embedding::Encoder &encoder,
                                        int batchSize = 8, const ProgressCallback &progress = {},
                                        const CancelPredicate &cancelled = {});

} // namespace cortex::service
