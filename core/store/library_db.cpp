// Opening a library (connection settings, schema checks and upgrades), transactions and meta values.

#include "store/library_db.h"

#include "store/library_db_impl.h"
#include "store/schema.h"

#include <sqlite3.h>

#include <array>
#include <fstream>
#include <string_view>

namespace cortex::store {

namespace {

constexpr int kBusyTimeoutMs = 5000;

// The schema version, or an error saying why the file cannot be a library (a text file, random
// bytes: "file is not a database"). Only reads.
Result<int> readSchemaVersion(Database &db)
{
    auto st = db.prepare("PRAGMA user_version");
    if (!st) // SQLite reads the header when it compiles the first statement
        return db.error("cannot open the library");
    if (st->step() != Step::Row)
        return db.error("cannot open the library", st->reason());
    return int(st->int64(0));
}

// Reads the 100-byte SQLite header without SQLite. Refusing a foreign or newer file here leaves not
// even the -wal and -shm files that opening a WAL database creates. SQLite's own check still follows
// (the log may hold a newer first page than the file).
Status checkHeader(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return {}; // missing (ReadWrite creates it) or unreadable: SQLite says which
    std::array<unsigned char, 100> header{};
    in.read(reinterpret_cast<char *>(header.data()), header.size());
    const auto got = in.gcount();
    if (got == 0)
        return {}; // an empty file is an empty database
    constexpr std::string_view kMagic("SQLite format 3\0", 16);
    if (got < std::streamsize(header.size()) ||
        std::string_view(reinterpret_cast<const char *>(header.data()), kMagic.size()) != kMagic)
        return makeError(file.string() + ": cannot open the library: file is not a database");
    // user_version: the big-endian 32-bit integer at offset 60.
    const int32_t version = int32_t(uint32_t(header[60]) << 24 | uint32_t(header[61]) << 16 |
                                    uint32_t(header[62]) << 8 | uint32_t(header[63]));
    return checkSchemaNotNewer(file, version);
}

Status configureWriter(Database &db)
{
    auto mode = db.queryText("PRAGMA journal_mode = WAL");
    if (!mode)
        return mode.error();
    if (mode->value_or("") != "wal")
        return db.error("cannot open the library",
                        "the file system does not support write-ahead logging (journal mode stays '" +
                            mode->value_or("") + "')");
    // In WAL mode NORMAL only syncs at checkpoints: a power cut may lose the last commits. FULL syncs
    // the log at every commit, so an item reported as added survives; one fsync per ingested file is
    // cheap next to embedding it.
    if (auto s = db.exec("PRAGMA synchronous = FULL"); !s)
        return s;
    return db.exec("PRAGMA foreign_keys = ON");
}

} // namespace

LibraryDb::LibraryDb(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LibraryDb::~LibraryDb() = default;

Result<std::unique_ptr<LibraryDb>> LibraryDb::open(const std::filesystem::path &file, OpenMode mode)
{
    const bool readOnly = mode == OpenMode::ReadOnly;
    if (readOnly) {
        // SQLite would say "unable to open database file"; say what is wrong.
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec))
            return makeError(file.string() + ": cannot open the library read-only: there is no such file");
    }
    if (auto header = checkHeader(file); !header)
        return header.error();
    auto opened =
        Database::open(file, readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!opened)
        return opened.error();
    Database &db = **opened;
    db.setBusyTimeout(kBusyTimeoutMs);

    // Everything up to here only read the file: a newer or foreign file is refused untouched.
    auto version = readSchemaVersion(db);
    if (!version)
        return version.error();
    if (auto newer = checkSchemaNotNewer(file, *version); !newer)
        return newer.error();

    auto impl = std::make_unique<Impl>();
    impl->mode = mode;
    if (readOnly) {
        if (*version < kSchemaVersion) {
            return db.error("cannot open the library read-only",
                            *version == 0
                                ? std::string("it is not a Cortex library (it has no schema)")
                                : "its schema version " + std::to_string(*version) +
                                      " is older than this version's " + std::to_string(kSchemaVersion) +
                                      "; open it for writing once to upgrade it");
        }
        if (auto s = db.exec("PRAGMA foreign_keys = ON; PRAGMA query_only = ON"); !s)
            return s.error();
    } else {
        if (auto s = configureWriter(db); !s)
            return s.error();
        if (auto s = migrateToLatest(db); !s)
            return s.error();
    }
    impl->schemaVersion = kSchemaVersion;
    impl->db = std::move(*opened);
    return std::unique_ptr<LibraryDb>(new LibraryDb(std::move(impl)));
}

const std::filesystem::path &LibraryDb::file() const
{
    return impl_->db->file();
}

Database &LibraryDb::database()
{
    return *impl_->db;
}

int LibraryDb::schemaVersion() const
{
    return impl_->schemaVersion;
}

Status LibraryDb::transaction(const std::function<Status()> &body)
{
    return impl_->db->transaction(body);
}

Result<std::optional<std::string>> LibraryDb::meta(const std::string &key)
{
    const Action action(*impl_->db, "read setting " + inQuotes(key));
    auto st = action.prepare("SELECT value FROM meta WHERE key = ?1", key);
    if (!st)
        return st.error();
    auto row = action.fetch(*st);
    if (!row)
        return row.error();
    return *row ? std::optional<std::string>(st->text(0)) : std::optional<std::string>();
}

Status LibraryDb::setMeta(const std::string &key, const std::string &value)
{
    const Action action(*impl_->db, "store setting " + inQuotes(key));
    return action.run("INSERT INTO meta (key, value) VALUES (?1, ?2) "
                      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                      key, value);
}

} // namespace cortex::store
