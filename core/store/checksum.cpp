#include "store/checksum.h"

#include <sqlite3.h>

#include <bit>

namespace cortex::store {

uint64_t blobChecksum(std::span<const uint8_t> bytes)
{
    uint64_t hash = 0xcbf29ce484222325ull; // FNV-1a 64, offset basis
    for (const uint8_t b : bytes) {
        hash ^= b;
        hash *= 0x100000001b3ull;
    }
    return hash;
}

namespace {

void checksumFunction(sqlite3_context *context, int, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    const auto *data = static_cast<const uint8_t *>(sqlite3_value_blob(argv[0]));
    const auto size = size_t(sqlite3_value_bytes(argv[0]));
    const uint64_t hash = data ? blobChecksum({data, size}) : blobChecksum({});
    sqlite3_result_int64(context, std::bit_cast<sqlite3_int64>(hash));
}

} // namespace

int registerChecksumFunction(sqlite3 *db)
{
    return sqlite3_create_function_v2(db, "cortex_checksum", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                      checksumFunction, nullptr, nullptr, nullptr);
}

} // namespace cortex::store
