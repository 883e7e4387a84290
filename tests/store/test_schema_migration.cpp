// The schema history: a library written at every earlier version opens, upgrades and keeps its rows;
// a newer library, or a file that is not a database at all, is refused and left byte for byte as it was.

#include "store/database.h"
#include "store/schema.h"
#include "store/vector_codec.h"
#include "store_test_support.h"

#include <sqlite3.h>

using namespace storetest;

namespace {

const std::vector<float> kOldVector{0.5f, -0.5f, 0.5f, -0.5f};

std::unique_ptr<Database> openRaw(const fs::path &file)
{
    auto db = must(Database::open(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    must(db->exec("PRAGMA foreign_keys = ON"));
    return db;
}

int64_t userVersion(Database &db)
{
    return must(db.queryInt("PRAGMA user_version")).value_or(-1);
}

bool tableExists(Database &db, const std::string &name)
{
    auto st = must(db.prepare("SELECT 1 FROM sqlite_master WHERE name = ?1"));
    st.bind(1, name);
    return st.step() == Step::Row;
}

// Rows as an older Cortex wrote them: plain SQL, only the tables and columns of `version`.
void insertRowsOfVersion(Database &db, int version)
{
    must(db.exec(R"sql(
        INSERT INTO meta (key, value) VALUES ('library_name', 'Old library');
        INSERT INTO collections (id, name, created_at) VALUES (1, 'Papers', 1000);
        INSERT INTO contents (id, sha256, created_at) VALUES (1, 'aaaa', 1000);
        INSERT INTO documents (id, path, size, mtime_ns, sha256, type, status, error, content_id, added_at,
                               updated_at)
            VALUES (1, '/old/paper.txt', 42, 1000000000000, 'aaaa', 'text', 'indexed', '', 1, 1000, 1001);
        INSERT INTO documents (id, path, size, mtime_ns, sha256, type, status, error, content_id, added_at,
                               updated_at)
            VALUES (2, '/old/broken.pdf', 7, 0, '', 'pdf', 'failed', 'the PDF is encrypted', NULL, 1000, 1000);
        INSERT INTO document_collections (document_id, collection_id) VALUES (1, 1);
        INSERT INTO items (id, content_id, kind, page, position, text, source_ref, thumbnail)
            VALUES (1, 1, 'text', -1, 0, 'the zebra survived the migration', '', NULL);
        INSERT INTO items (id, content_id, kind, page, position, text, source_ref, thumbnail)
            VALUES (2, 1, 'image', -1, 1, '', 'figure1.png', x'89504E47');
        INSERT INTO spaces (id, model_name, model_hash, output_dim, mrl_dim, dtype, instruction, normalized,
                            state, encoding, generation, created_at)
            VALUES (1, 'Old-Model', 'hash', 4, 0, 'float32', 'Represent', 1, 'active', 'float32', 3, 1000);
    )sql"));
    // From version 5 on, a vector is stored with its checksum (store/checksum.h).
    auto st =
        must(db.prepare(version >= 5 ? "INSERT INTO vectors (space_id, item_id, data, checksum) "
                                       "VALUES (1, ?1, ?2, cortex_checksum(?2))"
                                     : "INSERT INTO vectors (space_id, item_id, data) VALUES (1, ?1, ?2)"));
    for (int64_t item : {1, 2}) {
        st.reset();
        st.bind(1, item).bind(2, encodeVector(kOldVector, VectorEncoding::Float32));
        REQUIRE(st.run());
    }
    if (version >= 3) {
        must(db.exec(R"sql(
            INSERT INTO jobs (id, kind, parameters, state, created_at, updated_at)
                VALUES (1, 'ingest', '{"folder":"/old"}', 'paused', 1000, 1002);
            INSERT INTO job_files (job_id, path, state, error) VALUES (1, '/old/paper.txt', 'done', '');
            INSERT INTO job_files (job_id, path, state, error) VALUES (1, '/old/next.txt', 'pending', '');
        )sql"));
    }
    if (version >= 4) {
        must(db.exec("INSERT INTO collection_tags (collection_id, tag) VALUES (1, 'science');"
                     "UPDATE documents SET page_count = 7 WHERE id = 1;"));
    }
    if (version >= 5)
        must(db.exec("UPDATE items SET thumbnail_checksum = cortex_checksum(thumbnail)"));
}

void checkRowsSurvived(LibraryDb &lib, int version)
{
    CHECK(lib.schemaVersion() == kSchemaVersion);
    CHECK(userVersion(lib.database()) == kSchemaVersion);
    CHECK(must(lib.meta("library_name")) == std::optional<std::string>("Old library"));

    auto doc = must(lib.documentByPath("/old/paper.txt"));
    REQUIRE(doc);
    CHECK(doc->id == 1);
    CHECK(doc->size == 42);
    CHECK(doc->mtimeNs == 1'000'000'000'000);
    CHECK(doc->contentId == std::optional<int64_t>(1));
    CHECK(doc->addedAt == 1000);
    CHECK(doc->updatedAt == 1001);
    CHECK(doc->pageCount == (version >= 4 ? 7 : 0)); // the column added by version 4 defaults to 0
    auto failed = must(lib.failedDocuments());
    REQUIRE(failed.size() == 1);
    CHECK(failed[0].error == "the PDF is encrypted");
    CHECK_FALSE(failed[0].contentId);

    auto collections = must(lib.collections());
    REQUIRE(collections.size() == 1);
    CHECK(collections[0].name == "Papers");
    CHECK(collections[0].documentCount == 1);
    CHECK(collections[0].tags ==
          (version >= 4 ? std::vector<std::string>{"science"} : std::vector<std::string>{}));

    auto items = must(lib.itemsOfContent(1));
    REQUIRE(items.size() == 2);
    CHECK(items[1].thumbnailPng == std::vector<uint8_t>{0x89, 0x50, 0x4E, 0x47});

    // Version 1 had no full-text index: the upgrade must index the text that was already there.
    auto hits = must(lib.fullTextSearch("zebra", 10, {}));
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].itemId == 1);

    CHECK(must(lib.vector(1, 2)) == std::optional<std::vector<float>>(kOldVector));
    CHECK(must(lib.generation(1)) == 3);
    CHECK(must(lib.vectorCount(1)) == 2);

    if (version >= 3) {
        auto job = must(lib.job(1));
        REQUIRE(job);
        CHECK(job->state == JobState::Paused);
        CHECK(job->totalFiles == 2);
        CHECK(job->doneFiles == 1);
        CHECK(job->parameters == R"({"folder":"/old"})");
    } else {
        CHECK(must(lib.jobs()).empty());
    }
    CHECK(must(lib.integrityCheck()).empty());
    // Version 5 computed the checksums of the rows that were there: none reads as damaged.
    CHECK(must(lib.itemsWithDamagedThumbnails()).empty());
    int visited = 0;
    must(lib.forEachVector(
        1, [&](int64_t, std::span<const float>) { return ++visited > 0; },
        [](int64_t item, const std::string &reason) { FAIL("item " << item << ": " << reason); }));
    CHECK(visited == 2);
}

} // namespace

TEST_CASE("a new library is created at the latest schema version")
{
    TempDir dir;
    auto lib = openLibrary(dir / "library.db");
    CHECK(lib->schemaVersion() == kSchemaVersion);
    CHECK(userVersion(lib->database()) == kSchemaVersion);
    CHECK(must(lib->database().queryText("PRAGMA journal_mode")) == std::optional<std::string>("wal"));
    CHECK(must(lib->database().queryInt("PRAGMA foreign_keys")) == std::optional<int64_t>(1));
    CHECK(must(lib->database().queryInt("PRAGMA synchronous")) == std::optional<int64_t>(2)); // FULL
    for (const char *table : {"meta", "collections", "contents", "documents", "document_collections", "items",
                              "spaces", "vectors", "items_fts", "jobs", "job_files", "collection_tags"})
        CHECK_MESSAGE(tableExists(lib->database(), table), table);
    CHECK(must(lib->integrityCheck()).empty());

    // An existing empty file (0 bytes) is an empty database, made a library the same way.
    writeBytes(dir / "empty.db", "");
    CHECK(openLibrary(dir / "empty.db")->schemaVersion() == kSchemaVersion);
}

TEST_CASE("a library of every earlier schema version is upgraded with its rows")
{
    for (int version = 1; version < kSchemaVersion; ++version) {
        CAPTURE(version);
        TempDir dir;
        const fs::path file = dir / "library.db";
        {
            auto db = openRaw(file);
            must(migrateTo(*db, version));
            CHECK(userVersion(*db) == version);
            insertRowsOfVersion(*db, version);
        }
        auto lib = openLibrary(file);
        checkRowsSurvived(*lib, version);

        // The upgraded library is fully usable: its triggers index new text and follow deletions. The
        // old space is retired first (as a migration does): two active spaces are an integrity problem.
        must(lib->setSpaceState(1, SpaceState::Retired));
        const int64_t space = must(lib->ensureSpace(testIdentity()));
        addDocument(*lib, space, "/new/notes.txt", "bbbb",
                    {textItem(0, "a new okapi note", unitVector(4, 1))});
        CHECK(must(lib->fullTextSearch("okapi", 10, {})).size() == 1);
        CHECK(must(lib->removeDocument(1)) == std::vector<int64_t>{1, 2});
        CHECK(must(lib->fullTextSearch("zebra", 10, {})).empty());
        CHECK(must(lib->integrityCheck()).empty());
    }
}

// Version 8 turns the roots that ingest remembered (meta 'ingest_roots') into watched folders; a value
// that is not a JSON object of paths is left out and the library still opens.
TEST_CASE("the remembered ingest roots become watched folders")
{
    struct Case {
        std::string roots;
        std::vector<std::pair<std::string, std::string>> expected; // path, collection
    };
    const std::vector<Case> cases{
        {R"({"/home/a/papers":"Papers","/home/a/notes.txt":"","/home/a/odd":7})",
         {{"/home/a/notes.txt", ""}, {"/home/a/odd", ""}, {"/home/a/papers", "Papers"}}},
        {R"(not json at all)", {}},
        {R"(["/a","/b"])", {}},
        {R"({"":"x"})", {}},
    };
    for (const auto &c : cases) {
        CAPTURE(c.roots);
        TempDir dir;
        const fs::path file = dir / "library.db";
        {
            auto db = openRaw(file);
            must(migrateTo(*db, 7));
            auto st = must(db->prepare("INSERT INTO meta (key, value) VALUES ('ingest_roots', ?1)"));
            st.bind(1, c.roots);
            REQUIRE(st.run());
        }
        auto lib = openLibrary(file);
        const auto folders = must(lib->watchedFolders());
        REQUIRE(folders.size() == c.expected.size());
        for (size_t i = 0; i < folders.size(); ++i) {
            CHECK(folders[i].path == c.expected[i].first);
            CHECK(folders[i].settings.collection == c.expected[i].second);
            CHECK_FALSE(folders[i].paused);
            CHECK(folders[i].state == WatchedFolderState::Idle);
            CHECK(folders[i].settings.includePatterns.empty());
            CHECK(folders[i].settings.chunkTokens == 0);
        }
        CHECK_FALSE(must(lib->meta("ingest_roots")).has_value()); // the table is the one truth now
        CHECK(must(lib->integrityCheck()).empty());
    }
}

// Version 10 gives every watched folder its page images: the standard size, which its syncs used before
// the choice existed; its other settings stay.
TEST_CASE("watched folders of version 9 get the standard page images")
{
    TempDir dir;
    const fs::path file = dir / "library.db";
    {
        auto db = openRaw(file);
        must(migrateTo(*db, 9));
        must(db->exec(
            "INSERT INTO watched_folders (path, collection, chunk_tokens, overlap_tokens, "
            "follow_symlinks, paused, added_at) VALUES ('/home/a/scans', 'Scans', 256, 32, 0, 1, 1000)"));
    }
    auto lib = openLibrary(file);
    const auto folders = must(lib->watchedFolders());
    REQUIRE(folders.size() == 1);
    CHECK(folders[0].settings.pageImageSide == 1280);
    CHECK(folders[0].settings.collection == "Scans");
    CHECK(folders[0].settings.chunkTokens == 256);
    CHECK(folders[0].settings.overlapTokens == 32);
    CHECK_FALSE(folders[0].settings.followSymlinks);
    CHECK(folders[0].paused);
    // The column's check refuses what the store refuses.
    CHECK_FALSE(lib->database().exec("UPDATE watched_folders SET page_image_side = 100").ok());
    CHECK(must(lib->integrityCheck()).empty());
}

TEST_CASE("a library written at the latest version opens as it is, twice")
{
    TempDir dir;
    const fs::path file = dir / "library.db";
    {
        auto db = openRaw(file);
        must(migrateToLatest(*db));
        insertRowsOfVersion(*db, kSchemaVersion);
    }
    checkRowsSurvived(*openLibrary(file), kSchemaVersion);
    checkRowsSurvived(*openLibrary(file, OpenMode::ReadOnly), kSchemaVersion);
}

TEST_CASE("migrateTo refuses to go backwards or past the latest version")
{
    TempDir dir;
    auto db = openRaw(dir / "library.db");
    must(migrateTo(*db, 3));
    CHECK(errorOf(migrateTo(*db, 2)).find("version 3") != std::string::npos);
    CHECK_FALSE(migrateTo(*db, kSchemaVersion + 1).ok());
    CHECK_FALSE(migrateTo(*db, 0).ok());
    CHECK(userVersion(*db) == 3);
}

TEST_CASE("a failing upgrade step is rolled back whole")
{
    TempDir dir;
    const fs::path file = dir / "library.db";
    {
        auto db = openRaw(file);
        must(migrateTo(*db, 2));
        // Something the version 3 step does not expect: it creates `jobs`, then fails on `job_files`.
        must(db->exec("CREATE TABLE job_files (x)"));
    }
    const std::string message = errorOf(LibraryDb::open(file, OpenMode::ReadWrite));
    CHECK(message.find(file.string()) == 0);
    CHECK(message.find("from schema version 2 to 3") != std::string::npos);
    CHECK(message.find("job_files") != std::string::npos);

    auto db = openRaw(file);
    CHECK(userVersion(*db) == 2);
    CHECK_FALSE(tableExists(*db, "jobs")); // created by the failed step, undone with it
}

TEST_CASE("a library from a newer Cortex is refused and left untouched")
{
    TempDir dir;
    const fs::path file = dir / "library.db";
    {
        auto lib = openLibrary(file);
        must(lib->setMeta("k", "v"));
        must(lib->database().exec("PRAGMA user_version = " + std::to_string(kSchemaVersion + 1)));
    }
    REQUIRE_FALSE(fs::exists(file.string() + "-wal")); // the last close checkpointed the log
    const std::string before = readBytes(file);

    for (OpenMode mode : {OpenMode::ReadWrite, OpenMode::ReadOnly}) {
        const std::string message = errorOf(LibraryDb::open(file, mode));
        CHECK(message.find(file.string()) == 0);
        CHECK(message.find("schema version " + std::to_string(kSchemaVersion + 1)) != std::string::npos);
        CHECK(message.find("reads up to " + std::to_string(kSchemaVersion)) != std::string::npos);
        CHECK(readBytes(file) == before);
    }
    CHECK_FALSE(fs::exists(file.string() + "-wal"));
}

TEST_CASE("a file that is not a database is refused and left untouched")
{
    TempDir dir;
    std::string randomBytes(8192, '\0');
    std::mt19937 rng(42);
    for (char &c : randomBytes)
        c = char(rng() & 0xFF);
    const std::pair<std::string, std::string> files[] = {
        {"notes.txt",
         "Shopping list\n- milk\n- bread\nThis file only has a library's name.\n" + std::string(200, 'x')},
        {"random.db", randomBytes},
        // SQLite's magic followed by garbage: only SQLite itself can tell.
        {"fake.db", std::string("SQLite format 3\0", 16) + randomBytes},
    };
    for (const auto &[name, bytes] : files) {
        CAPTURE(name);
        const fs::path file = dir / name;
        writeBytes(file, bytes);
        for (OpenMode mode : {OpenMode::ReadWrite, OpenMode::ReadOnly}) {
            const std::string message = errorOf(LibraryDb::open(file, mode));
            CHECK(message.find(file.string()) == 0);
            CHECK_MESSAGE(message.find("not a database") != std::string::npos, message);
            CHECK(readBytes(file) == bytes);
        }
        CHECK_FALSE(fs::exists(file.string() + "-wal"));
        CHECK_FALSE(fs::exists(file.string() + "-journal"));
    }
}

TEST_CASE("read-only opening needs an existing library at the current version")
{
    TempDir dir;
    const std::string missing = errorOf(LibraryDb::open(dir / "missing.db", OpenMode::ReadOnly));
    CHECK(missing.find((dir / "missing.db").string()) == 0);
    CHECK(missing.find("no such file") != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "missing.db"));

    const fs::path old = dir / "old.db";
    {
        auto db = openRaw(old);
        must(migrateTo(*db, 2));
    }
    const std::string before = readBytes(old);
    CHECK(errorOf(LibraryDb::open(old, OpenMode::ReadOnly)).find("older") != std::string::npos);
    CHECK(readBytes(old) == before);
}
