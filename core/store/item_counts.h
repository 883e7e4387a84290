#pragma once
// How many items a content holds, counted by SQLite without reading them (their text and thumbnails):
// what an estimate of re-embedding needs for every document of a folder.

#include "common/result.h"

#include <cstdint>

namespace cortex::store {

class LibraryDb;

Result<int64_t> itemCountOfContent(LibraryDb &db, int64_t contentId);

} // namespace cortex::store
