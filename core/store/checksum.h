#pragma once
// Checksums of the BLOBs a library keeps (vectors, thumbnails), so that bytes changed on disk behind
// SQLite's back (a flipped bit, a bad sector, a tool that wrote into the file) are found by
// `cortex-cli check` and refused by index rebuilds instead of being searched. SQLite's own
// integrity_check only sees the b-tree structure, never the values inside a record.
//
// The checksum is 64-bit FNV-1a of the stored bytes, kept as a signed INTEGER column next to the BLOB
// (schema version 5). Every connection registers the SQL function cortex_checksum(blob) so that the
// schema step, the inserts and the checks compute it in SQL with the very same code.

#include <cstdint>
#include <span>

struct sqlite3;

namespace cortex::store {

uint64_t blobChecksum(std::span<const uint8_t> bytes);

// Registers cortex_checksum(X): NULL for NULL, else blobChecksum of X's bytes as a signed integer.
// Returns the SQLite result code.
int registerChecksumFunction(sqlite3 *db);

} // namespace cortex::store
