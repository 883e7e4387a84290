#include "store/schema.h"

#include "store/database.h"

#include <array>
#include <string>

namespace cortex::store {

namespace {

struct MigrationStep {
    int version;
    const char *what; // for error messages: "cannot upgrade ... to version 3 (jobs)"
    const char *sql;
    // The step rebuilds a table that others reference (SQLite cannot change a CHECK constraint in
    // place): foreign keys are switched off around its transaction, as SQLite's documentation
    // prescribes (the pragma is a no-op inside a transaction), and PRAGMA foreign_key_check must find
    // nothing before it commits.
    bool rebuildsTables = false;
};

// Version 1: documents, their deduplicated contents, the items of a content, embedding spaces and
// vectors, collections. Items and spaces use AUTOINCREMENT so that an id is never reused: vector
// indexes outside the database are keyed by item id, and a stale entry must never name a new item.
constexpr const char *kVersion1 = R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE collections (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE contents (
    id         INTEGER PRIMARY KEY,
    sha256     TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

CREATE TABLE documents (
    id         INTEGER PRIMARY KEY,
    path       TEXT NOT NULL UNIQUE,
    size       INTEGER NOT NULL DEFAULT 0,
    mtime_ns   INTEGER NOT NULL DEFAULT 0,
    sha256     TEXT NOT NULL DEFAULT '',
    type       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'indexed' CHECK (status IN ('indexed', 'failed')),
    error      TEXT NOT NULL DEFAULT '',
    content_id INTEGER REFERENCES contents(id) ON DELETE SET NULL,
    added_at   INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX documents_content ON documents(content_id);

CREATE TABLE document_collections (
    document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    PRIMARY KEY (document_id, collection_id)
) WITHOUT ROWID;
CREATE INDEX document_collections_collection ON document_collections(collection_id);

CREATE TABLE items (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    content_id INTEGER NOT NULL REFERENCES contents(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('text', 'image', 'pdf_page')),
    page       INTEGER NOT NULL DEFAULT -1,
    position   INTEGER NOT NULL DEFAULT 0,
    text       TEXT NOT NULL DEFAULT '',
    source_ref TEXT NOT NULL DEFAULT '',
    thumbnail  BLOB
);
CREATE INDEX items_content ON items(content_id, position);

CREATE TABLE spaces (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    model_name  TEXT NOT NULL,
    model_hash  TEXT NOT NULL,
    output_dim  INTEGER NOT NULL CHECK (output_dim > 0),
    mrl_dim     INTEGER NOT NULL DEFAULT 0 CHECK (mrl_dim >= 0 AND mrl_dim <= output_dim),
    dtype       TEXT NOT NULL,
    instruction TEXT NOT NULL,
    normalized  INTEGER NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('active', 'building', 'retired')),
    encoding    TEXT NOT NULL CHECK (encoding IN ('float32', 'float16')),
    generation  INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    UNIQUE (model_name, model_hash, output_dim, mrl_dim, dtype, instruction, normalized)
);

CREATE TABLE vectors (
    space_id INTEGER NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    item_id  INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    data     BLOB NOT NULL,
    PRIMARY KEY (space_id, item_id)
) WITHOUT ROWID;
-- Deleting an item looks its vectors up by item_id (the cascade), which the primary key cannot serve.
CREATE INDEX vectors_item ON vectors(item_id);
)sql";

// Version 2: full-text search over item text. The FTS table stores only the index (external content:
// the text lives once, in items); the triggers keep it in step with every insert, delete (cascades
// included) and text update, and 'rebuild' indexes the items that existed before this step.
constexpr const char *kVersion2 = R"sql(
CREATE VIRTUAL TABLE items_fts USING fts5(
    text,
    content = 'items',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER items_fts_after_insert AFTER INSERT ON items BEGIN
    INSERT INTO items_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER items_fts_after_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER items_fts_after_update AFTER UPDATE OF text ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO items_fts(rowid, text) VALUES (new.id, new.text);
END;
INSERT INTO items_fts(items_fts) VALUES ('rebuild');
)sql";

// Version 3: jobs that survive a kill. The state of every file is a row, so a restarted job continues
// where it stopped; files keep the order they were given in (by id).
constexpr const char *kVersion3 = R"sql(
CREATE TABLE jobs (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    parameters TEXT NOT NULL DEFAULT '{}',
    state      TEXT NOT NULL
               CHECK (state IN ('queued', 'running', 'paused', 'cancelled', 'finished', 'failed')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX jobs_state ON jobs(state);

CREATE TABLE job_files (
    id     INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    path   TEXT NOT NULL,
    state  TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'skipped', 'failed')),
    error  TEXT NOT NULL DEFAULT '',
    UNIQUE (job_id, path)
);
)sql";

// Version 4: tags on collections, and the page count of a document (PDF pages, slides).
constexpr const char *kVersion4 = R"sql(
CREATE TABLE collection_tags (
    collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    tag           TEXT NOT NULL,
    PRIMARY KEY (collection_id, tag)
) WITHOUT ROWID;
ALTER TABLE documents ADD COLUMN page_count INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 5: checksums of the stored vectors and thumbnails (store/checksum.h), computed here for the
// rows that exist, so that `check` and index rebuilds find bytes changed behind SQLite's back.
constexpr const char *kVersion5 = R"sql(
ALTER TABLE vectors ADD COLUMN checksum INTEGER;
UPDATE vectors SET checksum = cortex_checksum(data);
ALTER TABLE items ADD COLUMN thumbnail_checksum INTEGER;
UPDATE items SET thumbnail_checksum = cortex_checksum(thumbnail) WHERE thumbnail IS NOT NULL;
)sql";

// Version 6: the embedded part of a file that is still in progress, so that a job paused or killed
// inside a long file (a 2,000-page PDF) continues after its last checkpoint instead of at its first
// page. The rows belong to one file of one job, are read only when that job resumes and never reach
// the search; the file's commit, its failure or the job's end removes them. Vectors are float32 with
// their checksum (store/checksum.h), thumbnails too, checked when they are read back.
constexpr const char *kVersion6 = R"sql(
CREATE TABLE file_progress (
    job_id   INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
    path     TEXT NOT NULL,
    sha256   TEXT NOT NULL,
    space_id INTEGER NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    state    TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (job_id, path)
);
CREATE TABLE file_progress_items (
    job_id             INTEGER NOT NULL,
    path               TEXT NOT NULL,
    seq                INTEGER NOT NULL,
    kind               TEXT NOT NULL,
    page               INTEGER NOT NULL,
    position           INTEGER NOT NULL,
    text               TEXT NOT NULL,
    source_ref         TEXT NOT NULL,
    thumbnail          BLOB,
    thumbnail_checksum INTEGER,
    vector             BLOB NOT NULL,
    checksum           INTEGER NOT NULL,
    PRIMARY KEY (job_id, path, seq),
    FOREIGN KEY (job_id, path) REFERENCES file_progress(job_id, path) ON DELETE CASCADE
);
)sql";

