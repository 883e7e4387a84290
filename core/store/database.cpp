#include "store/database.h"

#include "store/checksum.h"

#include <sqlite3.h>

#include <exception>
#include <utility>

namespace cortex::store {

namespace {

// Enough for every fixed statement of the library with room to spare; beyond it a returned
// statement is finalized instead of kept.
constexpr size_t kMaxIdleStatements = 256;

} // namespace

// --- Statement ---

Statement::Statement(Statement &&other) noexcept
    : owner_(std::exchange(other.owner_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)),
      reason_(std::move(other.reason_))
{
}

Statement &Statement::operator=(Statement &&other) noexcept
{
    if (this != &other) {
        if (stmt_)
            owner_->recycle(stmt_);
        owner_ = std::exchange(other.owner_, nullptr);
        stmt_ = std::exchange(other.stmt_, nullptr);
        reason_ = std::move(other.reason_);
    }
    return *this;
}

Statement::~Statement()
{
    if (stmt_)
        owner_->recycle(stmt_);
}

void Statement::noteBind(int rc)
{
    // A failed bind is a programming error (index out of range, out of memory); it is kept and
    // reported by the next step() so that binds can be chained.
    if (rc != SQLITE_OK && reason_.empty())
        reason_ = std::string("cannot bind a parameter: ") + sqlite3_errstr(rc);
}

Statement &Statement::bind(int index, int64_t value)
{
    noteBind(sqlite3_bind_int64(stmt_, index, value));
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    noteBind(sqlite3_bind_double(stmt_, index, value));
    return *this;
}

Statement &Statement::bind(int index, std::string_view text)
{
    noteBind(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}

Statement &Statement::bind(int index, std::span<const uint8_t> blob)
{
    // A zero-length blob must still be a blob, not NULL: SQLite treats a null pointer as NULL.
    static const uint8_t empty = 0;
    noteBind(sqlite3_bind_blob64(stmt_, index, blob.empty() ? &empty : blob.data(), blob.size(),
                                 SQLITE_TRANSIENT));
    return *this;
}

Statement &Statement::bind(int index, std::nullptr_t)
{
    noteBind(sqlite3_bind_null(stmt_, index));
    return *this;
}

Step Statement::step()
{
    if (!reason_.empty())
        return Step::Error;
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return Step::Row;
    if (rc == SQLITE_DONE)
        return Step::Done;
    reason_ = sqlite3_errmsg(sqlite3_db_handle(stmt_));
    return Step::Error;
}

bool Statement::run()
{
    for (;;) {
        switch (step()) {
        case Step::Row:
            continue;
        case Step::Done:
            return true;
        case Step::Error:
            return false;
        }
    }
}

void Statement::reset()
{
    sqlite3_reset(stmt_);
    reason_.clear();
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t Statement::int64(int column) const
{
    return sqlite3_column_int64(stmt_, column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(stmt_, column);
}

std::string Statement::text(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(stmt_, column));
    return data ? std::string(data, size_t(sqlite3_column_bytes(stmt_, column))) : std::string();
}

std::span<const uint8_t> Statement::blobView(int column) const
{
    const auto *data = static_cast<const uint8_t *>(sqlite3_column_blob(stmt_, column));
    return data ? std::span<const uint8_t>(data, size_t(sqlite3_column_bytes(stmt_, column)))
                : std::span<const uint8_t>();
}

std::vector<uint8_t> Statement::blob(int column) const
{
    const auto view = blobView(column);
    return {view.begin(), view.end()};
}

// --- Database ---

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path &file, int flags)
{
    sqlite3 *db = nullptr;
    const int rc = sqlite3_open_v2(file.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string reason = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
        sqlite3_close_v2(db);
        return makeError(file.string() + ": cannot open the database: " + reason);
    }
    sqlite3_extended_result_codes(db, 1);
    if (const int registered = registerChecksumFunction(db); registered != SQLITE_OK) {
        sqlite3_close_v2(db);
        return makeError(file.string() + ": cannot open the database: " + sqlite3_errstr(registered));
    }
    return std::unique_ptr<Database>(new Database(file, db));
}

Database::~Database()
{
    for (auto &[sql, stmt] : idle_)
        sqlite3_finalize(stmt);
    // close_v2 defers the close if a statement is still alive, instead of leaking the connection.
    sqlite3_close_v2(db_);
}

bool Database::readOnly() const
{
    return sqlite3_db_readonly(db_, "main") == 1;
}

Error Database::error(std::string_view context) const
{
    return error(context, sqlite3_errmsg(db_));
}

Error Database::error(std::string_view context, std::string_view reason) const
{
    return makeError(file_.string() + ": " + std::string(context) + ": " + std::string(reason));
}

void Database::setBusyTimeout(int milliseconds)
{
    sqlite3_busy_timeout(db_, milliseconds);
}

Status Database::exec(std::string_view sql)
{
    char *message = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string reason = message ? message : sqlite3_errmsg(db_);
        sqlite3_free(message);
        return error("cannot run \"" + text.substr(0, 60) + (text.size() > 60 ? "...\"" : "\""), reason);
    }
    return {};
}

Result<Statement> Database::prepare(std::string_view sql)
{
    if (auto it = idle_.find(std::string(sql)); it != idle_.end()) {
        sqlite3_stmt *stmt = it->second;
        idle_.erase(it);
        return Statement(this, stmt);
    }
    sqlite3_stmt *stmt = nullptr;
    const int rc =
        sqlite3_prepare_v3(db_, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK || !stmt) {
        sqlite3_finalize(stmt);
        const std::string text(sql);
        return error("cannot prepare \"" + text.substr(0, 80) + (text.size() > 80 ? "...\"" : "\""));
    }
    return Statement(this, stmt);
}

void Database::recycle(sqlite3_stmt *stmt)
{
    // Resetting also ends the statement's read transaction, so a connection never keeps a stale
    // snapshot (or blocks a WAL checkpoint) because a cursor was left half-read.
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (idle_.size() >= kMaxIdleStatements) {
        sqlite3_finalize(stmt);
        return;
    }
    idle_.emplace(sqlite3_sql(stmt), stmt);
}

Result<std::optional<int64_t>> Database::queryInt(std::string_view sql)
{
    auto st = prepare(sql);
    if (!st)
        return st.error();
    switch (st->step()) {
    case Step::Row:
        return std::optional<int64_t>(st->int64(0));
    case Step::Done:
        return std::optional<int64_t>();
    case Step::Error:
        break;
    }
    return error("cannot run \"" + std::string(sql) + "\"", st->reason());
}

Result<std::optional<std::string>> Database::queryText(std::string_view sql)
{
    auto st = prepare(sql);
    if (!st)
        return st.error();
    switch (st->step()) {
    case Step::Row:
        return std::optional<std::string>(st->text(0));
    case Step::Done:
        return std::optional<std::string>();
    case Step::Error:
        break;
    }
    return error("cannot run \"" + std::string(sql) + "\"", st->reason());
}

bool Database::inTransaction() const
{
    return sqlite3_get_autocommit(db_) == 0;
}

Status Database::transaction(const std::function<Status()> &body)
{
    const bool nested = inTransaction();
    const std::string savepoint = "cortex_sp" + std::to_string(savepointDepth_);
    const std::string begin = nested ? "SAVEPOINT " + savepoint : readOnly() ? "BEGIN" : "BEGIN IMMEDIATE";
    if (auto started = exec(begin); !started)
        return error("cannot begin a transaction");

    // SQLite may already have rolled the transaction back by itself (after an I/O error or a full
    // disk); rolling back again would only add a confusing second error.
    auto rollback = [&] {
        if (!inTransaction())
            return;
        if (nested)
            static_cast<void>(exec("ROLLBACK TO " + savepoint + "; RELEASE " + savepoint));
        else
            static_cast<void>(exec("ROLLBACK"));
    };

    Status result;
    ++savepointDepth_;
    try {
        result = body();
    } catch (...) {
        --savepointDepth_;
        rollback();
        throw;
    }
    --savepointDepth_;
    if (!result.ok()) {
        rollback();
        return result;
    }
    if (!exec(nested ? "RELEASE " + savepoint : std::string("COMMIT"))) {
        Error failed = error("cannot commit a transaction");
        rollback();
        return failed;
    }
    return {};
}

int64_t Database::lastInsertRowid() const
{
    return sqlite3_last_insert_rowid(db_);
}

int Database::changes() const
{
    return sqlite3_changes(db_);
}

} // namespace cortex::store
