#include "storage/sqlite/sqlite_connection.hpp"

#include <cstdint>

#include "storage/sqlite/group_commit_vfs.hpp"

namespace kesu::storage::sqlite {

using domain::ErrorCode;

domain::Error ErrorFrom(int rc, sqlite3* db, std::string_view context) {
    std::string detail = std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    switch (rc & 0xff) {
        case SQLITE_CONSTRAINT:
            if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
                return {ErrorCode::kConflict, detail, {}, 0};
            return {ErrorCode::kInvalidArgument, detail, {}, 0};
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_FULL:
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
            return {ErrorCode::kUnavailable, detail, {}, 0};
        default:
            return {ErrorCode::kInternal, detail, {}, 0};
    }
}

Statement::Statement(Statement&& other) noexcept : statement_(other.statement_), db_(other.db_) {
    other.statement_ = nullptr;
}

Statement::~Statement() {
    if (statement_ == nullptr) return;
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

Statement& Statement::BindAt(int index, std::int64_t value) {
    sqlite3_bind_int64(statement_, index, value);
    return *this;
}

Statement& Statement::BindAt(int index, std::string_view value) {
    sqlite3_bind_text64(statement_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return *this;
}

Statement& Statement::BindAt(int index, Blob value) {
    sqlite3_bind_blob64(statement_, index, value.bytes.data(), value.bytes.size(), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::BindAt(int index, std::nullopt_t) {
    sqlite3_bind_null(statement_, index);
    return *this;
}

domain::Result<bool> Statement::Step() {
    int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return std::unexpected(ErrorFrom(sqlite3_extended_errcode(db_), db_, sqlite3_sql(statement_)));
}

domain::Result<void> Statement::Run() {
    for (;;) {
        auto row = Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return {};
    }
}

bool Statement::IsNull(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(statement_, column); }

std::optional<std::int64_t> Statement::OptionalInt(int column) const {
    if (IsNull(column)) return std::nullopt;
    return Int(column);
}

std::string Statement::Text(int column) const {
    const auto* text = sqlite3_column_text(statement_, column);
    if (text == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

std::string Statement::BlobAt(int column) const {
    const void* data = sqlite3_column_blob(statement_, column);
    if (data == nullptr) return {};
    return std::string(static_cast<const char*>(data), static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

domain::Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, Mode mode) {
    // No global allocation statistics: they take a process-wide mutex on every malloc (about 5 % of a write).
    // Only possible before SQLite initialises; if something initialised it first this is a harmless no-op.
    static const bool configured = [] { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK; }();
    (void)configured;
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_NOMUTEX | (mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY
                                                               : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    const char* vfs = mode == Mode::kGroupCommitWriter ? GroupCommitVfs() : nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, vfs);
    if (rc != SQLITE_OK) {
        domain::Error error = ErrorFrom(rc, db, "open " + path);
        sqlite3_close_v2(db);
        return std::unexpected(error);
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, 10000);
    return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
    for (auto& [sql, statement] : cache_) sqlite3_finalize(statement);
    sqlite3_close_v2(db_);
}

domain::Result<Statement> Connection::Prepare(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) return Statement(it->second, db_);
    sqlite3_stmt* statement = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &statement,
                                nullptr);
    if (rc != SQLITE_OK) return std::unexpected(ErrorFrom(rc, db_, "prepare " + sql));
    cache_.emplace(sql, statement);
    return Statement(statement, db_);
}

domain::Result<void> Connection::Exec(const std::string& sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string detail = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        return std::unexpected(ErrorFrom(sqlite3_extended_errcode(db_), nullptr, detail + " in: " + sql.substr(0, 80)));
    }
    return {};
}

std::int64_t Connection::LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
int Connection::Changes() const { return sqlite3_changes(db_); }

}  // namespace kesu::storage::sqlite
