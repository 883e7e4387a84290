#pragma once
// A thin RAII layer over the SQLite C API: one connection (Database) and its prepared statements
// (Statement). Statements are recycled: a Statement returns its compiled program to the connection
// when it goes out of scope, so the next prepare() of the same SQL skips the compiler. A Statement
// must not outlive its Database.
//
// Errors are values whose message names the database file and SQLite's reason.

#include "common/result.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace cortex::store {

class Database;

enum class Step { Row, Done, Error };

class Statement {
public:
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement();

    // Parameters are numbered from 1 (?1, ?2 ...). Values are copied, so temporaries are fine.
    Statement &bind(int index, int64_t value);
    Statement &bind(int index, int value) { return bind(index, int64_t(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, std::string_view text);
    Statement &bind(int index, const std::string &text) { return bind(index, std::string_view(text)); }
    Statement &bind(int index, const char *text) { return bind(index, std::string_view(text)); }
    Statement &bind(int index, std::span<const uint8_t> blob);
    Statement &bind(int index, const std::vector<uint8_t> &blob)
    {
        return bind(index, std::span<const uint8_t>(blob));
    }
    Statement &bind(int index, std::nullptr_t);
    template <typename T> Statement &bind(int index, const std::optional<T> &value)
    {
        return value ? bind(index, *value) : bind(index, nullptr);
    }
    // Binds the arguments to ?1, ?2, ... in order.
    template <typename... Args> Statement &bindAll(const Args &...args)
    {
        int index = 0;
        (bind(++index, args), ...);
        return *this;
    }

    // Error keeps SQLite's reason in reason() (a failed bind is reported by the next step).
    Step step();
    // Steps to the end (a statement without result rows); false on error.
    bool run();
    // Makes the statement runnable again with the same bindings.
    void reset();
    const std::string &reason() const { return reason_; }

    bool isNull(int column) const;
    int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    std::span<const uint8_t> blobView(int column) const; // valid until the next step or reset
    std::vector<uint8_t> blob(int column) const;

    sqlite3_stmt *handle() const { return stmt_; }

private:
    friend class Database;
    Statement(Database *owner, sqlite3_stmt *stmt) : owner_(owner), stmt_(stmt) {}
    void noteBind(int rc);

    Database *owner_ = nullptr;
    sqlite3_stmt *stmt_ = nullptr;
    std::string reason_;
};

class Database {
public:
    // `flags` are sqlite3_open_v2 flags (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, SQLITE_OPEN_READONLY).
    // Opening is lazy in SQLite: a file that is not a database fails on the first read, not here.
    static Result<std::unique_ptr<Database>> open(const std::filesystem::path &file, int flags);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    const std::filesystem::path &file() const { return file_; }
    sqlite3 *handle() const { return db_; }
    bool readOnly() const;

    // "<file>: <context>: <SQLite's last message>"
    Error error(std::string_view context) const;
    Error error(std::string_view context, std::string_view reason) const;

    void setBusyTimeout(int milliseconds);
    // Runs one or more statements without results (schema scripts, pragmas).
    Status exec(std::string_view sql);
    Result<Statement> prepare(std::string_view sql);
    // The first column of the first row (a pragma or an aggregate); nullopt when there is no row.
    Result<std::optional<int64_t>> queryInt(std::string_view sql);
    Result<std::optional<std::string>> queryText(std::string_view sql);

    // Runs `body` in BEGIN IMMEDIATE ... COMMIT (BEGIN on a read-only connection, for a consistent
    // snapshot). Inside an open transaction it uses a SAVEPOINT instead, so operations that are
    // atomic on their own compose into a caller's larger transaction. Rolls back when `body` returns
    // an error or throws.
    Status transaction(const std::function<Status()> &body);
    bool inTransaction() const;

    int64_t lastInsertRowid() const;
    int changes() const;

private:
    friend class Statement;
    Database(std::filesystem::path file, sqlite3 *db) : file_(std::move(file)), db_(db) {}
    void recycle(sqlite3_stmt *stmt);

    std::filesystem::path file_;
    sqlite3 *db_ = nullptr;
    // Compiled statements not in use, by SQL text. Bounded: statements built from a filter's shape
    // would otherwise accumulate without limit.
    std::unordered_multimap<std::string, sqlite3_stmt *> idle_;
    int savepointDepth_ = 0;
};

} // namespace cortex::store