// Version 7: page images left for a job's second pass. A job embeds the text of every file first, so
// that the library answers queries within minutes, and renders and embeds PDF pages afterwards, least
// text first (scans, slides, figures before pages whose text is indexed already). A row is one page of
// a content, with the position its item takes in the document; it goes when the item is stored (in the
// same transaction) or with its content. A row whose job is deleted is taken up by the next job.
constexpr const char *kVersion7 = R"sql(
CREATE TABLE deferred_images (
    content_id INTEGER NOT NULL REFERENCES contents(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('image', 'pdf_page')),
    page       INTEGER NOT NULL,
    text_chars INTEGER NOT NULL DEFAULT 0 CHECK (text_chars >= 0),
    long_side  INTEGER NOT NULL CHECK (long_side >= 0),
    source_ref TEXT NOT NULL DEFAULT '',
    job_id     INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
    PRIMARY KEY (content_id, position)
) WITHOUT ROWID;
CREATE INDEX deferred_images_order ON deferred_images(job_id, text_chars, content_id, position);
ALTER TABLE jobs ADD COLUMN page_images_done INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 8: watched folders. The folders (and files) given to ingest, with the options they were
// ingested with, paused or not and what the last sync found, so that a sync takes each up again by
// itself. The roots remembered before (the meta key 'ingest_roots': a JSON object of path ->
// collection) become watched folders with the default options; a value that is not such an object is
// left out rather than failing the upgrade (the library must open), and the key goes: the table is
// the one truth now. Patterns are stored one per line.
constexpr const char *kVersion8 = R"sql(
CREATE TABLE watched_folders (
    id               INTEGER PRIMARY KEY,
    path             TEXT NOT NULL UNIQUE CHECK (path <> ''),
    collection       TEXT NOT NULL DEFAULT '',
    include_patterns TEXT NOT NULL DEFAULT '',
    exclude_patterns TEXT NOT NULL DEFAULT '',
    chunk_tokens     INTEGER NOT NULL DEFAULT 0 CHECK (chunk_tokens >= 0),
    overlap_tokens   INTEGER NOT NULL DEFAULT 0 CHECK (overlap_tokens >= 0),
    follow_symlinks  INTEGER NOT NULL DEFAULT 1,
    paused           INTEGER NOT NULL DEFAULT 0,
    state            TEXT NOT NULL DEFAULT 'idle' CHECK (state IN ('idle', 'syncing', 'unavailable')),
    state_detail     TEXT NOT NULL DEFAULT '',
    last_sync_at     INTEGER NOT NULL DEFAULT 0,
    added_at         INTEGER NOT NULL
);
INSERT OR IGNORE INTO watched_folders (path, collection, added_at)
    SELECT r.key, CASE WHEN r.type = 'text' THEN r.value ELSE '' END, CAST(strftime('%s', 'now') AS INTEGER)
    FROM meta m, json_each(CASE WHEN json_valid(m.value) AND json_type(m.value) = 'object'
                                THEN m.value ELSE '{}' END) r
    WHERE m.key = 'ingest_roots' AND r.key <> '';
