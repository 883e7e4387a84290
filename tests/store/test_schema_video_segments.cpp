// Schema version 9 (issue 16): items accept video segments, with a time range and a frame strip. The
// step rebuilds the items table (a CHECK cannot be altered), so the upgrade of a version-8 library must
// keep every id, vector, full-text entry and progress row, and a failure half-way must leave version 8.

#include "store/database.h"
#include "store/schema.h"
#include "store/vector_codec.h"
#include "store_test_support.h"

#include <sqlite3.h>

#include <limits>

using namespace storetest;

namespace {

const std::vector<float> kOldVector{0.5f, -0.5f, 0.5f, -0.5f};
const std::vector<uint8_t> kThumbnail{0x89, 0x50, 0x4E, 0x47, 1};
const std::vector<uint8_t> kStrip{0x89, 0x50, 0x4E, 0x47, 2, 3};

std::unique_ptr<Database> openRaw(const fs::path &file)
{
    auto db = must(Database::open(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    must(db->exec("PRAGMA foreign_keys = ON"));
    return db;
}

int64_t intOf(Database &db, const std::string &sql)
{
    return must(db.queryInt(sql)).value_or(-1);
}

// A version-8 library as that Cortex wrote it: a document with three items (the third deleted, so the
// AUTOINCREMENT counter is above the highest id), their vectors, and a paused job with a file in
// progress (one saved item).
void writeVersion8Library(const fs::path &file)
{
    auto db = openRaw(file);
    must(migrateTo(*db, 8));
    must(db->exec(R"sql(
        INSERT INTO contents (id, sha256, created_at) VALUES (1, 'aaaa', 1000);
        INSERT INTO documents (id, path, size, mtime_ns, sha256, type, status, error, content_id, added_at,
                               updated_at)
            VALUES (1, '/old/paper.pdf', 42, 1000000000000, 'aaaa', 'pdf', 'indexed', '', 1, 1000, 1001);
        INSERT INTO items (id, content_id, kind, page, position, text, source_ref, thumbnail)
            VALUES (1, 1, 'text', -1, 0, 'the zebra survived the rebuild', '', NULL);
        INSERT INTO items (id, content_id, kind, page, position, text, source_ref, thumbnail)
            VALUES (2, 1, 'pdf_page', 3, 1, 'a page about okapis', '', x'89504E4701');
        INSERT INTO items (id, content_id, kind, page, position, text, source_ref, thumbnail)
            VALUES (3, 1, 'text', -1, 2, 'a deleted chunk', '', NULL);
        UPDATE items SET thumbnail_checksum = cortex_checksum(thumbnail) WHERE thumbnail IS NOT NULL;
        INSERT INTO spaces (id, model_name, model_hash, output_dim, mrl_dim, dtype, instruction, normalized,
                            state, encoding, generation, created_at)
            VALUES (1, 'Qwen3-VL-Embedding-Test', '0123abcd', 4, 0, 'float32', 'Represent the user''s input.',
                    1, 'active', 'float32', 3, 1000);
        INSERT INTO jobs (id, kind, parameters, state, created_at, updated_at)
            VALUES (1, 'ingest', '{}', 'paused', 1000, 1002);
        INSERT INTO job_files (job_id, path, state, error) VALUES (1, '/old/long.pdf', 'pending', '');
        INSERT INTO file_progress (job_id, path, sha256, space_id, state)
            VALUES (1, '/old/long.pdf', 'bbbb', 1, '{"next":1}');
    )sql"));
    auto vectors = must(db->prepare("INSERT INTO vectors (space_id, item_id, data, checksum) "
                                    "VALUES (1, ?1, ?2, cortex_checksum(?2))"));
    for (int64_t item : {1, 2, 3}) {
        vectors.reset();
        vectors.bind(1, item).bind(2, encodeVector(kOldVector, VectorEncoding::Float32));
        REQUIRE(vectors.run());
    }
    auto progress = must(db->prepare("INSERT INTO file_progress_items (job_id, path, seq, kind, page, "
                                     "position, text, source_ref, thumbnail, "
                                     "thumbnail_checksum, vector, checksum) VALUES (1, '/old/long.pdf', 0, "
                                     "'pdf_page', 0, 0, 'saved page', "
                                     "'', ?1, cortex_checksum(?1), ?2, cortex_checksum(?2))"));
    progress.bind(1, kThumbnail).bind(2, encodeVector(kOldVector, VectorEncoding::Float32));
    REQUIRE(progress.run());
    must(db->exec("DELETE FROM items WHERE id = 3"));
    REQUIRE(intOf(*db, "SELECT seq FROM sqlite_sequence WHERE name = 'items'") == 3);
}

NewItem segmentItem(int index, double start, double end)
{
    NewItem item;
    item.kind = cortex::ItemKind::VideoSegment;
    item.page = index;
    item.position = index;
    item.text = "";
    item.sourceRef = "demo.mp4";
    item.thumbnailPng = kThumbnail;
    item.frameStripPng = kStrip;
    item.startSeconds = start;
    item.endSeconds = end;
    item.vector = unitVector(4, unsigned(index + 7));
    return item;
}

std::string itemsTableSql(Database &db)
{
    return must(db.queryText("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'items'"))
        .value_or("");
}

} // namespace

TEST_CASE("a version-8 library upgraded to 9 keeps its ids, vectors, full-text index and progress")
{
    TempDir dir;
    const fs::path file = dir / "library.db";
    writeVersion8Library(file);

    auto lib = openLibrary(file);
    REQUIRE(lib->schemaVersion() == kSchemaVersion); // 9 and the later steps
    Database &db = lib->database();
    CHECK(itemsTableSql(db).find("'video_segment'") != std::string::npos);
    CHECK(intOf(db, "PRAGMA foreign_keys") == 1); // switched off for the rebuild only
    CHECK(intOf(db, "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%items_new%'") == 0);
    CHECK(intOf(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'items'") == 3);
    CHECK(intOf(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'items_content'") ==
          1);

    auto items = must(lib->itemsOfContent(1));
    REQUIRE(items.size() == 2);
    CHECK(items[0].id == 1);
    CHECK(items[0].text == "the zebra survived the rebuild");
    CHECK(items[1].id == 2);
    CHECK(items[1].kind == cortex::ItemKind::PdfPage);
    CHECK(items[1].page == 3);
    CHECK(items[1].thumbnailPng == kThumbnail);
    CHECK(items[1].startSeconds == -1);
    CHECK(items[1].frameStripPng.empty());
    CHECK(must(lib->vector(1, 1)) == std::optional<std::vector<float>>(kOldVector));
    CHECK(must(lib->vector(1, 2)) == std::optional<std::vector<float>>(kOldVector));
    CHECK(must(lib->vectorCount(1)) == 2);
    CHECK(must(lib->generation(1)) == 3);

    // The external-content FTS index still points at the same rowids, and agrees with items.
    must(db.exec("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)"));
    auto zebra = must(lib->fullTextSearch("zebra", 10, {}));
    REQUIRE(zebra.size() == 1);
    CHECK(zebra[0].itemId == 1);
    CHECK(must(lib->fullTextSearch("deleted", 10, {})).empty());
    CHECK(must(lib->integrityCheck()).empty());
    CHECK(must(lib->itemsWithDamagedThumbnails()).empty());

    // The checkpoint of the file in progress is still there, with its thumbnail and vector.
    auto progress = must(lib->fileProgress(1, "/old/long.pdf"));
    REQUIRE(progress);
    REQUIRE(progress->items.size() == 1);
    CHECK(progress->items[0].text == "saved page");
    CHECK(progress->items[0].thumbnailPng == kThumbnail);
    CHECK(progress->items[0].vector == kOldVector);
    CHECK(progress->items[0].startSeconds == -1);

    // An id deleted before the upgrade is never given again; the recreated triggers index new text and
    // follow deletions (and the vectors' cascade works on the new table).
    const int64_t space = must(lib->ensureSpace(testIdentity()));
    REQUIRE(space == 1);
    addDocument(*lib, space, "/new/notes.txt", "cccc",
                {textItem(0, "a new aardvark note", unitVector(4, 1))});
    auto aardvark = must(lib->fullTextSearch("aardvark", 10, {}));
    REQUIRE(aardvark.size() == 1);
    CHECK(aardvark[0].itemId == 4);
    CHECK(must(lib->removeDocument(1)) == std::vector<int64_t>{1, 2});
    CHECK(must(lib->fullTextSearch("zebra", 10, {})).empty());
    CHECK(must(lib->vectorCount(1)) == 1);
    must(db.exec("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)"));
    CHECK(must(lib->integrityCheck()).empty());
}

TEST_CASE("an upgrade to version 9 that fails half-way leaves the version-8 library intact")
{
    TempDir dir;
    const fs::path file = dir / "library.db";
    writeVersion8Library(file);
    {
        // The last statements of the step add this column: it fails after items was rebuilt.
        auto db = openRaw(file);
        must(db->exec("ALTER TABLE file_progress_items ADD COLUMN frame_strip BLOB"));
    }
    const std::string message = errorOf(LibraryDb::open(file, OpenMode::ReadWrite));
    CHECK(message.find(file.string()) == 0);
    CHECK(message.find("from schema version 8 to 9 (video segments)") != std::string::npos);
    CHECK(message.find("frame_strip") != std::string::npos);

    {
        auto db = openRaw(file);
        CHECK(intOf(*db, "PRAGMA user_version") == 8);
        CHECK(itemsTableSql(*db).find("video_segment") == std::string::npos);
        CHECK(intOf(*db, "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE '%items_new%'") == 0);
        CHECK(intOf(*db, "SELECT COUNT(*) FROM items") == 2);
        CHECK(intOf(*db, "SELECT COUNT(*) FROM vectors") == 2);
        CHECK(intOf(*db, "SELECT seq FROM sqlite_sequence WHERE name = 'items'") == 3);
        CHECK(intOf(*db, "SELECT rowid FROM items_fts WHERE items_fts MATCH 'zebra'") == 1);
        must(db->exec("INSERT INTO items_fts (items_fts, rank) VALUES ('integrity-check', 1)"));
        // Once the obstacle is gone, the same library upgrades.
        must(db->exec("ALTER TABLE file_progress_items DROP COLUMN frame_strip"));
    }
    auto lib = openLibrary(file);
    CHECK(lib->schemaVersion() == kSchemaVersion);
    CHECK(must(lib->itemsOfContent(1)).size() == 2);
}

TEST_CASE("a video segment keeps its time range, thumbnail and frame strip in items and checkpoints")
{
    TempDir dir;
    auto lib = openLibrary(dir / "library.db");
    const int64_t space = must(lib->ensureSpace(testIdentity()));
    const std::vector<NewItem> segments{segmentItem(0, 0, 60), segmentItem(1, 60, 95.5)};
    addDocument(*lib, space, "/videos/demo.mp4", "dddd", segments, "video");

    const int64_t contentId = must(lib->contentBySha("dddd")).value();
    auto items = must(lib->itemsOfContent(contentId));
    REQUIRE(items.size() == 2);
    for (size_t k = 0; k < items.size(); ++k) {
        CAPTURE(k);
        CHECK(items[k].kind == cortex::ItemKind::VideoSegment);
        CHECK(items[k].page == int(k));
        CHECK(items[k].startSeconds == segments[k].startSeconds);
        CHECK(items[k].endSeconds == segments[k].endSeconds);
        CHECK(items[k].thumbnailPng == kThumbnail);
        CHECK(items[k].frameStripPng == kStrip);
    }
    auto views = must(lib->itemViews(std::vector<int64_t>{items[1].id}));
    REQUIRE(views.size() == 1);
    CHECK(views[0].item.endSeconds == 95.5);
    CHECK(views[0].item.frameStripPng == kStrip);
    CHECK(views[0].documentPath == "/videos/demo.mp4");
    CHECK(views[0].documentType == "video");
    SearchFilter videos;
    videos.kinds = {cortex::ItemKind::VideoSegment};
    CHECK(must(lib->itemsMatching(videos)).size() == 2);

    // A checkpoint inside a video keeps the segments as they were.
    const std::vector<std::string> paths{"/videos/long.mp4"};
    const int64_t job = must(lib->createJob(kIngestJobKind, "{}", paths));
    must(lib->saveFileProgress(job, "/videos/long.mp4", "eeee", space, "{}", segments));
    auto progress = must(lib->fileProgress(job, "/videos/long.mp4"));
    REQUIRE(progress);
    REQUIRE(progress->items.size() == 2);
    CHECK(progress->items[1].kind == cortex::ItemKind::VideoSegment);
    CHECK(progress->items[1].startSeconds == 60);
    CHECK(progress->items[1].endSeconds == 95.5);
    CHECK(progress->items[1].frameStripPng == kStrip);
    CHECK(progress->items[1].thumbnailPng == kThumbnail);

    // Bytes changed behind SQLite's back are found, in the library and in a checkpoint.
    must(lib->database().exec("UPDATE items SET frame_strip = x'00' WHERE id = " +
                              std::to_string(items[0].id)));
    CHECK(must(lib->itemsWithDamagedThumbnails()) == std::vector<int64_t>{items[0].id});
    must(lib->database().exec("UPDATE file_progress_items SET frame_strip = x'00' WHERE seq = 1"));
    CHECK(errorOf(lib->fileProgress(job, "/videos/long.mp4")).find("frame strip") != std::string::npos);
}

TEST_CASE("a video segment without a valid time range is refused and nothing is written")
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    const std::pair<double, double> ranges[] = {{-1, 5}, {10, 5}, {nan, 5}, {0, nan}, {0, inf}};
    for (const auto &[start, end] : ranges) {
        CAPTURE(start);
        CAPTURE(end);
        TempDir dir;
        auto lib = openLibrary(dir / "library.db");
        const int64_t space = must(lib->ensureSpace(testIdentity()));
        const std::vector<NewItem> items{segmentItem(0, 0, 1), segmentItem(1, start, end)};
        CHECK(errorOf(lib->addContent("ffff", items, space)).find("time range") != std::string::npos);
        CHECK(must(lib->itemCount()) == 0);
    }
}
