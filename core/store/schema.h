#pragma once
// The library schema as an ordered history of migration steps. Version k is the schema after step k
// (recorded in PRAGMA user_version; 0 is an empty file). A new database is built by running every
// step from 1, so the upgrade path of an old library is the same code that every new one takes.
// A step is never edited once released: a change is a new step.

#include "common/result.h"

#include <filesystem>

namespace cortex::store {

class Database;

constexpr int kSchemaVersion = 10;

// PRAGMA user_version. Fails on a file that is not an SQLite database.
Result<int> schemaVersionOf(Database &db);

// Fails when a database at schema `version` is newer than this build (kSchemaVersion); the message
// names the file and both versions.
Status checkSchemaNotNewer(const std::filesystem::path &file, int version);

// Runs the steps after the current version up to `version` (1..kSchemaVersion), each in its own
// transaction together with the new user_version, so an interrupted upgrade leaves a database at a
// whole version. Refuses to go backwards.
Status migrateTo(Database &db, int version);
Status migrateToLatest(Database &db);

} // namespace cortex::store