DELETE FROM meta WHERE key = 'ingest_roots';
)sql";

// Version 9: video segments (issue 16). items.kind accepts 'video_segment', and an item keeps its time
// range in the file and a strip of a few frames (with its checksum, as thumbnails have). The CHECK of a
// column cannot be altered, so items is rebuilt (https://www.sqlite.org/lang_altertable.html, "Making
// Other Kinds Of Table Schema Changes") with foreign keys off: ids are copied as they are, so vectors
// and the external-content full-text index (content = 'items', by rowid) stay valid; the index and
// the FTS triggers, dropped with the old table, are made again; the AUTOINCREMENT counter keeps its
// highest value, so an id deleted before the upgrade is never given again. The progress rows of a file
// in progress get the same columns (their kind has no CHECK), so a checkpoint inside a video keeps its
// segments' times and strips.
constexpr const char *kVersion9 = R"sql(
CREATE TABLE items_new (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    content_id           INTEGER NOT NULL REFERENCES contents(id) ON DELETE CASCADE,
    kind                 TEXT NOT NULL CHECK (kind IN ('text', 'image', 'pdf_page', 'video_segment')),
    page                 INTEGER NOT NULL DEFAULT -1,
    position             INTEGER NOT NULL DEFAULT 0,
    text                 TEXT NOT NULL DEFAULT '',
    source_ref           TEXT NOT NULL DEFAULT '',
    thumbnail            BLOB,
    thumbnail_checksum   INTEGER,
    start_seconds        REAL,
    end_seconds          REAL,
    frame_strip          BLOB,
    frame_strip_checksum INTEGER
);
INSERT INTO items_new (id, content_id, kind, page, position, text, source_ref, thumbnail, thumbnail_checksum)
    SELECT id, content_id, kind, page, position, text, source_ref, thumbnail, thumbnail_checksum
    FROM items ORDER BY id;
CREATE TEMP TABLE items_sequence AS
    SELECT MAX(seq) AS seq FROM sqlite_sequence WHERE name IN ('items', 'items_new');
DROP TABLE items;
ALTER TABLE items_new RENAME TO items;
DELETE FROM sqlite_sequence WHERE name IN ('items', 'items_new');
INSERT INTO sqlite_sequence (name, seq)
    SELECT 'items', MAX(seq) FROM (SELECT seq FROM temp.items_sequence UNION ALL SELECT MAX(id) FROM items)
    HAVING MAX(seq) IS NOT NULL;
DROP TABLE temp.items_sequence;
CREATE INDEX items_content ON items(content_id, position);
CREATE TRIGGER items_fts_after_insert AFTER INSERT ON items BEGIN
    INSERT INTO items_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER items_fts_after_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER items_fts_after_update AFTER UPDATE OF text ON items BEGIN
    INSERT INTO items_fts(items_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO items_fts(rowid, text) VALUES (new.id, new.text);
END;
ALTER TABLE file_progress_items ADD COLUMN start_seconds REAL;
ALTER TABLE file_progress_items ADD COLUMN end_seconds REAL;
ALTER TABLE file_progress_items ADD COLUMN frame_strip BLOB;
ALTER TABLE file_progress_items ADD COLUMN frame_strip_checksum INTEGER;
)sql";

// Version 10 (issue 11): a watched folder's page images: the size its PDFs' pages are rendered at to be
// embedded as images, or 0 for text only (folders watched before had no choice: the standard size, what
// their syncs have used); and a job's time left as the process running it last estimated it, with when,
// so that another process (cortex-cli jobs) can show it (none for jobs recorded before).
constexpr const char *kVersion10 = R"sql(
ALTER TABLE watched_folders ADD COLUMN page_image_side INTEGER NOT NULL DEFAULT 1280
    CHECK (page_image_side = 0 OR page_image_side BETWEEN 256 AND 4096);
