#pragma once
// What Library::check() and repair() found and did, as plain values (the Maintenance tab and
// `cortex-cli check` show them).

#include <cstdint>
#include <string>
#include <vector>

namespace cortex::library {

struct IndexCheck {
    int64_t spaceId = 0;
    int64_t databaseVectors = 0;
    int64_t damagedVectors = 0; // stored but unusable (left out of the index)
    int64_t indexVectors = 0;
    bool consistent() const { return databaseVectors - damagedVectors == indexVectors; }
};

// A stored row whose bytes cannot be trusted: a vector (spaceId > 0) or a thumbnail (spaceId 0).
struct DamagedItem {
    int64_t itemId = 0;
    int64_t spaceId = 0;
    std::string reason;
};

struct CheckReport {
    std::vector<std::string> databaseProblems; // integrity_check, foreign keys, FTS, vector sizes, spaces
    std::vector<IndexCheck> indexes;
    std::vector<std::string> orphanFiles;      // files in indexes/ that belong to no space
    std::vector<DamagedItem> damaged;          // vectors and thumbnails that fail their checksum or values
    std::vector<std::string> damagedDocuments; // the documents to ingest again (repair() does it)
    bool healthy() const;
};

struct RepairReport {
    std::vector<std::string> documents; // marked failed: ingest them again to embed them anew
    int64_t removedItems = 0;
    std::vector<int64_t> deletedSpaces; // spaces whose dimension cannot be real
};

} // namespace cortex::library
