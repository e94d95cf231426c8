// A thin RAII layer over libpq: one Connection used by one thread at a time, each SQL text prepared once per
// connection and reused, values only ever sent as parameters ('?' in the SQL becomes $1, $2, ... in order).
// Errors come back as domain::Error (never exceptions). A connection that broke (server restart, failover,
// network) reports Broken(); its owner drops it and opens another.
// Thread-safety: a Connection and its results belong to one thread at a time.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/error.hpp"

namespace kesu::storage::postgres {

// A bytea value, sent in binary.
struct Bytes {
    std::string_view bytes;
};

// Positional parameters in text format (bytea in binary).
class Params {
public:
    void Add(std::int64_t value) { Push(std::to_string(value), 0); }
    void Add(int value) { Push(std::to_string(value), 0); }
    void Add(bool value) { Push(value ? "t" : "f", 0); }
    void Add(std::string_view value) { Push(std::string(value), 0); }
    void Add(const std::string& value) { Push(value, 0); }
    void Add(const char* value) { Push(value, 0); }
    void Add(Bytes value) { Push(std::string(value.bytes), 1); }
    void Add(std::nullopt_t) {
        values_.emplace_back();
        nulls_.push_back(true);
        formats_.push_back(0);
    }
    template <class T>
    void Add(const std::optional<T>& value) {
        if (value) Add(*value);
        else Add(std::nullopt);
    }
    std::size_t Size() const { return values_.size(); }

private:
    friend class Connection;
    void Push(std::string value, int format) {
        values_.push_back(std::move(value));
        nulls_.push_back(false);
        formats_.push_back(format);
    }
    std::vector<std::string> values_;
    std::vector<bool> nulls_;
    std::vector<int> formats_;
};

// One row of a result, read in text format.
class Row {
public:
    Row(const PGresult* result, int row) : result_(result), row_(row) {}
    bool IsNull(int column) const { return PQgetisnull(result_, row_, column) != 0; }
    std::int64_t Int(int column) const;
    std::optional<std::int64_t> OptionalInt(int column) const;
    bool Bool(int column) const;
    double Real(int column) const;
    std::string_view View(int column) const;
    std::string Text(int column) const { return std::string(View(column)); }
    std::string Bytea(int column) const;  // decodes the hex text form

private:
    const PGresult* result_;
    int row_;
};

// The rows of one statement. Owns the PGresult.
class QueryResult {
public:
    explicit QueryResult(PGresult* result) : result_(result, PQclear) {}
    int Rows() const { return PQntuples(result_.get()); }
    Row At(int row) const { return Row(result_.get(), row); }
    // Rows changed by INSERT / UPDATE / DELETE.
    std::int64_t Affected() const;
    const PGresult* raw() const { return result_.get(); }

private:
    std::unique_ptr<PGresult, decltype(&PQclear)> result_;
};

class Connection {
public:
    // `url`: a libpq URL or keyword string, multi-host allowed
    // (postgres://h1:5432,h2:5432/kesu?target_session_attrs=read-write). Short connect and keepalive timeouts
    // are set unless the URL sets its own, so a dead server is noticed in seconds.
    static domain::Result<std::unique_ptr<Connection>> Open(const std::string& url);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Runs a statement with '?' placeholders, prepared once per connection.
    domain::Result<QueryResult> Execute(const std::string& sql, const Params& params);
    // Runs a statement unprepared, so it is planned for these very values (full-text queries, whose best plan
    // depends on how common the words are).
    domain::Result<QueryResult> ExecuteOnce(const std::string& sql, const Params& params);
    template <class... T>
    domain::Result<QueryResult> Query(const std::string& sql, const T&... values) {
        Params params;
        (params.Add(values), ...);
        return Execute(sql, params);
    }
    // Runs a statement that may fail with an expected error (a name already taken) in its own savepoint, so the
    // surrounding transaction stays usable when it does. Requires: inside a transaction.
    domain::Result<QueryResult> ExecuteGuarded(const std::string& sql, const Params& params);
    template <class... T>
    domain::Result<QueryResult> QueryGuarded(const std::string& sql, const T&... values) {
        Params params;
        (params.Add(values), ...);
        return ExecuteGuarded(sql, params);
    }
    // Queues a statement without parameters (SAVEPOINT, RELEASE) to go out with the next statement, in the same
    // round trip (libpq pipeline mode); if it fails, that next statement fails with its error.
    void Defer(std::string sql) { deferred_.push_back(std::move(sql)); }
    // Runs one or more statements without parameters (schema, transaction control).
    domain::Result<void> Exec(const std::string& sql);
    // Like Exec, but also hands back the command tag of the last statement ("COMMIT", "ROLLBACK", ...).
    domain::Result<std::string> ExecTag(const std::string& sql);

    // The connection is unusable (lost, or the server refuses writes after a failover) and must be replaced.
    bool Broken() const;
    // A statement failed inside the open transaction; only ROLLBACK (TO SAVEPOINT) is accepted until then.
    bool InFailedTransaction() const { return PQtransactionStatus(conn_) == PQTRANS_INERROR; }
    // The libpq handle, for asynchronous notifications (LISTEN).
    PGconn* Handle() const { return conn_; }

private:
    explicit Connection(PGconn* conn) : conn_(conn) {}
    domain::Error Failure(const PGresult* result, std::string_view context);
    domain::Result<QueryResult> Run(const std::string& sql, const Params& params, bool prepare);
    // Sends the deferred statements, then `send_statement`'s, in one pipeline; the statement's result.
    template <class Send>
    domain::Result<QueryResult> Pipeline(const std::string& sql, Send send_statement);

    PGconn* conn_;
    bool broken_ = false;
    int next_statement_ = 0;
    std::unordered_map<std::string, std::string> prepared_;  // SQL text → statement name
    std::vector<std::string> deferred_;
};

// The SQL with each '?' outside string literals replaced by $1, $2, ...
std::string NumberPlaceholders(std::string_view sql);

// Quotes a value for a tsvector / tsquery literal ('…' with ' and \ escaped).
std::string QuoteLexeme(std::string_view lexeme);

// Every row of the result converted by read(const Row&) -> T.
template <class T, class ReadRow>
domain::Result<std::vector<T>> CollectRows(domain::Result<QueryResult> result, ReadRow read) {
    if (!result) return std::unexpected(result.error());
    std::vector<T> rows;
    rows.reserve(static_cast<std::size_t>(result->Rows()));
    for (int i = 0; i < result->Rows(); ++i) rows.push_back(read(result->At(i)));
    return rows;
}

// The first row converted by read, or kNotFound with `missing` as the message.
template <class T, class ReadRow>
domain::Result<T> FirstRow(domain::Result<QueryResult> result, ReadRow read, const std::string& missing) {
    if (!result) return std::unexpected(result.error());
    if (result->Rows() == 0) return std::unexpected(domain::Error{domain::ErrorCode::kNotFound, missing, {}, 0});
    return read(result->At(0));
}

// The number of rows an INSERT / UPDATE / DELETE changed.
inline domain::Result<std::int64_t> AffectedRows(domain::Result<QueryResult> result) {
    if (!result) return std::unexpected(result.error());
    return result->Affected();
}

}  // namespace kesu::storage::postgres