ALTER TABLE jobs ADD COLUMN eta_seconds REAL;
ALTER TABLE jobs ADD COLUMN eta_at INTEGER NOT NULL DEFAULT 0;
)sql";

constexpr std::array kSteps{
    MigrationStep{1, "documents, contents, items, spaces, vectors, collections", kVersion1},
    MigrationStep{2, "full-text index of item text", kVersion2},
    MigrationStep{3, "jobs", kVersion3},
    MigrationStep{4, "collection tags, document page counts", kVersion4},
    MigrationStep{5, "checksums of vectors and thumbnails", kVersion5},
    MigrationStep{6, "progress inside files", kVersion6},
    MigrationStep{7, "page images left for a second pass", kVersion7},
    MigrationStep{8, "watched folders", kVersion8},
    MigrationStep{9, "video segments", kVersion9, true},
    MigrationStep{10, "page images of watched folders, time left of jobs", kVersion10},
};
static_assert(kSteps.size() == kSchemaVersion, "one migration step per schema version");

// A rebuilt table must leave every reference valid; foreign keys are off while it is rebuilt, so this
// is the only check that a row was not lost or renumbered.
Status firstForeignKeyViolation(Database &db)
{
    auto st = db.prepare("PRAGMA foreign_key_check");
    if (!st)
        return st.error();
    switch (st->step()) {
    case Step::Done:
        return {};
    case Step::Row:
        return db.error("check the foreign keys", "table " + st->text(0) + " row " +
                                                      std::to_string(st->int64(1)) +
                                                      " refers to a missing row of " + st->text(2));
    default:
        return db.error("check the foreign keys");
    }
}

} // namespace

Result<int> schemaVersionOf(Database &db)
{
    auto version = db.queryInt("PRAGMA user_version");
    if (!version)
        return db.error("cannot read the schema version");
    return int(version->value_or(0));
}

Status checkSchemaNotNewer(const std::filesystem::path &file, int version)
{
    if (version <= kSchemaVersion)
        return {};
    return makeError(file.string() +
                     ": the library was written by a newer version of Cortex (schema version " +
                     std::to_string(version) + "; this version reads up to " +
                     std::to_string(kSchemaVersion) + "); it was left untouched");
}

Status migrateTo(Database &db, int version)
{
    if (version < 1 || version > kSchemaVersion)
        return db.error("cannot migrate the schema", "there is no schema version " + std::to_string(version));
    auto current = schemaVersionOf(db);
    if (!current)
        return current.error();
    if (auto newer = checkSchemaNotNewer(db.file(), *current); !newer)
        return newer;
    if (*current > version)
        return db.error("cannot migrate the schema", "it is at version " + std::to_string(*current) +
                                                         ", newer than the requested " +
                                                         std::to_string(version));

    for (const MigrationStep &step : kSteps) {
        if (step.version <= *current || step.version > version)
            continue;
        auto foreignKeys = db.queryInt("PRAGMA foreign_keys");
        if (!foreignKeys)
            return foreignKeys.error();
        const bool restoreForeignKeys = step.rebuildsTables && foreignKeys->value_or(0) != 0;
        if (restoreForeignKeys)
            if (auto off = db.exec("PRAGMA foreign_keys = OFF"); !off)
                return off;
        Status done = db.transaction([&]() -> Status {
            // Another connection may have upgraded the file since we looked; BEGIN IMMEDIATE holds
            // the write lock now, so this second look is authoritative.
            auto now = schemaVersionOf(db);
            if (!now)
                return now.error();
            if (*now >= step.version)
                return {};
            if (*now != step.version - 1)
                return db.error("cannot migrate the schema", "expected version " +
                                                                 std::to_string(step.version - 1) +
                                                                 ", found " + std::to_string(*now));
            if (auto ran = db.exec(step.sql); !ran)
                return ran;
            if (step.rebuildsTables)
                if (auto dangling = firstForeignKeyViolation(db); !dangling)
                    return dangling;
            return db.exec("PRAGMA user_version = " + std::to_string(step.version));
        });
        if (restoreForeignKeys)
            if (auto on = db.exec("PRAGMA foreign_keys = ON"); !on && done)
                done = on;
        if (!done) {
            // The inner message already names the file; say it once.
            std::string reason = done.error().message;
            if (const std::string prefix = db.file().string() + ": "; reason.starts_with(prefix))
                reason.erase(0, prefix.size());
            return makeError(db.file().string() + ": cannot upgrade the library from schema version " +
                             std::to_string(step.version - 1) + " to " + std::to_string(step.version) + " (" +
                             step.what + "): " + reason);
        }
    }
    return {};
}

Status migrateToLatest(Database &db)
{
    return migrateTo(db, kSchemaVersion);
}

} // namespace cortex::store
