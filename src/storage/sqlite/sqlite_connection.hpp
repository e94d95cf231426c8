// A thin RAII layer over the SQLite C API: one Connection per thread of use, prepared statements cached per
// connection, values only ever bound as parameters. Errors come back as domain::Error (never exceptions).
// Thread-safety: a Connection and its Statements belong to one thread at a time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "domain/error.hpp"

namespace kesu::storage::sqlite {

domain::Error ErrorFrom(int rc, sqlite3* db, std::string_view context);

struct Blob {
    std::string_view bytes;
};

class Statement {
public:
    Statement(sqlite3_stmt* statement, sqlite3* db) : statement_(statement), db_(db) {}
    Statement(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& operator=(Statement&&) = delete;
    ~Statement();  // resets the cached statement for its next use

    Statement& BindAt(int index, std::int64_t value);
    Statement& BindAt(int index, int value) { return BindAt(index, static_cast<std::int64_t>(value)); }
    Statement& BindAt(int index, bool value) { return BindAt(index, static_cast<std::int64_t>(value ? 1 : 0)); }
    Statement& BindAt(int index, std::string_view value);
    Statement& BindAt(int index, const std::string& value) { return BindAt(index, std::string_view(value)); }
    Statement& BindAt(int index, const char* value) { return BindAt(index, std::string_view(value)); }
    Statement& BindAt(int index, Blob value);
    Statement& BindAt(int index, std::nullopt_t);
    template <class T>
    Statement& BindAt(int index, const std::optional<T>& value) {
        return value ? BindAt(index, *value) : BindAt(index, std::nullopt);
    }
    // Binds the values to parameters 1..N in order.
    template <class... T>
    Statement& Bind(const T&... values) {
        int index = 0;
        (BindAt(++index, values), ...);
        return *this;
    }

    // Advances to the next row: true when a row is available, false when done.
    domain::Result<bool> Step();
    // Runs to completion, expecting no rows.
    domain::Result<void> Run();

    bool IsNull(int column) const;
    std::int64_t Int(int column) const;
    std::optional<std::int64_t> OptionalInt(int column) const;
    std::string Text(int column) const;
    std::string BlobAt(int column) const;

private:
    sqlite3_stmt* statement_;
    sqlite3* db_;
};

class Connection {
public:
    // kGroupCommitWriter: read-write through the group-commit VFS (group_commit_vfs.hpp): its log writes are gathered
    // into a few per commit, and the log's sync is left to the caller.
    // Requires: the caller runs it with synchronous=FULL and syncs the log before acknowledging a commit.
    enum class Mode { kReadWrite, kReadOnly, kGroupCommitWriter };

    static domain::Result<std::unique_ptr<Connection>> Open(const std::string& path, Mode mode);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // A prepared statement, compiled once per connection and reused.
    domain::Result<Statement> Prepare(const std::string& sql);
    // Prepare + Bind in one call.
    template <class... T>
    domain::Result<Statement> Query(const std::string& sql, const T&... values) {
        auto statement = Prepare(sql);
        if (statement) statement->Bind(values...);
        return statement;
    }
    // Runs a statement with parameters that returns no rows.
    template <class... T>
    domain::Result<void> Run(const std::string& sql, const T&... values) {
        auto statement = Query(sql, values...);
        if (!statement) return std::unexpected(statement.error());
        return statement->Run();
    }
    // Runs one or more statements without parameters (schema, pragmas, transaction control).
    domain::Result<void> Exec(const std::string& sql);
    std::int64_t LastInsertId() const;
    int Changes() const;
    sqlite3* Handle() const { return db_; }

private:
    explicit Connection(sqlite3* db) : db_(db) {}

    sqlite3* db_;
    std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// Every row of the statement, converted by read(const Statement&) -> T.
template <class T, class ReadRow>
domain::Result<std::vector<T>> CollectRows(domain::Result<Statement> statement, ReadRow read) {
    if (!statement) return std::unexpected(statement.error());
    std::vector<T> rows;
    for (;;) {
        auto row = statement->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return rows;
        rows.push_back(read(*statement));
    }
}

// The first row converted by read, or kNotFound with `missing` as the message.
template <class T, class ReadRow>
domain::Result<T> FirstRow(domain::Result<Statement> statement, ReadRow read, const std::string& missing) {
    if (!statement) return std::unexpected(statement.error());
    auto row = statement->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return std::unexpected(domain::Error{domain::ErrorCode::kNotFound, missing, {}, 0});
    return read(*statement);
}

}  // namespace kesu::storage::sqlite
